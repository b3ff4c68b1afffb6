"""Run the `bladi` spider in-process (what ``bladiscrape crawl`` does)."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from bladiscrape.options import CrawlOptions
from bladiscrape.crawl.progress import summary

FETCHED_OUTCOMES = ("article", "off_topic", "listing", "feed", "not_article", "incomplete",
                    "out_of_range", "duplicate", "not_modified", "redirect")


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
    from bladiscrape.crawl.spider import BladiSpider

    process = CrawlerProcess(project_settings(verbose))
    crawler = process.create_crawler(BladiSpider)
    kwargs = {
        "urls": options.urls, "site": options.site, "depth": options.depth,
        "since": options.since, "until": options.until, "max_pages": options.max_pages,
        "topic": options.topic, "delay": options.delay, "db": options.db, "jobdir": options.jobdir,
        "warc_dir": options.warc_dir, "no_warc": options.no_warc, "replay": options.replay,
        "refresh": options.refresh,
    }
    process.crawl(crawler, **kwargs)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    # robots.txt, retries and errors do not count: "nothing could be fetched" means no page.
    ok = any(stats.get(f"bladi/fetch/{outcome}") for outcome in FETCHED_OUTCOMES)
    return CrawlResult(stats=stats, summary=summary(stats, options.db, stats.get("finish_reason")), fetched_ok=ok)
