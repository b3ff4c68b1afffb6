"""Scrapy's redirect middleware, kept on the site: a redirect off the ``--site`` origin is refused.

Followed blindly, a redirect from a Bladi.net page could make the crawler
fetch any host, internal addresses included, and store that host's page under
a Bladi.net URL. A redirect whose target is on another origin (scheme, host
and port) or not HTTP is not followed: the spider's errback records it in
``fetches`` as ``off_site_redirect`` with the target in ``detail``, and
nothing of the target is fetched or stored.

A redirect to an article an earlier run archived (a slug changed, an old URL
form) is not followed either, unless ``--refresh``: ``RedirectToArchived``
tells the spider to expand the archived article instead of downloading it again.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import signals
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from w3lib.url import safe_url_string

from bladiscrape.core.urls import article_id, canonical_url, origin
from bladiscrape.crawl.context import options_of
from bladiscrape.crawl.errors import OffSiteRedirect, RedirectToArchived
from bladiscrape.store import ArchivedArticles, load_known

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


#: Roles whose redirect target is looked up in the archive (a probe needs the page's date: it is fetched).
ARCHIVE_CHECKED = ("article", "start", "sweep")


class OnSiteRedirectMiddleware(RedirectMiddleware):
    _archived: ArchivedArticles | None = None

    @classmethod
    def from_crawler(cls, crawler):
        middleware = super().from_crawler(crawler)
        # Closed with the spider, before the pipeline folds the WAL back (an open reader would block it).
        crawler.signals.connect(middleware._close_archived, signal=signals.spider_closed)
        return middleware

    def _close_archived(self, spider=None) -> None:
        if self._archived is not None:
            self._archived.close()
            self._archived = None

    def process_response(self, request, response, spider=None):
        location = response.headers.get(b"Location")
        if response.status in REDIRECT_CODES and location and not request.meta.get("dont_redirect"):
            options = options_of(self.crawler)
            target = urljoin(request.url, safe_url_string(location))
            if target.split(":", 1)[0] not in ("http", "https") or origin(target) != origin(options.site):
                raise OffSiteRedirect(request.url, f"redirect to {target} not followed (off the site)")
            archived = self._archived_url(target) if request.meta.get("bladi_role") in ARCHIVE_CHECKED else None
            if archived and not options.refresh:
                raise RedirectToArchived(request.url, archived)
        return super().process_response(request, response)

    def _archived_url(self, target: str) -> str | None:
        options = options_of(self.crawler)
        canon = canonical_url(target, site=options.site)
        if canon is None:
            return None
        if self._archived is None:  # opened at the first redirect: most crawls meet few
            self._archived = load_known(options.archive, options.site)
        try:
            if canon in self._archived:
                return canon
            aid = article_id(canon)
            return self._archived.url_of_id(aid) if aid is not None else None
        finally:
            # An open read connection at the end of the crawl keeps the archive's WAL from being
            # folded back (demo.db-wal left beside demo.db); it reopens at the next lookup.
            self._archived.close()
