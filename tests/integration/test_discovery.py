"""Site-scale discovery on the full-scale synthetic site: real crawls over HTTP on 127.0.0.1.

The site has Bladi.net's size and SPIP's mechanics (about 116,000 ids,
offset pagination, tag pages in another markup, searches, the feed) and knows
its own ground truth, so recall and cost are measured, not assumed.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from bladiscrape.replica.scale import ScaleServer

SINCE, UNTIL = date(2016, 1, 1), date(2016, 12, 31)


def crawl(server, db, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, "-m", "bladiscrape", "crawl", "--db", str(db), "--site", server.url, "--delay", "0",
         "--no-warc", *args], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def query(db, sql):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server():
    with ScaleServer(port=0) as server:
        yield server


@pytest.fixture(scope="module")
def year(server, tmp_path_factory):
    """``bladiscrape crawl --since 2016-01-01 --until 2016-12-31`` with no URL."""
    db = tmp_path_factory.mktemp("year") / "archive.db"
    result = crawl(server, db, "--since", SINCE.isoformat(), "--until", UNTIL.isoformat())
    return db, result


def test_the_2016_episode_is_reached_from_the_site_itself(server, year):
    db, _ = year
    archived = {row[0] for row in query(db, "select id from articles")}
    in_topic = set(server.site.in_topic_ids(SINCE, UNTIL))
    tagged = set(server.site.telecom_tagged_or_linked(SINCE, UNTIL))
    assert len(archived & tagged) >= 0.95 * len(tagged), (len(archived & tagged), len(tagged))
    assert len(archived & in_topic) >= 0.90 * len(in_topic), (len(archived & in_topic), len(in_topic))


def test_nothing_outside_the_range_is_archived_and_no_listing_is_an_article(year):
    db, _ = year
    assert query(db, "select count(*) from articles where published_at < '2016-01-01' "
                     "or published_at >= '2017-01-01' or published_at is null") == [(0,)]
    assert query(db, "select count(*) from articles where id < 0") == [(0,)]


def test_the_crawl_stays_within_its_request_budget_and_counts_by_purpose(server, year):
    db, result = year
    in_topic = len(server.site.in_topic_ids(SINCE, UNTIL))
    (stats,) = query(db, "select stats from crawl_runs")[0]
    stats = json.loads(stats)
    requests = stats["downloader/request_count"]
    assert requests <= 4 * in_topic + 300, requests
    purposes = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("bladi/requests/")}
    assert purposes["navigation"] > 0 and purposes["listing"] > 0 and purposes["article"] > 0
    # Never walked page by page from the newest: far fewer listing pages than the rubriques hold above 2016.
    assert purposes["navigation"] + purposes["listing"] < 600
    assert result.stdout.startswith("Plan: ") and "2016-01-01 to 2016-12-31" in result.stdout.splitlines()[0]


def test_every_listed_item_is_recorded_fetched_or_not(year):
    db, _ = year
    seen, fetched = query(db, "select count(*), sum(fetched) from listing_items")[0]
    assert seen > 10 * fetched > 0  # most listed items are skipped, and still visible
    pages = query(db, "select purpose, count(*) from listing_pages group by purpose")
    assert dict(pages).keys() >= {"navigation", "listing"}


def test_a_start_listing_in_card_markup_is_paginated_by_date_never_stored(server, tmp_path):
    db = tmp_path / "tag.db"
    crawl(server, db, "--since", "2016-02-01", "--until", "2016-03-31", server.url + "/mot/telecoms.html")
    assert query(db, "select count(*) from articles where id < 0") == [(0,)]
    offsets = [row[0] for row in query(db, "select page_offset from listing_pages")]
    assert len(offsets) > 1 and max(offsets) > 0  # paginated past the first page
    archived = {row[0] for row in query(db, "select id from articles")}
    expected = set(server.site.tag_ids("telecoms")) & set(server.site.ids_between(date(2016, 2, 1), date(2016, 3, 31)))
    assert expected and expected <= archived


def test_a_month_swept_by_id_archives_every_article_of_it(server, tmp_path):
    db = tmp_path / "sweep.db"
    result = crawl(server, db, "--sweep", "--since", "2016-03-01", "--until", "2016-03-31")
    assert "sweep" in result.stdout.splitlines()[0]
    month = set(server.site.ids_between(date(2016, 3, 1), date(2016, 3, 31)))
    archived = {row[0] for row in query(db, "select id from articles")}
    assert month == archived  # every article of the month, in topic or not, and nothing else
    assert set(server.site.in_topic_ids(date(2016, 3, 1), date(2016, 3, 31))) <= {
        row[0] for row in query(db, "select id from articles where in_topic = 1")}
    stats = json.loads(query(db, "select stats from crawl_runs")[0][0])
    # A redirect and its target count as one request; each id is asked once.
    asked = stats["downloader/request_count"] - stats.get("bladi/fetch/redirect", 0)
    span = max(month) - min(month) + 1
    assert asked <= 1.15 * span + 60, (asked, span)
    urls = [row[0] for row in query(db, "select url from fetches where url like '%spip.php?article%'")]
    assert len(urls) == len(set(urls))  # no id asked twice
    assert query(db, "select count(*) from fetches where outcome = 'missing'")[0][0] > 0
    assert query(db, "select count(*) from fetches where outcome = 'error'") == [(0,)]
    assert stats["bladi/sweep/ids_done"] == stats["bladi/sweep/ids_total"] > 0  # what progress shows
    assert stats["bladi/requests/robots"] == 1


def test_a_crawl_cut_short_is_continued_by_the_next_not_re_read(server, tmp_path):
    """--max-pages 2, then --max-pages 4: the second run reads pages 3 and 4, it does not stop at page 1."""
    db = tmp_path / "partial.db"
    start = server.url + "/maroc-sport.html"
    crawl(server, db, "--depth", "0", "--max-pages", "2", start)
    first = {row[0] for row in query(db, "select page_offset from listing_pages")}
    assert first == {0, 12}
    crawl(server, db, "--depth", "0", "--max-pages", "4", start)
    offsets = [row[0] for row in query(db, "select page_offset from listing_pages")]
    assert {24, 36} <= set(offsets)
    listed = set(server.site.rubrique_ids("maroc-sport")[:48])
    archived = {row[0] for row in query(db, "select id from articles")}
    assert listed <= archived  # every item of pages 1-4, across both runs
    (stats,) = query(db, "select stats from crawl_runs order by id desc limit 1")[0]
    # The second run re-read no covered page beyond what navigation needs to find its place.
    assert json.loads(stats)["bladi/requests/listing"] <= 3


def test_a_redirect_off_the_site_is_recorded_and_never_followed(server, tmp_path):
    """The synthetic site redirects one article to another host: nothing of it is fetched or stored."""
    (fault,) = [f for f in server.site.faults if f.kind == "offsite-redirect"]
    moved = int(fault.path.rsplit(",", 1)[1].removesuffix(".html"))
    db = tmp_path / "offsite.db"
    crawl(server, db, "--ids", f"{moved}-{moved}")
    rows = query(db, "select outcome, detail from fetches where outcome = 'off_site_redirect'")
    assert len(rows) == 1 and "example.invalid" in rows[0][1]
    assert query(db, "select count(*) from articles") == [(0,)]
    assert query(db, "select count(*) from fetches where url like '%example.invalid%' and outcome != 'redirect'") == [(0,)]
