"""Provenance: WARC capture, re-parse, replay, refresh with versions, kill and resume."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bladiscrape.provenance.files import iter_warc_paths
from bladiscrape.provenance.reader import read_record
from support.crawl import run_crawl, start_args
from support.paths import REPLICA_SITE
from support.tables import every_table

CONTENT_TABLES = ("articles", "links")


def warcio_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", "-v", str(path)],
                          capture_output=True, text=True, timeout=120)


def table(db: Path, name: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        if name == "article_tags":  # tag ids depend on insertion order: compare names
            sql = ("select at.article_id, t.name, at.position from article_tags at "
                   "join tags t on t.id = at.tag_id order by 1, 3")
        elif name == "tags":
            sql = "select name from tags order by name"
        else:
            sql = f"select * from {name} order by 1, 2, 3"
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assert_same_archive(a: Path, b: Path):
    for name in CONTENT_TABLES + ("tags", "article_tags"):
        assert table(a, name) == table(b, name), name


def test_every_response_is_in_a_valid_warc(replica_crawl):
    warcs = iter_warc_paths([replica_crawl.db.parent / "warcs"])
    assert warcs
    for path in warcs:
        result = warcio_check(path)
        assert result.returncode == 0, result.stdout + result.stderr
    rows = replica_crawl.rows("select * from fetches where status is not null")
    assert rows and all(r["warc_record_id"] for r in rows)
    outcomes = {r["outcome"] for r in rows}
    assert {"article", "redirect", "robots_txt", "feed", "retry", "error"} <= outcomes
    for row in rows[:: max(1, len(rows) // 10)]:
        captured = read_record(replica_crawl.db.parent / "warcs" / row["warc_file"], row["warc_offset"])
        assert captured.warc_record_id == row["warc_record_id"]
        assert captured.payload_sha256 == row["payload_sha256"]
        assert captured.status == row["status"]


def test_each_warc_file_opens_with_the_crawl_description(replica_crawl):
    from warcio.archiveiterator import ArchiveIterator

    for path in iter_warc_paths([replica_crawl.db.parent / "warcs"]):
        with open(path, "rb") as f:
            record = next(iter(ArchiveIterator(f)))
            assert record.rec_type == "warcinfo"
            info = record.content_stream().read().decode("utf-8")
        assert "bladiscrape/" in info and "ROBOTSTXT_OBEY=True" in info
        assert '"depth": 3' in info and "127.0.0.1" in info  # the crawl's arguments


def test_articles_point_at_their_capture(replica_crawl):
    rows = replica_crawl.rows(
        "select a.url, a.fetched_at, f.fetched_at as captured_at from articles a "
        "join fetches f on f.warc_record_id = a.warc_record_id")
    assert len(rows) == replica_crawl.rows("select count(*) as n from articles")[0]["n"]
    assert all(r["fetched_at"] == r["captured_at"] for r in rows)


def test_reparse_rebuilds_the_same_archive(replica_crawl, tmp_path):
    db = tmp_path / "reparsed.db"
    result = subprocess.run([sys.executable, "-m", "bladiscrape", "reparse", "--db", str(db),
                             str(replica_crawl.db.parent / "warcs")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "0 changed" in result.stdout
    assert_same_archive(replica_crawl.db, db)


def test_reparse_with_a_newer_parser_updates_rows(replica_crawl, tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(replica_crawl.db, db)
    conn = sqlite3.connect(db)
    with conn:  # what an older parser might have written
        conn.execute("update articles set body = 'old parse', content_sha256 = 'old', parser_version = '0.1' "
                     "where id = 44521")
    conn.close()
    result = subprocess.run([sys.executable, "-m", "bladiscrape", "reparse", "--db", str(db),
                             str(replica_crawl.db.parent / "warcs")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert " 1 changed" in result.stdout
    assert_same_archive(replica_crawl.db, db)
    assert table(db, "article_versions") == []  # a re-parse is not a new version


def test_replay_reproduces_the_archive_without_network(replica, replica_crawl, truth, tmp_path):
    db = tmp_path / "replayed.db"
    crawl = run_crawl(replica, db, "--replay", str(replica_crawl.db.parent / "warcs"),
                      *start_args(replica, truth, 3))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert crawl.hits == {}  # not one request reached the server
    assert_same_archive(replica_crawl.db, db)
    assert not (tmp_path / "warcs").exists()


def test_replay_reports_what_is_missing(replica, replica_crawl, tmp_path):
    db = tmp_path / "missing.db"
    crawl = run_crawl(replica, db, "--replay", str(replica_crawl.db.parent / "warcs"),
                      replica.url + "/inconnu,1.html")
    assert crawl.hits == {}
    rows = crawl.rows("select outcome, url from fetches where outcome = 'not_in_warc'")
    assert rows == [{"outcome": "not_in_warc", "url": "https://www.bladi.net/inconnu,1.html"}]


def test_bad_replay_path(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bladiscrape", "crawl", "--db", str(tmp_path / "a.db"),
                             "--replay", str(tmp_path / "nothing")], capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.startswith("bladiscrape: error: --replay")
    assert not (tmp_path / "a.db").exists()


def committed(db: Path) -> int:
    """Articles committed so far by a running crawl (WAL lets us read beside it)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("select count(*) from articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_refresh_uses_conditional_requests_and_keeps_versions(own_replica, truth, tmp_path):
    db = tmp_path / "refresh.db"
    args = start_args(own_replica, truth, 3)
    assert run_crawl(own_replica, db, *args).returncode == 0
    count = len(table(db, "articles"))

    unchanged = run_crawl(own_replica, db, "--refresh", *args)
    assert unchanged.returncode == 0, unchanged.stderr[-2000:]
    not_modified = unchanged.rows("select url from fetches where outcome = 'not_modified' and run_id = 2")
    assert len(not_modified) == count
    assert table(db, "article_versions") == []

    seed = truth["_site"]["seed"]
    path = seed[len("https://www.bladi.net"):]
    page = (REPLICA_SITE / path.lstrip("/")).read_bytes()
    own_replica.change_page(path, page.replace(b"symbolique", b"symbolique et suivie"))
    gone = truth["_site"]["fail_once"][len("https://www.bladi.net"):]
    own_replica.gone.add(gone)
    changed = run_crawl(own_replica, db, "--refresh", *args)
    assert changed.returncode == 0, changed.stderr[-2000:]
    (run,) = changed.rows("select * from crawl_runs where id = 3")
    assert run["articles_updated"] == 1 and run["articles_new"] == 0
    versions = changed.rows("select * from article_versions")
    assert [(v["article_id"], v["version"]) for v in versions] == [(truth[seed]["id"], 1)]
    assert "symbolique et suivie" not in versions[0]["body"]
    (article,) = changed.rows("select * from articles where url = ?", [seed])
    assert "symbolique et suivie" in article["body"] and article["changed_at"] == article["fetched_at"]
    assert versions[0]["warc_record_id"] != article["warc_record_id"]
    (gone_row,) = changed.rows("select gone_at from articles where url = ?", [truth["_site"]["fail_once"]])
    assert gone_row["gone_at"]
    assert len(table(db, "articles")) == count  # nothing deleted

    # The three runs' WARC files re-parsed in one process and with three workers give the same
    # archive, every table and row, the seed's two captures versioned alike.
    reparsed = []
    for workers in ("1", "3"):
        out = tmp_path / f"reparsed-{workers}.db"
        result = subprocess.run([sys.executable, "-m", "bladiscrape", "reparse", "--db", str(out),
                                 "--workers", workers, str(tmp_path / "warcs")],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        reparsed.append(every_table(out))
    assert [v[0] for v in reparsed[0]["article_versions"]] == [truth[seed]["id"]]
    assert len(reparsed[0]["articles"]) == count and reparsed[0]["mentions"] and reparsed[0]["link_metrics"]
    assert reparsed[0] == reparsed[1]


def test_kill_and_resume_equals_an_uninterrupted_crawl(own_replica, replica_crawl, truth, tmp_path):
    db, jobdir = tmp_path / "killed.db", tmp_path / "job"
    command = [sys.executable, "-m", "bladiscrape", "crawl", "--db", str(db), "--site", own_replica.url,
               "--jobdir", str(jobdir), *start_args(own_replica, truth, 3)]
    # Slow enough to be killed half-way, once a first batch of articles is committed.
    proc = subprocess.Popen(command + ["--delay", "0.2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 90
    while time.time() < deadline and committed(db) == 0:
        time.sleep(0.05)
    seen = committed(db)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    conn = sqlite3.connect(db)
    stored = conn.execute("select count(*) from articles").fetchone()[0]
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    # Every stored article is whole: its links were committed with it.
    linked = conn.execute("select count(distinct from_id) from links").fetchone()[0]
    conn.close()
    total = len(table(replica_crawl.db, "articles"))
    assert 0 < seen <= stored < total, "the kill should land mid-crawl, losing nothing committed"
    assert linked == stored

    resumed = subprocess.run(command + ["--delay", "0"], capture_output=True, text=True, timeout=180)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    def urls(path):
        return [r[1] for r in table(path, "articles")]
    assert sorted(urls(db)) == sorted(urls(replica_crawl.db))
    assert table(db, "links") == table(replica_crawl.db, "links")
    def strip(rows):
        return [r[:13] for r in rows]  # content columns, not fetch times or capture ids
    assert strip(table(db, "articles")) == strip(table(replica_crawl.db, "articles"))


# -- one rule for what is HTML, in the crawl and in reparse ------------------------------
ARTICLE = REPLICA_SITE / "blocage-whatsapp-viber-maroc,44096.html"
#: path -> (Content-Type, Content-Encoding, body): one article page, the same markup
#: served as an image, and a page declared gzip whose body is not.
ODD_PAGES = {
    "/article-html,101.html": ("text/html; charset=utf-8", None, ARTICLE.read_bytes()),
    "/article-jpeg,102.html": ("image/jpeg", None, ARTICLE.read_bytes()),
    "/article-gzip,103.html": ("text/html; charset=utf-8", "gzip", ARTICLE.read_bytes()),
}


def odd_server():
    """A tiny HTTP server on 127.0.0.1: a feed listing ODD_PAGES, and those pages."""
    def feed(origin):
        items = "".join(f"<item><title>{p}</title><link>{origin}{p}</link></item>" for p in ODD_PAGES)
        return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            origin = f"http://127.0.0.1:{self.server.server_port}"
            if self.path == "/spip.php?page=backend":
                ctype, coding, body = "application/rss+xml", None, feed(origin)
            elif self.path in ODD_PAGES:
                ctype, coding, body = ODD_PAGES[self.path]
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            if coding:
                self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_crawl_and_reparse_agree_on_what_is_html(tmp_path):
    """Needs ``TolerantHttpCompressionMiddleware`` in DOWNLOADER_MIDDLEWARES (crawl/settings.py)."""
    server = odd_server()
    try:
        origin = f"http://127.0.0.1:{server.server_port}"
        crawled = tmp_path / "crawled.db"
        crawl = subprocess.run([sys.executable, "-m", "bladiscrape", "crawl", "--db", str(crawled), "--site", origin,
                                "--delay", "0", "--depth", "0", origin + "/spip.php?page=backend"],
                               capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    reparsed = tmp_path / "reparsed.db"
    result = subprocess.run([sys.executable, "-m", "bladiscrape", "reparse", "--db", str(reparsed),
                             str(tmp_path / "warcs")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

    articles = table(crawled, "articles")
    assert [row[1] for row in articles] == ["https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html"]
    assert_same_archive(crawled, reparsed)
    conn = sqlite3.connect(crawled)
    try:
        fetches = dict(conn.execute("select url, outcome || ': ' || coalesce(detail, '') from fetches "
                                    "where url like '%,10_.html'").fetchall())
    finally:
        conn.close()
    assert fetches == {
        "https://www.bladi.net/article-html,101.html": fetches["https://www.bladi.net/article-html,101.html"],
        "https://www.bladi.net/article-jpeg,102.html": "not_html: served as image/jpeg",
        "https://www.bladi.net/article-gzip,103.html":
            "not_html: body that could not be decoded (Content-Encoding: gzip)",
    }
    assert fetches["https://www.bladi.net/article-html,101.html"].startswith("article")
    assert "3 non-HTML responses" in result.stdout  # the feed, the image, the undecodable page
