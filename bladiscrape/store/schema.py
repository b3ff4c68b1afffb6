"""The archive's schema, written as code: tables, columns, indexes, full-text indexes.

The schema is a contract (researchers' SQL and the Datasette metadata depend
on it): columns may be added, never renamed. ``ensure_schema`` only ever adds
what is missing, so an archive from an older version is upgraded in place.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from bladiscrape.store.research import ensure_research_schema
from bladiscrape.store.search_index import ensure_search_index

SQLITE_HEADER = b"SQLite format 3\x00"

ARTICLE_COLUMNS = {
    "id": int, "url": str, "slug": str, "title": str, "lead": str, "body": str,
    "published_at": str, "published_raw": str, "section": str, "author": str,
    "tags": str, "image_url": str, "word_count": int, "in_topic": int,
    "topic_score": float, "topic_terms": str, "extraction": str,
    "first_seen_at": str, "fetched_at": str, "content_sha256": str, "parser_version": str,
    # Provenance: the capture this row was parsed from; when it last changed; when it disappeared.
    "warc_record_id": str, "changed_at": str, "gone_at": str,
    # The origin the page was fetched from (--site), and what a row from another origin holds
    # ("replica test text"; core/origins.py): the URL is canonical whatever the origin.
    "origin": str, "origin_note": str,
}
FETCH_COLUMNS = {
    "id": int, "run_id": int, "url": str, "status": int, "fetched_at": str, "bytes": int,
    "outcome": str, "detail": str, "article_id": int, "depth": int, "referer": str,
    "warc_file": str, "warc_offset": int, "warc_length": int, "warc_record_id": str,
    "payload_sha256": str, "etag": str, "last_modified": str,
}
RUN_COLUMNS = {
    "id": int, "started_at": str, "finished_at": str, "args": str, "settings": str,
    "stats": str, "articles_new": int, "articles_updated": int, "articles_unchanged": int,
    "errors": int, "finish_reason": str, "software_version": str,
    "requests": int, "requests_per_new_article": float,
}
VERSION_COLUMNS = {
    "article_id": int, "version": int, "fetched_at": str, "title": str, "lead": str, "body": str,
    "tags": str, "content_sha256": str, "warc_record_id": str, "parser_version": str,
}
#: Every item seen on a listing page, fetched or not: what discovery skipped stays visible.
LISTING_ITEM_COLUMNS = {
    "id": int, "url": str, "article_id": int, "title": str, "published_at": str, "teaser": str,
    "listing_url": str, "seen_at": str, "listing_score": float, "fetched": int,
}
#: Listing pages read, and the dates they covered: what re-crawls and resumes know was read.
LISTING_PAGE_COLUMNS = {
    "url": str, "listing": str, "page_offset": int, "items": int, "newest": str, "oldest": str,
    "read_at": str, "run_id": int, "purpose": str,
}
#: The search page's covering index of its filters and sort keys, looked up by article id
#: (store/indexes.py: why, and its addition to an older archive when it is served).
READING_INDEX = "idx_articles_reading"
READING_INDEX_SQL = (f"create index if not exists {READING_INDEX}"
                     " on articles (id, published_at, section, author, in_topic)")
#: Tables (and some of their columns) whose presence marks a file as an archive.
REQUIRED = {"articles": {"id", "url", "title", "body"}, "fetches": {"url", "outcome"}, "crawl_runs": {"id"}}


class ArchiveError(Exception):
    """A problem with the archive file, worded as a one-line message for the user."""


def check_path(path: str | os.PathLike) -> Path:
    """Refuse, before anything is written, a path that cannot hold an archive."""
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"{path} is a directory, not a database file")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise ArchiveError(f"cannot write to {path}")
        if path.stat().st_size:
            with open(path, "rb") as f:
                if f.read(16) != SQLITE_HEADER:
                    raise ArchiveError(f"{path} is not a SQLite database")
            check_schema(path)
    else:
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise ArchiveError(f"cannot create {path}: directory {parent} does not exist")
        _check_can_create(parent, path)
    return path


def _check_can_create(parent: Path, path: Path) -> None:
    # os.access says yes to root everywhere; only trying tells (e.g. /proc).
    try:
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".bladiscrape-check-"):
            pass
    except OSError as e:
        raise ArchiveError(f"cannot create {path}: {e.strerror or e}") from None


def check_schema(path: Path) -> None:
    try:
        conn = connect_readonly(path)
        try:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
            if not tables:
                return  # an empty SQLite file: becomes an archive
            for table, columns in REQUIRED.items():
                if table not in tables:
                    raise ArchiveError(f"{path} is a SQLite database but not a bladiscrape archive (no {table} table)")
                have = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
                if not columns <= have:
                    missing = ", ".join(sorted(columns - have))
                    raise ArchiveError(f"{path} is not a bladiscrape archive ({table} lacks {missing})")
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise ArchiveError(f"{path} is not a readable SQLite database ({e})") from None


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, indexes and full-text indexes."""
    _table(db, "crawl_runs", RUN_COLUMNS, pk="id")
    _table(db, "articles", ARTICLE_COLUMNS, pk="id", not_null={"url", "title", "body"})
    db.table("articles").create_index(["url"], unique=True, if_not_exists=True)
    # The published archive's facets count these columns: with an index each is a
    # scan of the index, not of 100,000 rows with their texts (publish/facets.py).
    for column in ("section", "author", "in_topic"):
        db.table("articles").create_index([column], if_not_exists=True)
    db.execute("create index if not exists idx_articles_published_day on articles (date(published_at))")
    # A crawl's start picks the articles fetched from its --site (store/known.py): from this index,
    # not by reading every row.
    db.execute("create index if not exists idx_articles_origin on articles (origin collate nocase)")
    # coverage_by_month reads these four columns of every article: from the index, not the rows.
    db.table("articles").create_index(["published_at", "section", "in_topic", "word_count"],
                                      index_name="idx_articles_coverage", if_not_exists=True)
    # The search page's covering index, written with the archive rather than only when it is
    # first served, so a crawl's archive is ready to serve read-only.
    db.execute(READING_INDEX_SQL)
    # It starts with published_at, so date ranges and date order use it too: a second index on
    # published_at alone (earlier versions) cost every insert and 40 bytes an article for nothing.
    db.execute("drop index if exists idx_articles_published_at")
    _table(db, "tags", {"id": int, "name": str}, pk="id", not_null={"name"})
    db.table("tags").create_index(["name"], unique=True, if_not_exists=True)
    _table(db, "article_tags", {"article_id": int, "tag_id": int, "position": int},
           pk=("article_id", "tag_id"),
           foreign_keys=[("article_id", "articles", "id"), ("tag_id", "tags", "id")])
    db.table("article_tags").create_index(["tag_id"], if_not_exists=True)
    _table(db, "links", {"from_id": int, "to_url": str, "to_id": int, "kind": str,
                         "anchor": str, "teaser": str, "position": int},
           pk=("from_id", "to_url", "kind"), foreign_keys=[("from_id", "articles", "id")])
    # link_graph lists links in (source date, source, kind, position) order. The primary key's
    # index starts with from_id, so each source's links are found by it and only those few
    # (8 on average) are sorted by kind and position ("right part of ORDER BY"): the first page
    # still comes without sorting 800,000 links. Earlier versions kept an index on (from_id,
    # kind, position) for that order: 228 bytes an article, and a third index for every link
    # written, for a sort of eight rows.
    db.execute("drop index if exists idx_links_from_id_kind_position")
    # most_linked counts linking articles per target and kind from the index alone.
    db.table("links").create_index(["to_id", "kind", "from_id"], if_not_exists=True)
    # That index starts with to_id, so a look-up by target alone needs no index of its own (earlier versions had one).
    db.execute("drop index if exists idx_links_to_id")
    _table(db, "fetches", FETCH_COLUMNS, pk="id", foreign_keys=[("run_id", "crawl_runs", "id")])
    db.table("fetches").create_index(["url"], if_not_exists=True)
    db.table("fetches").create_index(["run_id"], if_not_exists=True)
    db.table("fetches").create_index(["warc_record_id"], if_not_exists=True)  # article pages look captures up by it
    _table(db, "article_versions", VERSION_COLUMNS, pk=("article_id", "version"),
           foreign_keys=[("article_id", "articles", "id")])
    _table(db, "listing_items", LISTING_ITEM_COLUMNS, pk="id", not_null={"url", "listing_url"})
    db.table("listing_items").create_index(["listing_url", "url"], unique=True, if_not_exists=True)
    db.table("listing_items").create_index(["url"], if_not_exists=True)
    _table(db, "listing_pages", LISTING_PAGE_COLUMNS, pk="url", foreign_keys=[("run_id", "crawl_runs", "id")])
    db.table("listing_pages").create_index(["listing"], if_not_exists=True)
    # Both full-text indexes, the stems the word-form search runs on, and the triggers (search_index.py).
    ensure_search_index(db)
    ensure_research_schema(db)  # the derived research tables (research.py)


def _table(db, name, columns, pk, not_null=(), foreign_keys=()):
    table = db.table(name)
    if not table.exists():
        table.create(columns, pk=pk, not_null=set(not_null), foreign_keys=list(foreign_keys))
        return
    have = set(table.columns_dict)
    for column, kind in columns.items():
        if column not in have:  # an archive from an older version: add, never rename
            table.add_column(column, kind)



def readonly_uri(path: str | os.PathLike, *, immutable: bool = False) -> str:
    """``file:`` URI opening ``path`` read-only, whatever characters the path holds.

    SQLite's URI form takes ``?`` and ``#`` in a path as the start of the query
    or fragment and ``%`` as an escape, so the path is always quoted.
    """
    quoted = quote(Path(path).absolute().as_posix(), safe="/")
    return f"file:{quoted}?mode=ro" + ("&immutable=1" if immutable else "")


def connect_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    return sqlite3.connect(readonly_uri(path), uri=True)
