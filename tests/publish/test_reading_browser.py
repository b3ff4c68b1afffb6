"""Reading the archive in a real browser: the article page, search, the timeline and the link map.

``bladiscrape serve`` runs in a subprocess over a copy of the replica's crawl
(the demo's archive); headless Chromium (Debian's, driven by Playwright) opens
the pages. Every request to a host other than 127.0.0.1 is blocked and
counted: the count must stay 0, so the charts are shown to draw offline.
Screenshots land in ``tests/artifacts/``; ``docs/article.png`` and
``docs/timeline.png`` are written for the README when missing or when
``BLADI_UPDATE_SCREENSHOT=1``.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, free_port, wait_until_up

from bladiscrape.core.origins import REAL_TEXT, TEST_TEXT
from bladiscrape.core.text import fold
from support.paths import ARTIFACTS, ROOT

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")
SEED_ID = 44521
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def demo_db(replica_archive, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("reading") / "demo.db"
    shutil.copy(replica_archive, db)
    return db


@pytest.fixture(scope="module")
def base(demo_db):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bladiscrape", "serve", "--db", str(demo_db), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, url + "/demo/articles.json")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser_page():
    """A page whose every request off 127.0.0.1 is aborted and recorded in ``page.off_site``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        off_site: list[str] = []

        def guard(route):
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                off_site.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.off_site = off_site
        yield page
        browser.close()


@pytest.fixture()
def page(browser_page):
    yield browser_page
    assert browser_page.off_site == [], "requests left 127.0.0.1"


def query(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def shoot(page, name: str, doc: str | None = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"reading-{name}.png"), full_page=True)
    target = DOCS / doc if doc else None
    if target and (not target.exists() or os.environ.get("BLADI_UPDATE_SCREENSHOT") == "1"):
        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": 1280, "height": 900})


# Characters of each rendered line of an element: the text's ranges grouped by their top.
LINE_LENGTHS = """(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const lines = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0]; if (!rect) continue;
      const top = Math.round(rect.top); lines.set(top, (lines.get(top) || 0) + 1);
    }
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
}"""


def test_the_article_page_reads_like_an_article(base, page, demo_db):
    (title,) = query(demo_db, "select title from articles where id = ?", [SEED_ID])[0]
    page.goto(f"{base}/demo/articles/{SEED_ID}")
    assert page.inner_text("h1") == title
    assert page.title() == f"{title} — Bladi.net archive"
    assert page.get_attribute("article.bladi-article", "lang") == "fr"
    lines = page.locator(".bladi-text p").nth(1).evaluate(LINE_LENGTHS)
    assert len(lines) >= 3 and all(50 <= n <= 80 for n in lines[:-1]), lines  # the last line may be short
    assert REAL_TEXT in page.inner_text(".bladi-marker")
    assert page.locator(".bladi-lead strong, .bladi-text strong").count() >= 1
    tags = page.locator(".bladi-tags a")
    assert tags.count() == len(query(demo_db, "select 1 from article_tags where article_id = ?", [SEED_ID]))
    assert "WARC record" in page.inner_text(".bladi-provenance") and page.locator("#bladi-citation").count() == 1
    shoot(page, "article", "article.png")
    tags.first.click()
    page.wait_for_url("**/demo/articles?_through=*")
    assert page.get_by_role("link", name=title).count() >= 1


def test_cited_by_lists_the_articles_linking_here(base, page, demo_db):
    target, = query(demo_db, "select l.to_id from links l join articles t on t.id = l.to_id"
                             " where l.from_id = ? and l.to_id != ? limit 1", [SEED_ID, SEED_ID])[0]
    citing = {t for (t,) in query(demo_db, "select distinct s.title from links l join articles s on s.id = l.from_id"
                                            " where l.to_id = ? and l.from_id != l.to_id", [target])}
    page.goto(f"{base}/demo/articles/{target}")
    shown = set(page.locator(".bladi-cited-by a").all_inner_texts())
    assert shown == citing and len(shown) >= 1
    assert TEST_TEXT in page.inner_text(".bladi-marker")  # a demo row says what it is


def test_the_demo_rows_show_the_test_text_marker(base, page):
    page.goto(f"{base}/demo/articles")
    assert "Demo archive" in page.inner_text(".bladi-demo")
    notes = page.locator("td.col-origin_note").all_inner_texts()
    assert notes and set(notes) == {TEST_TEXT, REAL_TEXT}


def naming(demo_db, *words: str) -> set[int]:
    rows = query(demo_db, "select id, title || ' ' || coalesce(lead, '') || ' ' || body || ' ' || tags from articles")
    pattern = re.compile(r"\b(" + "|".join(words) + r")\b")
    return {i for i, text in rows if pattern.search(fold(text).lower())}


def test_search_page_finds_either_word_with_highlights(base, page, demo_db):
    page.goto(f"{base}/-/search")
    page.fill("#q", "inwi OR wana")
    page.click("button[type=submit]")
    page.wait_for_url("**/-/search?*q=inwi+OR+wana*")
    found = {int(h.rsplit("/", 1)[-1]) for h in page.locator("a.bladi-result-title").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")}
    assert found == naming(demo_db, "inwi", "wana") and found
    marks = {m.lower() for m in page.locator(".bladi-results mark").all_inner_texts()}
    assert marks and marks <= {"inwi", "wana"}
    assert page.locator("svg.bladi-months rect.bladi-bar").count() >= 1
    shoot(page, "search")


def test_the_table_box_takes_or_and_says_why_it_cannot_run_a_query(base, page, demo_db):
    page.goto(f"{base}/demo/articles?_search=inwi+OR+wana")
    assert page.locator("table.rows-and-columns tbody tr").count() == len(naming(demo_db, "inwi", "wana"))
    page.goto(f"{base}/demo/articles?_search=inwi+OR")
    assert "OR needs a word on each side" in page.inner_text(".bladi-search-problem")


def test_actor_filter_finds_every_name_of_the_actor(base, page, demo_db):
    if not query(demo_db, "select 1 from sqlite_master where name = 'mentions'"):
        pytest.skip("the archive has no mentions table (the research layer builds it)")
    page.goto(f"{base}/-/search?actor=Méditel")  # a name, not the id: any of its names selects it
    titles = " ".join(page.locator("a.bladi-result-title").all_inner_texts())
    assert "Orange Maroc" in titles


def test_the_timeline_and_the_link_map_draw_offline(base, page, demo_db):
    page.goto(f"{base}/-/timeline")
    page.wait_for_selector("#bladi-timeline-chart[data-rendered='1']")
    weeks = int(page.get_attribute("#bladi-timeline-chart", "data-marks"))
    assert weeks == 53  # every week of 2016, from Monday 28 December 2015
    assert page.locator("#bladi-timeline-chart svg g.mark-rect.role-mark path").count() == weeks
    events = query(demo_db, "select count(*) from events")[0][0]
    assert events >= 20 and page.locator("tr[id^='event-']").count() == events
    marked = query(demo_db, "select count(*) from events where substr(date, 1, 4) = '2016'")[0][0]
    assert page.locator("#bladi-timeline-chart svg g.mark-rule.role-mark line").count() == marked >= 20
    page.wait_for_selector("#bladi-mentions-chart[data-rendered='1']")
    operators = query(demo_db, "select count(*) from actors where kind in ('operator', 'regulator')")[0][0]
    assert page.locator("#bladi-mentions-chart svg g.mark-line.role-mark path").count() == operators
    shoot(page, "timeline", "timeline.png")
    page.click("a[href='/-/links']")
    page.wait_for_selector("#bladi-link-map[data-rendered='1']")
    nodes = query(demo_db, "select count(*) from articles where published_at is not null")[0][0]
    assert page.locator("#bladi-link-map svg g.mark-symbol.role-mark path").count() == nodes
    shoot(page, "links")
    page.locator("#bladi-link-map svg g.mark-symbol.role-mark path").first.click()
    page.wait_for_url("**/demo/articles/*")
    assert page.locator("h1").count() == 1


def test_the_article_and_search_pages_work_without_javascript(base, browser_page, demo_db):
    context = browser_page.context.browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}/demo/articles/{SEED_ID}")
        (title,) = query(demo_db, "select title from articles where id = ?", [SEED_ID])[0]
        assert page.inner_text("h1") == title and page.locator(".bladi-text p").count() >= 5
        assert page.locator("#bladi-citation").is_visible() and not page.locator("button.bladi-copy").is_visible()
        page.goto(f"{base}/-/search?q=inwi+OR+wana")
        assert page.locator("a.bladi-result-title").count() == len(naming(demo_db, "inwi", "wana"))
    finally:
        context.close()
