"""The archives the publish tests serve.

``archive_path`` is a real crawl of the replica (for checks that hold for any
archive holding the seed article), ``sample_path`` the sample archive of
``support.archive_builder`` (for checks of exact rows).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bladiscrape.publish import app as publish
from support.archive_builder import build_archive


@pytest.fixture(scope="module")
def archive_path(replica_archive, tmp_path_factory) -> Path:
    """A real crawl of the replica, under a file name other than archive.db."""
    path = tmp_path_factory.mktemp("pub") / "bladi_test_archive.db"
    shutil.copy(replica_archive, path)
    return path


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory) -> Path:
    return build_archive(tmp_path_factory.mktemp("sample") / "sample.db")


@pytest.fixture(scope="module")
def ds(archive_path):
    return publish.make_datasette(archive_path)


@pytest.fixture(scope="module")
def sample_ds(sample_path):
    return publish.make_datasette(sample_path)
