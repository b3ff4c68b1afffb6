"""Scrapy settings: polite by default.

Bladi.net is a small publisher's site. The defaults fetch one page at a time,
at least a second apart (AutoThrottle may slow down further, never speed up
past DOWNLOAD_DELAY), obey robots.txt, say who is crawling and back off when
the site answers 429/503. ``--delay 0`` exists for the local replica only.
"""

from bladiscrape import PROJECT_URL, __version__

BOT_NAME = "bladiscrape"
SPIDER_MODULES = ["bladiscrape.crawl.spider"]
NEWSPIDER_MODULE = "bladiscrape"

USER_AGENT = f"bladiscrape/{__version__} (+{PROJECT_URL}; research archive of telecom coverage)"
ROBOTSTXT_OBEY = True

# One request at a time: a single-site crawl, and it keeps the scheduler's
# depth order exact (shallow articles are fetched before deeper ones).
CONCURRENT_REQUESTS = 1
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay drawn between 0.5x and 1.5x DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # an article page is ~100 KB; 10 MB means something is wrong
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Exponential backoff between retries: base * 2**attempt seconds, capped; a
# Retry-After header on 429/503 wins when it asks for longer (up to the cap).
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 300.0
# The retry, once its backoff has passed, goes to the front of the queue (Scrapy's -1 puts it
# behind every page of its priority: a whole frontier later, at one request a second).
RETRY_PRIORITY_ADJUST = 100_000

# Callbacks see 404s and final 5xx so each one is recorded in `fetches`.
HTTPERROR_ALLOW_ALL = True

# Breadth-first: the scheduler pops the highest priority, and the spider sets
# priority from the hop depth.
DEPTH_PRIORITY = 0
DUPEFILTER_CLASS = "bladiscrape.crawl.middlewares.dupefilter.RunDupeFilter"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "fr",
    # Not brotli/zstd: warcio (WARC checks, re-parse) cannot decode them reliably.
    "Accept-Encoding": "gzip, deflate",
}

DOWNLOADER_MIDDLEWARES = {
    # robots.txt obeyed as Scrapy does, with a typed exception for the spider's errback.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "bladiscrape.crawl.middlewares.robots.RobotsMiddleware": 100,
    # Redirects are followed only on the --site origin (an off-site one is recorded, not fetched).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "bladiscrape.crawl.middlewares.redirect.OnSiteRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "bladiscrape.crawl.middlewares.retry.BackoffRetryMiddleware": 550,
    # Scrapy's decoding, but a body that does not decode is passed on marked
    # (bladi_undecodable), as the WARC reader marks it, instead of an error.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "bladiscrape.crawl.middlewares.compression.TolerantHttpCompressionMiddleware": 590,
    # Above RedirectMiddleware (600) and HttpCompressionMiddleware (590): it
    # sees every response, body as received, before anything consumes it.
    "bladiscrape.crawl.middlewares.capture.CaptureMiddleware": 650,
    # Last before the download handler: with --replay, answers from WARC files.
    "bladiscrape.crawl.middlewares.replay.ReplayMiddleware": 950,
}
ITEM_PIPELINES = {"bladiscrape.crawl.pipeline.ArchivePipeline": 300}
EXTENSIONS = {"bladiscrape.crawl.progress.Progress": 500}

# The archive, WARC directory and the other crawl options are not settings:
# components read them with ``crawl.context.options_of(crawler)``.
BLADI_WARC_MAX_BYTES = 100 * 1024 * 1024  # a WARC file is closed and a new one begun past this size
# Articles are written in transactions of this many items (or every few seconds).
BLADI_BATCH_SIZE = 25
BLADI_BATCH_SECONDS = 5.0

# Scrapy's check for a ``return value`` in generator callbacks parses the
# callback's source (inspect.getsource + ast.parse) on every response, because
# each request carries its own bound method and its cache never hits: 13 % of
# a crawl's time. The spider's callbacks are plain generators, checked by review.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy hands a callback's output to the pipelines through CONCURRENT_ITEMS
# workers, one asyncio task each, created anew for every response (100 by
# default). The archive pipeline is synchronous, so they buy nothing, and a
# single worker keeps each page's items in the order the spider yields them.
CONCURRENT_ITEMS = 1

LOG_LEVEL = "INFO"
# No listening ports in a crawl: the telnet console and Scrapy's remote control
# (an HTTP server on localhost that runs Python code sent to it, and writes its
# port and token to a file in the user's profile) would let any local process
# drive a research crawl.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
