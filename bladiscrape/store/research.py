"""The research tables: actors and their names, mentions, entities, the timeline, the link graph, missing sources.

They are derived data: ``analyse/`` computes their rows from the stored
articles (pure functions) and these functions replace them, each in one
transaction. A crawl or a reparse refreshes the rows of the articles it wrote
after each batch and the whole-archive tables (link metrics, missing sources)
when it ends; ``bladiscrape analyse`` rebuilds them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bladiscrape.store.batch import insert
from bladiscrape.store.counts import ensure_counts_schema

if TYPE_CHECKING:  # archive.py imports schema.py, which imports this module
    from bladiscrape.store.archive import Archive

RESEARCH_COLUMNS: dict[str, dict] = {
    "actors": {"id": str, "name": str, "kind": str, "description": str, "names": str},
    "actor_aliases": {"actor_id": str, "alias": str, "case_rule": str},
    "mentions": {"article_id": int, "actor_id": str, "count": int, "in_title": int, "first_offset": int,
                 "snippet": str},
    "entities": {"article_id": int, "text": str, "label": str, "count": int},
    "events": {"id": str, "date": str, "end_date": str, "title": str, "description": str, "kind": str,
               "actors": str, "sources": str, "terms": str},
    "event_articles": {"event_id": str, "article_id": int, "relation": str, "score": float},
    "link_metrics": {"article_id": int, "in_links": int, "out_links": int, "in_links_by_kind": str,
                     "pagerank": float, "component": int},
    "missing_sources": {"url": str, "article_id": int, "reason": str, "linked_from": str,
                        "linked_from_count": int, "link_kinds": str, "last_outcome": str, "last_status": int,
                        "detail": str},
}
_KEYS = {
    "actors": ("id", ()), "actor_aliases": (None, [("actor_id", "actors", "id")]),
    "mentions": (("article_id", "actor_id"), [("article_id", "articles", "id"), ("actor_id", "actors", "id")]),
    "entities": (("article_id", "text", "label"), [("article_id", "articles", "id")]),
    "events": ("id", ()),
    "event_articles": (("event_id", "article_id"), [("event_id", "events", "id"), ("article_id", "articles", "id")]),
    "link_metrics": ("article_id", [("article_id", "articles", "id")]),
    "missing_sources": ("url", ()),
}
#: Per-article tables: a batch replaces the rows of the articles it wrote.
PER_ARTICLE = ("mentions", "entities", "event_articles")


def ensure_research_schema(db) -> None:
    """Create what is missing; an older archive gains the tables (and columns) in place."""
    for name, columns in RESEARCH_COLUMNS.items():
        table = db.table(name)
        pk, foreign_keys = _KEYS[name]
        if not table.exists():
            table.create(columns, pk=pk, foreign_keys=list(foreign_keys))
        else:
            for column, kind in columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, kind)
    db.table("actor_aliases").create_index(["alias"], unique=True, if_not_exists=True)
    db.table("actor_aliases").create_index(["actor_id"], if_not_exists=True)
    db.table("mentions").create_index(["actor_id"], if_not_exists=True)
    db.table("event_articles").create_index(["article_id"], if_not_exists=True)
    if "actors" not in db.table("articles").columns_dict:
        # The actors an article names, as a JSON array of names: Datasette's array facet counts each once.
        db.table("articles").add_column("actors", str)
    ensure_counts_schema(db)  # the whole-archive counts (counts.py)


def write_definitions(archive: Archive, actors: Sequence[dict], aliases: Sequence[dict],
                      events: Sequence[dict]) -> None:
    """The actors and events files as tables, replacing what an earlier file said."""
    db = archive.db
    with db.atomic():
        for table in ("mentions", "event_articles", "actor_aliases"):
            db.execute(f"delete from {table}")  # their rows refer to the definitions being replaced
        db.execute("delete from actors")
        db.execute("delete from events")
        db.table("actors").insert_all(actors, pk="id")
        db.table("actor_aliases").insert_all(aliases)
        db.table("events").insert_all(events, pk="id")


def replace_article_rows(archive: Archive, article_ids: Iterable[int], rows: dict[str, list[dict]],
                         actor_names: dict[int, list[str]]) -> None:
    """The per-article research rows of ``article_ids`` (mentions, entities, event links) and their actors facet."""
    ids = list(article_ids)
    db = archive.db
    with db.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for table in PER_ARTICLE:
                if table in rows:
                    db.execute(f"delete from {table} where article_id in ({marks})", chunk)
        for table, table_rows in rows.items():
            # executemany, not sqlite-utils' insert_all: the same rows (containers as JSON), without its
            # per-row Python (a reparse's per-batch research rows were a tenth of its store time)
            insert(db.conn, table, table_rows)
        # Only where the facet changed: a crawl's or reparse's batch has written it already with
        # the article row (refresh.batch_rows), and analyse finds most facets as they were.
        facet = [json.dumps(actor_names.get(article_id) or [], ensure_ascii=False) for article_id in ids]
        db.conn.executemany("update articles set actors = ? where id = ? and actors is not ?",
                            [(names, article_id, names) for article_id, names in zip(ids, facet, strict=True)])


def replace_table(archive: Archive, table: str, rows: list[dict]) -> None:
    """A whole-archive table (``link_metrics``, ``missing_sources``) rebuilt in one transaction."""
    assert table in ("link_metrics", "missing_sources")
    with archive.db.atomic():
        archive.db.execute(f"delete from {table}")
        insert(archive.db.conn, table, rows)


# -- what the analysis reads ----------------------------------------------------------


def article_texts(archive: Archive, ids: Iterable[int] | None = None) -> list[dict]:
    """The articles (id, url, title, lead, body, published_at, tags, in_topic), all or some."""
    sql = "select id, url, title, lead, body, published_at, tags, in_topic, section from articles"
    if ids is None:
        return [dict(r) for r in _rows(archive, sql + " order by id")]
    wanted = list(ids)
    out = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        out += _rows(archive, sql + f" where id in ({', '.join('?' * len(chunk))})", chunk)
    return out


def graph_inputs(archive: Archive) -> dict[str, list[dict]]:
    """What the link graph and the missing-sources list are computed from."""
    return {
        "articles": _rows(archive, "select id, url, in_topic, published_at from articles"),
        "links": _rows(archive, "select from_id, to_url, to_id, kind from links"),
        "fetches": _rows(archive, "select url, outcome, status, detail, article_id, depth, fetched_at, run_id"
                                  " from fetches order by id"),
        "runs": _rows(archive, "select id, args from crawl_runs order by id"),
    }


def _rows(archive: Archive, sql: str, params: Sequence = ()) -> list[dict]:
    cursor = archive.db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def stored_definitions(archive: Archive) -> tuple[list[dict], list[dict], list[dict]]:
    """The actors, aliases and events as stored, in the order ``write_definitions`` wrote them."""
    return (_rows(archive, "select id, name, kind, description, names from actors order by rowid"),
            _rows(archive, "select actor_id, alias, case_rule from actor_aliases order by rowid"),
            _rows(archive, "select id, date, end_date, title, description, kind, actors, sources, terms"
                           " from events order by rowid"))


def counts(archive: Archive) -> dict[str, int]:
    """Rows in each research table."""
    return {name: archive.db.execute(f"select count(*) from {name}").fetchone()[0] for name in RESEARCH_COLUMNS}

