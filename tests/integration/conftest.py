"""Fixtures of the crawl tests (the shared replica and its crawl are in ``tests/conftest.py``)."""

import pytest

from bladiscrape.replica.server import start


@pytest.fixture
def own_replica():
    """A replica of this test's own, since the test edits its pages or makes it fail."""
    server = start(port=0)
    yield server
    server.stop()
