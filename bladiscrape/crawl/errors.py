"""Typed signals between the crawl's components: each exception says what happened and carries its URL.

The spider's errback tells outcomes apart with ``failure.check(...)`` on these
classes, never by matching message text.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class SkippedRequest(IgnoreRequest):
    """A request the crawl chose not to send; ``outcome`` is its ``fetches.outcome``."""

    outcome = "skipped"
    detail = "not fetched"

    def __init__(self, url: str, detail: str | None = None):
        super().__init__(f"{detail or self.detail}: {url}")
        self.url = url
        if detail:
            self.detail = detail


class RobotsDisallowed(SkippedRequest):
    outcome = "robots_disallowed"
    detail = "forbidden by robots.txt"


class NotInWarc(SkippedRequest):
    outcome = "not_in_warc"
    detail = "absent from the replayed WARC files"


class RedirectToArchived(SkippedRequest):
    """A redirect to an article the archive holds: not downloaded again; the spider expands it from the archive."""

    outcome = "redirect"
    detail = "redirect to an archived article, not fetched again"

    def __init__(self, url: str, target: str):
        super().__init__(url, f"-> {target} (archived: not fetched again)")
        self.target = target


class OffSiteRedirect(SkippedRequest):
    outcome = "off_site_redirect"
    detail = "redirect off the site not followed"
