"""Real crawls of the replica: its ground truth, the start arguments, the crawl subprocess and its archive."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from support.paths import TRUTH_FILE

TRUTH = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))
CANONICAL = "https://www.bladi.net"


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
