"""The crawl's options, in one typed place every component of a crawler reads.

A crawl's ``CrawlOptions`` enter Scrapy once, when the spider is built (from
``bladiscrape crawl``, or from ``scrapy crawl bladi -a ...``), and are bound to
that crawler here. Middlewares, the pipeline and extensions ask
``options_of(crawler)``: they neither reach into the spider's attributes nor
read options back from Scrapy settings under string keys.

Options that are Scrapy settings (the delay, AutoThrottle, JOBDIR...) are
turned into settings by ``scrapy_settings`` and set once, before the crawler's
settings freeze; Scrapy's own components read them there.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from bladiscrape.options import CrawlOptions

_BOUND: WeakKeyDictionary = WeakKeyDictionary()


def bind(crawler, options: CrawlOptions) -> None:
    if not isinstance(options, CrawlOptions):
        raise TypeError(f"expected CrawlOptions, got {type(options).__name__}")
    _BOUND[crawler] = options


def options_of(crawler) -> CrawlOptions:
    """The options of the crawl ``crawler`` runs; bound when its spider was built."""
    try:
        return _BOUND[crawler]
    except KeyError:
        raise RuntimeError("no CrawlOptions bound to this crawler (its spider is not built yet)") from None


def scrapy_settings(options: CrawlOptions) -> dict:
    """The options that are Scrapy settings, by setting name."""
    settings: dict[str, object] = {}
    if options.delay is not None:
        settings["DOWNLOAD_DELAY"] = options.delay
        settings["RETRY_BACKOFF_BASE"] = min(options.delay * 2, 2.0)
        if options.delay == 0:
            # AutoThrottle's start delay would slow a replica run for nothing.
            settings["AUTOTHROTTLE_ENABLED"] = False
            settings["DOWNLOAD_DELAY_JITTER"] = 0
    if options.concurrency > 1:  # a local replica or a replay only (CrawlOptions refuses it otherwise)
        settings["CONCURRENT_REQUESTS"] = settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = options.concurrency
    if options.jobdir:
        settings["JOBDIR"] = options.jobdir
    if options.timeout is not None:
        settings["DOWNLOAD_TIMEOUT"] = options.timeout
    return settings
