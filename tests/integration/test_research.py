"""The research tables on a real crawl of the replica, after a reparse, and after ``bladiscrape analyse``."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

TABLES = {
    "mentions": "select article_id, actor_id, count, in_title, first_offset, snippet from mentions",
    "event_articles": "select event_id, article_id, relation, score from event_articles",
    "actors": "select id, name, kind from actors",
    "events": "select id, date, title from events",
    "article_actors": "select id, actors from articles",
}


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(sql).fetchall(), key=repr)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bladiscrape", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def reparsed(replica_archive, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("research") / "reparsed.db"
    result = cli("reparse", str(replica_archive.parent / "warcs"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def test_every_name_of_meditel_counts_for_meditel(replica_archive):
    named = rows(replica_archive, "select a.title, a.body, a.lead from mentions m join articles a on a.id = m.article_id"
                                  " where m.actor_id = 'meditel'")
    texts = [" ".join(filter(None, r)) for r in named]
    assert any("Orange Maroc" in t for t in texts)  # (no replica page says "Médi Telecom": see test_actors.py)
    # An article naming Méditel only as Orange Maroc is counted under Méditel.
    assert any("Orange Maroc" in t and "Méditel" not in t and "Meditel" not in t for t in texts)
    unnamed = rows(replica_archive, "select title, lead, body from articles where id not in"
                                    " (select article_id from mentions where actor_id = 'meditel')")
    for r in unnamed:
        assert not any(name in " ".join(filter(None, r)) for name in ("Méditel", "Meditel", "Orange Maroc"))


def test_mentions_count_what_the_text_holds(replica_archive):
    for title, count, first_offset, snippet, lead, body in rows(
            replica_archive, "select a.title, m.count, m.first_offset, m.snippet, a.lead, a.body from mentions m"
                             " join articles a on a.id = m.article_id where m.actor_id = 'inwi'"):
        text = f"{lead or ''}\n\n{body or ''}"
        assert count >= len(re.findall(r"\b(?:inwi|wana)\b", f"{title} {text}", re.I)) >= 1
        if first_offset is not None:
            assert text[first_offset:first_offset + 4].lower() in ("inwi", "wana") and snippet in text
    (facet,) = rows(replica_archive, "select count(*) from articles where actors like '%\"Inwi\"%'")[0]
    assert facet == len(rows(replica_archive, "select 1 from mentions where actor_id = 'inwi'"))


def test_the_timeline_links_replica_articles_to_their_events(replica_archive):
    linked = dict(rows(replica_archive, "select e.id, group_concat(a.url) from event_articles ea join events e on"
                                        " e.id = ea.event_id join articles a on a.id = ea.article_id"
                                        " where ea.relation = 'reports' group by e.id"))
    assert "greve-like-operateurs-maroc,44521" in linked["dislike-campaign"]  # the seed, 28 February
    assert "meditel-devient-orange-maroc,46890" in linked["meditel-becomes-orange"]
    assert "appels-voip-maroc,46592" in linked["voip-restored"]
    assert len(rows(replica_archive, "select 1 from events where date like '2016-%'")) >= 20


def test_reparse_and_analyse_give_the_crawls_tables(replica_archive, reparsed, tmp_path):
    for name, sql in TABLES.items():
        assert rows(reparsed, sql) == rows(replica_archive, sql), name
    copy = tmp_path / "copy.db"
    shutil.copy(replica_archive, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("delete from mentions")
        conn.execute("delete from event_articles")
    result = cli("analyse", "--db", str(copy))
    assert result.returncode == 0 and result.stdout.startswith("Analysed "), result.stderr
    for name, sql in TABLES.items():
        assert rows(copy, sql) == rows(replica_archive, sql), name


def test_analyse_refuses_bad_input_in_one_line(tmp_path):
    result = cli("analyse", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "does not exist" in result.stderr
    bad = tmp_path / "actors.yml"
    bad.write_text("actors: 3\n", encoding="utf-8")
    result = cli("crawl", "--db", str(tmp_path / "a.db"), "--actors", str(bad), "https://www.bladi.net/x,1.html")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "actors" in result.stderr
    assert not (tmp_path / "a.db").exists()
