"""The text is stored once; both full-text indexes stay exact whatever writes it; older archives are upgraded.

``integrity-check`` on an external-content FTS5 table compares the index with
the content it reads (for ``article_search_fts``, the view): it fails on any
row indexed with other values than those stored.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlite_utils

from bladiscrape.model import ArticleRecord
from bladiscrape.store import open_archive
from bladiscrape.store.rows import to_bundle
from bladiscrape.store.search_index import SEARCH, TRIGGERS

TOPIC = SimpleNamespace(score=1.0, in_topic=False, terms={})
WHEN = "2026-01-01T00:00:00+00:00"


def bundle(aid, body, tags=("ANRT",)):
    record = ArticleRecord(url=f"https://www.bladi.net/article-{aid},{aid}.html", id=aid, slug=f"a-{aid}",
                           title=f"Titre {aid}", body=body, tags=list(tags), published_at="2016-02-28T10:00:00+01:00")
    return to_bundle(record, TOPIC, WHEN, "1.0")


def check(db):
    for index in ("articles_fts", "article_search_fts"):
        db.execute(f"insert into {index} ({index}) values ('integrity-check')")


def found(db, index, query):
    return [r[0] for r in db.execute(f"select rowid from {index} where {index} match ? order by rowid", [query])]


@pytest.fixture
def archive(tmp_path):
    archive = open_archive(tmp_path / "a.db")
    archive.write_batch([bundle(1, "Le blocage des appels."), bundle(2, "Les opérateurs lèvent le blocage.")], [])
    yield archive
    archive.close()


def test_the_text_is_stored_once(archive):
    db = archive.db
    assert "article_search" in db.view_names() and "article_search" not in db.table_names()
    assert set(db["article_stems"].columns_dict) == {"id", "tags", "stems"}
    row = next(db.query("select * from article_search where id = 2"))
    assert row["body"] == "Les opérateurs lèvent le blocage." and row["stems"].startswith("titr 2 le oper")
    assert found(db, "article_search_fts", "oper") == [2] and found(db, "articles_fts", "operateurs") == [2]
    snippet = db.execute("select snippet(article_search_fts, 2, '[', ']', '…', 5) from article_search_fts"
                         " where article_search_fts match 'levent'").fetchone()[0]
    assert snippet == "Les opérateurs [lèvent] le blocage."  # read from articles, through the view
    check(db)


def test_any_writer_keeps_both_indexes_exact(archive):
    db = archive.db
    with db.atomic():
        db.execute("update articles set body = 'Le décret est publié.' where id = 1")  # a researcher's own edit
    assert found(db, "articles_fts", "decret") == [1] and found(db, "article_search_fts", "decret") == [1]
    assert found(db, "article_search_fts", "appels") == []
    with db.atomic():
        db.execute("update article_stems set stems = 'zzz' where id = 2")
    assert found(db, "article_search_fts", "zzz") == [2] and found(db, "article_search_fts", "oper") == []
    check(db)
    with db.atomic():
        for table, key in (("article_stems", "id"), ("article_tags", "article_id"), ("links", "from_id"),
                           ("articles", "id")):
            db.execute(f"delete from {table} where {key} = 2")
    assert found(db, "articles_fts", "blocage") == [] and found(db, "article_search_fts", "blocage") == []
    check(db)


def test_a_column_that_is_not_text_does_not_reindex(archive):
    """The research rows' ``actors`` and ``gone_at`` change on every batch and refresh: one row changes, no index."""
    db, conn = archive.db, archive.db.conn
    for sql in ("update articles set actors = 'Inwi' where id = 1", "update articles set gone_at = 'x' where id = 1",
                "update articles set body = body where id = 1"):
        before = conn.total_changes
        with db.atomic():
            db.execute(sql)
        assert conn.total_changes - before == 1, sql  # the FTS inserts of a trigger would count too
    check(db)


def test_unchanged_rewrite_and_edit_through_the_store(archive):
    db, conn = archive.db, archive.db.conn
    before = conn.total_changes
    archive.write_batch([bundle(1, "Le blocage des appels.")], [])  # the same article again
    assert conn.total_changes - before <= 12  # its rows, tags and links: not its 2 x 2 index rows
    archive.write_batch([bundle(1, "La levée du blocage.", tags=("Inwi",))], [])
    assert found(db, "article_search_fts", "levee") == [1] and found(db, "article_search_fts", "appels") == []
    assert found(db, "article_search_fts", "inwi") == [1]
    check(db)


def old_layout(path):
    """An archive as earlier versions wrote it: article_search a table copying the texts, sqlite-utils' triggers."""
    archive = open_archive(path)
    archive.write_batch([bundle(1, "Le blocage des appels."), bundle(2, "Les opérateurs lèvent le blocage.")], [])
    archive.close()
    db = sqlite_utils.Database(path)
    for name in TRIGGERS:
        db.execute(f"drop trigger {name}")
    db.execute("drop table article_search_fts")
    db.execute("create table article_search_copy as select * from article_search")
    db.execute("drop view article_search")
    db.execute("drop table article_stems")
    db.execute("create table article_search (id integer primary key references articles(id), title text, lead text,"
               " body text, tags text, stems text)")
    db.execute("insert into article_search select * from article_search_copy")
    db.execute("drop table article_search_copy")
    db["article_search"].enable_fts(list(SEARCH), create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.execute("drop table articles_fts")
    db["articles"].enable_fts(["title", "lead", "body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.conn.commit()
    db.close()


def test_an_archive_of_an_earlier_version_is_upgraded(tmp_path, caplog):
    path = tmp_path / "old.db"
    old_layout(path)
    archive = open_archive(path)
    assert "storing each article's text once" in caplog.text
    # VACUUMed: the dropped copy's pages are given back, not kept as free pages inside the file
    assert archive.db.execute("pragma freelist_count").fetchone()[0] == 0
    try:
        db = archive.db
        assert "article_search" in db.view_names() and db["article_stems"].count == 2
        triggers = {name: sql for name, sql in db.execute("select name, sql from sqlite_master where type='trigger'")}
        assert triggers == TRIGGERS
        assert found(db, "article_search_fts", "oper") == [2] and found(db, "articles_fts", "appels") == [1]
        check(db)
        archive.write_batch([bundle(3, "Les appels reviennent.")], [])
        assert found(db, "article_search_fts", "appel") == [1, 3]
        check(db)
    finally:
        archive.close()
    reopened = open_archive(path)  # a second open finds nothing to do
    try:
        assert found(reopened.db, "article_search_fts", "appel") == [1, 3]
    finally:
        reopened.close()
