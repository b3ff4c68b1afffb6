"""The fetch step: Scrapy downloader middlewares that keep the crawl polite and recorded.

- ``BackoffRetryMiddleware`` retries 5xx/429 and timeouts with exponential
  backoff, honouring ``Retry-After`` on 429/503.
- ``FetchLogMiddleware`` records the responses that never reach the spider
  (redirects, robots.txt) so ``fetches`` has one row per response.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message

from .items import FetchItem, utc_now
from .urls import canonical_url

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


def record_fetch(crawler, request, response=None, outcome="", detail=None) -> None:
    site = crawler.spider.site if crawler.spider else None
    item = FetchItem(
        url=canonical_url(request.url, site=site) or request.url,
        outcome=outcome,
        fetched_at=utc_now(),
        status=response.status if response is not None else None,
        bytes=len(response.body) if response is not None else None,
        detail=detail,
        depth=request.meta.get("bladi_depth"),
        referer=(request.headers.get("Referer") or b"").decode("latin-1") or None,
    )
    crawler.signals.send_catch_log(fetch_recorded, item=item)


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
        record_fetch(self.crawler, request, response, "retry",
                     f"{response.status}; retrying in {wait:.1f} s")
        if wait > 0:
            logger.info("Backing off %.1f s before retrying %s", wait, request.url)
            await asyncio.sleep(wait)
        return retry

    def _backoff(self, request) -> float:
        attempt = request.meta.get("retry_times", 0)
        return min(self.cap, self.base * (2**attempt)) if self.base > 0 else 0.0


class FetchLogMiddleware:
    @classmethod
    def from_crawler(cls, crawler):
        mw = cls()
        mw.crawler = crawler
        return mw

    def process_response(self, request, response, spider=None):
        if response.status in REDIRECT_CODES and b"Location" in response.headers:
            location = response.headers[b"Location"].decode("latin-1")
            record_fetch(self.crawler, request, response, "redirect", f"-> {location}")
        elif request.url.endswith("/robots.txt"):
            record_fetch(self.crawler, request, response, "robots_txt")
        return response
