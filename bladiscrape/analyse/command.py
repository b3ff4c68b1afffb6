"""``bladiscrape analyse [--db PATH] [--actors FILE]``: recompute the research tables from the stored articles.

Exit 0 with one summary line; 2 with one line for bad input (nothing written); 1 with one line
when the archive cannot be written (each table is replaced in its own transaction, so the file
keeps either the old rows or the new ones of each).
"""

from __future__ import annotations

import sys

from bladiscrape.analyse.refresh import analyse_archive, load_research
from bladiscrape.store import ArchiveError, WriteFailed, check_archive, open_archive
from bladiscrape.store.locks import LockHeld, held


def run(db: str, actors: str | None = None) -> int:
    """0 and one summary line; 2 and one error line for bad input, with nothing written."""
    try:
        check_archive(db)
        research = load_research(actors)
    except (ArchiveError, ValueError) as e:  # ValueError: ActorsError, EpisodeError
        print(f"bladiscrape: error: {e}", file=sys.stderr)
        return 2
    try:
        with held(db, "archive"):
            archive = open_archive(db)
            try:
                with archive.writing():
                    counts = analyse_archive(archive, research)
            finally:
                archive.close()
    except (LockHeld, ArchiveError) as e:
        print(f"bladiscrape: error: {e}", file=sys.stderr)
        return 2
    except WriteFailed as e:  # a full disk, a read-only file system, a reader holding the file
        print(f"bladiscrape: error: {e}", file=sys.stderr)
        return 1
    print("Analysed " + ", ".join(f"{n} {name}" for name, n in counts.items()) + f" -> {db}")
    return 0
