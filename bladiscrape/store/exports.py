"""Reading a selection of articles for the exports, with their tags, actors, links and capture.

``select_articles`` is the one selection every export uses (``--query``,
``--since``, ``--until``, ``--in-topic``); the search is the archive's French
word-form search (``core.stems.fts_query`` over ``article_search_fts``), the one
the Datasette search box runs.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass

from bladiscrape.core.stems import fts_query
from bladiscrape.store.schema import connect_readonly


@dataclass(frozen=True)
class Selection:
    query: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive, on the local publication day
    until: str | None = None
    in_topic: bool = False

    def where(self) -> tuple[str, list]:
        clauses, params = ["1 = 1"], []
        if self.query:
            clauses.append("a.id in (select rowid from article_search_fts where article_search_fts match ?)")
            params.append(fts_query(self.query) or '""')
        if self.since:
            clauses.append("substr(a.published_at, 1, 10) >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("substr(a.published_at, 1, 10) <= ?")
            params.append(self.until)
        if self.in_topic:
            clauses.append("a.in_topic = 1")
        return " and ".join(clauses), params


def select_articles(path: str | os.PathLike, selection: Selection) -> Iterator[dict]:
    """The selected articles in date order, each with ``tags`` and ``actors`` (lists) and its ``capture``."""
    with closing(connect_readonly(path)) as conn:
        conn.row_factory = sqlite3.Row
        where, params = selection.where()
        sql = (f"select a.*, f.warc_file, f.warc_offset, f.warc_length, f.fetched_at as captured_at"
               f" from articles a left join fetches f on f.id = (select min(id) from fetches"
               f" where warc_record_id = a.warc_record_id and a.warc_record_id is not null)"
               f" where {where} order by a.published_at, a.id")
        for row in conn.execute(sql, params):
            article = dict(row)
            article["tags"] = json.loads(article.get("tags") or "[]")
            article["actors"] = json.loads(article.get("actors") or "[]")
            article["capture"] = {k: article.pop(k) for k in ("warc_record_id", "warc_file", "warc_offset",
                                                              "warc_length", "captured_at")}
            yield article


def graph_rows(path: str | os.PathLike) -> tuple[list[dict], list[dict]]:
    """Every archived article (id, url, title, published_at, section, in_topic, actors) and every link row."""
    with closing(connect_readonly(path)) as conn:
        conn.row_factory = sqlite3.Row
        columns = {r[1] for r in conn.execute("pragma table_info(articles)")}
        actors = "actors" if "actors" in columns else "null as actors"
        articles = [dict(r) for r in conn.execute(
            f"select id, url, title, published_at, section, in_topic, {actors} from articles order by id")]
        links = [dict(r) for r in conn.execute("select from_id, to_url, to_id, kind from links order by from_id")]
    return articles, links
