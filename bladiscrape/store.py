"""The archive: a SQLite file written with sqlite-utils.

The schema below is a contract (researchers' SQL and the Datasette metadata
depend on it): columns may be added, never renamed. Writes arrive in batches,
each batch one transaction, so a crawl killed at any moment leaves a database
holding every batch committed before it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
FTS_TOKENIZE = "unicode61 remove_diacritics 2"

ARTICLE_COLUMNS = {
    "id": int, "url": str, "slug": str, "title": str, "lead": str, "body": str,
    "published_at": str, "published_raw": str, "section": str, "author": str,
    "tags": str, "image_url": str, "word_count": int, "in_topic": int,
    "topic_score": float, "topic_terms": str, "extraction": str,
    "first_seen_at": str, "fetched_at": str, "content_sha256": str, "parser_version": str,
    # Provenance: the capture this row was parsed from; when it last changed; when it disappeared.
    "warc_record_id": str, "changed_at": str, "gone_at": str,
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
#: Tables (and some of their columns) whose presence marks a file as an archive.
REQUIRED = {"articles": {"id", "url", "title", "body"}, "fetches": {"url", "outcome"}, "crawl_runs": {"id"}}


class ArchiveError(Exception):
    """A problem with the archive file, worded as a one-line message for the user."""


@dataclass
class ArticleBundle:
    """Everything the archive stores for one article (built by ``normalise``)."""

    article: dict
    tags: list[str] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    search: dict = field(default_factory=dict)


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
            _check_schema(path)
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


def _check_schema(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
    db["articles"].create_index(["url"], unique=True, if_not_exists=True)
    db["articles"].create_index(["published_at"], if_not_exists=True)
    _table(db, "tags", {"id": int, "name": str}, pk="id", not_null={"name"})
    db["tags"].create_index(["name"], unique=True, if_not_exists=True)
    _table(db, "article_tags", {"article_id": int, "tag_id": int, "position": int},
           pk=("article_id", "tag_id"),
           foreign_keys=[("article_id", "articles", "id"), ("tag_id", "tags", "id")])
    db["article_tags"].create_index(["tag_id"], if_not_exists=True)
    _table(db, "links", {"from_id": int, "to_url": str, "to_id": int, "kind": str,
                         "anchor": str, "teaser": str, "position": int},
           pk=("from_id", "to_url", "kind"), foreign_keys=[("from_id", "articles", "id")])
    db["links"].create_index(["to_id"], if_not_exists=True)
    _table(db, "fetches", FETCH_COLUMNS, pk="id", foreign_keys=[("run_id", "crawl_runs", "id")])
    db["fetches"].create_index(["url"], if_not_exists=True)
    db["fetches"].create_index(["run_id"], if_not_exists=True)
    db["fetches"].create_index(["warc_record_id"], if_not_exists=True)  # article pages look captures up by it
    _table(db, "article_versions", VERSION_COLUMNS, pk=("article_id", "version"),
           foreign_keys=[("article_id", "articles", "id")])
    # The stemmed copy that the French word-form search runs on (see search.py).
    _table(db, "article_search", {"id": int, "title": str, "lead": str, "body": str, "tags": str,
                                  "stems": str},
           pk="id", foreign_keys=[("id", "articles", "id")])
    if not db["articles"].detect_fts():
        db["articles"].enable_fts(["title", "lead", "body"], create_triggers=True, tokenize=FTS_TOKENIZE)
    if not db["article_search"].detect_fts():
        db["article_search"].enable_fts(["title", "lead", "body", "tags", "stems"], create_triggers=True,
                                        tokenize=FTS_TOKENIZE)


def _table(db, name, columns, pk, not_null=(), foreign_keys=()):
    table = db[name]
    if not table.exists():
        table.create(columns, pk=pk, not_null=set(not_null), foreign_keys=list(foreign_keys))
        return
    have = set(table.columns_dict)
    for column, kind in columns.items():
        if column not in have:  # an archive from an older version: add, never rename
            table.add_column(column, kind)


class Archive:
    """An open archive. Use ``open_archive``."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite_utils.Database(path)
        self.db.execute("pragma foreign_keys = on")

    # -- crawl runs -------------------------------------------------------
    def start_run(self, started_at: str, args: dict, settings: dict, software_version: str) -> int:
        with self.db.atomic():
            table = self.db["crawl_runs"].insert({
                "started_at": started_at, "args": json.dumps(args, ensure_ascii=False),
                "settings": json.dumps(settings, ensure_ascii=False, default=str),
                "software_version": software_version,
                "articles_new": 0, "articles_updated": 0, "articles_unchanged": 0, "errors": 0,
            })
        return table.last_pk

    def finish_run(self, run_id: int, **values) -> None:
        if "stats" in values and not isinstance(values["stats"], str):
            values["stats"] = json.dumps(values["stats"], ensure_ascii=False, default=str, sort_keys=True)
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, values)

    # -- batches ------------------------------------------------------------
    def write_batch(self, bundles: list[ArticleBundle], fetches: list[dict]) -> dict:
        """Store articles and fetch rows in one transaction; count new/updated/unchanged."""
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        with self.db.atomic():
            for bundle in bundles:
                counts[self._write_article(bundle)] += 1
            if fetches:
                self.db["fetches"].insert_all(fetches)
        return counts

    def _write_article(self, bundle: ArticleBundle) -> str:
        row = dict(bundle.article)
        previous = next(self.db.query("select * from articles where id = ?", [row["id"]]), None)
        outcome = "new"
        if previous:
            row["first_seen_at"] = previous["first_seen_at"]
            row["changed_at"] = previous["changed_at"]
            outcome = "unchanged" if previous["content_sha256"] == row["content_sha256"] else "updated"
            if outcome == "updated" and _new_capture(previous, row):
                # The publisher changed the article (not merely a newer parser
                # reading the same capture): keep the state being replaced.
                self._keep_version(previous)
                row["changed_at"] = row["fetched_at"]
        self.db["articles"].upsert(row, pk="id")
        self.db["article_search"].upsert(bundle.search, pk="id")
        self._replace_tags(row["id"], bundle.tags)
        self._replace_links(row["id"], bundle.links)
        return outcome

    def _keep_version(self, previous: dict) -> None:
        number = self.db.execute(
            "select coalesce(max(version), 0) + 1 from article_versions where article_id = ?", [previous["id"]]
        ).fetchone()[0]
        self.db["article_versions"].insert({
            "article_id": previous["id"], "version": number, **{
                k: previous[k] for k in ("fetched_at", "title", "lead", "body", "tags", "content_sha256",
                                         "warc_record_id", "parser_version")}
        })

    def mark_gone(self, url: str, when: str) -> bool:
        """An archived article answered 404/410: note when; nothing is deleted."""
        with self.db.atomic():
            cursor = self.db.execute("update articles set gone_at = ? where url = ? and gone_at is null", [when, url])
        return cursor.rowcount > 0

    def _replace_tags(self, article_id: int, names: list[str]) -> None:
        self.db.execute("delete from article_tags where article_id = ?", [article_id])
        rows = []
        for position, name in enumerate(names, 1):
            tag_id = self.db["tags"].lookup({"name": name})
            rows.append({"article_id": article_id, "tag_id": tag_id, "position": position})
        if rows:
            self.db["article_tags"].insert_all(rows, ignore=True)

    def _replace_links(self, article_id: int, links: list[dict]) -> None:
        self.db.execute("delete from links where from_id = ?", [article_id])
        if links:
            self.db["links"].insert_all(links, ignore=True)

    def close(self) -> None:
        """Fold the write-ahead log back into the file, so the archive is one file again."""
        try:
            self.db.execute("pragma wal_checkpoint(TRUNCATE)")
            self.db.execute("pragma journal_mode = delete")
        finally:
            self.db.close()


@dataclass
class KnownArticle:
    """What a new crawl needs of an archived article to expand from it without fetching it."""

    id: int
    in_topic: bool
    published_at: str | None
    links: list[tuple[str, str]] = field(default_factory=list)  # (to_url, kind)
    etag: str | None = None
    last_modified: str | None = None


def load_known(path: str | os.PathLike) -> dict[str, KnownArticle]:
    """The archived articles by canonical URL, with their links and HTTP validators."""
    if not Path(path).exists():
        return {}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        known = {url: KnownArticle(aid, bool(in_topic), published)
                 for aid, url, in_topic, published in conn.execute(
                     "select id, url, in_topic, published_at from articles")}
        by_id = {k.id: k for k in known.values()}
        for from_id, to_url, kind in conn.execute(
                "select from_id, to_url, kind from links order by from_id, kind, position"):
            by_id[from_id].links.append((to_url, kind))
        columns = {r[1] for r in conn.execute("pragma table_info(fetches)")}
        if {"etag", "last_modified"} <= columns:
            # The latest successful fetch of each article gives the validators to send.
            for url, etag, modified in conn.execute(
                    "select url, etag, last_modified from fetches where status = 200 "
                    "and (etag is not null or last_modified is not null) order by id"):
                if url in known:
                    known[url].etag, known[url].last_modified = etag, modified
        return known
    finally:
        conn.close()


def _new_capture(previous: dict, row: dict) -> bool:
    """False when the row was re-parsed from the very capture the stored one came from."""
    old, new = previous.get("warc_record_id"), row.get("warc_record_id")
    return not (old and new and old == new)


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
