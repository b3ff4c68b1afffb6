"""Shared fixtures: the replica served over real HTTP, and real crawls of it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bladiscrape.replica.server import start

TESTS = Path(__file__).resolve().parent
TRUTH = json.loads((TESTS / "replica_truth.json").read_text(encoding="utf-8"))
CANONICAL = "https://www.bladi.net"


@pytest.fixture(scope="session")
def truth() -> dict:
    return TRUTH


@pytest.fixture(scope="session")
def replica():
    server = start(port=0)
    yield server
    server.stop()


@dataclass
class Crawl:
    db: Path
    returncode: int
    stdout: str
    stderr: str
    hits: dict  # replica request counts during this crawl, by path-with-query

    def rows(self, sql: str, params=()) -> list[dict]:
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute(sql, params)]
        finally:
            conn.close()


def site_url(server, canonical: str) -> str:
    """The replica URL of a canonical https://www.bladi.net/... URL."""
    assert canonical.startswith(CANONICAL)
    return server.url + canonical[len(CANONICAL):]


def run_crawl(server, db: Path, *args: str, timeout: int = 180) -> Crawl:
    before = dict(server.hits)
    result = subprocess.run(
        [sys.executable, "-m", "bladiscrape", "crawl", "--db", str(db), "--site", server.url,
         "--delay", "0", *args],
        capture_output=True, text=True, timeout=timeout,
    )
    after = dict(server.hits)
    hits = {k: after[k] - before.get(k, 0) for k in after if after[k] - before.get(k, 0)}
    return Crawl(db, result.returncode, result.stdout, result.stderr, hits)


def start_args(server, truth, depth: int) -> list[str]:
    site = truth["_site"]
    return ["--depth", str(depth), site_url(server, site["seed"]), site_url(server, site["feed"])]


@pytest.fixture(scope="session")
def replica_crawl(replica, truth, tmp_path_factory) -> Crawl:
    """The crawl of the issue's acceptance line: seed article + feed, depth 3."""
    db = tmp_path_factory.mktemp("crawl") / "archive.db"
    crawl = run_crawl(replica, db, *start_args(replica, truth, 3))
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    return crawl


@pytest.fixture(scope="session")
def replica_archive(replica_crawl) -> Path:
    """A real archive crawled from the replica (read-only for tests: copy before writing)."""
    return replica_crawl.db
