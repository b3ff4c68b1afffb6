"""The archive: a SQLite file written with sqlite-utils.

The schema (``schema.py``) is a contract. Writes arrive in batches,
each batch one transaction, so a crawl killed at any moment leaves a database
holding every batch committed before it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from bladiscrape.model import ArticleBundle, ListingRows
from bladiscrape.store import batch
from bladiscrape.store.known import ArchivedArticles, close_readers
from bladiscrape.store.schema import ArchiveError, check_path, connect_readonly, ensure_schema


class WriteFailed(Exception):
    """The archive could not be written (disk full, read-only file system, I/O error); one line for the user.

    The failed transaction is rolled back: the file holds every batch committed before it, and opens.
    """


class Archive:
    """An open archive. Use ``open_archive``."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite_utils.Database(path)
        self.db.execute("pragma foreign_keys = on")

    # -- crawl runs -------------------------------------------------------
    def start_run(self, started_at: str, args: dict, settings: dict, software_version: str) -> int:
        with self.db.atomic():
            table = self.db.table("crawl_runs").insert({
                "started_at": started_at, "args": json.dumps(args, ensure_ascii=False),
                "settings": json.dumps(settings, ensure_ascii=False, default=str),
                "software_version": software_version,
                "articles_new": 0, "articles_updated": 0, "articles_unchanged": 0, "errors": 0,
            })
        run_id = table.last_pk
        assert run_id is not None  # an insert always sets it
        return run_id

    def finish_run(self, run_id: int, **values) -> None:
        if "stats" in values and not isinstance(values["stats"], str):
            values["stats"] = json.dumps(values["stats"], ensure_ascii=False, default=str, sort_keys=True)
        with self.db.atomic():
            self.db.table("crawl_runs").update(run_id, values)

    # -- batches ------------------------------------------------------------
    def write_batch(self, bundles: list[ArticleBundle], fetches: list[dict],
                    listings: Sequence[ListingRows] = ()) -> dict:
        """Store articles, fetch rows and listing pages in one transaction; count new/updated/unchanged."""
        with self.db.atomic():
            return batch.write(self.db.conn, bundles, fetches, listings)

    def mark_gone(self, url: str, when: str) -> bool:
        """An archived article answered 404/410: note when; nothing is deleted."""
        with self.db.atomic():
            cursor = self.db.execute("update articles set gone_at = ? where url = ? and gone_at is null", [when, url])
        return cursor.rowcount > 0

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Turn SQLite's write failures inside the block into ``WriteFailed``, naming the file and the cause."""
        try:
            yield
        except sqlite3.OperationalError as e:  # "database or disk is full", "attempt to write a readonly database"
            raise WriteFailed(f"cannot write {self.path}: {e}") from None

    def close(self) -> None:
        """Fold the write-ahead log back into the file, so the archive is one file again.

        When that fails (the disk is full) the log stays beside the file: SQLite
        reads both, so the archive still opens whole.
        """
        close_readers(self.path)  # a crawl's lookups of known articles would keep the log
        try:
            with self.writing():
                self.db.execute("pragma wal_checkpoint(TRUNCATE)")
                self.db.execute("pragma journal_mode = delete")
        finally:
            self.db.close()


def load_known(path: str | os.PathLike, origin: str | None = None) -> ArchivedArticles:
    """The archived articles by canonical URL, with their links and HTTP validators, read as the crawl asks.

    With ``origin``, only the articles fetched from it: a replica's test text
    under a Bladi.net URL must not pass for the article, so a crawl of the live
    site fetches it. Rows older than ``articles.origin`` count when every crawl
    of the archive used that origin.
    """
    return ArchivedArticles(path, origin)


#: Listing pages that count as covered: read by a run that ended (a killed run never records its end)
#: and whose every item chosen for fetching was then archived or recorded in ``fetches``.
SETTLED_PAGES = """
select p.listing, p.url, p.page_offset, p.items, p.newest, p.oldest, p.read_at from listing_pages p
join crawl_runs r on r.id = p.run_id and r.finished_at is not null
where not exists (select 1 from listing_items i where i.listing_url = p.url and i.fetched = 1
                  and not exists (select 1 from articles a where a.url = i.url)
                  and not exists (select 1 from fetches f where f.url = i.url))
order by p.listing, p.page_offset
"""


def load_listing_coverage(path: str | os.PathLike) -> dict[str, list[dict]]:
    """Listing pages earlier runs read and settled, by listing (its URL without offset), shallowest first.

    A page read by a killed run is not coverage: the run's queue died with it,
    so the items it had chosen may never have been fetched, and a resumed run
    must read the listing as the uninterrupted run would have (its pages, not
    ``--max-pages`` more below them). Archived items cost nothing on the re-read:
    they are expanded from the archive, not fetched.
    """
    if not Path(path).exists():
        return {}
    conn = connect_readonly(path)
    try:
        if not conn.execute("select 1 from sqlite_master where name = 'listing_pages'").fetchone():
            return {}
        coverage: dict[str, list[dict]] = {}
        for row in conn.execute(SETTLED_PAGES):
            keys = ("listing", "url", "page_offset", "items", "newest", "oldest", "read_at")
            coverage.setdefault(row[0], []).append(dict(zip(keys, row, strict=True)))
        return coverage
    finally:
        conn.close()


def open_archive(path: str | os.PathLike) -> Archive:
    """Open (or create) an archive for writing; raises ArchiveError with a one-line message."""
    path = check_path(path)
    archive = Archive(path)
    try:
        archive.db.execute("pragma journal_mode = wal")
        archive.db.execute("pragma synchronous = normal")
        ensure_schema(archive.db)
    except sqlite3.DatabaseError as e:
        archive.db.close()
        raise ArchiveError(f"cannot use {path} as an archive ({e})") from None
    return archive
