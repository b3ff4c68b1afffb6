"""``--replay``: every request answered from WARC files; nothing goes to the network."""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from bladiscrape.core.urls import canonical_url, origin
from bladiscrape.crawl.errors import NotInWarc


class ReplayMiddleware:
    """Answers requests from WARC files (``--replay``); nothing goes to the network."""

    def __init__(self, crawler, paths):
        from bladiscrape.provenance.reader import WarcIndex

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
            raise NotInWarc(request.url)
        request.meta["bladi_capture"] = captured
        request.meta["bladi_replayed_at"] = captured.fetched_at
        headers = Headers(captured.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=captured.raw_body)
        return cls(url=request.url, status=captured.status, headers=headers, body=captured.raw_body,
                   request=request)
