"""Serving an archive: refusals, leftover write-ahead logs, an archive a crawl is still writing, odd file names."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bladiscrape.publish import app as publish
from bladiscrape.publish.plugin import CRAWL_NOTICE
from bladiscrape.store import ArchiveError, locks
from support.datasette import get, rows, titles

# -- serving: errors and leftovers ---------------------------------------------

@pytest.mark.parametrize("make, message", [
    (lambda p: p, "does not exist"),
    (lambda p: (p.mkdir(), p)[1], "is a directory"),
    (lambda p: (p.write_text("not a database"), p)[1], "is not a SQLite database"),
    (lambda p: (p.write_bytes(b""), p)[1], "is empty"),
    (lambda p: (sqlite3.connect(p).execute("vacuum"), p)[1], "not a bladiscrape archive"),
    (lambda p: (sqlite3.connect(p).execute("create table other (x)"), p)[1], "not a bladiscrape archive"),
])
def test_serve_refuses_what_is_not_an_archive(tmp_path, make, message):
    path = make(tmp_path / "thing.db")
    for call in (publish.check_archive, publish.make_datasette, publish.serve):
        with pytest.raises(ArchiveError, match=message) as error:
            call(path)
        assert "\n" not in str(error.value)


def test_leftover_wal_is_folded_in(archive_path, tmp_path):
    """An interrupted crawl leaves rows in archive.db-wal; immutable mode must still see them."""
    work = tmp_path / "live.db"
    shutil.copy(archive_path, work)
    conn = sqlite3.connect(work)
    conn.execute("pragma journal_mode = wal")
    with conn:
        conn.execute("insert into articles (id, url, title, body) values (1, 'https://www.bladi.net/x,1.html', "
                     "'Article écrit juste avant l’interruption', 'texte')")
    # Copy the file pair while the writer still holds it, as a killed crawl leaves it.
    crashed = tmp_path / "crashed.db"
    shutil.copy(work, crashed)
    shutil.copy(f"{work}-wal", f"{crashed}-wal")
    conn.close()
    ds = publish.make_datasette(crashed)
    assert "Article écrit juste avant l’interruption" in titles(rows(ds, "articles"))
    assert not Path(f"{crashed}-wal").exists()


# -- serving while a crawl writes; file names SQLite URIs would misread ------------------

def write_through_datasette(ds, name: str):
    return asyncio.run(ds.databases[name].execute_write("create table intruder (x)"))


# A crawl in another process: it takes the archive's lock, then writes one article into the WAL
# and keeps its connection open until told to stop (as a running crawl does).
CRAWL_WRITING = """
import sqlite3, sys
from bladiscrape.store import locks
with locks.held(sys.argv[1], "archive"):
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("pragma journal_mode = wal")
    with conn:
        conn.execute("insert into articles (id, url, title, body) values (1, 'https://www.bladi.net/x,1.html', "
                     "'Article en cours d\u2019écriture', 'texte')")
    print("writing", flush=True)
    sys.stdin.read()
    conn.close()
"""


@contextlib.contextmanager
def crawl_writing(db: Path):
    proc = subprocess.Popen([sys.executable, "-c", CRAWL_WRITING, str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        yield
    finally:
        proc.communicate("", timeout=30)


def test_archive_being_crawled_is_served_read_only_not_immutable(sample_path, tmp_path):
    """A crawl holds the archive's lock and has rows in its WAL: they show, nothing is written."""
    db = tmp_path / "growing.db"
    shutil.copy(sample_path, db)
    with crawl_writing(db):
        ds = publish.make_datasette(db)
        assert ds.databases["growing"].is_mutable
        assert Path(f"{db}-wal").exists()  # not folded in: that would write
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            write_through_datasette(ds, "growing")
        assert "Article en cours d’écriture" in titles(rows(ds, "articles"))
        assert _mapped(ds, "growing") == 0  # a growing file: SQLite's plain reads
        for page in ("/", "/growing", "/growing/articles", "/growing/articles/44521"):
            assert CRAWL_NOTICE in get(ds, page).text, page
        ds.databases["growing"].close()
    assert "intruder" not in {r[0] for r in sqlite3.connect(db).execute("select name from sqlite_master")}


def test_archive_no_crawl_holds_is_immutable_without_notice(sample_path, tmp_path):
    db = tmp_path / "still.db"
    shutil.copy(sample_path, db)
    ds = publish.make_datasette(db)
    assert not ds.databases["still"].is_mutable
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        write_through_datasette(ds, "still")
    assert CRAWL_NOTICE not in get(ds, "/still/articles").text
    assert _mapped(ds, "still") > 0  # read through memory-mapped I/O


def _mapped(ds, name: str) -> int:
    """The bytes of the file a connection of Datasette's may map (``pragma mmap_size``)."""
    return asyncio.run(ds.databases[name].execute("pragma mmap_size")).first()[0]


@pytest.mark.parametrize("locked", [False, True], ids=["immutable", "being-crawled"])
def test_file_name_with_uri_characters(sample_path, tmp_path, locked):
    """``#``, ``?`` and ``%`` end or escape a path in a SQLite URI: unquoted, another file opens."""
    db = tmp_path / "a#b?c%20d.db"
    shutil.copy(sample_path, db)
    with locks.held(db, "archive") if locked else contextlib.nullcontext():
        assert publish.check_archive(db) == db
        ds = publish.make_datasette(db)
        name = publish.database_name(db)
        assert ds.databases[name].is_mutable == locked
        response = asyncio.run(ds.client.get(ds.urls.table(name, "articles") + ".json?_shape=objects"))
        assert response.status_code == 200, response.text[:500]
        assert len(response.json()["rows"]) == 10
    assert sorted(p.name for p in tmp_path.iterdir()) == [db.name]  # no file "a" created beside it


def test_demo_refuses_an_empty_archive_another_crawl_is_filling(tmp_path):
    db = tmp_path / "demo.db"
    with locks.held(db, "archive"):
        result = subprocess.run([sys.executable, "-m", "bladiscrape", "demo", "--db", str(db), "--port", "0"],
                                capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith("bladiscrape: error: ") and result.stderr.count("\n") == 1
    assert "in use by another bladiscrape crawl" in result.stderr
    assert db.stat().st_size == 0  # nothing written
