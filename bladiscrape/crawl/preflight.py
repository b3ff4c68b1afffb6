"""What a crawl checks and holds before it starts: its input, then one lock on the archive and one on the job directory.

Two crawls writing one archive would interleave their batches, and a second
crawl on a ``--jobdir`` would discard the running crawl's queue (``jobdir.prepare``
takes a running crawl's marker for a dead crawl's). So a crawl first checks its
input (bad input writes nothing, not even a lock file), then locks the archive
and the job directory, and only then prepares the job directory. The locks are
the kernel's and end with the process.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from bladiscrape.analyse.refresh import load_research
from bladiscrape.crawl import jobdir
from bladiscrape.options import CrawlOptions, OptionError
from bladiscrape.score.topic import load_topic
from bladiscrape.store import archive_origins, check_path
from bladiscrape.store.locks import held, jobdir_lock_path


def check(options: CrawlOptions) -> None:
    """What ``CrawlOptions`` cannot check alone: topic and actors files parse, the archive path can hold an archive."""
    load_topic(options.topic, options.actors)
    try:
        load_research(options.actors)
    except ValueError as e:  # ActorsError, EpisodeError: one line naming the file and the problem
        raise OptionError(str(e)) from None
    check_path(options.archive)
    check_origin(options)
    if options.jobdir and Path(options.jobdir).exists() and not Path(options.jobdir).is_dir():
        raise OptionError(f"--jobdir {options.jobdir} is not a directory")


def check_origin(options: CrawlOptions) -> None:
    """Refuse to mix origins in one archive: the replica's test texts carry Bladi.net's canonical URLs."""
    if options.allow_mixed_origins:
        return
    others = [o for o in archive_origins(options.archive) if o.lower() != options.site.lower()]
    if others:
        raise OptionError(f"{options.archive} was built from {others[0]}, not --site {options.site}: "
                          "crawl into another --db, or pass --allow-mixed-origins")


def claim(options: CrawlOptions) -> ExitStack:
    """Lock the job directory and the archive, then prepare the former; ``LockHeld`` if another crawl has one.

    The locks last until the returned stack is closed. Close it only once the
    archive is closed: a lock on the database file is released by closing a
    descriptor of that file, which also drops SQLite's own locks held by this
    process on it.
    """
    with ExitStack() as stack:  # a failure half-way releases what was taken
        if options.jobdir:
            # First: a crawl refused here must not have created an (empty) archive file.
            Path(options.jobdir).mkdir(parents=True, exist_ok=True)
            stack.enter_context(held(jobdir_lock_path(options.jobdir), "job directory"))
        stack.enter_context(held(options.archive, "archive"))
        jobdir.prepare(options.jobdir)
        return stack.pop_all()
