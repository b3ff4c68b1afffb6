"""Every response, with its request, written to WARC files; redirects and robots.txt recorded."""

from __future__ import annotations

from scrapy import signals

from bladiscrape import __version__
from bladiscrape.core.dates import utc_now
from bladiscrape.crawl.context import options_of
from bladiscrape.crawl.errors import SkippedRequest
from bladiscrape.crawl.fetchlog import REDIRECT_CODES, header_pairs, record_fetch
from bladiscrape.crawl.stop import write_failed
from bladiscrape.provenance.writer import WarcWriter


class NotCaptured(SkippedRequest):
    """The response could not be kept in a WARC file: it is not archived (no row may point at a lost capture)."""

    outcome = "write_failed"
    detail = "response not kept: the WARC file could not be written"


class CaptureMiddleware:
    """Sits above RedirectMiddleware and HttpCompressionMiddleware: it sees every
    response, body as received on the wire, before anything consumes it."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.writer = None
        crawler.signals.connect(self.open, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open(self, spider):
        settings = self.crawler.settings
        options = options_of(self.crawler)
        directory = options.capture_directory()
        if not directory:
            return
        robots = ("ROBOTSTXT_OBEY=True: robots.txt is fetched first and obeyed; disallowed URLs are not fetched"
                  if settings.getbool("ROBOTSTXT_OBEY") else "ROBOTSTXT_OBEY=False: robots.txt not obeyed")
        info = {"software": f"bladiscrape/{__version__}", "operator": settings.get("USER_AGENT"),
                "bladiscrape-args": options.as_json(), "robots": robots,
                "bladiscrape-settings": {k: settings.get(k) for k in (
                    "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES")}}
        self.writer = WarcWriter(directory, max_bytes=settings.getint("BLADI_WARC_MAX_BYTES"), info=info)

    def close(self, spider):
        if self.writer:
            try:
                self.writer.close()
            except OSError:  # the failure that stopped the crawl, again: already reported
                pass

    def process_response(self, request, response, spider=None):
        request.meta["bladi_fetched_at"] = request.meta.pop("bladi_replayed_at", None) or utc_now()
        if self.writer is not None:
            try:
                request.meta["bladi_capture"] = self.writer.write(
                    request.url, request.method, header_pairs(request.headers), response.status, None,
                    header_pairs(response.headers), response.body, request.meta["bladi_fetched_at"],
                    request_body=request.body)
            except OSError as e:  # disk full, read-only file system: the record may be cut off
                cause = f"cannot write a WARC file in {self.writer.directory}: {e.strerror or e}"
                write_failed(self.crawler, cause)
                raise NotCaptured(request.url) from None
        if response.status in REDIRECT_CODES and b"Location" in response.headers:
            location = response.headers[b"Location"].decode("latin-1")
            record_fetch(self.crawler, request, response, "redirect", f"-> {location}")
        elif request.url.endswith("/robots.txt"):
            record_fetch(self.crawler, request, response, "robots_txt")
        return response
