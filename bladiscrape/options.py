"""Crawl options, shared by ``bladiscrape crawl`` and ``scrapy crawl bladi -a ...``.

Validation happens here, before anything is fetched or written, and every
problem is a one-line ``OptionError``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from bladiscrape.core.urls import canonical_url

DEFAULT_SITE = "https://www.bladi.net"
DEFAULT_DB = "archive.db"


class OptionError(ValueError):
    """A bad option, worded for the user."""


@dataclass(frozen=True)
class CrawlOptions:
    """What one crawl was asked to do: built and checked once, then read (never changed) by every part."""

    urls: list[str] = field(default_factory=list)
    site: str = DEFAULT_SITE
    depth: int = 2
    since: date | None = None
    until: date | None = None
    max_pages: int = 50
    topic: str | None = None
    actors: str | None = None  # the actors file (data/actors.yml by default): mentions and the actors facet
    delay: float | None = None  # None: the polite defaults of settings.py
    db: str | None = None
    jobdir: str | None = None
    warc_dir: str | None = None  # None: "warcs" beside the archive
    no_warc: bool = False
    replay: list[str] = field(default_factory=list)
    refresh: bool = False
    #: Least title-and-teaser score for a listed item to be fetched (``discover.choose``);
    #: None: the default score for site-wide discovery (no start URL), every item otherwise.
    listing_score: float | None = None
    sweep: bool = False  # ask spip.php?article<id> for every id of --since/--until (found by probing)
    ids: tuple[int, int] | None = None  # --ids A-B: sweep this id range instead
    #: Start (also) from the archive's missing sources that the rules allow fetching (``analyse.gaps.FILLABLE``).
    fill_gaps: bool = False
    #: Crawl into an archive built from another origin (the replica's test texts beside the live site's).
    allow_mixed_origins: bool = False
    #: Requests at a time: 1 on the live site; more only for a local replica or a replay.
    concurrency: int = 1
    timeout: float | None = None  # seconds a download may take; None: DOWNLOAD_TIMEOUT of settings.py (30)

    @classmethod
    def from_kwargs(cls, kwargs: dict) -> CrawlOptions:
        """Build from keyword arguments, as strings (``-a``) or typed (the CLI).

        An unknown name is refused: a misspelt ``-a dpeth=3`` must not crawl
        silently with the default depth.
        """
        kwargs = dict(kwargs)
        check_names(kwargs)
        urls = kwargs.pop("urls", None) or kwargs.pop("url", None) or []
        if isinstance(urls, str):
            urls = urls.split()  # not on commas: Bladi URLs contain them
        opts = cls(
            urls=list(urls),
            site=parse_site(kwargs.get("site") or DEFAULT_SITE),
            depth=parse_int("depth", kwargs.get("depth", 2), minimum=0),
            since=parse_date("since", kwargs.get("since")),
            until=parse_date("until", kwargs.get("until")),
            max_pages=parse_int("max-pages", kwargs.get("max_pages", 50), minimum=1),
            topic=kwargs.get("topic") or None,
            actors=kwargs.get("actors") or None,
            delay=parse_delay(kwargs.get("delay")),
            db=kwargs.get("db") or None,
            jobdir=kwargs.get("jobdir") or None,
            warc_dir=kwargs.get("warc_dir") or None,
            no_warc=parse_bool(kwargs.get("no_warc", False)),
            replay=parse_list(kwargs.get("replay")),
            refresh=parse_bool(kwargs.get("refresh", False)),
            listing_score=parse_score(kwargs.get("listing_score")),
            sweep=parse_bool(kwargs.get("sweep", False)),
            ids=parse_ids(kwargs.get("ids")),
            allow_mixed_origins=parse_bool(kwargs.get("allow_mixed_origins", False)),
            concurrency=parse_int("concurrency", kwargs.get("concurrency", 1), minimum=1),
            fill_gaps=parse_bool(kwargs.get("fill_gaps", False)),
            timeout=parse_timeout(kwargs.get("timeout")),
        )
        if opts.concurrency > 1 and not (opts.replay or is_local(opts.site)):
            raise OptionError("--concurrency above 1 is for a local replica (--site http://127.0.0.1:PORT) or"
                              " --replay; the live site is crawled one request at a time")
        if opts.sweep and not (opts.since and opts.until):
            raise OptionError("--sweep needs --since and --until (or give the ids with --ids A-B)")
        if opts.replay:
            from bladiscrape.provenance.files import check_warc_files

            try:
                check_warc_files(opts.replay)  # their content, not just their names
            except ValueError as e:
                raise OptionError(f"--replay: {e}") from None
        for name, value in (("--jobdir", opts.jobdir), ("--warc-dir", opts.warc_dir)):
            if value and Path(value).exists() and not Path(value).is_dir():
                raise OptionError(f"{name} {value} is a file, not a directory")
        if opts.since and opts.until and opts.since > opts.until:
            raise OptionError(f"--since {opts.since} is after --until {opts.until}")
        for url in opts.urls:
            check_start_url(url, opts.site)
        if opts.topic and not Path(opts.topic).is_file():
            raise OptionError(f"--topic {opts.topic}: no such file")
        if opts.actors and not Path(opts.actors).is_file():
            raise OptionError(f"--actors {opts.actors}: no such file")
        return opts

    @classmethod
    def from_args(cls, args) -> CrawlOptions:
        """Build from parsed command-line arguments: every option the parser has, by its own name."""
        values = vars(args)
        return cls.from_kwargs({name: values[name] for name in NAMES if name in values})

    def min_listing_score(self) -> float | None:
        """The score a listed item needs to be fetched, or None when every item is."""
        from bladiscrape.discover.choose import DEFAULT_MIN_SCORE

        if self.listing_score is not None:
            return self.listing_score or None
        return None if self.urls or self.fill_gaps else DEFAULT_MIN_SCORE

    def gap_urls(self) -> list[str]:
        """The archive's missing sources that a crawl may fetch: not robots-disallowed, gone or out of range."""
        from bladiscrape.analyse.gaps import FILLABLE
        from bladiscrape.store.readonly import missing_source_urls

        return missing_source_urls(self.archive, FILLABLE)

    def start_urls(self) -> list[str]:
        if self.fill_gaps:
            return list(dict.fromkeys([*self.urls, *self.gap_urls()]))
        if self.urls:
            return list(self.urls)
        from bladiscrape.discover.listing import load_seeds

        return load_seeds()

    @property
    def archive(self) -> str:
        """The archive file written to."""
        return self.db or DEFAULT_DB

    def capture_directory(self) -> str | None:
        """Where responses are kept as WARC files; None when they are not (``--no-warc``, ``--replay``)."""
        if self.no_warc or self.replay:
            return None
        return self.warc_directory()

    def warc_directory(self) -> str:
        if self.warc_dir:
            return self.warc_dir
        return str(Path(self.archive).parent / "warcs")

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("since", "until"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


#: The option names ``from_kwargs`` knows: the fields, and ``url`` for one start URL.
NAMES = tuple(f.name for f in fields(CrawlOptions))
ALIASES = ("url",)


def check_names(kwargs: dict) -> None:
    for name in kwargs:
        if name not in NAMES and name not in ALIASES:
            close = difflib.get_close_matches(name, NAMES, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(NAMES)
            raise OptionError(f"unknown option {name!r}; {hint}")


def parse_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def parse_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value]


def parse_date(name: str, value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            raise ValueError
        return date.fromisoformat(str(value))
    except ValueError:
        raise OptionError(f"--{name} {value!r} is not a date (expected YYYY-MM-DD)") from None


def parse_int(name: str, value, minimum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise OptionError(f"--{name} {value!r} is not a whole number") from None
    if number < minimum:
        raise OptionError(f"--{name} must be at least {minimum}")
    return number


def is_local(site: str) -> bool:
    """A site served on this machine (a replica), where politeness towards a publisher does not apply."""
    return (urlsplit(site).hostname or "") in ("127.0.0.1", "localhost", "::1")


def _seconds(option: str, value) -> float | None:
    """``value`` as a number of seconds for ``option``; None when not given."""
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise OptionError(f"{option} {value!r} is not a number of seconds") from None


def parse_delay(value) -> float | None:
    delay = _seconds("--delay", value)
    if delay is not None and delay < 0:
        raise OptionError("--delay cannot be negative")
    return delay


def parse_timeout(value) -> float | None:
    seconds = _seconds("--timeout", value)
    if seconds is not None and (not seconds > 0 or seconds == float("inf")):
        raise OptionError("--timeout must be a positive number of seconds")
    return seconds


def parse_ids(value) -> tuple[int, int] | None:
    if value in (None, ""):
        return None
    if isinstance(value, (tuple, list)):
        value = f"{value[0]}-{value[1]}"
    from bladiscrape.discover.sweep import parse_id_range

    try:
        return parse_id_range(str(value))
    except ValueError as e:
        raise OptionError(str(e)) from None


def parse_score(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise OptionError(f"--listing-score {value!r} is not a number") from None
    if score < 0:
        raise OptionError("--listing-score cannot be negative")
    return score


def parse_site(value: str) -> str:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        raise OptionError(f"--site {value!r} is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OptionError(f"--site {value!r} is not an http(s) origin such as https://www.bladi.net")
    return f"{parts.scheme}://{parts.netloc}"


def check_start_url(url: str, site: str) -> None:
    try:
        canon = canonical_url(url, site=site)
    except ValueError:  # urllib refuses it (an unclosed IPv6 bracket, a bad port)
        raise OptionError(f"start URL {url!r} is not a valid URL") from None
    if canon is None:
        raise OptionError(f"start URL {url!r} is on neither Bladi.net nor the --site origin {site}")
