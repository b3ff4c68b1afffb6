"""Scrapy's robots.txt middleware, raising a typed ``RobotsDisallowed`` for a forbidden URL."""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest

from bladiscrape.crawl.errors import RobotsDisallowed


class RobotsMiddleware(RobotsTxtMiddleware):
    def process_request_2(self, rp, request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as e:  # Scrapy raises it only for a URL robots.txt forbids
            raise RobotsDisallowed(request.url) from e
