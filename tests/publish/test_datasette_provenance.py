"""Provenance in the published archive: captures, versions, removed articles, citations.

The archive is built for real, as tests/integration/test_provenance.py does: a private
replica is crawled (depth 1 from the seed), then the seed page is edited and
another article removed (410) on the replica, and a second crawl runs with
``--refresh``. Requests go through Datasette's own test client, run with
``asyncio.run`` like tests/publish/test_datasette.py.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import markupsafe
import pytest
import yaml

from bladiscrape.provenance.reader import read_record
from bladiscrape.publish import app as publish
from bladiscrape.publish.plugin import TEMPLATES
from bladiscrape.replica import SEED_PATH
from bladiscrape.replica.server import FAIL_ONCE, start
from support.archive_builder import SEED_URL, build_archive
from support.datasette import get, rows
from support.paths import REPLICA_SITE, ROOT

CANONICAL = "https://www.bladi.net"
SEED = CANONICAL + SEED_PATH
EDIT = (b"symbolique", b"symbolique et suivie")


def crawl(server, db: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bladiscrape", "crawl", "--db", str(db), "--site", server.url, "--delay", "0",
         "--depth", "1", *args, server.url + SEED_PATH],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A crawled archive whose seed changed (one version kept) and one article removed."""
    db = tmp_path_factory.mktemp("versions") / "provenance.db"
    server = start(port=0)
    try:
        crawl(server, db)
        page = (REPLICA_SITE / SEED_PATH.lstrip("/")).read_bytes()
        assert EDIT[0] in page
        server.change_page(SEED_PATH, page.replace(*EDIT))
        server.gone.add(gone_path(db))
        crawl(server, db, "--refresh")
    finally:
        server.stop()
    return db


def gone_path(db: Path) -> str:
    """An article of the first crawl, other than the seed, to remove from the site."""
    conn = sqlite3.connect(db)
    try:
        urls = [u for (u,) in conn.execute(
            "select url from fetches where outcome = 'article' and status = 200 and depth = 1 order by url")]
    finally:
        conn.close()
    paths = [u[len(CANONICAL):] for u in urls if u != SEED and u[len(CANONICAL):] not in FAIL_ONCE]
    assert paths, urls
    return paths[0]


@pytest.fixture(scope="module")
def ds(archive):
    return publish.make_datasette(archive)


def query(db: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def seed(archive) -> dict:
    (row,) = query(archive, "select * from articles where url = ?", [SEED])
    return row


@pytest.fixture(scope="module")
def gone(archive) -> dict:
    (row,) = query(archive, "select * from articles where gone_at is not null")
    return row


def test_the_archive_is_what_the_tests_need(archive, seed, gone):
    (version,) = query(archive, "select * from article_versions")
    assert version["article_id"] == seed["id"] and version["version"] == 1
    assert "symbolique et suivie" in seed["body"] and "symbolique et suivie" not in version["body"]
    assert seed["changed_at"] == seed["fetched_at"] and gone["id"] != seed["id"]


# -- canned queries ----------------------------------------------------------

def test_canned_query_changed_articles(ds, archive, seed):
    (change,) = rows(ds, "changed_articles")
    (version,) = query(archive, "select * from article_versions")
    assert (change["id"], change["title"], change["url"]) == (seed["id"], seed["title"], SEED)
    assert change["changed_at"] == seed["changed_at"] and change["published_at"] == seed["published_at"]
    assert change["versions"] == 1 and change["version"] == 1
    assert change["changed_fields"] == "body"  # only a sentence of the body was edited
    assert change["version_fetched_at"] == version["fetched_at"]
    assert change["version_warc_record_id"] == version["warc_record_id"]
    assert (change["next_state"], change["next_fetched_at"], change["next_warc_record_id"]) == (
        "current", seed["fetched_at"], seed["warc_record_id"])
    assert rows(ds, "changed_articles", id=str(seed["id"])) == [change]
    unchanged = query(archive, "select id from articles where changed_at is null limit 1")[0]["id"]
    assert rows(ds, "changed_articles", id=str(unchanged)) == []


def test_changed_fields_compare_each_version_with_the_next(archive, tmp_path):
    """Two versions: version 1 -> version 2 changed the title, version 2 -> current the body and tags."""
    db = tmp_path / "two.db"
    shutil.copy(archive, db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("insert into article_versions select article_id, 2, fetched_at, title, lead, body, tags, "
                     "content_sha256, warc_record_id, parser_version from article_versions")
        conn.execute("update article_versions set title = 'Ancien titre' where version = 1")
        conn.execute("update article_versions set tags = '[]'")
    conn.close()
    found = rows(publish.make_datasette(db), "changed_articles")
    assert [(r["version"], r["next_state"], r["changed_fields"], r["versions"]) for r in found] == [
        (1, "version 2", "title", 2), (2, "current", "body, tags", 2)]


def test_canned_query_gone_articles(ds, archive, gone):
    (found,) = rows(ds, "gone_articles")
    assert (found["id"], found["url"], found["gone_at"]) == (gone["id"], gone["url"], gone["gone_at"])
    assert found["gone_status"] == 410
    # The last capture is still archived, and still in the WARC files.
    assert found["last_warc_record_id"] == gone["warc_record_id"] and found["last_warc_file"]
    captured = read_record(archive.parent / "warcs" / found["last_warc_file"],
                           query(archive, "select warc_offset from fetches where warc_record_id = ?",
                                 [gone["warc_record_id"]])[0]["warc_offset"])
    assert captured.warc_record_id == gone["warc_record_id"] and captured.status == 200


def test_canned_query_article_capture(ds, archive, seed):
    captures = rows(ds, "article_capture", id=str(seed["id"]))
    fetched = query(archive, "select * from fetches where url = ? or warc_record_id = ? order by fetched_at, id",
                    [SEED, seed["warc_record_id"]])
    columns = ("fetched_at", "status", "outcome", "warc_file", "warc_offset", "warc_length", "warc_record_id",
               "payload_sha256", "run_id")
    assert [{c: r[c] for c in columns} for r in captures] == [{c: f[c] for c in columns} for f in fetched]
    assert {r["run_id"] for r in captures} == {1, 2}
    (version,) = query(archive, "select * from article_versions")
    states = {r["state"]: r for r in captures if r["state"]}
    assert states.keys() == {"current", "version 1"}
    assert states["current"]["warc_record_id"] == seed["warc_record_id"]
    assert states["version 1"]["warc_record_id"] == version["warc_record_id"]
    for capture in states.values():
        # The record named is really in that WARC file, at that offset, with that digest.
        record = read_record(archive.parent / "warcs" / capture["warc_file"], capture["warc_offset"])
        assert (record.warc_record_id, record.payload_sha256) == (capture["warc_record_id"],
                                                                   capture["payload_sha256"])
        citation = capture["citation"]
        for part in (SEED, capture["warc_record_id"], capture["warc_file"], capture["payload_sha256"],
                     capture["fetched_at"], seed["title"], seed["published_at"][:10]):
            assert part in citation, part
        assert citation.startswith("Bladi.net, « ")
    assert rows(ds, "article_capture", id="") == []
    assert rows(ds, "article_capture", id="1") == []


def test_citation_without_warc_files(tmp_path):
    """An archive crawled with --no-warc (here: the builder's) still gets a citation, without a record."""
    ds = publish.make_datasette(build_archive(tmp_path / "nowarc.db"))
    seed_id = SEED_URL.rsplit(",", 1)[1].split(".")[0]
    (capture,) = rows(ds, "article_capture", id=seed_id)
    assert capture["warc_record_id"] is None and capture["state"] is None
    assert SEED_URL in capture["citation"] and "WARC" not in capture["citation"]
    page = get(ds, f"articles/{seed_id}").text
    assert "not kept" in page and "No earlier version" in page and capture["citation"] in page


def test_crawl_history_counts_requests(ds, archive):
    runs = {r["id"]: r for r in rows(ds, "crawl_history")}
    stored = {r["id"]: r for r in query(archive, "select * from crawl_runs")}
    assert runs.keys() == {1, 2}
    first = runs[1]
    assert first["requests"] == stored[1]["requests"] > 0 and first["articles_new"] > 0
    assert first["requests_per_new_article"] == round(first["requests"] / first["articles_new"], 2)
    assert runs[2]["articles_updated"] == 1 and runs[2]["articles_new"] == 0
    assert runs[2]["requests_per_new_article"] is None and runs[2]["articles_unchanged"] is not None


# -- the article's page --------------------------------------------------------

def test_article_page_shows_capture_and_versions(ds, archive, seed):
    page = get(ds, f"articles/{seed['id']}").text
    (capture,) = query(archive, "select * from fetches where warc_record_id = ?", [seed["warc_record_id"]])
    (version,) = query(archive, "select * from article_versions")
    section = page[page.index('class="bladi-provenance"'):]
    for shown in (capture["warc_file"], str(capture["warc_offset"]), seed["warc_record_id"],
                  capture["payload_sha256"], capture["fetched_at"], "version 1", version["warc_record_id"],
                  "body"):
        assert str(markupsafe.escape(shown)) in section, shown
    (cited,) = [r["citation"] for r in rows(ds, "article_capture", id=str(seed["id"])) if r["state"] == "current"]
    assert str(markupsafe.escape(cited)) in section
    assert f"/article_capture?id={seed['id']}" in section and f"/changed_articles?id={seed['id']}" in section
    assert f"/article_versions/{seed['id']},1" in section
    assert "symbolique et suivie" in page  # the row itself, as Datasette shows it


def test_article_page_of_an_unchanged_and_of_a_removed_article(ds, archive, gone):
    page = get(ds, f"articles/{gone['id']}").text
    assert "Removed from Bladi.net" in page and gone["gone_at"] in page
    assert str(markupsafe.escape(gone["warc_record_id"])) in page and "No earlier version" in page


def test_other_row_pages_are_datasettes(ds, archive, seed):
    page = get(ds, f"article_versions/{seed['id']},1").text
    assert 'class="bladi-provenance"' not in page and "symbolique" in page
    assert 'class="bladi-provenance"' not in get(ds, "tags/1").text


def test_plain_datasette_shows_it_too(archive, seed, tmp_path):
    """`datasette serve -m metadata.yml archive.db`: the plugin, by its entry point, adds its template."""
    db = tmp_path / "archive.db"
    shutil.copy(archive, db)
    result = subprocess.run(
        [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "-m", str(ROOT / "metadata.yml"),
         "--get", f"/archive/articles/{seed['id']}"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "version 1" in result.stdout and str(markupsafe.escape(seed["warc_record_id"])) in result.stdout


def test_a_template_dir_of_ones_own_still_wins(archive, tmp_path):
    """Ours goes after --template-dir (and before Datasette's own templates)."""
    from datasette.app import Datasette

    from bladiscrape.publish.plugin import register

    register()
    (tmp_path / "row.html").write_text("my own row page", encoding="utf-8")
    ds = Datasette([str(archive)], metadata=publish.load_metadata(archive), template_dir=str(tmp_path))
    page = asyncio.run(ds.client.get(f"/{archive.stem}/articles/44521")).text
    assert page == "my own row page"
    asyncio.run(ds.invoke_startup())
    searchpath = ds.jinja_env.loader.loaders[0].searchpath
    assert searchpath.index(str(tmp_path)) < searchpath.index(str(TEMPLATES)) < len(searchpath) - 1
    assert searchpath.count(str(TEMPLATES)) == 1


# -- metadata ------------------------------------------------------------------

def test_metadata_describes_every_column_of_the_crawled_schema(archive):
    """Every column of every table of a real crawl is described, save full-text index internals."""
    tables = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"]["archive"]["tables"]
    conn = sqlite3.connect(archive)
    try:
        schema = conn.execute("select name, sql from sqlite_master where type in ('table', 'view')").fetchall()
        virtual = [n for n, sql in schema if sql and sql.upper().startswith("CREATE VIRTUAL TABLE")]
        ordinary = [n for n, _ in schema
                    if n not in virtual and not n.startswith("sqlite_")
                    and not any(n.startswith(v + "_") for v in virtual)]
        assert {"articles", "fetches", "crawl_runs", "article_versions", "article_stems", "article_search"} <= set(ordinary)
        missing = []
        for table in ordinary:
            meta = tables.get(table) or {}
            if not meta.get("description"):
                missing.append(table)
            for (column,) in conn.execute(f"select name from pragma_table_info('{table}')"):
                if not (meta.get("columns") or {}).get(column):
                    missing.append(f"{table}.{column}")
        for name in virtual:  # the search indexes: hidden, not described
            assert tables[name]["hidden"] is True, name
    finally:
        conn.close()
    assert missing == []


def test_metadata_explains_how_to_cite():
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    text = metadata["databases"]["archive"]["description"]
    for word in ("cite", "article_capture", "WARC record", "warc_record_id", "warc_file", "sha256"):
        assert word in text, word
    queries = metadata["databases"]["archive"]["queries"]
    assert json.dumps(queries["article_capture"]).count("citation") >= 2  # described and computed
