"""Polite by default: robots.txt, one request at a time, delays, an identifying agent, backoff."""

import json

import pytest

from bladiscrape import PROJECT_URL
from bladiscrape.crawl import settings
from bladiscrape.crawl.middlewares.retry import retry_after_seconds
from bladiscrape.replica import SEED_PATH
from support.crawl import run_crawl
from support.paths import ROOT


def test_default_settings_are_polite():
    assert settings.ROBOTSTXT_OBEY is True
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1
    assert settings.DOWNLOAD_DELAY >= 1.0 and settings.AUTOTHROTTLE_ENABLED
    assert PROJECT_URL in settings.USER_AGENT and settings.USER_AGENT.startswith("bladiscrape/")
    assert 429 in settings.RETRY_HTTP_CODES and 503 in settings.RETRY_HTTP_CODES
    assert settings.DOWNLOAD_MAXSIZE > 0


def test_retry_after_forms():
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None


def test_a_default_crawl_identifies_itself_and_waits(own_replica, tmp_path):
    db = tmp_path / "polite.db"
    # No --delay: the polite defaults. Depth 0 keeps it to robots.txt + one article.
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "bladiscrape", "crawl", "--db", str(db), "--site", own_replica.url,
                             "--depth", "0", own_replica.url + SEED_PATH], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert set(own_replica.user_agents) == {settings.USER_AGENT}
    assert own_replica.hits["/robots.txt"] == 1 and own_replica.hits[SEED_PATH] == 1
    import sqlite3
    conn = sqlite3.connect(db)
    recorded = json.loads(conn.execute("select settings from crawl_runs").fetchone()[0])
    assert recorded["DOWNLOAD_DELAY"] == 1.0 and recorded["AUTOTHROTTLE_ENABLED"] is True
    assert recorded["ROBOTSTXT_OBEY"] is True and recorded["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1


def test_backs_off_as_asked_on_429(own_replica, tmp_path):
    own_replica.throttled[SEED_PATH] = (1, 1)  # one 429 with Retry-After: 1
    crawl = run_crawl(own_replica, tmp_path / "b.db", "--depth", "0", own_replica.url + SEED_PATH)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    rows = crawl.rows("select status, outcome, fetched_at from fetches where url like '%44521%' order by id")
    assert [(r["status"], r["outcome"]) for r in rows] == [(429, "retry"), (200, "article")]
    from datetime import datetime
    waited = datetime.fromisoformat(rows[1]["fetched_at"]) - datetime.fromisoformat(rows[0]["fetched_at"])
    assert waited.total_seconds() >= 1


def test_gives_up_when_asked_to_wait_too_long(own_replica, tmp_path):
    own_replica.throttled[SEED_PATH] = (5, 3600)  # Retry-After an hour: beyond the 300 s cap
    crawl = run_crawl(own_replica, tmp_path / "c.db", "--depth", "0", own_replica.url + SEED_PATH)
    assert own_replica.hits[SEED_PATH] == 1  # asked once, then left alone
    rows = crawl.rows("select status, outcome from fetches where url like '%44521%'")
    assert rows == [{"status": 429, "outcome": "error"}]
    assert crawl.returncode == 1  # robots.txt alone is not a page: nothing could be fetched


def test_a_timeout_is_retried_after_a_backoff_and_recorded(own_replica, tmp_path):
    """A hanging page: one `retry` row naming the timeout, a wait, then the retry, then the error."""
    import sqlite3
    import subprocess
    import sys
    from datetime import datetime

    own_replica.slow[SEED_PATH] = 5
    db = tmp_path / "timeout.db"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "bladi", "-a", f"urls={own_replica.url + SEED_PATH}",
         "-a", f"site={own_replica.url}", "-a", "depth=0", "-a", "delay=0", "-a", f"db={db}", "-a", "no_warc=1",
         "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1", "-s", "RETRY_BACKOFF_BASE=1", "-s", "LOG_LEVEL=ERROR"],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    conn = sqlite3.connect(db)
    rows = conn.execute("select outcome, status, detail, fetched_at from fetches where url like '%44521%' order by id")
    (retry, error) = rows.fetchall()
    assert retry[:3] == ("retry", None, "DownloadTimeoutError; retrying in 1.0 s")
    assert error[0] == "error" and "DownloadTimeoutError" in error[2]
    waited = datetime.fromisoformat(error[3]) - datetime.fromisoformat(retry[3])
    assert waited.total_seconds() >= 1 + 1  # the backoff, then the retry's own timeout
    assert own_replica.hits[SEED_PATH] == 2
