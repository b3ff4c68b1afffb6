"""The built wheel, installed in a fresh virtualenv away from the source tree, serves an archive.

The wheel is built from a copy of the sources (so no build/ or egg-info lands
in the working tree) with the project venv's setuptools, without build
isolation: no download. The fresh venv reuses the project venv's installed
dependencies through a ``.pth`` file and gets the wheel with ``--no-index``.
Everything runs from ``tmp_path``, so only the installed package can be
imported; ``bladiscrape serve`` then runs as a user would run it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from support.archive_builder import SEED_TITLE, SEED_URL, build_archive
from support.paths import ROOT

SOURCES = ("pyproject.toml", "README.md", "bladiscrape")
#: What the installed commands read at run time, besides the modules.
PACKAGED = ("bladiscrape/publish/metadata.yml", "bladiscrape/publish/templates/row.html",
            "bladiscrape/publish/templates/base.html", "bladiscrape/publish/templates/_bladi_provenance.html",
            "bladiscrape/data/topic.yml", "bladiscrape/data/seeds.txt", "bladiscrape/replica/site/index.html",
            "bladiscrape/replica/site/robots.txt")
SETUPTOOLS_NEEDED = (77,)  # pyproject.toml: build-system requires, for its PEP 639 licence string


def setuptools_version() -> tuple[int, ...]:
    return tuple(int(p) for p in version("setuptools").split(".")[:2] if p.isdigit())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            src.mkdir(exist_ok=True)
            shutil.copy(source, src / name)
    # `make install` must give the venv setuptools>=77 for an offline build; with an
    # older one pip builds in an isolated environment instead, which downloads setuptools.
    isolation = [] if setuptools_version() < SETUPTOOLS_NEEDED else ["--no-build-isolation"]
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q",
                             "-w", str(work / "dist"), str(src)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = (work / "dist").glob("bladiscrape-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed, the project venv's dependencies borrowed."""
    env = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=60)
    python = env / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # A path line in a .pth adds that folder only: the project venv's own .pth files, among them
    # the editable install's finder for the source tree, are not run.
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "borrowed-dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                             "--no-index", "-q", str(wheel)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_wheel_holds_the_files_read_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in PACKAGED if name not in names]
    assert missing == []
    assert not any(name.startswith(("tests/", "tools/")) for name in names)


def test_installed_package_is_not_the_source_tree(venv, tmp_path):
    found = subprocess.run([venv / "bin" / "python", "-c", "import bladiscrape; print(bladiscrape.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(found).is_relative_to(venv), found


def test_installed_serve_shows_metadata_and_provenance(venv, tmp_path):
    db = build_archive(tmp_path / "archive.db")
    port = free_port()
    proc = subprocess.Popen([venv / "bin" / "bladiscrape", "serve", "--db", str(db), "--port", str(port)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/archive"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                table = fetch(base + "/articles")
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()[1][-3000:]
                assert time.monotonic() < deadline, "bladiscrape serve did not come up"
                time.sleep(0.2)
        assert "One row per archived article" in table  # metadata.yml, from the package
        assert "Bladi.net telecom archive (bladiscrape)" in fetch(base.rsplit("/", 1)[0] + "/")
        article_id = SEED_URL.rsplit(",", 1)[1].split(".")[0]
        page = fetch(f"{base}/articles/{article_id}")
        assert 'class="bladi-provenance"' in page and "Cite as:" in page  # templates/, via the plugin
        assert SEED_TITLE in fetch(base + "/articles?_search=dislikant")  # the plugin's search box
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
