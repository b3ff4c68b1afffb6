"""One writer per archive and per job directory, with two real processes against the replica."""

import subprocess
import sys
import time

from bladiscrape.store.locks import is_locked
from support.crawl import Crawl, run_crawl, start_args

MARKER = "bladiscrape.running"  # crawl.jobdir: present while a crawl with --jobdir runs


def start(*args):
    return subprocess.Popen([sys.executable, "-m", "bladiscrape", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc):
    stdout, stderr = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def assert_refused(result, *words):
    assert result.returncode == 2, result.stderr[-2000:]
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("bladiscrape: error: ") and "in use by another bladiscrape crawl" in line, line
    for word in words:
        assert word in line, line


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_second_writer_is_refused_and_the_first_crawl_goes_on(replica, truth, tmp_path):
    db, job = tmp_path / "slow.db", tmp_path / "job"
    args = start_args(replica, truth, 0)
    first = subprocess.Popen(
        [sys.executable, "-m", "bladiscrape", "crawl", "--db", str(db), "--site", replica.url, "--delay", "1",
         "--jobdir", str(job), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: (job / MARKER).exists() and list((tmp_path / "warcs").glob("*.warc.gz")))

        # Three writers at once while the first crawl runs: started together so that, on a loaded machine,
        # none of them waits for the others' start-up and the first crawl is still running for all three.
        other = tmp_path / "other.db"
        attempts = {
            # Another crawl into the same archive.
            "crawl": start("crawl", "--db", str(db), "--site", replica.url, "--delay", "0", *args),
            # Another crawl with the same job directory, into another archive: nothing created, queue kept.
            "jobdir": start("crawl", "--db", str(other), "--site", replica.url, "--delay", "0",
                            "--jobdir", str(job), *args),
            # A re-parse into the archive being crawled.
            "reparse": start("reparse", str(tmp_path / "warcs"), "--db", str(db)),
        }
        results = {name: finish(proc) for name, proc in attempts.items()}
        assert first.poll() is None, "the first crawl should still be running (it waits 1 s per request)"
        assert_refused(results["crawl"], f"archive {db} ")
        assert_refused(results["jobdir"], f"job directory {job}")
        assert not other.exists()
        # jobdir.prepare would have taken the running crawl for a dead one and discarded its queue.
        assert (job / MARKER).exists() and (job / "requests.queue").is_dir()
        assert_refused(results["reparse"], f"archive {db} ")
        stdout, stderr = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, stderr[-2000:]
    assert not is_locked(db) and not (job / MARKER).exists()

    # Undisturbed: the same articles as a crawl that ran alone.
    alone = run_crawl(replica, tmp_path / "alone.db", *args)
    crawled = Crawl(db, first.returncode, stdout, stderr, {})
    assert {r["url"] for r in crawled.rows("select url from articles")} == {
        r["url"] for r in alone.rows("select url from articles")}
    assert len(crawled.rows("select * from crawl_runs")) == 1


def test_the_lock_ends_with_the_crawl_and_the_archive_is_reusable(replica, truth, tmp_path):
    db = tmp_path / "a.db"
    assert run_crawl(replica, db, *start_args(replica, truth, 0)).returncode == 0
    assert not is_locked(db)
    assert run_crawl(replica, db, *start_args(replica, truth, 0)).returncode == 0
