"""A full disk, in the archive or in the WARC files: the crawl stops with one line, and keeps what it committed.

The faults are injected in the crawl process (``support.writefaults``): SQLite's
``max_page_count``, which SQLite reports as a full disk, and a WARC write that
fails with ENOSPC half-way through a record.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bladiscrape.provenance.reader import iter_entries
from support.forker import Forker


@pytest.fixture(scope="module")
def forker():
    with Forker(batch_size=3) as forker:
        yield forker


def crawl(forker, server, db: Path, setup=None) -> tuple[int, str, str]:
    out, err = db.with_suffix(".out"), db.with_suffix(".err")
    status = forker.run(["crawl", "--db", str(db), "--site", server.url, "--delay", "0", "--depth", "0",
                         "--max-pages", "3", server.url + "/maroc-sport.html"], out, errors=err, setup=setup)
    return status, out.read_text(), err.read_text()


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assert_consistent(db: Path) -> None:
    """The archive opens whole, and no row points at a capture that is not in the WARC files."""
    assert query(db, "pragma integrity_check") == [("ok",)]
    captured = {entry.warc_record_id for entry in iter_entries([db.parent / "warcs"])}
    for table in ("articles", "fetches"):
        ids = {row[0] for row in query(db, f"select warc_record_id from {table} where warc_record_id is not null")}
        assert ids <= captured, table


@pytest.fixture(scope="module")
def reference(forker, server, tmp_path_factory) -> list[str]:
    db = tmp_path_factory.mktemp("reference") / "archive.db"
    status, _, err = crawl(forker, server, db)
    assert status == 0, err
    return [row[0] for row in query(db, "select url from articles order by url")]


@pytest.mark.parametrize("fault, cause", [
    (("support.writefaults:archive_pages", 40), "database or disk is full"),
    (("support.writefaults:warc_writes", 12), "No space left on device"),
])
def test_a_full_disk_stops_the_crawl_and_the_next_run_completes_it(forker, server, reference, tmp_path, fault, cause):
    db = tmp_path / "archive.db"
    status, _, err = crawl(forker, server, db, setup=fault)
    assert status == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bladiscrape: error: cannot write "), err
    assert cause in lines[0]
    assert_consistent(db)
    kept = query(db, "select count(*) from articles")[0][0]
    assert 0 < kept < len(reference), "the fault should land mid-crawl, after a first commit"
    # Stopped at once: not the whole crawl fetched for nothing.
    assert query(db, "select count(*) from fetches")[0][0] < len(reference)

    status, _, err = crawl(forker, server, db)  # space again
    assert status == 0, err
    # Nothing lost: every article of the uninterrupted crawl (a stopped run is continued as one cut
    # short is, so the pages below what it covered may be read too).
    assert set(reference) <= {row[0] for row in query(db, "select url from articles")}
    assert_consistent(db)
