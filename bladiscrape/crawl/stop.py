"""Stopping a crawl that can no longer keep what it fetches (the disk is full, a file system turned read-only).

Fetching on would cost the site requests whose results are thrown away, so
the first write failure, in the archive or in a WARC file, ends the crawl:
the cause is kept in the stats (``bladi/write_failed``) for the command's one
line, and Scrapy closes the spider with the reason ``write_failed``. What was
committed before stays; what was not is fetched again by the next run.
"""

from __future__ import annotations

import logging

from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

REASON = "write_failed"
STAT = "bladi/write_failed"


def write_failed(crawler, cause: str) -> None:
    """Record the first write failure and close the spider; later ones add nothing."""
    if crawler.stats.get_value(STAT):
        return
    crawler.stats.set_value(STAT, cause)
    logger.info("Stopping the crawl: %s", cause)  # the command says it, in one line
    if crawler.engine is not None and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason=REASON))
