"""``kill -9`` at ten moments, for each kind of start point: the resumed archive equals an uninterrupted one.

Each kind is crawled once without interruption (the reference). Then the
same command runs in a chain of real processes on a fresh archive: each is
killed with SIGKILL once the server has answered it a chosen number of
requests (observed from outside, never from the crawl's own log), and the next
one resumes with the same command and ``--jobdir``. The moments spread from
the first request (robots.txt) to late in the crawl, since each process
carries the archive further. The last process runs to its end, and its archive
must hold the reference's articles, links and tags, content for content.

Processes are forked from a server that has the crawler imported already
(``support.forker``), and commit every two items, so ten kills per kind
cost a few seconds.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from support.forker import Forker

KILLS = 10
#: Columns that say what was archived, not when (fetch times, capture ids differ between runs).
CONTENT = ("id, url, slug, title, lead, body, published_at, published_raw, section, author, tags, image_url, "
           "word_count, in_topic, topic_score, topic_terms, extraction, content_sha256")


def start_points(server) -> dict[str, list[str]]:
    site = server.site
    telecom = site.in_topic_ids(date(2016, 3, 1), date(2016, 3, 31))[0]
    return {
        "article": [f"{server.url}/x,{telecom}.html", "--depth", "1"],
        "rubrique": [f"{server.url}/maroc-sport.html", "--depth", "0", "--max-pages", "2"],
        "tag": [f"{server.url}/mot/voip.html", "--depth", "0", "--max-pages", "2"],
        "feed": [f"{server.url}/spip.php?page=backend", "--depth", "0"],
        "sweep": ["--ids", "44000-44024"],
    }


@pytest.fixture(scope="module")
def forker():
    with Forker(batch_size=2) as forker:
        yield forker


def command(server, db: Path, start: list[str]) -> list[str]:
    return ["crawl", "--db", str(db), "--site", server.url, "--delay", "0", "--no-warc",
            "--jobdir", str(db.with_suffix(".job")), *start]


def archive(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {
            "articles": conn.execute(f"select {CONTENT} from articles order by id").fetchall(),
            "links": conn.execute("select * from links order by 1, 2, 3, 4").fetchall(),
            "tags": conn.execute("select at.article_id, t.name, at.position from article_tags at "
                                 "join tags t on t.id = at.tag_id order by 1, 3").fetchall(),
        }
    finally:
        conn.close()


def hits(server) -> int:
    return server.requests()


def run_until(forker, server, argv, log: Path, requests: int) -> int:
    """Start a crawl and SIGKILL it once the server has answered it ``requests`` requests; its exit status."""
    before = hits(server)
    pid = forker.start(argv, log)
    deadline = time.monotonic() + 60
    while hits(server) - before < requests and time.monotonic() < deadline:
        time.sleep(0.001)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # ended already: cannot happen before the wait below reaps it
        pass
    return forker.wait(pid)


def assert_whole(db: Path) -> None:
    """What a kill leaves opens, and every stored article was committed with its links."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        unlinked = conn.execute("select count(*) from articles a where in_topic = 1 and not exists "
                                "(select 1 from links l where l.from_id = a.id)").fetchone()[0]
        assert unlinked == 0
    finally:
        conn.close()


@pytest.mark.parametrize("kind", ["article", "rubrique", "tag", "feed", "sweep"])
def test_kill_at_ten_moments_then_resume_equals_an_uninterrupted_crawl(server, forker, tmp_path, kind):
    start = start_points(server)[kind]
    reference = tmp_path / "reference.db"
    before = hits(server)
    assert forker.run(command(server, reference, start), tmp_path / "reference.log") == 0, \
        (tmp_path / "reference.log").read_text()[-2000:]
    total = hits(server) - before
    expected = archive(reference)
    assert expected["articles"], "the reference crawl archived nothing"

    db = tmp_path / "killed.db"
    # The first kill lands on the first request; each later process is killed after a tenth of the
    # reference's requests beyond what a resume re-reads (robots.txt and the start pages), so the
    # moments move through the whole crawl as the archive grows.
    moments = [1] + [3 + max(1, total // KILLS)] * (KILLS - 1)
    statuses = []
    for n, moment in enumerate(moments):
        statuses.append(run_until(forker, server, command(server, db, start), tmp_path / f"kill{n}.log", moment))
        assert_whole(db)
    assert statuses == [-signal.SIGKILL] * KILLS, "every process should have been killed mid-crawl"
    partial = len(archive(db)["articles"])
    assert partial < len(expected["articles"]), "the kills should land before the crawl's end"

    log = tmp_path / "resumed.log"
    assert forker.run(command(server, db, start), log) == 0, log.read_text()[-2000:]
    resumed = archive(db)
    for name in expected:
        assert resumed[name] == expected[name], name
