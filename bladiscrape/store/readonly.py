"""Reading an archive without writing to it: the one place read-only connections are built.

Everything outside ``store/`` that needs to look into an archive file (publish,
the CLI, the demo) asks here; connections come from ``schema.connect_readonly``,
which quotes the path into its URI.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

from bladiscrape.store.schema import REQUIRED, SQLITE_HEADER, ArchiveError, check_schema, connect_readonly, readonly_uri


def open_for_server(path: str | os.PathLike, *, immutable: bool) -> sqlite3.Connection:
    """A read-only connection a web server may use from any of its threads (Datasette's).

    ``immutable`` tells SQLite the file cannot change, so it takes no locks and
    never looks for a write-ahead log: only for an archive no crawl is writing.
    Such a file is also read through memory-mapped I/O: SQLite then reads pages
    where the system's cache holds them instead of copying each one into its
    own (a search's coding sheet walks 20 MB of texts' overflow pages: 15 to 20
    ms of its 75 to 90 ms query at 100,000 articles). A file that is still
    growing keeps SQLite's plain reads.
    """
    conn = sqlite3.connect(readonly_uri(path, immutable=immutable), uri=True, check_same_thread=False)
    if immutable:
        conn.execute(f"pragma mmap_size = {MMAP_BYTES}")
    return conn


#: Up to this much of an immutable archive is mapped (SQLite caps it at its own build's limit, 2 GB by default).
MMAP_BYTES = 1 << 32


def table_names(path: str | os.PathLike) -> set[str]:
    with closing(connect_readonly(path)) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}


def check_archive(db_path: str | os.PathLike) -> Path:
    """Refuse a path that is not an existing, readable bladiscrape archive."""
    path = Path(db_path)
    if not path.exists():
        raise ArchiveError(f"{path} does not exist (crawl first: bladiscrape crawl --db {path})")
    if path.is_dir():
        raise ArchiveError(f"{path} is a directory, not a database file")
    try:
        with open(path, "rb") as f:
            header = f.read(16)
    except OSError as e:
        raise ArchiveError(f"cannot read {path} ({e.strerror})") from None
    if not header:
        raise ArchiveError(f"{path} is empty, not a bladiscrape archive")
    if header != SQLITE_HEADER:
        raise ArchiveError(f"{path} is not a SQLite database")
    check_schema(path)  # raises for a SQLite file holding some other application's tables
    if not table_names(path) >= set(REQUIRED):  # an empty SQLite file passes check_schema
        raise ArchiveError(f"{path} is an empty SQLite database, not a bladiscrape archive")
    return path


def article_count(path: str | os.PathLike) -> int:
    """Articles in an archive; 0 for a missing or unreadable file."""
    if not Path(path).exists():
        return 0
    try:
        with closing(connect_readonly(path)) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def crawled_sites(path: str | os.PathLike) -> list[str]:
    """The ``--site`` origins the archive's crawl runs recorded (hostless runs, such as reparse, skipped)."""
    try:
        with closing(connect_readonly(path)) as conn:
            rows = conn.execute("select args from crawl_runs").fetchall()
    except sqlite3.Error:
        return []
    sites = []
    for (args,) in rows:
        try:
            site = (json.loads(args or "{}") or {}).get("site") or ""
        except (ValueError, AttributeError):
            continue
        if urlsplit(site).hostname and site not in sites:
            sites.append(site)
    return sites


def archive_origins(path: str | os.PathLike) -> list[str]:
    """The origins an archive was built from: its articles' ``origin`` and its crawls' ``--site``."""
    if not Path(path).exists():
        return []
    origins = crawled_sites(path)
    try:
        with closing(connect_readonly(path)) as conn:
            if "origin" in {r[1] for r in conn.execute("pragma table_info(articles)")}:
                for (origin,) in conn.execute("select distinct origin from articles where origin is not null"):
                    if origin not in origins:
                        origins.append(origin)
    except sqlite3.Error:
        pass  # not an archive yet: check_path says so
    return origins


def checkpoint_wal(db_path: str | os.PathLike) -> None:
    """Fold a leftover write-ahead log into the file.

    Immutable mode reads the main file only, so rows an interrupted crawl
    left in ``<db>-wal`` would otherwise be invisible.
    """
    path = Path(db_path)
    if not Path(f"{path}-wal").exists():
        return
    try:
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("pragma wal_checkpoint(TRUNCATE)")
            conn.execute("pragma journal_mode = delete")
    except sqlite3.Error as e:
        raise ArchiveError(f"cannot fold {path}-wal into {path} ({e}); is a crawl still writing to it?") from None


def missing_source_urls(path: str | os.PathLike, reasons: tuple[str, ...]) -> list[str]:
    """URLs of the archive's missing sources with one of ``reasons`` (``crawl --fill-gaps``); [] without any."""
    if not Path(path).exists():
        return []
    with closing(connect_readonly(path)) as conn:
        if not conn.execute("select 1 from sqlite_master where name = 'missing_sources'").fetchone():
            return []
        marks = ", ".join("?" * len(reasons))
        return [url for (url,) in conn.execute(
            f"select url from missing_sources where reason in ({marks}) order by url", list(reasons))]
