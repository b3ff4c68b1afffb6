"""Rows of the ``fetches`` table: one per response or failed request, with its capture.

The spider records the responses it sees; middlewares record those that never
reach it (redirects, robots.txt, retries) through the ``fetch_recorded`` signal,
which the archive pipeline listens to.
"""

from __future__ import annotations

from scrapy.http import Headers

from bladiscrape.core.dates import utc_now
from bladiscrape.core.urls import canonical_url
from bladiscrape.crawl.context import options_of
from bladiscrape.model import FetchItem

#: Custom signal: ``fetch_recorded(item=FetchItem)``; the archive pipeline listens.
fetch_recorded = object()

REDIRECT_CODES = {301, 302, 303, 307, 308}


def header_pairs(headers: Headers) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


def fetch_item(crawler, request, response=None, outcome="", detail=None) -> FetchItem:
    """A ``fetches`` row for a request and its response (if any), with its capture."""
    item = FetchItem(
        url=canonical_url(request.url, site=options_of(crawler).site) or request.url,
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
