"""A real browser against a real server: search the archive and open an article.

Datasette runs in a subprocess (``bladiscrape serve``) over the archive of a
real crawl of the replica, on a free 127.0.0.1 port; headless Chromium, driven by
Playwright, types into the search box like a reader would.

Screenshots: ``tests/artifacts/browser-search.png`` on every run (gitignored),
and ``docs/screenshot.png`` for the README when missing or when
``BLADI_UPDATE_SCREENSHOT=1``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support.archive_builder import SEED_TITLE
from support.paths import ARTIFACTS, ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOC_SCREENSHOT = ROOT / "docs" / "screenshot.png"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")


@pytest.fixture(scope="module")
def archive_path(replica_archive) -> Path:
    """The demo's archive: a real crawl of the replica."""
    return replica_archive


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(archive_path, tmp_path_factory):
    """Base URL of ``publish.serve`` over a copy named archive.db (the name readers see)."""
    db = tmp_path_factory.mktemp("served") / "archive.db"
    shutil.copy(archive_path, db)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bladiscrape", "serve", "--db", str(db), "--port", str(port)],
                            cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, base + "/archive/articles.json")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until_up(proc, url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited: {proc.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer {url} within {timeout}s")


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
        yield context.new_page()
        browser.close()


def test_search_box_finds_and_opens_the_seed(server, page):
    page.goto(server + "/archive/articles")
    box = page.locator('input[name="_search"]')
    box.fill("dislikant")
    box.press("Enter")
    page.wait_for_url("**/archive/articles?*_search=dislikant*")
    link = page.get_by_role("link", name=SEED_TITLE)
    link.wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-search.png"), full_page=True)
    link.click()
    page.wait_for_url("**/archive/articles/*")
    assert page.url.rsplit("/", 1)[-1].lstrip("-").isdigit()
    assert "« dislikant »" in page.inner_text("body")  # the whole body, not truncated
    assert SEED_TITLE in page.inner_text("body")


def test_articles_table_for_the_readme(server, page):
    page.goto(server + "/archive/articles")
    assert "Bladi.net telecom archive" in page.title() or "articles" in page.title()
    facets = page.inner_text(".facet-results")
    for name in ("section", "tags", "in_topic", "author", "published_at"):
        assert name in facets
    if not DOC_SCREENSHOT.exists() or os.environ.get("BLADI_UPDATE_SCREENSHOT") == "1":
        # Header, search box, facets and the first rows; no more, to keep the image small.
        page.screenshot(path=str(DOC_SCREENSHOT), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1280, "height": 1300})
