"""Broken pages and hanging servers: the crawl goes on, keeps what it has and says what it skipped."""

import subprocess
import sys

from support.crawl import CANONICAL, run_crawl, start_args
from support.paths import ROOT


def path_of(url):
    return url[len(CANONICAL):]


def test_broken_pages_are_recorded_and_skipped(own_replica, truth, tmp_path):
    broken = {
        "/blocage-whatsapp-viber-maroc,44096.html": b"\x00\xff\xfe<html><body><p>tronqu",
        "/appels-voip-maroc,46592.html": b"",
        "/maroc-voip-perte-320-millions-dollars,46418.html": b"<html><head><title>x</title></head><body></body></html>",
    }
    for path, body in broken.items():
        own_replica.change_page(path, body)
    crawl = run_crawl(own_replica, tmp_path / "broken.db", *start_args(own_replica, truth, 1))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    stored = {r["url"] for r in crawl.rows("select url from articles")}
    assert truth["_site"]["seed"] in stored and len(stored) > 5
    for path in broken:
        assert CANONICAL + path not in stored
        (row,) = crawl.rows("select outcome, detail from fetches where url = ? and status = 200", [CANONICAL + path])
        assert row["outcome"] in ("not_article", "incomplete") and row["detail"]


def test_a_hanging_server_times_out_and_the_crawl_goes_on(own_replica, truth, tmp_path):
    hanging = path_of(truth["_site"]["seed"])
    own_replica.slow[hanging] = 5
    db = tmp_path / "slow.db"
    feed = own_replica.url + path_of(truth["_site"]["feed"])
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "bladi", "-a", f"urls={own_replica.url + hanging} {feed}",
         "-a", f"site={own_replica.url}", "-a", "depth=0", "-a", "delay=0", "-a", f"db={db}", "-a", "no_warc=1",
         "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1", "-s", "LOG_LEVEL=WARNING"],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    import sqlite3
    conn = sqlite3.connect(db)
    errors = conn.execute("select url, detail from fetches where outcome = 'error'").fetchall()
    assert [(url, "TimeoutError" in detail or "timed out" in detail.lower()) for url, detail in errors] == [
        (truth["_site"]["seed"], True)]
    assert conn.execute("select count(*) from articles").fetchone()[0] == len(truth["_site"]["feed_items"])
    (run,) = conn.execute("select errors, finish_reason from crawl_runs").fetchall()
    assert run == (1, "finished")
