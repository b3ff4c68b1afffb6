"""Shared fixtures: the replica served over real HTTP, and real crawls of it.

The helpers behind them are in ``support/`` (``support.crawl``); this file
holds fixtures only. The test folders are not packages (no ``__init__.py``),
so a test file's name must be unique across all of them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bladiscrape.replica.server import start
from support.crawl import TRUTH, Crawl, run_crawl, start_args

# The named-entity model (the optional nlp extra) takes seconds to load in every crawl
# and reparse; only test_research.py's entities test, which asks for it, spends them.
os.environ.setdefault("BLADISCRAPE_NLP", "0")


@pytest.fixture(scope="session")
def truth() -> dict:
    return TRUTH


@pytest.fixture(scope="session")
def replica():
    server = start(port=0)
    yield server
    server.stop()


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
