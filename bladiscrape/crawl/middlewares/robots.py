"""Scrapy's robots.txt middleware, raising a typed ``RobotsDisallowed`` for a forbidden URL.

RFC 9309 (2.3.1.3, 2.3.1.4): a robots.txt that answers a server error (5xx),
or cannot be fetched at all, means "assume complete disallow" until it can be
read. Scrapy takes both for "allow everything"; here they disallow the origin
for the rest of the run, and the reason is kept in the stats
(``bladi/robots/unavailable``) and in every skipped request's fetch row.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from bladiscrape.crawl.errors import RobotsDisallowed

UNAVAILABLE = "bladi/robots/unavailable"


class RobotsMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._unavailable: dict[str, str] = {}  # netloc -> why its robots.txt could not be read

    def process_request_2(self, rp, request) -> None:
        why = self._unavailable.get(urlparse_cached(request).netloc)
        if why and not request.meta.get("dont_obey_robotstxt"):
            raise RobotsDisallowed(request.url, f"{why}: every page disallowed for this run (RFC 9309)")
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as e:  # Scrapy raises it only for a URL robots.txt forbids
            raise RobotsDisallowed(request.url) from e

    async def _parse_robots(self, response, netloc, request) -> None:
        if response.status >= 500:  # after the retries: the site cannot say what it allows
            self._disallow(netloc, f"robots.txt answered HTTP {response.status}")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc, netloc) -> None:
        if not isinstance(exc, IgnoreRequest):  # unreachable (timeout, refused...), not skipped on purpose
            self._disallow(netloc, f"robots.txt unreachable ({type(exc).__name__})")
        super()._robots_error(exc, netloc)

    def _disallow(self, netloc: str, why: str) -> None:
        self._unavailable[netloc] = why
        self.crawler.stats.set_value(UNAVAILABLE, why)
