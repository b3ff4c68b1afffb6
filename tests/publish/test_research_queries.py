"""The research layer's canned queries, through Datasette's test client, on a real crawl of the replica."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from datetime import date, timedelta

import pytest

from bladiscrape.publish import app as publish
from support.datasette import get, rows


def consecutive_months(months: list[str]) -> bool:
    def following(m: str) -> str:
        y, mo = int(m[:4]), int(m[5:7])
        return f"{y + mo // 12}-{mo % 12 + 1:02d}"
    return all(following(a) == b for a, b in zip(months, months[1:], strict=False))


def test_canned_query_coverage_by_month(ds, archive_path):
    months = rows(ds, "coverage_by_month")
    names = [m["month"] for m in months]
    assert consecutive_months(names)  # zero-filled: no month skipped
    with closing(sqlite3.connect(archive_path)) as conn, conn:  # closed: a writer needs the file to itself
        archived = dict(conn.execute("select substr(published_at, 1, 7), count(*) from articles group by 1"))
    assert names[0] == min(archived) and names[-1] == max(archived)
    assert {m["month"]: m["all_articles"] for m in months if m["all_articles"]} == archived
    assert any(m["all_articles"] == 0 for m in months if m["month"].startswith("2016"))


def test_canned_query_coverage_by_week(ds):
    weeks = rows(ds, "coverage_by_week", since="2016-01-01", until="2016-12-31", in_topic="1")
    days = [date.fromisoformat(w["week"]) for w in weeks]
    assert all(d.weekday() == 0 for d in days) and all(b - a == timedelta(days=7) for a, b in zip(days, days[1:], strict=False))
    assert days[0] == date(2015, 12, 28) and days[-1] == date(2016, 12, 26)
    by_week = {w["week"]: w["in_topic_articles"] for w in weeks}
    assert by_week["2016-02-22"] >= 1  # the seed article, Sunday 28 February, belongs to the week of Monday 22nd
    assert 0 in by_week.values()


def test_coverage_is_counted_in_casablanca_days(tmp_path):
    """An article published at 00:30 Moroccan time on 1 March 2016 (still 29 February in UTC) is March's."""
    from support.archive_builder import build_archive

    db = build_archive(tmp_path / "tz.db")
    with closing(sqlite3.connect(db)) as conn, conn:  # closed: a writer needs the file to itself
        conn.execute("update articles set published_at = '2016-03-01T00:30:00+00:00' where id = 44521")
        conn.execute("update articles set published_at = '2016-07-01T00:30:00+01:00' where id = 44598")
    ds = publish.make_datasette(db)
    months = {m["month"]: m["all_articles"] for m in rows(ds, "coverage_by_month")}
    assert months["2016-03"] >= 1 and months["2016-07"] >= 1  # 2016-06-30T23:30Z is July in Morocco


def test_canned_query_episode_timeline(ds):
    events = rows(ds, "episode_timeline")
    assert len([e for e in events if e["date"].startswith("2016")]) >= 20
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    dislike = next(e for e in events if e["id"] == "dislike-campaign")
    assert dislike["reporting_articles"] >= 1 and "grève du « like »" in dislike["reporting_titles"]
    assert json.loads(dislike["sources"])
    assert events[-1]["id"] == "meditel-becomes-orange" and events[-1]["reporting_articles"] >= 1


def test_canned_query_actor_mentions_by_month(ds, archive_path):
    by_id = rows(ds, "actor_mentions_by_month", actor="meditel")
    assert consecutive_months([m["month"] for m in by_id])
    for name in ("Orange Maroc", "Méditel", "meditel", "Médi Telecom"):
        assert rows(ds, "actor_mentions_by_month", actor=name) == by_id, name
    with closing(sqlite3.connect(archive_path)) as conn, conn:  # closed: a writer needs the file to itself
        (articles, mentions) = conn.execute("select count(*), sum(count) from mentions where actor_id = 'meditel'").fetchone()
        (december,) = conn.execute("select count(*) from mentions m join articles a on a.id = m.article_id where"
                                   " m.actor_id = 'meditel' and a.published_at like '2016-12%'").fetchone()
    assert sum(m["articles"] for m in by_id) == articles and sum(m["mentions"] for m in by_id) == mentions
    assert next(m for m in by_id if m["month"] == "2016-12")["articles"] == december >= 1  # "Méditel devient Orange Maroc"
    assert all(m["articles"] == 0 for m in rows(ds, "actor_mentions_by_month", actor="nobody at all"))


def test_canned_query_unlisted_names(archive_path, tmp_path):
    db = tmp_path / "entities.db"
    shutil.copy(archive_path, db)
    with closing(sqlite3.connect(db)) as conn, conn:  # closed: a writer needs the file to itself
        conn.executemany("insert into entities (article_id, text, label, count) values (44521, ?, ?, ?)",
                         [("Marouane Lamharzi Alaoui", "PER", 2), ("Said Amrani", "PER", 3),
                          ("Inwi", "ORG", 4), ("Casablanca", "LOC", 1)])
    found = rows(publish.make_datasette(db), "unlisted_names", label="")
    assert [(r["text"], r["label"], r["mentions"]) for r in found] == [("Said Amrani", "PER", 3)]


def test_canned_query_missing_sources(ds, truth):
    found = {r["url"]: r for r in rows(ds, "missing_sources")}
    site = truth["_site"]
    assert found[site["robots_disallowed"]]["reason"] == "robots_disallowed"
    assert found[site["not_found"]]["reason"] == "not_found"
    assert found[site["not_found"]]["linked_from_titles"]  # the titles of the articles linking to it


@pytest.mark.parametrize("actor", ["Méditel"])
def test_actors_facet_counts_an_article_once_per_actor(ds, archive_path, actor):
    data = get(ds, "articles.json", _facet_array="actors").json()
    counts = {f["value"]: f["count"] for f in data["facet_results"]["actors"]["results"]}
    with closing(sqlite3.connect(archive_path)) as conn, conn:  # closed: a writer needs the file to itself
        (named,) = conn.execute("select count(*) from mentions where actor_id = 'meditel'").fetchone()
    assert counts[actor] == named
