"""The demo is a demo: replica rows say what they are, and never pass for the live site's.

One real crawl of the replica (the session's ``replica_archive``) is read for
the markers; copies of it are crawled again from another origin, refused
without ``--allow-mixed-origins`` and re-fetched with it.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import subprocess
import sys

import pytest

from bladiscrape import cli
from bladiscrape.core.origins import REAL_TEXT, TEST_TEXT, origin_note
from bladiscrape.replica import SEED_PATH
from bladiscrape.replica.server import start
from bladiscrape.store import load_known
from support.crawl import run_crawl

LIVE = "https://www.bladi.net"
SEED_ID = 44521


def rows(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_every_replica_row_records_its_origin_and_says_what_it_holds(replica_archive, replica):
    found = dict(rows(replica_archive, "select id, origin_note from articles"))
    assert len(found) > 10
    assert found.pop(SEED_ID) == REAL_TEXT  # the one real Bladi.net text the replica serves
    assert set(found.values()) == {TEST_TEXT}
    assert rows(replica_archive, "select distinct origin from articles") == [(replica.url,)]


def test_the_live_site_gets_no_marker_and_an_unmarked_page_elsewhere_is_a_test_text():
    page = b'<html><head><meta name="bladiscrape:replica" content="real-text"></head></html>'
    assert origin_note(LIVE, page) is None and origin_note("http://bladi.net", b"") is None
    assert origin_note("http://127.0.0.1:8000", page) == REAL_TEXT
    assert origin_note("http://127.0.0.1:8000", b"<html>no claim</html>") == TEST_TEXT


def test_known_articles_of_another_origin_never_count_as_archived(replica_archive, replica):
    assert load_known(replica_archive, LIVE) == {}
    assert len(load_known(replica_archive, replica.url)) == rows(replica_archive, "select count(*) from articles")[0][0]


def test_a_crawl_from_another_origin_is_refused_with_one_line(replica_archive, tmp_path, capsys):
    db = tmp_path / "archive.db"
    shutil.copy(replica_archive, db)
    before = db.read_bytes()
    code = cli.main(["crawl", "--db", str(db), "--delay", "0", LIVE + "/appels-voip-maroc,46592.html"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert "was built from http://127.0.0.1:" in err and "--allow-mixed-origins" in err
    assert db.read_bytes() == before  # nothing written


@pytest.fixture(scope="module")
def other_replica():
    server = start(port=0)  # another port: another origin, though the same pages
    yield server
    server.stop()


def test_with_allow_mixed_origins_the_other_origin_fetches_what_it_only_knew_from_elsewhere(
        replica_archive, other_replica, tmp_path):
    db = tmp_path / "mixed.db"
    shutil.copy(replica_archive, db)
    crawl = run_crawl(other_replica, db, "--depth", "0", "--no-warc", "--allow-mixed-origins",
                      other_replica.url + SEED_PATH)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert crawl.hits.get(SEED_PATH) == 1  # archived from the first replica, so fetched again here
    assert rows(db, "select origin, origin_note from articles where id = ?", [SEED_ID]) == [
        (other_replica.url, REAL_TEXT)]


def test_the_demo_builds_demo_db_and_demo_warcs_never_archive_db(tmp_path):
    from support.paths import ROOT

    assert cli.build_parser().parse_args(["demo"]).db == "demo.db"
    assert "bladiscrape demo --db demo.db" in (ROOT / "Makefile").read_text(encoding="utf-8")
    # In a process of its own: Twisted's reactor runs once per process.
    script = "from pathlib import Path; from bladiscrape import demo; print(demo.build(Path(demo.DEMO_DB)))"
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "articles" in result.stdout, result.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo-warcs", "demo.db"]
    assert any((tmp_path / "demo-warcs").iterdir())
    notes = rows(tmp_path / "demo.db", "select origin_note, count(*) from articles group by 1 order by 1")
    assert notes[0] == (REAL_TEXT, 1) and notes[1][0] == TEST_TEXT


def test_every_page_export_row_and_citation_of_the_demo_carries_the_marker(ds):
    from bladiscrape.publish.plugin import DEMO_NOTICE
    from support.datasette import database, get

    for path in ("/", database(ds), "articles", f"articles/{SEED_ID}", "article_capture?id=46592"):
        assert "replica test text" in get(ds, path).text, path
    assert DEMO_NOTICE.split(":")[0] in get(ds, "articles").text
    exported = list(csv.DictReader(io.StringIO(get(ds, "articles.csv", _size="max").text)))
    assert len(exported) > 10
    assert {r["origin_note"] for r in exported} == {TEST_TEXT, REAL_TEXT}
    citations = [r["citation"] for r in rows_of(ds, "article_capture", id="46592") if r["citation"]]
    assert citations and all(c.endswith(f"[{TEST_TEXT}, fetched from {c.rsplit(' ', 1)[-1]}") for c in citations)
    seed = [r["citation"] for r in rows_of(ds, "article_capture", id=str(SEED_ID)) if r["citation"]]
    assert seed and all(f"[{REAL_TEXT}, fetched from http://127.0.0.1:" in c for c in seed)


def rows_of(ds, path, **params):
    from support.datasette import rows as fetch

    return fetch(ds, path, **params)
