"""Run the `bladi` spider in-process (what ``bladiscrape crawl`` does)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from bladiscrape.crawl import preflight
from bladiscrape.crawl.context import scrapy_settings
from bladiscrape.crawl.progress import summary
from bladiscrape.options import CrawlOptions

FETCHED_OUTCOMES = ("article", "off_topic", "listing", "feed", "not_article", "incomplete",
                    "out_of_range", "duplicate", "not_modified", "redirect", "missing")


@dataclass
class CrawlResult:
    stats: dict
    summary: str
    fetched_ok: bool


def project_settings(verbose: bool = False) -> Settings:
    settings = Settings()
    settings.setmodule("bladiscrape.crawl.settings", priority="project")
    if not verbose:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    return settings


def crawl(options: CrawlOptions, verbose: bool = False) -> CrawlResult:
    """Crawl with checked ``options``.

    Raises ``LockHeld`` (before anything starts) when another crawl has the archive or jobdir.
    """
    from bladiscrape.crawl.spider import BladiSpider

    settings = project_settings(verbose)
    # The options that are Scrapy settings, set once before the crawler exists
    # (at "spider" priority, as ``scrapy crawl -a`` does: ``-s`` still wins).
    settings.setdict(scrapy_settings(options), priority="spider")
    with preflight.claim(options):
        process = CrawlerProcess(settings)
        if not verbose:
            # Every failure is recorded in `fetches` and summed up at the end; Scrapy's
            # and Twisted's error lines (with their tracebacks) are for -v only.
            for name in ("scrapy", "twisted", "py.warnings"):
                logging.getLogger(name).setLevel(logging.CRITICAL)
        crawler = process.create_crawler(BladiSpider)
        process.crawl(crawler, options=options)
        process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    # robots.txt, retries and errors do not count: "nothing could be fetched" means no page.
    ok = any(stats.get(f"bladi/fetch/{outcome}") for outcome in FETCHED_OUTCOMES)
    return CrawlResult(stats=stats, summary=summary(stats, options.archive, stats.get("finish_reason")), fetched_ok=ok)
