"""Scrapy's redirect middleware, kept on the site: a redirect off the ``--site`` origin is refused.

Followed blindly, a redirect from a Bladi.net page could make the crawler
fetch any host, internal addresses included, and store that host's page under
a Bladi.net URL. A redirect whose target is on another origin (scheme, host
and port) or not HTTP is not followed: the spider's errback records it in
``fetches`` as ``off_site_redirect`` with the target in ``detail``, and
nothing of the target is fetched or stored.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from w3lib.url import safe_url_string

from bladiscrape.core.urls import origin
from bladiscrape.crawl.context import options_of
from bladiscrape.crawl.errors import OffSiteRedirect

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


class OnSiteRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response, spider=None):
        location = response.headers.get(b"Location")
        if response.status in REDIRECT_CODES and location and not request.meta.get("dont_redirect"):
            target = urljoin(request.url, safe_url_string(location))
            if target.split(":", 1)[0] not in ("http", "https") or (
                    origin(target) != origin(options_of(self.crawler).site)):
                raise OffSiteRedirect(request.url, f"redirect to {target} not followed (off the site)")
        return super().process_response(request, response)
