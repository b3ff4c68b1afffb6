"""The `bladi` spider: the frontier's decisions turned into requests, and responses turned into items.

What to fetch next is the frontier's (``crawl/frontier.py``: depth, shortest
paths, archived articles, pagination); what a page says is decided by the pure
modules it calls (``discover`` for listings and feeds, ``process`` for
articles); storing is the pipeline's job. The spider is the wiring between
them and Scrapy.

Its options come either from ``bladiscrape crawl`` (already checked, locks
already held, passed as ``options=``) or from ``scrapy crawl bladi -a
name=value ...``, checked and locked here.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from datetime import date
from urllib.parse import urlsplit

import scrapy
from scrapy import signals

from bladiscrape.core import runtime
from bladiscrape.core.dates import utc_now
from bladiscrape.core.urls import CANONICAL_ORIGIN, article_id, canonical_url, looks_like_article, to_site
from bladiscrape.crawl import jobdir, preflight
from bladiscrape.crawl.context import bind, scrapy_settings
from bladiscrape.crawl.errors import RedirectToArchived, SkippedRequest
from bladiscrape.crawl.fetchlog import fetch_item, record_fetch
from bladiscrape.crawl.frontier import LISTING_PRIORITY, Fetch, Frontier
from bladiscrape.crawl.sweeper import Sweeper
from bladiscrape.discover import feeds
from bladiscrape.discover import listing as discover
from bladiscrape.discover.choose import choose, listing_is_topical
from bladiscrape.discover.home import rubriques_from_home
from bladiscrape.discover.listing import with_offset
from bladiscrape.discover.seeds import load_fallback_rubriques
from bladiscrape.model import ArchiveRows, DateWindow, GoneItem, Listing, ListingRows, Skip, publication_day
from bladiscrape.options import CrawlOptions, OptionError
from bladiscrape.process import PageResponse, process_page
from bladiscrape.score.topic import TopicError, load_topic
from bladiscrape.store import ArchivedArticles, ArchiveError, load_known, load_listing_coverage
from bladiscrape.store.locks import LockHeld

EXIT_BAD_INPUT = 2
#: The probing's upper bound when the feed gives no id (the live site is near 116,000 in 2025).
SWEEP_CEILING = 200_000


class BladiSpider(scrapy.Spider):
    name = "bladi"

    def __init__(self, options: CrawlOptions, *args):
        super().__init__(*args)
        self.options = options
        self.topic = load_topic(options.topic, options.actors)
        self.window = DateWindow(options.since, options.until)
        self.frontier: Frontier  # built at start, from the archive
        self._topical_names: dict[str | None, bool] = {}
        self.sweeper: Sweeper  # built at start, for --sweep and --ids
        self.known: ArchivedArticles | None = None  # read from the archive as the crawl reaches them
        self._locks: ExitStack | None = None  # held here only for `scrapy crawl`; `bladiscrape crawl` holds its own

    @classmethod
    def from_crawler(cls, crawler, *args, options: CrawlOptions | None = None, **kwargs):
        locks = None
        if options is None:
            options, locks = _from_spider_arguments(crawler, kwargs)
        elif kwargs:
            raise TypeError(f"options= and spider arguments together: {sorted(kwargs)}")
        bind(crawler, options)
        spider = super().from_crawler(crawler, *args, options=options)
        if locks is not None:
            spider._locks = locks
            # After spider_closed, when the pipeline has closed the archive.
            crawler.signals.connect(spider._release_locks, signal=signals.engine_stopped)
        return spider

    def _release_locks(self):
        if self._locks is not None:
            self._locks.close()

    def closed(self, reason):
        jobdir.finish(self.options.jobdir)
        if self.known is not None:
            self.known.close()  # before the pipeline folds the WAL back (spider_closed reaches the spider first)
        # robots.txt requests go through Scrapy's middleware, not the frontier: count them with the rest.
        robots = self.crawler.stats.get_value("robotstxt/request_count", 0)
        self.crawler.stats.set_value("bladi/requests/robots", robots)

    # -- start ------------------------------------------------------------
    async def start(self):
        self.known = load_known(self.options.archive, self.options.site)  # only what this origin served
        self.frontier = Frontier(site=self.options.site, depth=self.options.depth,
                                 max_pages=self.options.max_pages, window=self.window,
                                 refresh=self.options.refresh, known=self.known,
                                 chooser=self._chooser(), topical=self._topical,
                                 coverage=_coverage(load_listing_coverage(self.options.archive)))
        # Everything the run keeps is loaded by now, whether started by `bladiscrape crawl` or `scrapy crawl`.
        runtime.for_long_run()
        if self.options.sweep or self.options.ids:
            for request in self._sweep_start():
                yield request
            return
        for url in self.options.start_urls():
            for request in self._requests(self.frontier.start(url)):
                yield request

    # -- sweeps by id -------------------------------------------------------
    def _sweep_start(self) -> list[scrapy.Request]:
        self.sweeper = Sweeper(self.window, self.options.ids)
        if self.options.ids:
            ids = self.sweeper.sweep()
            self.crawler.stats.set_value("bladi/sweep/ids_total", len(ids))
            return self._id_requests(ids, "sweep")
        # The feed's newest id bounds the probing from above.
        feed = f"{CANONICAL_ORIGIN}/spip.php?page=backend"
        return self._requests([Fetch(feed, "sweep_feed", 0, priority=LISTING_PRIORITY, purpose="feed")])

    def _id_requests(self, ids: list[int], role: str) -> list[scrapy.Request]:
        priority = LISTING_PRIORITY if role == "probe" else 0
        if role == "sweep" and not self.options.refresh:
            # Archived ids are done already (a sweep resumed after a kill, or run again): not asked twice.
            asked = [i for i in ids if self.frontier.known.url_of_id(i) is None]
            if len(asked) < len(ids):
                self.crawler.stats.inc_value("bladi/sweep/ids_done", len(ids) - len(asked))
            ids = asked
        return self._requests([Fetch(f"{CANONICAL_ORIGIN}/spip.php?article{i}", role, 0, priority=priority,
                                     purpose=role) for i in ids])

    def parse_sweep_feed(self, response):
        items = feeds.parse_feed(response.body, response.url, site=self.options.site, headers=response.headers)
        ids = [i for i in (article_id(item.url) for item in items) if i]
        yield self._fetch(response, "feed", f"{len(items)} items; newest id {max(ids, default=None)}")
        yield from self._id_requests(self.sweeper.begin(max(ids, default=SWEEP_CEILING)), "probe")

    def parse_swept(self, response):
        """An id asked by the sweep (after its redirect): stored as any article; a 404 is a missing id."""
        requested = article_id(response.request.meta.get("redirect_urls", [response.request.url])[0])
        day = None
        if response.status in (404, 410):
            yield self._fetch(response, "missing", "no article with this id")
        else:
            result = self._process(response)
            record = result.record if isinstance(result, (ArchiveRows, Skip)) else None
            day = publication_day(record.published_at) if record else None
            if isinstance(result, ArchiveRows) and self.frontier.first_time(result.record.url):
                yield result  # not expanded: a sweep never wanders off its ids through related links
                yield self._fetch(response, "article" if result.topic.in_topic else "off_topic",
                                  f"score {result.topic.score:.2f}", result.record)
            elif isinstance(result, Skip):
                yield self._fetch(response, result.outcome, result.detail, result.record)
            else:
                yield self._fetch(response, "duplicate", "already archived this run", record)
        if response.meta["bladi_role"] == "probe" and requested is not None:
            yield from self._id_requests(self.sweeper.probed(requested, day), "probe")
        else:
            self.crawler.stats.inc_value("bladi/sweep/ids_done")
        ids = self.sweeper.sweep()
        if ids:
            self.crawler.stats.inc_value("bladi/sweep/ids_total", len(ids))
        yield from self._id_requests(ids, "sweep")

    def _process(self, response) -> ArchiveRows | Skip:
        return process_page(
            PageResponse(response.url, response.status, _headers(response), response.body,
                         undecodable=bool(response.meta.get("bladi_undecodable"))),
            topic=self.topic, window=self.window, site=self.options.site,
            fetched_at=response.meta.get("bladi_fetched_at") or utc_now(),
            warc_record_id=getattr(response.meta.get("bladi_capture"), "warc_record_id", None))

    def _chooser(self):
        """``discover.choose`` with this crawl's topic and least score; None fetches every listed item."""
        least = self.options.min_listing_score()
        if least is None:
            return None

        def choose_item(item, listing):
            return choose(item, self.topic, topical=self._topical(listing), min_score=least)

        return choose_item

    def _topical(self, listing: Listing) -> bool:
        """A listing named after a topic term: a telecom tag page, or a search ("Recherche : ANRT")."""
        name = listing.title
        if name not in self._topical_names:
            self._topical_names[name] = listing_is_topical((name or "").rsplit(":", 1)[-1].strip(), self.topic)
        return self._topical_names[name]

    # -- responses ----------------------------------------------------------
    def parse(self, response):
        role = response.meta["bladi_role"]
        if role == "sweep_feed":
            yield from self.parse_sweep_feed(response)
            return
        if role in ("probe", "sweep"):
            yield from self.parse_swept(response)
            return
        known = self.frontier.known_url(response.meta["bladi_canon"])
        if response.status == 304 and known:
            yield self._fetch(response, "not_modified", "unchanged since the last crawl")
            yield from self._requests(self.frontier.expand_known(known, response.meta["bladi_depth"]))
            return
        if response.status >= 400:
            if response.status in (404, 410) and known:
                yield GoneItem(url=known, fetched_at=response.meta.get("bladi_fetched_at"))
            yield self._fetch(response, "error", f"HTTP {response.status}")
            return
        if role in ("start", "listing", "tag") and feeds.is_feed(response.url, response.headers, response.body[:512]):
            yield from self.parse_feed(response)
            return
        if role in ("listing", "tag"):
            # Reached as a listing (pagination, a tag link): it is one, even
            # when it lists a single article.
            yield from self.parse_listing(response)
            return
        if role == "start" and urlsplit(response.meta["bladi_canon"]).path == "/":
            yield from self.parse_home(response)
            return
        if role == "start" and not looks_like_article(response.meta["bladi_canon"]):
            # A start page whose URL is no article's, in any markup: a listing
            # when it lists articles, never stored as an article itself.
            listing = self._listing(response)
            if listing.items:
                yield from self._listing_items(response, listing)
                return
        result = self._process(response)
        if isinstance(result, ArchiveRows):
            yield from self.parse_article(response, result)
        elif result.outcome == "extraction_failed":
            self.crawler.stats.inc_value("bladi/extraction_failed")
            self.logger.error("Extraction failed on %s: %s", response.url, result.detail)
            yield self._fetch(response, "error", f"extraction failed: {result.detail}")
        elif result.outcome == "out_of_range" and result.record is not None:
            yield from self.parse_out_of_range(response, result.record)
        elif role == "start" and result.outcome != "not_html":  # an image is no listing either: say what it was
            yield from self.parse_listing(response)
        else:
            yield self._fetch(response, result.outcome, result.detail)

    def parse_feed(self, response):
        items = feeds.parse_feed(response.body, response.url, site=self.options.site, headers=response.headers)
        yield self._fetch(response, "feed", f"{len(items)} items")
        yield from self._requests(self.frontier.feed(items))

    def parse_home(self, response):
        """The home page: its menu gives the rubriques to start from (the packaged list if it gives none)."""
        rubriques = rubriques_from_home(response.body, response.url, response.headers, site=self.options.site)
        source = "menu"
        if not rubriques:
            rubriques, source = load_fallback_rubriques(), "fallback list"
        yield self._fetch(response, "listing", f"home page: {len(rubriques)} rubriques from the {source}")
        fetches = [f for url in rubriques for f in self.frontier.start(url)]
        listing = self._listing(response)
        plan = self.frontier.listing(listing, "home", 0, 1) if listing.items else None
        yield from self._requests(fetches + (plan.fetches if plan else []))

    def _listing(self, response) -> Listing:
        return discover.parse_listing(response.body, response.url, site=self.options.site, headers=response.headers)

    def parse_listing(self, response):
        listing = self._listing(response)
        if not listing.items:
            yield self._fetch(response, "not_article", "no article and no listing items")
            return
        yield from self._listing_items(response, listing)

    def _listing_items(self, response, listing: Listing):
        role, page = response.meta["bladi_role"], response.meta["bladi_page"]
        yield self._fetch(response, "listing", f"page {page}, {len(listing.items)} items")
        plan = self.frontier.listing(listing, role, response.meta["bladi_depth"], page)
        yield self._listing_rows(response, listing, plan)
        yield from self._requests(plan.fetches)

    def _listing_rows(self, response, listing: Listing, plan) -> ListingRows:
        """The page's coverage and every item it listed, fetched or not (``listing_pages``, ``listing_items``)."""
        url = canonical_url(response.url, site=self.options.site) or response.url
        seen_at = response.meta.get("bladi_fetched_at") or utc_now()
        days = sorted(d for d in (publication_day(i.published_at) for i in listing.items) if d)
        base = with_offset(url, listing.offset_param, 0) if listing.offset_param else url
        page = {"url": url, "listing": base, "page_offset": listing.offset, "items": len(listing.items),
                "newest": days[-1].isoformat() if days else None, "oldest": days[0].isoformat() if days else None,
                "read_at": seen_at, "run_id": None, "purpose": response.meta.get("bladi_purpose") or "listing"}
        items = [{"url": item.url, "article_id": article_id(item.url), "title": item.title,
                  "published_at": item.published_at, "teaser": item.teaser, "listing_url": url, "seen_at": seen_at,
                  "listing_score": round(choice.score, 3) if choice else None, "fetched": int(fetched)}
                 for item, choice, fetched in plan.items]
        return ListingRows(page, items)

    def parse_out_of_range(self, response, record):
        self.frontier.dated(record.url, record.published_at)
        if not self.frontier.first_time(record.url):
            yield self._fetch(response, "duplicate", f"already archived as {record.url}", record)
            return
        yield self._fetch(response, "out_of_range", record.published_at, record)

    def parse_article(self, response, rows: ArchiveRows):
        record, topic = rows.record, rows.topic
        links = [(link.url, link.kind) for link in record.links]
        fetches = self.frontier.article(response.meta["bladi_canon"], record.url,
                                        response.meta["bladi_depth"], topic.in_topic, links)
        if fetches is None:
            yield self._fetch(response, "duplicate", f"already archived as {record.url}", record)
            return
        yield rows
        outcome = "article" if topic.in_topic else "off_topic"
        yield self._fetch(response, outcome, f"score {topic.score:.2f}", record)
        yield from self._requests(fetches)

    def on_error(self, failure):
        if failure.check(SkippedRequest):
            outcome, detail = failure.value.outcome, failure.value.detail
        else:
            outcome, detail = "error", f"{failure.type.__name__}: {failure.getErrorMessage()}"
        record_fetch(self.crawler, failure.request, None, outcome, detail)
        if failure.check(RedirectToArchived):
            return self._redirected_to_archived(failure.request, failure.value.target)
        return None

    def _redirected_to_archived(self, request, target: str) -> list[scrapy.Request]:
        """Reached through a redirect, an archived article is expanded from the archive, as when reached directly."""
        known = self.frontier.known_url(target)
        if request.meta["bladi_role"] == "sweep":
            self.crawler.stats.inc_value("bladi/sweep/ids_done")
        if known is None or not self.frontier.first_time(known):
            return []
        return self._requests(self.frontier.expand_known(known, request.meta.get("bladi_depth", 0)))

    # -- helpers --------------------------------------------------------------
    def _requests(self, fetches: list[Fetch]):
        self._count("bladi/known_expanded", self.frontier.known_expanded)
        self._count("bladi/beyond_depth", self.frontier.beyond_depth)
        self._count("bladi/beyond_range", len(self.frontier.beyond_range))
        return [self._request(fetch) for fetch in fetches]

    def _count(self, key: str, value: int) -> None:
        if value or key in self.crawler.stats.get_stats():
            self.crawler.stats.set_value(key, value)

    def _request(self, fetch: Fetch) -> scrapy.Request:
        headers = {}
        # Conditional request: an unchanged article costs a 304 and no parse.
        if fetch.etag:
            headers["If-None-Match"] = fetch.etag
        if fetch.last_modified:
            headers["If-Modified-Since"] = fetch.last_modified
        # Requests by purpose, recorded with the run (crawl_runs.stats).
        self.crawler.stats.inc_value(f"bladi/requests/{fetch.purpose or fetch.role}")
        return scrapy.Request(
            to_site(fetch.url, self.options.site), callback=self.parse, errback=self.on_error,
            priority=fetch.priority, headers=headers,
            meta={"bladi_role": fetch.role, "bladi_depth": fetch.depth, "bladi_page": fetch.page,
                  "bladi_canon": fetch.url, "bladi_purpose": fetch.purpose},
        )

    def _fetch(self, response, outcome, detail=None, record=None):
        self.crawler.stats.inc_value(f"bladi/fetch/{outcome}")
        item = fetch_item(self.crawler, response.request, response, outcome, detail)
        item.url = canonical_url(response.url, site=self.options.site) or response.url
        item.article_id = record.id if record else None
        return item


def _from_spider_arguments(crawler, arguments: dict):
    """``scrapy crawl bladi -a ...``: check the arguments, take the locks, set the options that are settings.

    The arguments exist only from here on, and the crawler's settings freeze
    just after the spider is built: this is the one point where both hold.
    Bad input ends the process with ``bladiscrape crawl``'s one-line error and
    exit code, before anything is written.
    """
    try:
        options = CrawlOptions.from_kwargs(arguments)
        preflight.check(options)
        locks = preflight.claim(options)
    except (OptionError, ArchiveError, TopicError, LockHeld) as e:
        print(f"bladiscrape: error: {e}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT) from None
    crawler.settings.setdict(scrapy_settings(options), priority="spider")
    return options, locks


def _headers(response) -> dict[str, str]:
    return {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}


def _coverage(pages: dict[str, list[dict]]) -> dict[str, list[tuple[date, date]]]:
    """The (oldest, newest) dates of each listing page earlier runs read, by listing."""
    spans: dict[str, list[tuple[date, date]]] = {}
    for listing, rows in pages.items():
        for row in rows:
            oldest, newest = publication_day(row["oldest"]), publication_day(row["newest"])
            if oldest and newest:
                spans.setdefault(listing, []).append((oldest, newest))
    return spans
