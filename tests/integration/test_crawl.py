"""The real `bladiscrape crawl` against the replica over HTTP, checked against the ground truth."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from support.crawl import CANONICAL, run_crawl, start_args
from support.paths import ROOT

FIELDS = ("id", "slug", "title", "lead", "body", "published_at", "published_raw",
          "section", "author", "image_url")


def path_of(canonical: str) -> str:
    parts = urlsplit(canonical)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def articles(crawl) -> dict[str, dict]:
    return {row["url"]: row for row in crawl.rows("select * from articles")}


def expected_urls(truth, depth):
    return set(truth["_site"][f"fetched_depth{depth}"])


def test_summary_and_exit(replica_crawl):
    assert replica_crawl.returncode == 0
    assert "articles stored" in replica_crawl.stdout


def test_archives_exactly_the_expected_articles(replica_crawl, truth):
    assert set(articles(replica_crawl)) == expected_urls(truth, 3)


@pytest.mark.parametrize("field", FIELDS + ("tags", "in_topic"))
def test_article_fields_match_ground_truth(replica_crawl, truth, field):
    mismatches = {}
    for url, row in articles(replica_crawl).items():
        want = truth[url][field]
        got = row[field]
        if field == "tags":
            got = json.loads(got)
        if field == "in_topic":
            want = int(bool(want))
        if got != want:
            mismatches[url] = {"want": want, "got": got}
    assert not mismatches, json.dumps(mismatches, ensure_ascii=False, indent=1)


def test_links_match_ground_truth(replica_crawl, truth):
    rows = replica_crawl.rows("select a.url as from_url, ln.* from links ln join articles a on a.id = ln.from_id")
    got = {}
    for r in rows:
        got.setdefault(r["from_url"], set()).add((r["to_url"], r["kind"], r["anchor"], r["teaser"], r["position"]))
    for url in articles(replica_crawl):
        want = {(ln["to_url"], ln["kind"], ln["anchor"], ln["teaser"], ln["position"]) for ln in truth[url]["links"]}
        assert got.get(url, set()) == want, url


def test_link_targets_have_ids(replica_crawl):
    rows = replica_crawl.rows("select to_url, to_id from links where to_url like 'https://www.bladi.net/%,%.html'")
    assert rows
    for row in rows:
        assert row["to_id"] == int(row["to_url"].rsplit(",", 1)[1][:-5])


def test_tags_tables_agree_with_the_tags_column(replica_crawl):
    names = {}
    for row in replica_crawl.rows("select at.article_id, t.name from article_tags at "
                                  "join tags t on t.id = at.tag_id order by at.article_id, at.position"):
        names.setdefault(row["article_id"], []).append(row["name"])
    for row in replica_crawl.rows("select id, tags from articles"):
        assert json.loads(row["tags"]) == names.get(row["id"], [])


def test_never_fetches_what_it_must_not(replica_crawl, truth):
    for url in truth["_site"]["never_fetch"]:
        assert replica_crawl.hits.get(path_of(url), 0) == 0, url


def test_each_article_is_downloaded_once(replica_crawl, truth):
    fail_once = path_of(truth["_site"]["fail_once"])
    for url in expected_urls(truth, 3):
        expected = 2 if path_of(url) == fail_once else 1
        assert replica_crawl.hits.get(path_of(url)) == expected, url


def test_off_topic_articles_are_flagged_and_not_followed(replica_crawl, truth):
    off = replica_crawl.rows("select url from articles where in_topic = 0")
    assert off, "the replica has off-topic recommendations"
    fetched = {r["url"] for r in replica_crawl.rows("select url from fetches")}
    for row in off:
        for link in truth[row["url"]]["links"]:
            if link["kind"] in ("further_reading", "recommended") and link["to_url"] not in expected_urls(truth, 3):
                assert link["to_url"] not in fetched


def outcomes(crawl) -> dict[str, list[dict]]:
    result = {}
    for row in crawl.rows("select * from fetches"):
        result.setdefault(row["outcome"], []).append(row)
    return result


def test_fetches_record_every_kind_of_response(replica_crawl, truth):
    by = outcomes(replica_crawl)
    site = truth["_site"]
    assert {r["url"] for r in by["error"] if r["status"] == 404} >= {site["not_found"]}
    assert any(r["url"] == site["fail_once"] and r["status"] == 500 for r in by["retry"])
    assert any(r["url"] == site["robots_disallowed"] for r in by["robots_disallowed"])
    assert by["redirect"] and all(r["status"] == 301 for r in by["redirect"])
    assert len(by["feed"]) == 1 and by["robots_txt"]
    stored = replica_crawl.rows("select count(*) as n from articles")[0]["n"]
    assert len(by.get("article", [])) + len(by.get("off_topic", [])) == stored
    run_ids = {r["run_id"] for rows in by.values() for r in rows}
    assert run_ids == {1}


def test_crawl_run_is_recorded(replica_crawl):
    (run,) = replica_crawl.rows("select * from crawl_runs")
    stored = replica_crawl.rows("select count(*) as n from articles")[0]["n"]
    assert run["finished_at"] and run["finish_reason"] == "finished"
    assert run["articles_new"] == stored and run["articles_updated"] == 0
    stats = json.loads(run["stats"])
    assert stats["downloader/request_count"] >= stored
    args = json.loads(run["args"])
    assert args["depth"] == 3 and args["site"].startswith("http://127.0.0.1:")
    settings = json.loads(run["settings"])
    assert settings["ROBOTSTXT_OBEY"] is True and settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1


def test_full_text_search_ignores_accents(replica_crawl):
    rows = replica_crawl.rows(
        "select a.url from articles_fts f join articles a on a.id = f.rowid where articles_fts match 'reglementation'")
    assert rows


def test_depth_two_stops_earlier(replica, truth, tmp_path):
    crawl = run_crawl(replica, tmp_path / "d2.db", *start_args(replica, truth, 2))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert set(articles(crawl)) == expected_urls(truth, 2)


def test_second_identical_run_changes_nothing(replica, truth, tmp_path):
    db = tmp_path / "again.db"
    first = run_crawl(replica, db, *start_args(replica, truth, 3))
    assert first.returncode == 0
    tables = ("articles", "tags", "article_tags", "links")
    before = {t: first.rows(f"select * from {t}") for t in tables}
    second = run_crawl(replica, db, *start_args(replica, truth, 3))
    assert second.returncode == 0, second.stderr[-2000:]
    after = {t: second.rows(f"select * from {t}") for t in tables}
    for table in tables:
        assert sorted(map(repr, after[table])) == sorted(map(repr, before[table])), table
    runs = second.rows("select * from crawl_runs order by id")
    assert len(runs) == 2
    assert runs[1]["articles_new"] == 0 and runs[1]["articles_updated"] == 0
    assert {r["run_id"] for r in second.rows("select run_id from fetches")} == {1, 2}
    # Archived articles are not downloaded again: the crawl expands from their stored links.
    for url in expected_urls(truth, 3):
        assert second.hits.get(path_of(url), 0) == 0, url
    assert second.hits.get("/spip.php?page=backend") == 1  # feeds and listings are still read
    assert "archived articles expanded without download" in second.stdout


def test_date_bounds_store_and_follow_only_the_period(replica, truth, tmp_path):
    crawl = run_crawl(replica, tmp_path / "2016.db", "--since", "2016-01-01", "--until", "2016-12-31",
                      *start_args(replica, truth, 3))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    stored = articles(crawl)
    assert stored and all(row["published_at"].startswith("2016-") for row in stored.values())
    in_2016 = {u for u in expected_urls(truth, 3) if truth[u]["published_at"].startswith("2016-")}
    assert set(stored) <= in_2016
    skipped = crawl.rows("select url from fetches where outcome = 'out_of_range'")
    assert skipped and all(not truth[r["url"]]["published_at"].startswith("2016-") for r in skipped)
    assert "out of date range" in crawl.stdout


def test_a_rubric_start_point_follows_its_pagination(replica, truth, tmp_path):
    economie = truth["_site"]["listings"]["economie"]
    one = run_crawl(replica, tmp_path / "p1.db", "--depth", "0", "--max-pages", "1", replica.url + "/economie.html")
    two = run_crawl(replica, tmp_path / "p2.db", "--depth", "0", replica.url + "/economie.html")
    assert one.returncode == 0 and two.returncode == 0
    assert [r["url"] for r in one.rows("select url from fetches where outcome = 'listing'")] == economie[:1]
    assert [r["url"] for r in two.rows("select url from fetches where outcome = 'listing'")] == economie
    assert len(articles(one)) == truth["_site"]["listing_page_size"]
    assert set(articles(one)) < set(articles(two))


def test_scrapy_crawl_mirrors_the_cli(replica, truth, tmp_path):
    import subprocess
    import sys

    db = tmp_path / "scrapy.db"
    seed = replica.url + truth["_site"]["seed"][len(CANONICAL):]
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "bladi", "-a", f"urls={seed}", "-a", f"site={replica.url}",
         "-a", "depth=0", "-a", "delay=0", "-a", f"db={db}", "-a", "no_warc=1", "-s", "LOG_LEVEL=WARNING"],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    import sqlite3
    conn = sqlite3.connect(db)
    assert conn.execute("select url from articles").fetchall() == [(truth["_site"]["seed"],)]
    assert not (tmp_path / "warcs").exists()


def test_progress_is_shown_on_a_terminal(replica, truth, tmp_path):
    """On a terminal, a status line is rewritten while the crawl runs; then the summary."""
    import os
    import pty
    import subprocess
    import sys

    main, child = pty.openpty()
    seed = replica.url + truth["_site"]["seed"][len(CANONICAL):]
    proc = subprocess.Popen(
        [sys.executable, "-m", "bladiscrape", "crawl", "--db", str(tmp_path / "tty.db"), "--site", replica.url,
         "--delay", "0.1", "--depth", "1", "--no-warc", seed],
        stdout=subprocess.PIPE, stderr=child, text=True)
    os.close(child)
    out, _ = proc.communicate(timeout=120)
    screen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(main)
    assert proc.returncode == 0
    text = screen.decode("utf-8", "replace")
    assert "\rpages " in text and "| articles " in text and "| queue " in text
    plan, summary = out.splitlines()[:2]
    assert plan.startswith("Plan: ") and summary.startswith("Crawl finished:")


def test_beyond_depth_counts_articles_not_links(replica, truth, tmp_path):
    """Depth 0: the articles left out are those the start articles link to, each once however often linked."""
    import re

    crawl = run_crawl(replica, tmp_path / "d0.db", *start_args(replica, truth, 0))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    (left_out,) = re.findall(r"(\d+) beyond --depth", crawl.stdout)
    (links,) = crawl.rows(f"""
        select count(distinct ln.to_url) as urls, count(*) as links from links ln join articles a on a.id = ln.from_id
        where a.in_topic and ln.kind in ('further_reading', 'recommended', 'in_body')
          and ln.to_url like '{CANONICAL}/%' and ln.to_url not in (select url from fetches)""")
    assert links["links"] > links["urls"]  # some article is linked more than once: the count must not follow links
    assert int(left_out) == links["urls"]


def test_a_page_that_breaks_the_extractor_is_counted_and_recorded(monkeypatch, truth):
    """In the spider: an ``error`` fetch row naming the exception, and ``bladi/extraction_failed`` in the stats."""
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    import bladiscrape.process as process
    from bladiscrape.crawl.frontier import Frontier
    from bladiscrape.crawl.spider import BladiSpider
    from bladiscrape.model import FetchItem
    from bladiscrape.options import CrawlOptions

    def broken(*args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(process, "extract", broken)
    crawler = get_crawler(BladiSpider)
    spider = BladiSpider.from_crawler(crawler, options=CrawlOptions(no_warc=True))
    crawler.spider = spider
    spider.frontier = Frontier(site=CANONICAL, depth=2)
    url = truth["_site"]["seed"]
    request = Request(url, meta={"bladi_role": "article", "bladi_depth": 0, "bladi_page": 1, "bladi_canon": url})
    response = HtmlResponse(url, body=b"<html><body><h1>x</h1></body></html>", request=request,
                            headers={"Content-Type": "text/html; charset=utf-8"})
    (item,) = list(spider.parse(response))
    assert isinstance(item, FetchItem)
    assert (item.url, item.outcome, item.detail) == (
        url, "error", "extraction failed: OverflowError: date value out of range")
    assert crawler.stats.get_value("bladi/extraction_failed") == 1
