"""The archived articles a crawl starts from, looked up in SQLite one at a time.

A re-crawl needs, for an archived article it reaches, whether it was in topic,
its date, its stored links and its HTTP validators. Loading all of them up
front cost seconds and hundreds of megabytes on a 100,000-article archive.
Here only the ids archived when the crawl began are held (a set of ints);
an article's details are read when the crawl reaches it, through one
read-only connection that ``close`` releases; the writer closes every
reader of its file before it leaves WAL mode, which it cannot do while
another connection is open.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from weakref import ref

from bladiscrape.core.urls import article_id
from bladiscrape.model import KnownArticle, KnownArticles
from bladiscrape.store.readonly import crawled_sites
from bladiscrape.store.rows import synthetic_id
from bladiscrape.store.schema import connect_readonly


class ArchivedArticles(KnownArticles):
    """The archive's articles as of the crawl's start, by canonical URL."""

    def __init__(self, path: str | os.PathLike, origin: str | None = None):
        super().__init__()
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        # Only the articles archived when the crawl began (what this run stores is its
        # own), and with ``origin`` only those fetched from it.
        self._ids: frozenset[int] = frozenset(
            r[0] for query in self._known_queries(origin) for r in self._query(*query))
        self._validators = "etag" in {r[1] for r in self._query("pragma table_info(fetches)")}

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if not self.path.exists():
            return []
        if self._conn is None:
            self._conn = connect_readonly(self.path)
            _OPEN[id(self)] = ref(self)
        return self._conn.execute(sql, params).fetchall()

    def _known_queries(self, origin: str | None) -> list[tuple[str, tuple]]:
        query = "select id from articles"
        if origin is None or not self.path.exists():
            return [(query, ())]
        only = all(site.lower() == origin.lower() for site in crawled_sites(self.path))
        if "origin" not in {r[1] for r in self._query("pragma table_info(articles)")}:
            return [(query, ())] if only else []
        # "collate nocase" is lower() = lower() (both fold ASCII only); idx_articles_origin serves
        # both queries as ranges (one "or" of the two would merge 100,000 rowids first).
        return [(query + " where origin = ? collate nocase", (origin,))] + (
            [(query + " where origin is null", ())] if only else [])

    def close(self) -> None:
        """Release the connection (a later lookup opens another)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        _OPEN.pop(id(self), None)

    def _id_of(self, url: str) -> int:
        aid = article_id(url)
        return aid if aid is not None else synthetic_id(url)  # as store.rows numbers an article

    def url_of_id(self, aid: int) -> str | None:
        if aid not in self._ids:
            return None
        rows = self._query("select url from articles where id = ?", (aid,))
        return rows[0][0] if rows else None

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self._id_of(url) in self._ids and self.url_of_id(self._id_of(url)) == url

    def __getitem__(self, url: str) -> KnownArticle:
        rows = self._query("select id, in_topic, published_at from articles where url = ?", (url,))
        if not rows or rows[0][0] not in self._ids:
            raise KeyError(url)
        aid, in_topic, published = rows[0]
        known = KnownArticle(aid, bool(in_topic), published, links=[
            (to_url, kind) for to_url, kind in self._query(
                "select to_url, kind from links where from_id = ? order by kind, position", (aid,))])
        if self._validators:
            # The latest successful fetch of the article gives the validators to send.
            for etag, modified in self._query(
                    "select etag, last_modified from fetches where url = ? and status = 200 and"
                    " (etag is not null or last_modified is not null) order by id desc limit 1", (url,)):
                known.etag, known.last_modified = etag, modified
        return known

    def __iter__(self) -> Iterator[str]:
        return iter([url for aid, url in self._query("select id, url from articles") if aid in self._ids])

    def __len__(self) -> int:
        return len(self._ids)


#: The readers with a connection open. The writer closes those of its file before it
#: leaves WAL mode (``Archive.close``), whichever component of a crawl holds one.
#: (By id and weak reference: a Mapping compares by content, so it cannot be hashed.)
_OPEN: dict[int, ref[ArchivedArticles]] = {}


def close_readers(path: str | os.PathLike) -> None:
    for reader in [r() for r in list(_OPEN.values())]:
        if reader is not None and reader.path.resolve() == Path(path).resolve():
            reader.close()
