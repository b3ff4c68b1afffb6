"""``--replay``: every request answered from WARC files; nothing goes to the network."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from bladiscrape.core.urls import canonical_url, origin
from bladiscrape.crawl.context import options_of
from bladiscrape.crawl.errors import NotInWarc
from bladiscrape.provenance.reader import MAX_BODY, WarcIndex


def page_key(url: str) -> str:
    """The page a URL names, whatever origin it was fetched from.

    Each URL is canonicalised against its own origin: captures were made on the
    origin being crawled then (the live site, a replica), and requests go to the
    origin being crawled now, so WARC files written on any origin replay on any
    ``--site``.
    """
    return canonical_url(url, site=origin(url)) or url


class ReplayMiddleware:
    """Answers requests from WARC files (``--replay``); nothing goes to the network.

    Only an index (where each record is) stays in memory; a record is read from
    its file when its request comes. When several captures name the same page,
    the newest (WARC-Date) answers, whatever file or origin it came from.
    """

    def __init__(self, crawler, paths):
        self.crawler = crawler
        self.index = WarcIndex(paths, key=page_key)

    @classmethod
    def from_crawler(cls, crawler):
        paths = options_of(crawler).replay
        if not paths:
            raise NotConfigured
        return cls(crawler, paths)

    def process_request(self, request, spider=None):
        captured = self.index.read(request.url, request_headers=False)
        if captured is None:
            self.crawler.stats.inc_value("bladi/replay_missing")
            raise NotInWarc(request.url)
        if captured.too_large:  # what the crawl's DOWNLOAD_MAXSIZE refuses (the reader logged it)
            self.crawler.stats.inc_value("bladi/replay_too_large")
            raise IgnoreRequest(f"body over {MAX_BODY} bytes in the WARC: {request.url}")
        request.meta["bladi_capture"] = captured
        request.meta["bladi_replayed_at"] = captured.fetched_at
        headers = Headers(captured.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=captured.raw_body)
        return cls(url=request.url, status=captured.status, headers=headers, body=captured.raw_body,
                   request=request)
