"""The fetch step: Scrapy downloader middlewares that keep the crawl polite and recorded.

- ``BackoffRetryMiddleware`` retries 5xx/429 and timeouts with exponential
  backoff, honouring ``Retry-After`` on 429/503.
- ``CaptureMiddleware`` writes every response, with its request, to WARC files
  and records the responses that never reach the spider (redirects,
  robots.txt) so ``fetches`` has one row per response.
- ``ReplayMiddleware`` (``--replay``) answers every request from WARC files
  instead of the network.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.response import response_status_message

from . import __version__
from .capture import WarcWriter
from .items import FetchItem, utc_now
from .urls import canonical_url, origin

logger = logging.getLogger(__name__)

#: Custom signal: ``fetch_recorded(item=FetchItem)``; the archive pipeline listens.
fetch_recorded = object()

REDIRECT_CODES = {301, 302, 303, 307, 308}


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def header_pairs(headers: Headers) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


def fetch_item(crawler, request, response=None, outcome="", detail=None) -> FetchItem:
    """A ``fetches`` row for a request and its response (if any), with its capture."""
    site = crawler.spider.site if crawler.spider else None
    item = FetchItem(
        url=canonical_url(request.url, site=site) or request.url,
        outcome=outcome,
        fetched_at=request.meta.get("bladi_fetched_at") or utc_now(),
        status=response.status if response is not None else None,
        bytes=len(response.body) if response is not None else None,
        detail=detail,
        depth=request.meta.get("bladi_depth"),
        referer=(request.headers.get("Referer") or b"").decode("latin-1") or None,
    )
    if response is not None:
        item.add_capture(request.meta.get("bladi_capture"))
        for name, header in (("etag", b"ETag"), ("last_modified", b"Last-Modified")):
            value = response.headers.get(header)
            setattr(item, name, value.decode("latin-1") if value else None)
    return item


def record_fetch(crawler, request, response=None, outcome="", detail=None) -> None:
    crawler.stats.inc_value(f"bladi/fetch/{outcome}")
    crawler.signals.send_catch_log(fetch_recorded, item=fetch_item(crawler, request, response, outcome, detail))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX")

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = self._backoff(request)
        if response.status in (429, 503):
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None and asked > self.cap:
                # The site asks us to stay away longer than we are willing to
                # wait inside one crawl: give up on this URL, it gets recorded.
                return response
            wait = max(wait, asked or 0.0)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        record_fetch(self.crawler, request, response, "retry", f"{response.status}; retrying in {wait:.1f} s")
        if wait > 0:
            logger.info("Backing off %.1f s before retrying %s", wait, request.url)
            await asyncio.sleep(wait)
        return retry

    def _backoff(self, request) -> float:
        attempt = request.meta.get("retry_times", 0)
        return min(self.cap, self.base * (2**attempt)) if self.base > 0 else 0.0


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
        directory = settings.get("BLADI_WARC_DIR")
        if not directory or settings.getlist("BLADI_REPLAY"):
            return
        robots = ("ROBOTSTXT_OBEY=True: robots.txt is fetched first and obeyed; disallowed URLs are not fetched"
                  if settings.getbool("ROBOTSTXT_OBEY") else "ROBOTSTXT_OBEY=False: robots.txt not obeyed")
        info = {"software": f"bladiscrape/{__version__}", "operator": settings.get("USER_AGENT"),
                "bladiscrape-args": spider.options.as_json(), "robots": robots,
                "bladiscrape-settings": {k: settings.get(k) for k in (
                    "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES")}}
        self.writer = WarcWriter(directory, max_bytes=settings.getint("BLADI_WARC_MAX_BYTES"), info=info)

    def close(self, spider):
        if self.writer:
            self.writer.close()

    def process_response(self, request, response, spider=None):
        request.meta["bladi_fetched_at"] = request.meta.pop("bladi_replayed_at", None) or utc_now()
        if self.writer is not None:
            request.meta["bladi_capture"] = self.writer.write(
                request.url, request.method, header_pairs(request.headers), response.status, None,
                header_pairs(response.headers), response.body, request.meta["bladi_fetched_at"],
                request_body=request.body)
        if response.status in REDIRECT_CODES and b"Location" in response.headers:
            location = response.headers[b"Location"].decode("latin-1")
            record_fetch(self.crawler, request, response, "redirect", f"-> {location}")
        elif request.url.endswith("/robots.txt"):
            record_fetch(self.crawler, request, response, "robots_txt")
        return response


class ReplayMiddleware:
    """Answers requests from WARC files (``--replay``); nothing goes to the network."""

    def __init__(self, crawler, paths):
        from .warcs import WarcIndex

        self.crawler = crawler
        index = WarcIndex(paths)
        # Captures are keyed by canonical URL, so WARC files written while
        # crawling any origin (the live site, a replica) replay on any --site.
        self.captures = {canonical_url(url, site=origin(url)): index.get(url) for url in index.urls()}

    @classmethod
    def from_crawler(cls, crawler):
        paths = crawler.settings.getlist("BLADI_REPLAY")
        if not paths:
            raise NotConfigured
        return cls(crawler, paths)

    def process_request(self, request, spider=None):
        site = self.crawler.spider.site
        captured = self.captures.get(canonical_url(request.url, site=site) or request.url)
        if captured is None:
            self.crawler.stats.inc_value("bladi/replay_missing")
            raise IgnoreRequest(f"not in the WARC files: {request.url}")
        request.meta["bladi_capture"] = captured
        request.meta["bladi_replayed_at"] = captured.fetched_at
        headers = Headers(captured.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=captured.raw_body)
        return cls(url=request.url, status=captured.status, headers=headers, body=captured.raw_body,
                   request=request)


class RunDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, kept for one run only (never written to JOBDIR).

    A crawl killed with ``kill -9`` may have fetched pages whose articles were
    not yet committed; a persisted filter would then refuse them forever. On
    resume, the spider re-derives the frontier from the start points and the
    archive (archived articles are expanded, not fetched), and the pending
    queue kept in JOBDIR supplies the rest.
    """

    @classmethod
    def from_crawler(cls, crawler):
        return cls(None, crawler.settings.getbool("DUPEFILTER_DEBUG"), fingerprinter=crawler.request_fingerprinter)
