"""Scrapy's duplicate filter, kept for one run only."""

from __future__ import annotations

from scrapy.dupefilters import RFPDupeFilter


class RunDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, kept for one run only (never written to JOBDIR).

    A crawl killed with ``kill -9`` may have fetched pages whose articles were
    not yet committed; a persisted filter would then refuse them forever. On
    resume, the spider re-derives the frontier from the start points and the
    archive (archived articles are expanded, not fetched), and the pending
    queue kept in JOBDIR supplies the rest.
    """

    @classmethod
    def from_crawler(cls, crawler):
        return cls(None, crawler.settings.getbool("DUPEFILTER_DEBUG"), fingerprinter=crawler.request_fingerprinter)
