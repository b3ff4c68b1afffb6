"""The store step inside Scrapy: batches articles and fetch rows into the archive.

Each batch is one transaction (not one commit per item); the last batch is
written when the spider closes. A crawl killed between batches loses only the
uncommitted batch, never an article committed before. A batch that cannot
be written (disk full) is rolled back and stops the crawl (``crawl/stop.py``).
"""

from __future__ import annotations

import time

from scrapy import signals

from bladiscrape import __version__
from bladiscrape.analyse import refresh as research
from bladiscrape.core.dates import utc_now
from bladiscrape.crawl.context import options_of
from bladiscrape.crawl.fetchlog import fetch_recorded
from bladiscrape.crawl.stop import write_failed
from bladiscrape.model import ArchiveRows, FetchItem, GoneItem, ListingRows
from bladiscrape.store import Archive, WriteFailed, open_archive

# Settings worth keeping with a run, so a reader knows how politely it crawled.
RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_MAX_DELAY", "RETRY_TIMES",
    "RETRY_HTTP_CODES", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE", "JOBDIR",
)


class ArchivePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.batch_size = settings.getint("BLADI_BATCH_SIZE")
        self.batch_seconds = settings.getfloat("BLADI_BATCH_SECONDS")
        self.bundles, self.fetches = [], []
        self.listings: list[ListingRows] = []
        self.counts = {"new": 0, "updated": 0, "unchanged": 0}
        self.errors = 0
        self.last_flush = time.monotonic()
        self.archive: Archive | None = None
        self.failed = False  # a batch could not be written: nothing more is
        crawler.signals.connect(self.on_fetch_recorded, signal=fetch_recorded)
        crawler.signals.connect(self.on_spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        options = options_of(self.crawler)
        settings = self.crawler.settings
        self.archive = open_archive(options.archive)
        self.research = research.load_research(options.actors)
        research.prepare(self.archive, self.research)
        recorded = {name: settings.get(name) for name in RECORDED_SETTINGS}
        self.run_id = self.archive.start_run(utc_now(), options.as_json(), recorded, f"bladiscrape {__version__}")

    def process_item(self, item, spider=None):
        if self.failed:  # the crawl is stopping: what arrives now is fetched again next run
            return item
        if isinstance(item, ArchiveRows):
            self.bundles.append(item.bundle)
            self.crawler.stats.inc_value("bladi/articles_stored")
            key = "bladi/in_topic" if item.topic.in_topic else "bladi/off_topic"
            self.crawler.stats.inc_value(key)
        elif isinstance(item, FetchItem):
            self._add_fetch(item)
        elif isinstance(item, ListingRows):
            item.page["run_id"] = self.run_id
            self.listings.append(item)
        elif isinstance(item, GoneItem):
            self.flush()
            assert self.archive is not None  # items only arrive between open_spider and close_spider
            try:
                with self.archive.writing():
                    gone = self.archive.mark_gone(item.url, item.fetched_at or utc_now())
            except WriteFailed as e:
                return self._stop(e, item)
            if gone:
                self.crawler.stats.inc_value("bladi/articles_gone")
        if len(self.bundles) + len(self.fetches) >= self.batch_size or (
            time.monotonic() - self.last_flush >= self.batch_seconds
        ):
            self.flush()
        return item

    def on_fetch_recorded(self, item):
        self._add_fetch(item)

    def _add_fetch(self, item: FetchItem):
        if item.outcome == "error":
            self.errors += 1
        row = item.row()
        row["run_id"] = self.run_id
        self.fetches.append(row)

    def flush(self):
        if self.archive is None or self.failed or not (self.bundles or self.fetches or self.listings):
            return
        try:
            rows = research.batch_rows(self.bundles, self.research) if self.bundles else None
            with self.archive.writing():
                counts = self.archive.write_batch(self.bundles, self.fetches, self.listings)
                if rows is not None:
                    research.articles_written(self.archive, rows)
        except WriteFailed as e:
            self._stop(e)
            return
        for key, value in counts.items():
            self.counts[key] += value
        self.bundles, self.fetches, self.listings = [], [], []
        self.last_flush = time.monotonic()

    def _stop(self, error: WriteFailed, item=None):
        self.failed = True
        self.bundles, self.fetches, self.listings = [], [], []
        write_failed(self.crawler, str(error))
        return item

    def close_spider(self, spider=None):
        self.flush()

    def on_spider_closed(self, spider, reason):
        if self.archive is None:
            return
        self.flush()
        try:
            with self.archive.writing():
                self._finish(reason)
        except WriteFailed as e:  # the run stays without an end: its listing pages are read again
            self._stop(e)
        try:
            self.archive.close()
        except WriteFailed:  # the log stays beside the file; SQLite reads both
            pass
        self.archive = None

    def _finish(self, reason: str) -> None:
        assert self.archive is not None
        if not self.failed:
            research.finish(self.archive, self.research)
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        requests = stats.get("downloader/request_count", 0)
        self.archive.finish_run(
            self.run_id,
            finished_at=utc_now(),
            stats=stats,
            articles_new=self.counts["new"],
            articles_updated=self.counts["updated"],
            articles_unchanged=self.counts["unchanged"],
            errors=self.errors,
            finish_reason=reason,
            requests=requests,
            requests_per_new_article=round(requests / self.counts["new"], 2) if self.counts["new"] else None,
        )
