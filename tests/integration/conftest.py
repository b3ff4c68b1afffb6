"""Fixtures of the crawl tests (the shared replica and its crawl are in ``tests/conftest.py``)."""

import pytest

from bladiscrape.replica.scale.site import SyntheticSite
from bladiscrape.replica.server import start
from support.faultserver import FaultServer


@pytest.fixture
def own_replica():
    """A replica of this test's own, since the test edits its pages or makes it fail."""
    server = start(port=0)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server():
    """The full-scale synthetic site behind the fault-injection server, one per module (kill and write tests)."""
    with FaultServer(SyntheticSite()) as server:
        yield server
