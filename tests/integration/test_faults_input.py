"""Bad input, as a user or a script gives it: one line, exit 2, and every file byte-identical.

Each case runs against a copy of a real archive (and its WARC directory), so
"nothing written" is checked on files that exist, not only on files that
should not appear.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.forker import Forker

SEED = "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html"


def test_the_workspace_accepts_a_good_command(workspace, bladiscrape):
    """The control: the same arguments without the fault are not refused (the crawl starts)."""
    result = bladiscrape(*crawl_args(workspace, "--depth", "0", "--replay", "warcs", SEED), cwd=workspace)
    assert result.returncode != 2 and result.stdout.startswith("Plan: "), result.stderr[-2000:]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def forker():
    with Forker() as forker:
        yield forker


@pytest.fixture
def bladiscrape(forker, tmp_path_factory):
    """Run ``bladiscrape <args>`` in ``cwd``, in a forked process running the CLI's ``main``."""
    def run(*args: str, cwd: Path) -> Result:
        logs = tmp_path_factory.mktemp("logs")
        status = forker.run(list(args), logs / "stdout", errors=logs / "stderr", cwd=cwd)
        return Result(status, (logs / "stdout").read_text(), (logs / "stderr").read_text())
    return run


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_refused(result, *words):
    assert result.returncode == 2, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bladiscrape: error: "), result.stderr[-2000:]
    assert lines[0].isprintable()
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def workspace(replica, replica_archive, tmp_path) -> Path:
    """An archive with its WARC files and a few files of other kinds, as a user's folder holds them."""
    shutil.copy(replica_archive, tmp_path / "archive.db")
    shutil.copytree(replica_archive.parent / "warcs", tmp_path / "warcs")
    (tmp_path / "garbage.warc.gz").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "notes.warc").write_text("WARC notes, not a WARC file\n")
    (tmp_path / "a-file").write_text("not a directory\n")
    (tmp_path / "site").write_text(replica.url)
    return tmp_path


def crawl_args(workspace: Path, *args: str) -> list[str]:
    """The archive's own origin first (a later --site wins), so only the bad input can be refused."""
    site = (workspace / "site").read_text()
    return ["crawl", "--db", str(workspace / "archive.db"), "--site", site, "--delay", "0", *args]


@pytest.mark.parametrize("args, words", [
    (["http://[::1/x"], ["not a valid URL"]),
    (["--site", "http://[::1", SEED], ["--site", "not a valid URL"]),
    (["--site", "http://127.0.0.1:99999", SEED], ["--site"]),
    (["--replay", "garbage.warc.gz", SEED], ["--replay", "garbage.warc.gz", "not a WARC file"]),
    (["--replay", "notes.warc", SEED], ["not a WARC file"]),
    (["--warc-dir", "a-file", SEED], ["--warc-dir", "is a file"]),
    (["--jobdir", "a-file", SEED], ["--jobdir", "is a file"]),
    (["--timeout", "0", SEED], ["--timeout"]),
    (["--timeout", "soon", SEED], ["--timeout"]),
])
def test_bad_crawl_input_leaves_every_file_as_it_was(workspace, bladiscrape, args, words):
    before = snapshot(workspace)
    assert_refused(bladiscrape(*crawl_args(workspace, *args), cwd=workspace), *words)
    assert snapshot(workspace) == before


def test_reparse_of_a_garbage_warc_is_refused(workspace, bladiscrape):
    before = snapshot(workspace)
    assert_refused(bladiscrape("reparse", "--db", str(workspace / "archive.db"), str(workspace / "garbage.warc.gz"), cwd=workspace),
                   "not a WARC file")
    assert snapshot(workspace) == before


@pytest.fixture
def taken_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize("command", [["replica"], ["replica", "--scale"], ["serve", "--db", "archive.db"]])
def test_a_port_in_use_is_one_line(workspace, bladiscrape, taken_port, command):
    before = snapshot(workspace)
    assert_refused(bladiscrape(*command, "--port", str(taken_port), cwd=workspace), f"127.0.0.1:{taken_port}",
                   "in use")
    assert snapshot(workspace) == before
