"""Precomputed counts for the whole-archive canned queries and the timeline, and whether they are up to date.

The coverage, co-occurrence and most-linked queries count over every article,
tag pair or link: seconds at 100,000 articles. These tables hold those counts,
rebuilt by ``refresh`` in one transaction of ``insert ... select ... group by``
(SQLite does the counting; no row passes through Python) at the end of every
crawl, reparse and replay and by ``bladiscrape analyse``.

``counts_state.fresh`` says whether they describe the archive as it is: a run
sets it to 0 when it opens the archive (``mark_stale``) and ``refresh`` to 1
when the run ends. A crawl killed before its end, or an archive from before
these tables, leaves it 0 (or no row), and the queries in metadata.yml then
count from the articles themselves, as they did before: slower, never wrong.
Each query holds both ways, guarded by two CTEs of which exactly one has a row,
``fresh as (select 1 from counts_state where id = 1 and fresh = 1)`` and
``stale as (select 1 where not exists (select 1 from fresh))``: ``fresh cross
join <counts>`` reads nothing while stale, ``stale cross join <articles...>``
nothing while fresh. (A ``where`` on the flag would not do: SQLite 3.40 still
scans the table and tests the flag on every row; a cross join with an empty
first table stops at once.)
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils
from sqlite_utils.db import DescIndex

if TYPE_CHECKING:  # archive.py imports schema.py, which imports research.py, which imports this module
    from bladiscrape.store.archive import Archive

COUNTS_COLUMNS: dict[str, dict] = {
    # One row (id 1): fresh is 1 when the counts below were refreshed after the last write.
    "counts_state": {"id": int, "fresh": int, "refreshed_at": str},
    # Articles per publication day (the date part of published_at, Moroccan local), section and in_topic.
    "day_counts": {"day": str, "section": str, "in_topic": int, "articles": int, "in_topic_articles": int,
                   "in_topic_words": int},
    # Pairs of keywords on the same articles (tag_a < tag_b by name).
    "tag_pair_counts": {"tag_a": str, "tag_b": str, "articles": int, "first_date": str, "last_date": str},
    # The most-linked archived articles: the first MOST_LINKED of each kind, and over every kind (kind '').
    "link_target_counts": {"to_id": int, "kind": str, "published_at": str, "linking_articles": int,
                           "in_body": int, "further_reading": int, "recommended": int},
    # Links of each kind (the kinds the link queries offer).
    "link_kind_counts": {"kind": str, "links": int},
    # Articles naming each actor, per month of publication.
    "mention_month_counts": {"actor_id": str, "month": str, "articles": int},
}
_INDEXES: dict[str, list[tuple]] = {
    "day_counts": [("day",)],
    "tag_pair_counts": [(DescIndex("articles"), "tag_a", "tag_b")],  # tag_cooccurrence's order
    "link_target_counts": [("kind",)],
    "mention_month_counts": [("actor_id", "month")],
}
#: Rows kept per kind of link: most_linked shows the first 100 (its ``limit``). Keeping only
#: those spares writing and indexing a row per linked article and kind (500,000 at 100,000 articles).
MOST_LINKED = 100

_FILL = {
    "day_counts": """
        select substr(published_at, 1, 10), section, in_topic, count(*), sum(in_topic),
               sum(case when in_topic = 1 then word_count else 0 end)
        from articles where published_at is not null
        group by substr(published_at, 1, 10), section, in_topic""",
    # the same join as tag_cooccurrence counted live, without its filter (which is on the pair's names)
    "tag_pair_counts": """
        select t1.name, t2.name, count(*), min(substr(a.published_at, 1, 10)), max(substr(a.published_at, 1, 10))
        from article_tags x
        join article_tags y on y.article_id = x.article_id and y.tag_id != x.tag_id
        join tags t1 on t1.id = x.tag_id
        join tags t2 on t2.id = y.tag_id and t1.name < t2.name
        join articles a on a.id = x.article_id
        group by t1.name, t2.name""",
    # as most_linked counted live: per kind (count(distinct) does not add up across kinds), then every
    # kind under kind '' (which most_linked's kind = '' means; no link has that kind)
    "link_target_counts": """
        select c.to_id, c.kind, t.published_at, c.linking_articles, c.in_body, c.further_reading, c.recommended
        from (
          select to_id, kind, count(distinct from_id) as linking_articles, sum(kind = 'in_body') as in_body,
                 sum(kind = 'further_reading') as further_reading, sum(kind = 'recommended') as recommended
          from links where to_id is not null and from_id != to_id and kind != '' group by to_id, kind
          union all
          select to_id, '', count(distinct from_id), sum(kind = 'in_body'), sum(kind = 'further_reading'),
                 sum(kind = 'recommended')
          from links where to_id is not null and from_id != to_id group by to_id
        ) c join articles t on t.id = c.to_id""",
    "link_kind_counts": "select kind, count(*) from links group by kind",
    "mention_month_counts": """
        select m.actor_id, substr(a.published_at, 1, 7), count(*)
        from mentions m join articles a on a.id = m.article_id
        where a.published_at is not null
        group by m.actor_id, substr(a.published_at, 1, 7)""",
}


def ensure_counts_schema(db) -> None:
    """Create the count tables an archive lacks (an older archive gains them, empty and not fresh)."""
    for name, columns in COUNTS_COLUMNS.items():
        table = db.table(name)
        if not table.exists():
            table.create(columns, pk="id" if name == "counts_state" else None)
        else:
            for column, kind in columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, kind)
        for index in _INDEXES.get(name, ()):
            table.create_index(list(index), if_not_exists=True, find_unique_name=True)


def add_missing_tables(db_path: str | os.PathLike) -> None:
    """Before serving: an archive from before these tables gains them, empty and not fresh.

    The canned queries name them, so without them they would fail; with them
    (not fresh) they count from the articles until the next crawl or analyse.
    A file that cannot be written is left as it is: its queries then say which table is missing.
    """
    from bladiscrape.store.schema import connect_readonly  # schema.py imports this module (through research.py)

    path = Path(db_path)
    try:
        with closing(connect_readonly(path)) as conn:
            have = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
        if set(COUNTS_COLUMNS) <= have or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            return
        db = sqlite_utils.Database(sqlite3.connect(path, timeout=1))
        try:
            ensure_counts_schema(db)
        finally:
            db.close()
    except sqlite3.Error:  # locked by a writer, read-only medium...: left as it is
        pass


def refresh_if_stale(db_path: str | os.PathLike) -> float | None:
    """The counts of an archive whose last run did not write them (e.g. a cached one); seconds spent, or None."""
    db = sqlite_utils.Database(Path(db_path))
    try:
        ensure_counts_schema(db)
        if db.execute("select exists (select 1 from counts_state where id = 1 and fresh = 1)").fetchone()[0]:
            return None
        started = time.perf_counter()
        _rewrite(db)
        return time.perf_counter() - started
    finally:
        db.close()


def mark_stale(archive: Archive) -> None:
    """A run is about to write: until its ``refresh``, the queries count from the articles."""
    with archive.db.atomic():
        archive.db.execute("insert or replace into counts_state (id, fresh, refreshed_at)"
                           " values (1, 0, (select refreshed_at from counts_state where id = 1))")


def refresh(archive: Archive) -> None:
    """Every count table rebuilt from the archive as it is, then marked fresh, in one transaction."""
    _rewrite(archive.db)


def _rewrite(db: sqlite_utils.Database) -> None:
    with db.atomic():
        for table, select in _FILL.items():
            columns = ", ".join(COUNTS_COLUMNS[table])
            db.execute(f"delete from {table}")
            if table == "link_target_counts":
                _fill_most_linked(db, columns, select)
            else:
                db.execute(f"insert into {table} ({columns}) {select}")
        db.execute("insert or replace into counts_state (id, fresh, refreshed_at) values (1, 1, ?)",
                   [datetime.now(UTC).isoformat(timespec="seconds")])


def _fill_most_linked(db, columns: str, select: str) -> None:
    """Every target counted once into a temporary table, then the first ``MOST_LINKED`` of each kind kept."""
    db.execute("drop table if exists temp.link_target_all")
    db.execute(f"create temp table link_target_all as {select}")
    kinds = [kind for (kind,) in db.execute("select distinct kind from temp.link_target_all")]
    for kind in kinds:  # most_linked's order, to_id last so that ties are kept the same way every time
        db.execute(f"insert into link_target_counts ({columns}) select {columns} from temp.link_target_all"
                   " where kind = ? order by linking_articles desc, published_at, to_id limit ?", [kind, MOST_LINKED])
    db.execute("drop table temp.link_target_all")
