"""The `bladi` spider: start points -> listings/feeds -> articles -> related articles.

The spider only decides *what to fetch next*; what a page says is decided by
the pure modules it calls (``discover`` for listings and feeds, ``extract``
for articles, ``topic`` for relevance) and storing is the pipeline's job.

Depth counts article-to-article hops. Start articles, and the articles listed
on start listing pages (and their pagination) or in a start feed, are depth 0.
Requests are prioritised by depth and CONCURRENT_REQUESTS is 1, so every
article is reached first by its shortest path.

Articles already in the archive are not downloaded again: the crawl expands
from their stored links instead (``--refresh`` fetches them again with
conditional requests).
"""

from __future__ import annotations


import scrapy

from bladiscrape.crawl import jobdir
from bladiscrape.crawl.errors import SkippedRequest
from bladiscrape.discover import feeds
from bladiscrape.discover import listing as discover
from bladiscrape.core.dates import utc_now
from bladiscrape.extract import PARSER_VERSION
from bladiscrape.crawl.fetchlog import fetch_item, record_fetch
from bladiscrape.model import ArchiveRows, DateWindow, GoneItem
from bladiscrape.options import CrawlOptions
from bladiscrape.process import PageResponse, process_page
from bladiscrape.store import load_known
from bladiscrape.score.topic import load_topic
from bladiscrape.core.urls import article_id, canonical_url, looks_like_article, to_site

FOLLOWED_KINDS = ("further_reading", "recommended", "in_body")
LISTING_PRIORITY = 1000  # listings and feeds before any article


class BladiSpider(scrapy.Spider):
    name = "bladi"

    def __init__(self, *args, **kwargs):
        self.options = CrawlOptions.from_kwargs(kwargs)
        super().__init__(*args)
        self.site = self.options.site
        self.topic = load_topic(self.options.topic)
        self.window = DateWindow(self.options.since, self.options.until)
        self.parser_version = PARSER_VERSION
        self.known = {}  # canonical URL -> store.KnownArticle, loaded at start
        self.seen: set[str] = set()  # canonical URLs requested this run
        # Shortest depth at which a requested, not yet processed URL was reached.
        self.best_depth: dict[str, int] = {}
        self.done: set[str] = set()  # canonical URLs of articles processed this run
        # Articles expanded this run: URL -> (depth, in_topic, links); re-expanded if reached shallower.
        self.expanded: dict[str, tuple[int, bool, list]] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.options.apply_to(crawler.settings)
        jobdir.prepare(spider.options.jobdir)
        return spider

    def closed(self, reason):
        jobdir.finish(self.options.jobdir)

    # -- start ------------------------------------------------------------
    async def start(self):
        self.known = load_known(self.settings.get("BLADI_DB"))
        # spip.php?articleN and the slug URL are one article: know it by id too.
        self.known_by_id = {k.id: url for url, k in self.known.items()}
        self.refresh = self.settings.getbool("BLADI_REFRESH")
        for url in self.options.start_urls():
            canon = canonical_url(url, site=self.site)
            known = self._known_url(canon)
            if known and not self.refresh:
                self.seen.add(canon)
                for request in self._expand_known(known, 0):
                    yield request
            else:
                yield self._request(canon, role="start", depth=0, page=1)

    def _known_url(self, canon: str) -> str | None:
        """The archived article's URL for ``canon`` (by URL or by Bladi id), if any."""
        if canon in self.known:
            return canon
        return self.known_by_id.get(article_id(canon))

    def _request(self, canon: str, role: str, depth: int, page: int = 1):
        self.seen.add(canon)
        self.best_depth[canon] = depth
        priority = LISTING_PRIORITY if role in ("start", "listing") else -10 * depth
        headers = {}
        known = self.known.get(self._known_url(canon) or "")
        if known and self.refresh:
            # Conditional request: an unchanged article costs a 304 and no parse.
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        return scrapy.Request(
            to_site(canon, self.site), callback=self.parse, errback=self.on_error,
            priority=priority, headers=headers,
            meta={"bladi_role": role, "bladi_depth": depth, "bladi_page": page, "bladi_canon": canon},
        )

    # -- responses ----------------------------------------------------------
    def parse(self, response):
        role = response.meta["bladi_role"]
        canon = response.meta["bladi_canon"]
        known = self._known_url(canon)
        if response.status == 304 and known:
            yield self._fetch(response, "not_modified", "unchanged since the last crawl")
            yield from self._expand_known(known, response.meta["bladi_depth"])
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
        result = process_page(
            PageResponse(response.url, response.status, _headers(response), response.body),
            topic=self.topic, window=self.window, site=self.site,
            fetched_at=response.meta.get("bladi_fetched_at") or utc_now(),
            warc_record_id=getattr(response.meta.get("bladi_capture"), "warc_record_id", None))
        if isinstance(result, ArchiveRows):
            yield from self.parse_article(response, result)
        elif result.outcome == "extraction_failed":
            self.crawler.stats.inc_value("bladi/extraction_failed")
            self.logger.error("Extraction failed on %s: %s", response.url, result.detail)
            yield self._fetch(response, "error", f"extraction failed: {result.detail}")
        elif result.outcome == "out_of_range" and result.record is not None:
            yield from self.parse_out_of_range(response, result.record)
        elif role == "start":
            yield from self.parse_listing(response)
        else:
            yield self._fetch(response, result.outcome, result.detail)

    def parse_feed(self, response):
        items = feeds.parse_feed(response.body, response.url, site=self.site)
        yield self._fetch(response, "feed", f"{len(items)} items")
        for item in items:
            if self.window.contains(item.published_at) is not False:
                yield from self._follow_article(item.url, depth=0)

    def parse_listing(self, response):
        role, page = response.meta["bladi_role"], response.meta["bladi_page"]
        listing = discover.parse_listing(response.body, response.url, site=self.site)
        if not listing.items:
            yield self._fetch(response, "not_article", "no article and no listing items")
            return
        # Items of a tag page reached from an article are one hop further.
        depth = response.meta["bladi_depth"] + (1 if role == "tag" else 0)
        yield self._fetch(response, "listing", f"page {page}, {len(listing.items)} items")
        for item in listing.items:
            if self.window.contains(item.published_at) is not False:
                yield from self._follow_article(item.url, depth)
        if role == "tag" or not listing.next_url or page >= self.options.max_pages:
            return
        if self.options.since and all(self.window.before_since(i.published_at) for i in listing.items):
            return  # the whole page predates --since: later pages are older still
        if not self.refresh and all(self._known_url(i.url) for i in listing.items):
            return  # everything here is archived already: older pages are too
        if listing.next_url not in self.seen:
            yield self._request(listing.next_url, role="listing", depth=0, page=page + 1)

    def _first_time(self, response, record) -> bool:
        """False (and a ``duplicate`` fetch) when this run already processed the article."""
        if record.url in self.done:
            return False
        self.done.add(record.url)
        self.seen.add(record.url)
        return True

    def parse_out_of_range(self, response, record):
        if not self._first_time(response, record):
            yield self._fetch(response, "duplicate", f"already archived as {record.url}", record)
            return
        yield self._fetch(response, "out_of_range", record.published_at, record)

    def parse_article(self, response, rows: ArchiveRows):
        record, topic = rows.record, rows.topic
        # The request may have been queued from a longer path than one found since.
        depth = min(response.meta["bladi_depth"],
                    self.best_depth.get(response.meta["bladi_canon"], response.meta["bladi_depth"]))
        if not self._first_time(response, record):
            yield self._fetch(response, "duplicate", f"already archived as {record.url}", record)
            return
        yield rows
        outcome = "article" if topic.in_topic else "off_topic"
        yield self._fetch(response, outcome, f"score {topic.score:.2f}", record)
        links = [(link.url, link.kind) for link in record.links]
        yield from self._expand(record.url, depth, topic.in_topic, links)

    # -- following ------------------------------------------------------------
    def _expand(self, url: str, depth: int, in_topic: bool, links: list[tuple[str, str]]):
        """Follow an in-topic article's links; off-topic articles' links are not followed."""
        previous = self.expanded.get(url)
        if previous and previous[0] <= depth:
            return
        self.expanded[url] = (depth, in_topic, links)
        if not in_topic:
            return
        for link_url, kind in links:
            if kind in FOLLOWED_KINDS:
                yield from self._follow_article(link_url, depth + 1)
            elif kind == "tag" and depth + 1 <= self.options.depth:
                yield from self._follow_tag(link_url, depth)

    def _expand_known(self, url: str, depth: int):
        known = self.known[url]
        self.crawler.stats.inc_value("bladi/known_expanded")
        if self.window.contains(known.published_at) is False:
            return
        yield from self._expand(url, depth, known.in_topic, known.links)

    def _follow_article(self, url: str, depth: int):
        canon = canonical_url(url, site=self.site)
        if not canon or not looks_like_article(canon):
            return
        if depth > self.options.depth:
            if canon not in self.seen:
                self.crawler.stats.inc_value("bladi/beyond_depth")
            return
        if canon in self.expanded:  # processed already: re-expand if this path is shorter
            depth_then, in_topic, links = self.expanded[canon]
            if depth < depth_then:
                yield from self._expand(canon, depth, in_topic, links)
            return
        if canon in self.seen:
            if depth < self.best_depth.get(canon, depth + 1):
                self.best_depth[canon] = depth  # queued from a longer path: remember the shorter one
            return
        known = self._known_url(canon)
        if known and not self.refresh:
            self.seen.add(canon)
            yield from self._expand_known(known, depth)
            return
        yield self._request(canon, role="article", depth=depth)

    def _follow_tag(self, url: str, depth: int):
        canon = canonical_url(url, site=self.site)
        if canon and canon not in self.seen:
            yield self._request(canon, role="tag", depth=depth)

    def on_error(self, failure):
        if failure.check(SkippedRequest):
            outcome, detail = failure.value.outcome, failure.value.detail
        else:
            outcome, detail = "error", f"{failure.type.__name__}: {failure.getErrorMessage()}"
        record_fetch(self.crawler, failure.request, None, outcome, detail)

    # -- helpers --------------------------------------------------------------
    def _fetch(self, response, outcome, detail=None, record=None):
        self.crawler.stats.inc_value(f"bladi/fetch/{outcome}")
        item = fetch_item(self.crawler, response.request, response, outcome, detail)
        item.url = canonical_url(response.url, site=self.site) or response.url
        item.article_id = record.id if record else None
        return item


def _headers(response) -> dict[str, str]:
    return {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
