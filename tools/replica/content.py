"""The replica's content, read from ``tools/replica/pages/``: one YAML file per article page.

``build_site.py`` renders these entries into ``site/`` (HTML in four template
eras) and into ``tests/replica_truth.json``. Nothing here or there reads HTML
back: the ground truth is what the page files say, not what an extractor finds.

``pages/<slug>,<id>.yml`` (``pages/archives/...`` for pages below the root) is
the article at ``https://www.bladi.net/<slug>,<id>.html``: its file name is its
identity, and other files name it by that id. ``pages/site.yml`` lists the pages
in order and holds the tags, rubrics, sidebar, feed and the roles tests rely on.

Texts: the seed article (``text: real``) is Bladi.net's own text of 28 February
2016, verbatim. The titles and teasers of the 14 articles it links to are
Bladi.net's too (as shown on the seed page). Every other text is a short test
text written for the replica; each file says which it is in its first lines.

Paragraph mini-markup (bodies only): ``[anchor](href)`` is an in-body link, a
line break inside a paragraph is a ``<br>``. French typography keeps its
no-break spaces (U+00A0) as literal characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

PAGES_DIR = Path(__file__).resolve().parent / "pages"


@dataclass
class Art:
    path: str  # URL path without the leading slash (from the file name)
    title: str
    when: tuple  # Moroccan local time shown on the page: (y, m, d, H, M)
    section: str
    era: str  # a (2019-2021), b (old SPIP skeleton), c (2023+), d (structured metadata only)
    teaser: str  # listing/feed/related-block text (SPIP "introduction")
    lead: str | None
    body: list[str]
    tags: list[str]
    fr: list = field(default_factory=list)  # "Aller plus loin": ids or (id, href as written)
    rec: list = field(default_factory=list)  # "Ces articles devraient vous intéresser :"
    text: str = "test"  # "real" for the seed only: Bladi.net's own words
    author: str | None = "Bladi.net"
    in_topic: bool = True
    image: str | None = None  # site path of the article image
    charset: str = "utf-8"  # "iso-8859-1" (HTTP header only) or "windows-1252" (<meta> only)
    short_hour: bool = False  # "9h05" rather than "09h05"
    no_accent: bool = False  # "decembre", "aout", "fevrier" in the date line
    surtitre: str | None = None  # era b kicker above the title (not part of the title)
    listed: bool = True  # appears on rubric/tag listings
    exists: bool = True  # False: linked but answers 404
    role: str = ""  # why the page is there (README, truth)
    trailing_br: bool = False  # last body paragraph ends with a stray <br>
    empty_p: bool = False  # an empty <p></p> sits among the body paragraphs

    @property
    def id(self) -> int:
        return int(self.path.rsplit(",", 1)[1][:-5])


#: YAML key -> Art field, where they differ.
RENAMED = {"date": "when", "further_reading": "fr", "recommended": "rec"}
REQUIRED = {"title", "date", "section", "era", "teaser", "lead", "body", "tags"}
KNOWN = {f.name for f in fields(Art)} - {"path", "when", "fr", "rec"} | set(RENAMED)


def _ref(item, where: str):
    """An fr/rec entry: an id, or {id, href} for a link written in another URL form."""
    if isinstance(item, int):
        return item
    if isinstance(item, dict) and set(item) == {"id", "href"}:
        return (item["id"], item["href"])
    raise ValueError(f"{where}: a related item is an id or {{id, href}}, not {item!r}")


def load_article(stem: str) -> Art:
    file = PAGES_DIR / f"{stem}.yml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    if unknown := set(data) - KNOWN:
        raise ValueError(f"{file.name}: unknown keys {sorted(unknown)}")
    if missing := REQUIRED - set(data):
        raise ValueError(f"{file.name}: missing keys {sorted(missing)}")
    day, hour = data.pop("date").split(" ")
    data["when"] = tuple(int(x) for x in day.split("-") + hour.split(":"))
    for key in ("further_reading", "recommended"):
        data[key] = [_ref(x, file.name) for x in data.get(key) or []]
    return Art(path=f"{stem}.html", **{RENAMED.get(k, k): v for k, v in data.items()})


def load_site() -> dict:
    site = yaml.safe_load((PAGES_DIR / "site.yml").read_text(encoding="utf-8"))
    on_disk = {p.relative_to(PAGES_DIR).with_suffix("").as_posix() for p in PAGES_DIR.rglob("*.yml")} - {"site"}
    if on_disk != set(site["pages"]) or len(site["pages"]) != len(on_disk):
        raise ValueError(f"site.yml pages and page files differ: {sorted(on_disk ^ set(site['pages']))}")
    return site


SITE_DATA = load_site()
ARTICLES = [load_article(stem) for stem in SITE_DATA["pages"]]
TAG_SLUGS: dict[str, str] = SITE_DATA["tags"]
RUBRICS: dict[str, str] = SITE_DATA["rubrics"]
#: The "Les plus lus" sidebar on article and listing pages (never to be followed).
MOST_READ: list[int] = SITE_DATA["most_read"]
#: RSS items, newest first: (id, link as written in the feed or None).
FEED: list[tuple[int, str | None]] = [(x["id"], x.get("link")) for x in SITE_DATA["feed"]]
#: Named pages the crawl tests rely on (ids, or lists of ids).
ROLES: dict = SITE_DATA["roles"]
