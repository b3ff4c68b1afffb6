"""The canned queries that read the precomputed counts answer exactly what they answered when they counted live.

``REFERENCE`` holds their SQL as it was before the count tables (store/counts.py):
on a real crawl of the replica, each query served by Datasette must return the
same columns, rows and order as its reference run on the same file, with the
counts up to date, with the counts left stale by a crawl killed before its end
(and the archive changed since), and on an archive from before the count tables.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bladiscrape.analyse.refresh import load_research, prepare
from bladiscrape.publish import app as publish
from bladiscrape.publish.queries import param_help
from bladiscrape.store import open_archive
from bladiscrape.store.counts import COUNTS_COLUMNS
from support.datasette import get, rows

REFERENCE = {
    "coverage_by_month": """
        with recursive bounds as (
          select min(substr(published_at, 1, 7)) as first, max(substr(published_at, 1, 7)) as last
          from articles where published_at is not null
        ), months(month) as (
          select first from bounds where first is not null
          union all
          select strftime('%Y-%m', month || '-01', '+1 month') from months, bounds where month < last
        )
        select
          m.month,
          coalesce(sum(a.in_topic), 0) as in_topic_articles,
          count(a.id) as all_articles,
          coalesce(sum(case when a.in_topic = 1 then a.word_count else 0 end), 0) as in_topic_words
        from months m
        left join articles a on substr(a.published_at, 1, 7) = m.month
          and (:section = '' or a.section = :section)
        group by m.month
        order by m.month""",
    "coverage_by_week": """
        with recursive bounds as (
          select date(coalesce(nullif(:since, ''), min(substr(published_at, 1, 10))), 'weekday 0', '-6 days') as first,
                 coalesce(nullif(:until, ''), max(substr(published_at, 1, 10))) as last
          from articles where published_at is not null
        ), weeks(week) as (
          select first from bounds where first is not null
          union all
          select date(week, '+7 days') from weeks, bounds where date(week, '+7 days') <= last
        )
        select
          w.week,
          count(a.id) as articles,
          coalesce(sum(a.in_topic), 0) as in_topic_articles
        from weeks w
        left join articles a on date(substr(a.published_at, 1, 10), 'weekday 0', '-6 days') = w.week
          and (:in_topic = '' or a.in_topic = cast(:in_topic as integer))
        group by w.week
        order by w.week""",
    "most_linked": """
        with counts as (
          select
            to_id,
            count(distinct from_id) as linking_articles,
            sum(kind = 'in_body') as in_body,
            sum(kind = 'further_reading') as further_reading,
            sum(kind = 'recommended') as recommended
          from links
          where to_id is not null
            and from_id != to_id
            and (:kind = '' or kind = :kind)
          group by to_id
        )
        select
          t.id, t.title, t.published_at, t.url, c.linking_articles, c.in_body, c.further_reading, c.recommended
        from counts c
        join articles t on t.id = c.to_id
        order by c.linking_articles desc, t.published_at
        limit 100""",
    "tag_cooccurrence": """
        select
          t1.name as tag_a,
          t2.name as tag_b,
          count(*) as articles,
          min(substr(a.published_at, 1, 10)) as first_date,
          max(substr(a.published_at, 1, 10)) as last_date
        from article_tags x
        join article_tags y on y.article_id = x.article_id and y.tag_id != x.tag_id
        join tags t1 on t1.id = x.tag_id
        join tags t2 on t2.id = y.tag_id and t1.name < t2.name
        join articles a on a.id = x.article_id
        where (:tag = '' or t1.name like :tag or t2.name like :tag)
        group by t1.name, t2.name
        order by articles desc, tag_a, tag_b
        limit 200""",
}
PARAMS = {
    "coverage_by_month": [{"section": ""}, {"section": "Maroc"}, {"section": "Economie"}, {"section": "none"}],
    "coverage_by_week": [{"since": "", "until": "", "in_topic": ""},
                         {"since": "2016-01-01", "until": "2016-12-31", "in_topic": "1"},
                         {"since": "2016-02-24", "until": "", "in_topic": "0"}],
    "most_linked": [{"kind": ""}, {"kind": "in_body"}, {"kind": "further_reading"}, {"kind": "recommended"},
                    {"kind": "tag"}, {"kind": "none"}],
    "tag_cooccurrence": [{"tag": ""}, {"tag": "WhatsApp"}, {"tag": "%ANRT%"}, {"tag": "none"}],
}
CASES = [(name, params) for name, cases in PARAMS.items() for params in cases]


def reference(path: Path, name: str, params: dict) -> list[dict]:
    with closing(sqlite3.connect(path)) as conn:
        cursor = conn.execute(REFERENCE[name], params)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def fresh(path: Path) -> int | None:
    with closing(sqlite3.connect(path)) as conn:
        found = conn.execute("select fresh from counts_state where id = 1").fetchone()
    return found and found[0]


def copy(archive: Path, directory: Path) -> Path:
    directory.mkdir()
    return Path(shutil.copy(archive, directory / "archive.db"))


@pytest.fixture(scope="module")
def counted(replica_archive):
    assert fresh(replica_archive) == 1  # the crawl ended: its counts are up to date
    return replica_archive, publish.make_datasette(replica_archive)


@pytest.fixture(scope="module")
def stale(replica_archive, tmp_path_factory):
    """A crawl that opened the archive, then changed it and was killed before its end."""
    path = copy(replica_archive, tmp_path_factory.mktemp("stale") / "a")
    archive = open_archive(path)
    prepare(archive, load_research())
    db = archive.db
    with db.atomic():  # what the killed crawl wrote: counted live, these change every query's answer
        db.execute("update articles set published_at = '2016-03-02T10:00:00+01:00', section = 'Maroc'"
                   " where id = (select min(id) from articles where published_at like '2016-02%')")
        db.execute("delete from article_tags where rowid in (select rowid from article_tags limit 3)")
        db.execute("delete from links where rowid in (select rowid from links where to_id in"
                   " (select to_id from link_target_counts where kind = '' limit 2))")
    archive.close()
    assert fresh(path) == 0
    return path, publish.make_datasette(path)


@pytest.fixture(scope="module")
def older(replica_archive, tmp_path_factory):
    """An archive written before the count tables: serving it adds them, empty and not fresh."""
    path = copy(replica_archive, tmp_path_factory.mktemp("older") / "a")
    with closing(sqlite3.connect(path)) as conn, conn:
        for table in COUNTS_COLUMNS:
            conn.execute(f"drop table {table}")
    return path, publish.make_datasette(path)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values()) or 'all'}" for n, p in CASES])
def test_counted_query_answers_as_its_reference(counted, stale, older, name, params):
    for path, ds in (counted, stale, older):
        assert rows(ds, name, **params) == reference(path, name, params), (path, name, params)


def test_the_cases_are_not_empty(counted):
    path, _ = counted
    for name in PARAMS:
        assert reference(path, name, PARAMS[name][0]), name  # each query has something to compare


def test_stale_counts_would_have_lied(counted, stale):
    """The stale archive's counts disagree with its articles: the queries above did count live."""
    path, _ = stale
    with closing(sqlite3.connect(path)) as conn:
        pairs = conn.execute("select tag_a, tag_b, articles, first_date, last_date from tag_pair_counts"
                             " order by articles desc, tag_a, tag_b limit 200").fetchall()
    assert [tuple(r.values()) for r in reference(path, "tag_cooccurrence", {"tag": ""})] != pairs
    assert reference(path, "most_linked", {"kind": ""}) != reference(counted[0], "most_linked", {"kind": ""})
    assert reference(path, "coverage_by_month", {"section": "Maroc"}) != \
        reference(counted[0], "coverage_by_month", {"section": "Maroc"})


def test_analyse_makes_stale_counts_fresh_and_right(stale, tmp_path):
    from bladiscrape.analyse.refresh import analyse_archive

    path = Path(shutil.copy(stale[0], tmp_path / "archive.db"))
    archive = open_archive(path)
    analyse_archive(archive, load_research())
    archive.close()
    assert fresh(path) == 1
    ds = publish.make_datasette(path)
    for name, params in CASES:
        assert rows(ds, name, **params) == reference(path, name, params), (name, params)


def test_link_kind_choices_are_the_kinds_of_links(counted, stale):
    import asyncio

    for path, ds in (counted, stale):
        with closing(sqlite3.connect(path)) as conn:
            kinds = [k for (k,) in conn.execute("select distinct kind from links order by kind")]
        for query in ("most_linked", "link_graph"):
            help_ = asyncio.run(param_help(ds, path.stem, query))
            assert [value for value, _ in help_["kind"]["choices"]] == kinds


def test_the_timeline_draws_the_same_weeks_from_the_counts(counted, tmp_path):
    """The same archive, counts fresh then stale: the timeline page is the same page."""
    path = copy(counted[0], tmp_path / "s")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("update counts_state set fresh = 0")
    fresh_page = get(publish.make_datasette(copy(counted[0], tmp_path / "f")), "/-/timeline").text
    stale_page = get(publish.make_datasette(path), "/-/timeline").text
    assert re.search(r'"articles": [1-9]', fresh_page)  # the chart has in-topic weeks
    assert fresh_page == stale_page


def test_a_stale_archive_gets_its_counts_written_once(stale, tmp_path):
    """What the benchmark does to a cached archive: the counts a crawl's end would write, then nothing more."""
    from bladiscrape.store.counts import refresh_if_stale

    path = Path(shutil.copy(stale[0], tmp_path / "archive.db"))
    assert refresh_if_stale(path) is not None
    assert fresh(path) == 1
    assert refresh_if_stale(path) is None
    ds = publish.make_datasette(path)
    for name, params in CASES[:: 3]:
        assert rows(ds, name, **params) == reference(path, name, params), (name, params)
