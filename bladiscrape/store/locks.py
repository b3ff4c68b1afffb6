"""One writer at a time: advisory locks on an archive file and on a ``--jobdir``.

Two crawls writing one archive, or sharing one job directory, would interleave
their batches or delete each other's queue. Each writer takes an exclusive
``flock`` for as long as it runs; a second one is refused with one line. The
lock is the kernel's, so it vanishes with the process, ``kill -9`` included:
there is no stale lock file to clean up.

``flock`` locks are independent of the POSIX record locks SQLite takes on the
same file (Linux, BSD, macOS), so locking the database file itself does not
interfere with SQLite. One caution follows from POSIX locks, though: closing
*any* descriptor of a file drops the POSIX locks the process holds on it. So a
writer takes its lock before it opens the archive and releases it only after
closing it, and ``is_locked`` must not be called by a process that has the
archive open in SQLite.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

JOBDIR_LOCK = "bladiscrape.lock"


class LockHeld(Exception):
    """Another process holds the lock; worded as a one-line message for the user."""


@contextmanager
def held(path: str | os.PathLike, what: str, *, create: bool = True):
    """Hold an exclusive lock on ``path`` for the block; ``LockHeld`` when someone else has it."""
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    fd = os.open(path, flags, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeld(f"{what} {path} is in use by another bladiscrape crawl (or reparse); "
                           "wait for it to end") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def jobdir_lock_path(jobdir: str | os.PathLike) -> Path:
    return Path(jobdir) / JOBDIR_LOCK


def is_locked(path: str | os.PathLike) -> bool:
    """True while a writer holds ``path`` (an archive being crawled into)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
