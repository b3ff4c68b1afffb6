"""Rebuild or update the archive from WARC files, with the current parser and no network.

Responses are read in capture order, so an article captured several times (by
``--refresh`` crawls) passes through the same versioning as during the crawls.
That order comes from an index of where each record is (``WarcIndex``); each
record is read from its file when its turn comes, so memory does not grow with
the size of the WARC files.
Each response goes through ``process.process_page``, the function the crawl uses,
so only what the crawl itself would store is stored: successful HTML responses
that the extractor calls articles; listings, feeds, robots.txt and errors are
skipped. Reading and processing may run in worker processes (``workers.py``);
storing stays here, in capture order, so the archive is the same either way.
A run stopped early (Ctrl-C, a worker that died) keeps what it stored and
records itself as such in ``crawl_runs``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bladiscrape import __version__
from bladiscrape.analyse import refresh as research
from bladiscrape.core.dates import utc_now
from bladiscrape.extract import PARSER_VERSION
from bladiscrape.model import DateWindow
from bladiscrape.options import CrawlOptions
from bladiscrape.provenance.files import iter_warc_paths
from bladiscrape.provenance.reader import WarcIndex
from bladiscrape.provenance.workers import WorkerFailed, page_source
from bladiscrape.score.topic import load_topic
from bladiscrape.store import open_archive
from bladiscrape.store.locks import held

BATCH = 50


@dataclass
class ReparseResult:
    responses: int = 0
    articles: int = 0
    counts: dict = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0})
    skipped: dict = field(default_factory=dict)

    def summary(self, db: str) -> str:
        c = self.counts
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return (f"Re-parsed {self.responses} responses: {self.articles} articles "
                f"({c['new']} new, {c['updated']} changed, {c['unchanged']} unchanged)"
                + (f"; skipped {skipped}" if skipped else "") + f" -> {db}")


class ReparseStopped(Exception):
    """The run stopped before its end (Ctrl-C, a worker that died); what it stored before is kept.

    ``result`` counts what was stored; the message is one line for the user.
    """

    def __init__(self, message: str, result: ReparseResult):
        super().__init__(message)
        self.result = result


def reparse(db: str, paths: list[str], options: CrawlOptions | None = None, workers: int = 1) -> ReparseResult:
    """``LockHeld``, before anything is written, while a crawl (or another reparse) writes ``db``.

    ``workers`` above 1: records are read and processed in that many processes
    (``workers.py``), stored here in capture order; the archive is the same.
    ``ReparseStopped`` when the run ends early, with what it stored kept.
    """
    options = options or CrawlOptions()
    topic = load_topic(options.topic, options.actors)
    analysis = research.load_research(options.actors)
    window = DateWindow(options.since, options.until)
    with page_source(topic, window, analysis, workers) as pages, held(db, "archive"):
        return _reparse(db, paths, options, pages, analysis)


def _reparse(db: str, paths: list[str], options: CrawlOptions, pages, analysis: research.Research) -> ReparseResult:
    files = iter_warc_paths(paths)
    archive = open_archive(db)
    research.prepare(archive, analysis)
    result = ReparseResult()
    run_id = archive.start_run(utc_now(), {"reparse": [str(p) for p in files], **options.as_json()},
                               {"PARSER_VERSION": PARSER_VERSION}, f"bladiscrape {__version__}")
    try:
        with interruptible() as interrupted:  # from here on, a Ctrl-C ends the run between two pages
            stopped = _store_all(archive, pages(WarcIndex(files).in_capture_order()), result, analysis, interrupted)
        research.finish(archive, analysis)
        archive.finish_run(run_id, finished_at=utc_now(), finish_reason=stopped[0] if stopped else "reparse", errors=0,
                           articles_new=result.counts["new"], articles_updated=result.counts["updated"],
                           articles_unchanged=result.counts["unchanged"], requests=0,
                           stats={"responses": result.responses, "skipped": result.skipped})
    finally:
        archive.close()
    if stopped is not None:
        raise ReparseStopped(f"{stopped[1]}; the archive keeps the {result.articles} articles re-parsed before "
                             "(run the same reparse again to finish)", result)
    return result


def _store_all(archive, outcomes, result: ReparseResult, analysis, interrupted) -> tuple[str, str] | None:
    """Store the outcomes in their order, in batches; why the run stopped early (its ``finish_reason``
    and the words for the user), or None."""
    batch: list = []  # the bundles of Outcomes, and each one's research rows below
    pages: list = []
    stopped = None
    try:
        for outcome in outcomes:
            result.responses += 1
            if outcome.bundle is None:
                result.skipped[outcome.skipped] = result.skipped.get(outcome.skipped, 0) + 1
            else:
                batch.append(outcome.bundle)
                pages.append(outcome.research)
                result.articles += 1
                if len(batch) >= BATCH:
                    _write(archive, batch, pages, result, analysis)
            if interrupted():
                stopped = ("interrupted", "interrupted")
                break
    except WorkerFailed as e:  # the pages given back before it are stored, in order
        stopped = ("worker_failed", str(e))
    _write(archive, batch, pages, result, analysis)
    return stopped


@contextmanager
def interruptible() -> Iterator:
    """``interrupted()`` turns true at the first Ctrl-C (SIGINT): the run stops after the page it is on.

    The loop ends where it chooses, between pages, so the last batch is written
    whole and the run recorded, instead of a KeyboardInterrupt cutting into a
    write. A second Ctrl-C interrupts at once, as usual.
    """
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield lambda: False
        return
    flag: list[bool] = []

    def handler(signum, frame):
        flag.append(True)
        signal.signal(signal.SIGINT, previous)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: bool(flag)
    finally:
        signal.signal(signal.SIGINT, previous)


def _write(archive, batch, pages, result, analysis):
    if batch:
        rows = research.batch_rows(batch, analysis, pages)
        for key, value in archive.write_batch(batch, []).items():
            result.counts[key] += value
        research.articles_written(archive, rows)
        batch.clear()
        pages.clear()
