"""Pause and resume (``--jobdir``) that survive a killed crawl.

Scrapy keeps its request queue in JOBDIR, but writes the queue's bookkeeping
only when a crawl stops cleanly (Ctrl-C once, or the end). After ``kill -9``
or a power cut that state is stale, and resuming from it can silently lose
requests. A marker file tells the two cases apart: a clean stop removes it,
so its presence at start means the last crawl died. The stale queue is then
discarded; nothing is lost, because the spider rebuilds its frontier from the
start points and from the archive (archived articles are expanded from their
stored links, never downloaded again).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

MARKER = "bladiscrape.running"


def prepare(jobdir: str | None) -> None:
    if not jobdir:
        return
    path = Path(jobdir)
    if (path / MARKER).exists():
        logger.warning("The last crawl with --jobdir %s did not stop cleanly: its queue is discarded "
                       "and the frontier is rebuilt from the start points and the archive.", jobdir)
        shutil.rmtree(path / "requests.queue", ignore_errors=True)
        (path / "spider.state").unlink(missing_ok=True)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).touch()


def finish(jobdir: str | None) -> None:
    if jobdir:
        (Path(jobdir) / MARKER).unlink(missing_ok=True)
