"""The two full-text indexes, and the triggers that keep them in step with the text.

``articles_fts`` indexes the text as written (title, lead, body).
``article_search_fts`` indexes the same text plus the tags line and the
folded Snowball stems, for word-form search. The text is stored once, in
``articles``: ``article_search`` is a view of it joined to ``article_stems``
(the tags line and the stems, which only the store computes), and it is the
external content of ``article_search_fts``. Earlier versions kept
``article_search`` as a table holding a second copy of every text (4 KB an
article); ``ensure_search_index`` turns such an archive into the new layout
once, re-indexing it from the view.

What is kept: ``articles_fts`` holds every article's title, lead and body;
``article_search_fts`` holds, for every ``article_stems`` row, its article's
title, lead and body with its tags and stems.

The store indexes the rows it inserts itself, one statement per index and
batch (``index_inserted``). The same inserts made by an insert trigger cost
far more: 3.5 to 4.5 times, in batches of 25 texts of 600 words on SQLite
3.40 (the trigger runs one FTS5 write per row inside the row's statement, where
plain statements let FTS5 gather a batch's terms). Updates and deletes are
rare (an article the publisher edited) and need the old values: triggers do
them, so they stay exact whatever writes the tables (a researcher's own
``update`` too). They fire only when indexed text changes: the ``actors``
column refreshed on every batch, or ``gone_at``, do not re-index 4 KB of text
as sqlite-utils' catch-all update trigger did. A row inserted by another tool
is not indexed until ``insert into articles_fts (articles_fts) values
('rebuild')`` (and the same for ``article_search_fts``).
"""

from __future__ import annotations

import logging
import sqlite3

import sqlite_utils

logger = logging.getLogger(__name__)

FTS_TOKENIZE = "unicode61 remove_diacritics 2"
TEXT = ("title", "lead", "body")
SEARCH = ("title", "lead", "body", "tags", "stems")

VIEW = """create view article_search as
select a.id as id, a.title as title, a.lead as lead, a.body as body, s.tags as tags, s.stems as stems
from article_stems s join articles a on a.id = s.id"""


def _values(prefix: str, columns=TEXT) -> str:
    return ", ".join(f"{prefix}.[{c}]" for c in columns)


def _changed(columns) -> str:
    return " or ".join(f"old.[{c}] is not new.[{c}]" for c in columns)


def _search_row(op: str, text: str, stems: str) -> str:
    """One row into article_search_fts: ``op`` 'delete' or '', text and stems columns from two row aliases."""
    cols = ", ".join(f"[{c}]" for c in SEARCH)
    if op == "delete":
        return (f"insert into article_search_fts (article_search_fts, rowid, {cols}) "
                f"select 'delete', {text}.id, {_values(text)}, {stems}.tags, {stems}.stems")
    return (f"insert into article_search_fts (rowid, {cols}) "
            f"select {text}.id, {_values(text)}, {stems}.tags, {stems}.stems")


TRIGGERS = {
    "articles_ad": f"""CREATE TRIGGER articles_ad after delete on articles begin
  insert into articles_fts (articles_fts, rowid, title, lead, body) values ('delete', old.id, {_values('old')});
  {_search_row('delete', 'old', 's')} from article_stems s where s.id = old.id;
end""",
    "articles_au": f"""CREATE TRIGGER articles_au after update of title, lead, body on articles
when {_changed(TEXT)} begin
  insert into articles_fts (articles_fts, rowid, title, lead, body) values ('delete', old.id, {_values('old')});
  insert into articles_fts (rowid, title, lead, body) values (new.id, {_values('new')});
  {_search_row('delete', 'old', 's')} from article_stems s where s.id = old.id;
  {_search_row('', 'new', 's')} from article_stems s where s.id = new.id;
end""",
    "article_stems_ad": f"""CREATE TRIGGER article_stems_ad after delete on article_stems begin
  {_search_row('delete', 'a', 'old')} from articles a where a.id = old.id;
end""",
    "article_stems_au": f"""CREATE TRIGGER article_stems_au after update of tags, stems on article_stems
when {_changed(('tags', 'stems'))} begin
  {_search_row('delete', 'a', 'old')} from articles a where a.id = old.id;
  {_search_row('', 'a', 'new')} from articles a where a.id = new.id;
end""",
}
#: Triggers of earlier versions (sqlite-utils' own) that no longer apply: the store indexes what it inserts.
OLD_TRIGGERS = ("article_search_ai", "article_search_ad", "article_search_au", "articles_ai", "article_stems_ai")


def ensure_search_index(db: sqlite_utils.Database) -> None:
    """Create the stems table, the view, both indexes and their triggers; upgrade an older layout."""
    if not db.table("article_stems").exists():
        db.table("article_stems").create({"id": int, "tags": str, "stems": str}, pk="id",
                                          foreign_keys=[("id", "articles", "id")])
    upgraded = "article_search" in db.table_names()
    if upgraded:  # the old copy: keep its stems, drop its texts
        logger.warning("%s: storing each article's text once (a one-time upgrade of an archive written by an "
                       "earlier version; about a minute per 100,000 articles)", db.conn.execute(
                           "select file from pragma_database_list where name = 'main'").fetchone()[0])
        _upgrade_copy(db)
    if "article_search" not in db.view_names():
        db.execute(VIEW)
    if "articles_fts" not in db.table_names():
        db.execute(f"create virtual table articles_fts using fts5 (title, lead, body, "
                   f"tokenize='{FTS_TOKENIZE}', content=\"articles\", content_rowid=\"id\")")
        db.execute("insert into articles_fts (articles_fts) values ('rebuild')")
    if "article_search_fts" not in db.table_names():
        db.execute(f"create virtual table article_search_fts using fts5 ({', '.join(SEARCH)}, "
                   f"tokenize='{FTS_TOKENIZE}', content=\"article_search\", content_rowid=\"id\")")
        db.execute("insert into article_search_fts (article_search_fts) values ('rebuild')")
    if upgraded:
        _reclaim(db)
    have = {name: sql for name, sql in db.execute("select name, sql from sqlite_master where type = 'trigger'")}
    for name in OLD_TRIGGERS:
        if name in have:
            db.execute(f"drop trigger [{name}]")
    for name, sql in TRIGGERS.items():
        if have.get(name) != sql:  # absent, or sqlite-utils' catch-all version
            if name in have:
                db.execute(f"drop trigger [{name}]")
            db.execute(sql)


def index_inserted(conn: sqlite3.Connection, articles: list[dict], search: list[tuple[dict, dict]]) -> None:
    """Index rows the store just inserted: ``articles`` rows into articles_fts, and each (article row,
    article_stems row) of ``search`` into article_search_fts, with the values stored (what the view reads)."""
    conn.executemany("insert into articles_fts (rowid, title, lead, body) values (?, ?, ?, ?)",
                     [(a["id"], *(a.get(c) for c in TEXT)) for a in articles])
    conn.executemany(f"insert into article_search_fts (rowid, {', '.join(SEARCH)}) values (?, ?, ?, ?, ?, ?)",
                     [(a["id"], *(a.get(c) for c in TEXT), s["tags"], s["stems"]) for a, s in search])


def _reclaim(db: sqlite_utils.Database) -> None:
    """Give the dropped copy's pages (a third of the file) back to the disk: SQLite keeps free pages otherwise.

    VACUUM needs about the file's size free on disk; without it the archive is
    whole and works, only larger, and the next open does not try again.
    """
    try:
        db.execute("vacuum")
    except sqlite3.OperationalError as e:
        logger.warning("could not give the space back to the disk (%s); the archive is complete", e)


def _upgrade_copy(db: sqlite_utils.Database) -> None:
    """An archive of an earlier version: the stems move to article_stems, the copy of the texts goes.

    ``article_search_fts`` read its content from the table by rowid; it is
    created again on the view (by id) and rebuilt, once.
    """
    with db.conn:
        db.execute("insert or ignore into article_stems (id, tags, stems) select id, tags, stems from article_search")
        for name in OLD_TRIGGERS:
            db.execute(f"drop trigger if exists [{name}]")
        db.execute("drop table if exists article_search_fts")
        db.execute("drop table article_search")
