"""The Datasette plugin acts on bladiscrape archives only, and lets real errors show.

The hooks are called directly, as Datasette plugins' own tests do, on a
Datasette serving two databases: an archive and another application's
database that has its own ``articles`` table and full-text index. The other
database must keep Datasette's behaviour (its search box, its cells, its pages).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import zipfile
from pathlib import Path

import markupsafe
import pytest
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils import escape_fts
from datasette.utils.asgi import Request

from bladiscrape.publish import app as publish
from bladiscrape.publish import plugin
from support.archive_builder import SEED_TITLE, SEED_URL, build_archive

SEED_ID = SEED_URL.rsplit(",", 1)[1].split(".")[0]
QUERY = "forfait-mobile"  # Datasette: the phrase "forfait mobile"; the archive's box: both words


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return build_archive(tmp_path_factory.mktemp("plugin") / "archive.db")


@pytest.fixture(scope="module")
def other(tmp_path_factory) -> Path:
    """Another application's database: an ``articles`` table with its own FTS index."""
    path = tmp_path_factory.mktemp("other") / "news.db"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("create table articles (id integer primary key, title text, url text)")
        conn.execute('create virtual table articles_fts using fts5 (title, content="articles", content_rowid="id")')
        conn.execute("insert into articles values (1, 'Mobile : le prix du forfait baisse', 'https://example.org/1')")
        conn.execute("insert into articles_fts (articles_fts) values ('rebuild')")
    conn.close()
    return path


@pytest.fixture(scope="module")
def ds(archive, other):
    plugin.register()
    return Datasette([str(archive), str(other)], metadata=publish.load_metadata(archive))


def connection(ds, path: Path, database: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    pm.hook.prepare_connection(conn=conn, database=database, datasette=ds)  # every plugin's, Datasette's too
    return conn


def get(ds, path: str, **params):
    response = asyncio.run(ds.client.get(path, params=params or None))
    assert response.status_code == 200, response.text[:500]
    return response


# -- scope: the archive only ----------------------------------------------------------

def test_search_function_replaced_on_the_archive_only(ds, archive, other):
    own = connection(ds, archive, "archive").execute("select escape_fts(?)", [QUERY]).fetchone()[0]
    assert own == plugin.box_query(QUERY) != escape_fts(QUERY)
    theirs = connection(ds, other, "news").execute("select escape_fts(?)", [QUERY]).fetchone()[0]
    assert theirs == escape_fts(QUERY)


def test_our_hook_alone_registers_nothing_elsewhere(ds, other):
    conn = sqlite3.connect(other)
    plugin.prepare_connection(conn, "news", ds)
    for function in ("escape_fts", "bladi_fts", "bladi_stem"):
        with pytest.raises(sqlite3.OperationalError, match="no such function"):
            conn.execute(f"select {function}('x')")


def test_other_databases_search_box_is_datasettes(ds):
    """Datasette's box takes forfait-mobile as a phrase: no match in "le prix du forfait"."""
    assert get(ds, "/news/articles.json", _search=QUERY, _shape="objects").json()["rows"] == []
    found = get(ds, "/news/articles.json", _search="forfait", _shape="objects").json()["rows"]
    assert [r["id"] for r in found] == [1]
    archive_rows = get(ds, "/archive/articles.json", _search="dislikant", _shape="objects").json()["rows"]
    assert SEED_TITLE in [r["title"] for r in archive_rows]  # the archive keeps its word forms


def test_cells_and_css_of_other_databases_untouched(ds):
    row = {"id": 1, "title": "Titre", "url": "https://example.org/1"}
    assert plugin.render_cell(row=row, value="Titre", column="title", table="articles",
                              database="news", datasette=ds) is None
    assert plugin.render_cell(row=row, value="a <mark>b</mark>", column="snippet", table=None,
                              database="news", datasette=ds) is None
    link = plugin.render_cell(row=row, value="Titre", column="title", table="articles",
                              database="archive", datasette=ds)
    assert link == markupsafe.Markup('<a href="/archive/articles/1" lang="fr">Titre</a>')
    assert plugin.extra_css_urls(database="news", datasette=ds) == []
    assert plugin.extra_css_urls(database="archive", datasette=ds) == [plugin.CSS_URL, plugin.STATIC_PATH + "bladi.css"]
    page = get(ds, "/news/articles").text
    assert "Mobile : le prix du forfait baisse" in page and "baisse</a>" not in page  # a plain title cell


def row_request(database: str, pks: str) -> Request:
    return Request.fake(f"/{database}/articles/{pks}", url_vars={"database": database, "table": "articles",
                                                                  "pks": pks})


def test_provenance_on_archive_pages_only(ds):
    assert plugin.extra_template_vars(view_name="row", database="news", table="articles",
                                      request=row_request("news", "1"), datasette=ds) == {}
    found = plugin.extra_template_vars(view_name="row", database="archive", table="articles",
                                       request=row_request("archive", SEED_ID), datasette=ds)
    provenance = asyncio.run(found())["bladi_provenance"]
    assert SEED_URL in provenance["capture"]["citation"]
    assert 'class="bladi-provenance"' not in get(ds, "/news/articles/1").text


def test_configured_by_metadata_even_empty(archive, other):
    """`plugins: bladiscrape:` with nothing under it (YAML null) still turns it on; no mention, off."""
    metadata = {"databases": {"archive": {"plugins": {"bladiscrape": None}}}}
    ds = Datasette([str(archive), str(other)], metadata=metadata)
    assert plugin.plugin_config(ds, "archive") == {}
    assert plugin.plugin_config(ds, "news") is None
    assert plugin.plugin_config(Datasette([str(archive)]), "archive") is None


# -- errors: older archives tolerated, bugs shown --------------------------------------

def test_older_archive_without_a_provenance_column(tmp_path, caplog):
    """An archive from before articles.gone_at: the article page shows the row, without provenance."""
    db = build_archive(tmp_path / "older.db")
    conn = sqlite3.connect(db)
    conn.execute("alter table articles drop column gone_at")
    conn.close()
    ds = publish.make_datasette(db)
    with caplog.at_level(logging.WARNING, logger=plugin.__name__):
        page = get(ds, f"/older/articles/{SEED_ID}").text
    assert "dislikant" in page and 'class="bladi-provenance"' not in page
    assert "no such column: gone_at" in caplog.text


def test_a_bug_in_the_provenance_code_is_not_hidden(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("citation")

    monkeypatch.setattr(plugin, "article_provenance", broken)
    ds = publish.make_datasette(build_archive(tmp_path / "archive.db"))
    response = asyncio.run(ds.client.get(f"/archive/articles/{SEED_ID}"))
    assert response.status_code == 500


# -- templates read as package resources -----------------------------------------------

def test_templates_from_a_zip_keep_their_place(archive, tmp_path, monkeypatch):
    """Imported from a zip, the templates are no folder on disk: they are read as resources,
    after --template-dir and before Datasette's own."""
    bundle = tmp_path / "templates.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        for template in Path(plugin.TEMPLATES).iterdir():
            z.write(template, f"templates/{template.name}")
    monkeypatch.setattr(plugin, "TEMPLATES", zipfile.Path(bundle, "templates/"))
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "_footer.html").write_text("my own footer", encoding="utf-8")
    ds = Datasette([str(archive)], metadata=publish.load_metadata(archive), template_dir=str(mine))
    page = get(ds, f"/archive/articles/{SEED_ID}").text
    assert 'class="bladi-provenance"' in page and "my own footer" in page
    assert "dislikant" in page  # Datasette's own row template, under ours
