"""Retries of 5xx/429 and timeouts with exponential backoff, honouring ``Retry-After`` on 429/503."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message

from bladiscrape.crawl.fetchlog import record_fetch

logger = logging.getLogger(__name__)


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


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX")

    # Scrapy (2.13+) runs coroutine middleware methods; its annotations type only the base's sync ones.
    async def process_response(self, request, response, spider=None):  # type: ignore[override]
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
        return await self._after(wait, retry)

    async def process_exception(self, request, exception, spider=None):  # type: ignore[override]  # (as above)
        """Timeouts and connection errors (``RETRY_EXCEPTIONS``), retried with the same backoff as a 503.

        Scrapy's own ``process_exception`` retries them at once; a server that
        stops answering is the last one to hammer. Given up, the exception goes
        on to the spider's errback, which records the error.
        """
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions_to_retry):
            return None
        wait = self._backoff(request)
        retry = self._retry(request, exception)
        if retry is None:
            return None
        record_fetch(self.crawler, request, None, "retry", f"{type(exception).__name__}; retrying in {wait:.1f} s")
        return await self._after(wait, retry)

    async def _after(self, wait: float, retry):
        # The retry is a new fetch: it must not carry the failed attempt's time or capture.
        retry.meta.pop("bladi_fetched_at", None)
        retry.meta.pop("bladi_capture", None)
        if wait > 0:
            logger.info("Backing off %.1f s before retrying %s", wait, retry.url)
            await asyncio.sleep(wait)
        return retry

    def _backoff(self, request) -> float:
        attempt = request.meta.get("retry_times", 0)
        return min(self.cap, self.base * (2**attempt)) if self.base > 0 else 0.0
