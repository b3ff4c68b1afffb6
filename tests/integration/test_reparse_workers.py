"""``reparse --workers N``: stopped runs keep what they stored, and bad values are refused.

The replica crawl's WARC files, copied side by side into one directory, make a
reparse long enough to be stopped half-way (each copy's pages are re-parsed and
found unchanged). The archive's equality with a one-process reparse is tested
with the refresh crawls in ``test_provenance.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bladiscrape import cli
from bladiscrape.provenance import workers as worker_module
from bladiscrape.provenance.files import iter_warc_paths
from bladiscrape.provenance.reparse import reparse

#: Enough for a run to be stopped after its first batch (50 articles) and well before its end. With 5
#: copies (65 articles) the last 15 were at times re-parsed before a signal sent on the first commit.
COPIES = 20


@pytest.fixture(scope="module")
def many_warcs(replica_archive, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("copies")
    for n in range(COPIES):
        for path in iter_warc_paths([replica_archive.parent / "warcs"]):
            shutil.copy(path, folder / f"copy{n:02d}-{path.name}")
    return folder


def start(db: Path, warcs: Path, *extra: str) -> subprocess.Popen:
    # setsid: its own process group, so a signal sent to the group reaches it and its workers, as Ctrl-C does.
    return subprocess.Popen([sys.executable, "-m", "bladiscrape", "reparse", "--db", str(db), *extra, str(warcs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def wait_for_first_batch(db: Path, proc: subprocess.Popen) -> None:
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            if query(db, "select count(*) from articles")[0][0]:
                return
        except sqlite3.Error:
            pass
        time.sleep(0.02)
    raise AssertionError(f"no batch committed (exit {proc.poll()})")


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


def assert_stopped_with_one_line(proc: subprocess.Popen, db: Path, *words: str) -> None:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bladiscrape: error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], err
    # The summary and the error count the articles re-parsed before the stop; each is stored.
    reparsed = int(re.search(r"responses: (\d+) articles", out).group(1))
    assert f"keeps the {reparsed} articles" in err
    assert 0 < assert_whole(db) <= reparsed < COPIES * query(db, "select count(*) from articles")[0][0]


def assert_whole(db: Path) -> int:
    assert query(db, "pragma integrity_check") == [("ok",)]
    stored = query(db, "select count(*) from articles")[0][0]
    linked = query(db, "select count(distinct from_id) from links")[0][0]
    assert stored and linked == stored  # each stored article came with its links
    return stored


def test_a_killed_reparse_keeps_its_batches_and_its_workers_end(many_warcs, replica_archive, tmp_path):
    db = tmp_path / "killed.db"
    proc = start(db, many_warcs, "--workers", "2")
    wait_for_first_batch(db, proc)
    pool = workers_of(proc.pid)
    assert len(pool) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    deadline = time.time() + 10
    while time.time() < deadline and any(map(alive, pool)):
        time.sleep(0.1)
    assert not any(map(alive, pool)), "orphaned workers should end"
    assert query(db, "select finished_at from crawl_runs") == [(None,)]  # killed before its end
    assert_whole(db)

    warcs = replica_archive.parent / "warcs"  # one copy: enough to see a second run complete on this archive
    again = subprocess.run([sys.executable, "-m", "bladiscrape", "reparse", "--db", str(db), str(warcs)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    original = sqlite3.connect(replica_archive)
    try:
        crawled = original.execute("select * from articles order by id").fetchall()
    finally:
        original.close()
    assert query(db, "select * from articles order by id") == crawled


def test_a_worker_killed_mid_run_stops_the_run_with_one_line(many_warcs, tmp_path):
    db = tmp_path / "crashed.db"
    proc = start(db, many_warcs, "--workers", "2")
    wait_for_first_batch(db, proc)
    os.kill(workers_of(proc.pid)[0], signal.SIGKILL)
    assert_stopped_with_one_line(proc, db, "worker ended unexpectedly", "run the same reparse again")
    assert query(db, "select finish_reason from crawl_runs") == [("worker_failed",)]


def test_ctrl_c_stops_after_the_page_in_hand_and_records_the_run(many_warcs, tmp_path):
    db = tmp_path / "interrupted.db"
    proc = start(db, many_warcs)  # the default number of workers
    wait_for_first_batch(db, proc)
    os.killpg(proc.pid, signal.SIGINT)  # the whole group, as a terminal's Ctrl-C
    assert_stopped_with_one_line(proc, db, "interrupted")
    assert query(db, "select finish_reason from crawl_runs") == [("interrupted",)]


def test_a_page_that_raises_in_a_worker_is_skipped_and_named(replica_archive, tmp_path, monkeypatch):
    seed = "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html"
    real = worker_module.process_page

    def breaks_on_the_seed(response, **kwargs):
        if response.url.endswith(seed.removeprefix("https://www.bladi.net")):  # captured from the replica
            raise RuntimeError("a page no parser foresaw")
        return real(response, **kwargs)

    # The workers are forked from this process: they run the patched function.
    monkeypatch.setattr(worker_module, "process_page", breaks_on_the_seed)
    result = reparse(str(tmp_path / "a.db"), [str(replica_archive.parent / "warcs")], workers=2)
    assert result.skipped["pages that failed (RuntimeError)"] == 1
    assert query(tmp_path / "a.db", f"select count(*) from articles where url = '{seed}'") == [(0,)]
    assert query(tmp_path / "a.db", "select count(*) from articles") == query(replica_archive,
                                                                              "select count(*) - 1 from articles")


@pytest.mark.parametrize("value, words", [("0", ["--workers", "at least 1"]), ("-2", ["--workers", "at least 1"]),
                                          ("two", ["--workers", "'two'", "whole number"])])
def test_bad_workers_value_is_one_line_and_exit_2(value, words, replica_archive, tmp_path, capsys):
    db = tmp_path / "never.db"
    code = cli.main(["reparse", "--db", str(db), "--workers", value, str(replica_archive.parent / "warcs")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("bladiscrape: error: ")
    assert all(word in err for word in words), err
    assert not db.exists()
