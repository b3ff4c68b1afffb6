"""The per-page work of a reparse, in this process or in worker processes, given back in capture order.

Reading a record from its WARC file, ``process.process_page`` and the article's
research rows (``analyse.refresh.page_rows``) are pure and take most of a
reparse, so they can run in several processes while the main process stores
the pages one batch at a time. Storing stays in one process and
in capture order: an article captured twice is versioned by that order.

``pages(entries, ...)`` yields one ``Outcome`` per entry, in the entries' order,
whatever the number of workers. With workers, at most ``WINDOW`` chunks per
worker are in flight, so a store slower than the workers holds them up instead
of letting their results pile up in memory.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass

from bladiscrape.analyse.refresh import PageRows, Research, page_rows
from bladiscrape.core.urls import origin
from bladiscrape.model import ArticleBundle, DateWindow, Skip
from bladiscrape.process import PageResponse, process_page
from bladiscrape.provenance.reader import MAX_BODY, Captured, Entry
from bladiscrape.score.topic import Topic

logger = logging.getLogger(__name__)

#: Past four workers the main process, which stores every page (about 0.7 ms a page here against
#: 3 ms of reading and processing), is the bottleneck: more would only hold more pages in memory.
MAX_DEFAULT_WORKERS = 4
#: Pages sent to a worker at a time: one task each would cost more in messages than in work.
CHUNK = 16
#: Chunks in flight per worker: enough that none waits for the next while the store writes.
WINDOW = 2

#: How a reparse summary words each reason ``process_page`` gives for skipping a response.
SKIP_LABELS = {
    "not_ok": "non-200 responses", "not_html": "non-HTML responses", "not_article": "non-article pages",
    "incomplete": "non-article pages", "out_of_range": "articles out of the date range",
    "extraction_failed": "pages the extractor failed on",
}
TOO_LARGE = f"bodies over {MAX_BODY // (1024 * 1024)} MB"


@dataclass(frozen=True)
class Outcome:
    """One capture's result: the rows to store and its research rows, or why it is skipped (a ``SKIP_LABELS``
    wording)."""

    bundle: ArticleBundle | None
    skipped: str | None = None
    research: PageRows | None = None


class WorkerFailed(Exception):
    """A worker process ended without giving back its pages (killed, out of memory); one line for the user."""


def default_workers() -> int:
    """The CPUs this process may use (its affinity, not the machine's count), at most ``MAX_DEFAULT_WORKERS``."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # no sched_getaffinity (macOS)
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_DEFAULT_WORKERS))


def page(entry: Entry, topic: Topic, window: DateWindow, research: Research) -> Outcome:
    """Read one capture and process it; a page that raises is skipped with its error named, never a crash."""
    try:
        found = outcome(entry.read(request_headers=False), topic, window)
        if found.bundle is None:
            return found
        return Outcome(found.bundle, research=page_rows(found.bundle.article, research))
    except Exception as e:  # one page must not end a reparse (process_page already catches the extractor's)
        logger.warning("%s at %s (%s): %s: %s", entry.warc_file, entry.warc_offset, entry.url, type(e).__name__, e)
        return Outcome(None, f"pages that failed ({type(e).__name__})")


def outcome(captured: Captured, topic: Topic, window: DateWindow) -> Outcome:
    if captured.too_large:  # the crawl refuses these (DOWNLOAD_MAXSIZE); the reader logged it
        return Outcome(None, TOO_LARGE)
    result = process_page(
        PageResponse(captured.url, captured.status, dict(captured.headers), captured.body,
                     undecodable=captured.undecodable),
        topic=topic, window=window, site=origin(captured.url), fetched_at=captured.fetched_at,
        warc_record_id=captured.warc_record_id)
    if isinstance(result, Skip):
        return Outcome(None, SKIP_LABELS.get(result.outcome, result.outcome))
    return Outcome(result.bundle)


@contextmanager
def page_source(topic: Topic, window: DateWindow, research: Research, workers: int):
    """A function turning entries into their ``Outcome``s in order: in this process (``workers`` 1) or in a pool.

    Enter it before the archive is locked or opened: the workers are forked on
    entry, and a child must inherit neither the lock's descriptor (the lock would
    outlive a killed reparse in its workers) nor an open SQLite connection.
    """
    if workers <= 1:
        yield lambda entries: (page(entry, topic, window, research) for entry in entries)
        return
    pool = _start((topic, window, research), workers)
    try:
        yield lambda entries: _in_pool(pool, entries, workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start(settings: tuple[Topic, DateWindow, Research], workers: int) -> ProcessPoolExecutor:
    # fork on Linux, chosen rather than left to Python's default (forkserver from 3.14): a forked
    # worker starts at once with the modules and the topic this process has already loaded (a
    # fresh interpreter would import half a second of modules first), and it is safe here because
    # it happens before this process opens or locks the archive or starts a thread. Elsewhere
    # spawn: macOS's system libraries do not survive fork.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    # Ctrl-C reaches every process of the terminal's group: the workers ignore it (set here, so
    # they are born ignoring it) and the main process stops the run cleanly (reparse.py).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if _main_thread() else None
    try:
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init,
                                   initargs=(settings, os.getpid()))
        pool.submit(int).result()  # with fork, the first task starts every worker: now, not mid-run
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return pool


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


_settings: tuple[Topic, DateWindow, Research] | None = None  # a worker's page() arguments, set by _worker_init


def _worker_init(settings: tuple[Topic, DateWindow, Research], parent: int) -> None:
    global _settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # under spawn, not inherited from the parent
    _settings = settings
    # A killed main process leaves its workers waiting on a queue no one writes to: they end
    # when they see they were orphaned.
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _chunk_pages(entries: Sequence[Entry]) -> list[Outcome]:
    assert _settings is not None, "_worker_init sets the settings"
    return [page(entry, *_settings) for entry in entries]


def _in_pool(pool: ProcessPoolExecutor, entries: Iterable[Entry], workers: int) -> Iterator[Outcome]:
    chunks = _chunks(entries)
    pending: deque[tuple[Future, list[Entry]]] = deque()

    def submit() -> None:
        chunk = next(chunks, None)
        if chunk is not None:
            pending.append((pool.submit(_chunk_pages, chunk), chunk))

    for _ in range(workers * WINDOW):
        submit()
    while pending:
        future, chunk = pending.popleft()
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            first = chunk[0]
            raise WorkerFailed(f"a reparse worker ended unexpectedly (killed, or out of memory?); the captures "
                               f"from {first.warc_name} offset {first.warc_offset} on were not re-parsed") from None
        submit()  # before giving these back: the workers go on while they are stored
        yield from outcomes


def _chunks(entries: Iterable[Entry]) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
