"""The archive published with Datasette: metadata, search box, facets, canned queries.

Requests go through Datasette's own test client (``ds.client``), run with
``asyncio.run`` (no pytest-asyncio needed).

Two archives (``conftest.py``): ``archive_path``, a real crawl of the replica,
for checks that hold for any archive holding the seed article, and
``sample_path`` (the builder's records) for checks of exact rows. Serving
itself (refusals, a crawl still writing, odd file names) is in ``test_serve.py``.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from bladiscrape.publish import app as publish
from support.archive_builder import SEED_TITLE, build_archive
from support.datasette import database, get, page_url, rows, titles
from support.paths import README, ROOT

DOC = README


# -- metadata ----------------------------------------------------------------

def test_metadata_rekeyed_to_any_file_name(tmp_path):
    metadata = publish.load_metadata(tmp_path / "any" / "name.db")
    assert "name" in metadata["databases"] and "archive" not in metadata["databases"]
    articles = metadata["databases"]["name"]["tables"]["articles"]
    assert articles["sort_desc"] == "published_at" and articles["fts_table"] == "article_search_fts"
    assert publish.load_metadata(tmp_path / "archive.db")["databases"].keys() == {"archive"}


def test_metadata_describes_every_table_and_column(archive_path):
    tables = publish.load_metadata(archive_path)["databases"][archive_path.stem]["tables"]
    conn = sqlite3.connect(archive_path)
    for table in ("articles", "tags", "article_tags", "links", "fetches", "crawl_runs", "article_versions"):
        assert tables[table]["description"]
        for (column,) in conn.execute(f"select name from pragma_table_info('{table}')"):
            assert tables[table]["columns"].get(column), f"{table}.{column} is not described"
    conn.close()


def test_metadata_applied_in_datasette(ds, archive_path):
    assert get(ds, "/-/metadata.json").json()["databases"].keys() == {archive_path.stem}
    home = get(ds, "/").text
    assert "Bladi.net telecom archive" in home and "robots.txt" in home
    assert ("(replica demo)" in home) == publish.is_replica(archive_path)
    page = get(ds, "articles").text
    assert "One row per archived article" in page
    assert "Canonical address of the article" in page  # a column description


def test_replica_archive_gets_notice(tmp_path):
    path = build_archive(tmp_path / "demo.db", site="http://127.0.0.1:8765")
    metadata = publish.load_metadata(path)
    assert metadata["title"].endswith(" (replica demo)")
    assert "offline replica" in metadata["description"] and "test texts" in metadata["description"]
    assert "offline replica" in metadata["databases"]["demo"]["description"]


def test_plugin_loaded_once(ds):
    from datasette.plugins import pm

    from bladiscrape.publish.plugin import register

    register()
    names = [p.__name__ for p in pm.get_plugins()]
    assert names.count("bladiscrape.publish.plugin") == 1
    assert any(ep.value == "bladiscrape.publish.plugin" for ep in entry_points(group="datasette"))


def test_plain_datasette_cli_loads_plugin_and_metadata(archive_path, tmp_path):
    """`datasette serve -m metadata.yml archive.db`, as the README says, via the entry point."""
    db = tmp_path / "archive.db"
    shutil.copy(archive_path, db)
    result = subprocess.run(
        [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "-m", str(ROOT / "metadata.yml"),
         "--get", "/archive/articles.json?_search=dislikant&_shape=objects"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert SEED_TITLE in titles(json.loads(result.stdout)["rows"])


# -- the search box ----------------------------------------------------------

@pytest.mark.parametrize("query", ["dislikant", "reglementation", "Réglementation", "dislike",
                                   "protestations", "opérateur", "telecommunication", '"grève du like"'])
def test_search_box_json_finds_seed(ds, query):
    assert SEED_TITLE in titles(rows(ds, "articles", _search=query))


@pytest.mark.parametrize("query", ["dislikant", "reglementation"])
def test_search_box_html_finds_seed(ds, query):
    page = get(ds, "articles", _search=query).text
    assert f'value="{query}"' in page  # the box keeps what was typed
    assert SEED_TITLE in page


@pytest.mark.parametrize("query, expected", [
    ("élection", "Élections législatives : le PJD arrive en tête"),
    ("economie", "La croissance économique du Maroc ralentit"),
    ("telecommunication", "Le Maroc accélère sur la 5G en vue de la coupe du monde 2030"),
])
def test_search_box_word_forms(sample_ds, query, expected):
    assert expected in titles(rows(sample_ds, "articles", _search=query))


def test_search_words_are_anded_and_operators_are_text(ds):
    assert SEED_TITLE in titles(rows(ds, "articles", _search="dislikant anrt"))
    assert rows(ds, "articles", _search="dislikant zzzunknownword") == []
    for odd in ['dislikant"', "dislikant OR", "NEAR(dislikant", "«", "*"]:
        rows(ds, "articles", _search=odd)  # no error


def test_search_combines_with_facets(ds):
    found = rows(ds, "articles", _search="whatsapp", in_topic="1", _sort="published_at")
    assert found and all(r["in_topic"] == 1 for r in found)
    assert [r["published_at"] for r in found] == sorted(r["published_at"] for r in found)


# -- facets, sorting, hidden tables --------------------------------------------

def test_facets_configured(ds):
    data = get(ds, "articles.json").json()
    facets = {f["name"]: f["type"] for f in data["facet_results"].values()}
    assert facets == {"section": "column", "tags": "through", "actors": "through", "in_topic": "column",
                      "author": "column", "published_at": "date"}
    assert data["facet_results"]["tags"]["results"]


def test_facet_filters(ds):
    assert all("WhatsApp" in r["tags"] for r in rows(ds, "articles", tags__arraycontains="WhatsApp"))
    assert SEED_TITLE in titles(rows(ds, "articles", published_at__date="2016-02-28"))
    assert {r["section"] for r in rows(ds, "articles", section="Economie")} == {"Economie"}


def test_default_sort_and_sortable_columns(ds):
    dates = [r["published_at"] for r in rows(ds, "articles") if r["published_at"]]
    assert dates == sorted(dates, reverse=True)
    by_title = titles(rows(ds, "articles", _sort="title"))
    assert by_title == sorted(by_title)
    response = asyncio.run(ds.client.get(page_url(ds, "articles.json?_sort=body")))
    assert "Cannot sort table by body" in response.text  # long texts are not offered for sorting


def test_search_tables_hidden(ds):
    tables = {t["name"]: t["hidden"] for t in get(ds, database(ds) + ".json").json()["tables"]}
    for name in ("articles", "tags", "article_tags", "links", "fetches", "crawl_runs"):
        assert tables[name] is False
    hidden = [n for n in tables if n.startswith(("articles_fts", "article_search", "article_stems"))]
    assert len(hidden) >= 11 and all(tables[n] for n in hidden)


def test_title_links_to_article_page(ds):
    page = get(ds, "articles", _search="dislikant").text
    match = re.search(r'<a href="(/[^"]+/articles/(-?\d+))" lang="fr">Les Marocains font la grève', page)
    assert match
    row_page = get(ds, match.group(1)).text
    assert "dislikant" in row_page


# -- canned queries ----------------------------------------------------------

def test_canned_query_search(ds):
    found = rows(ds, "search", q="dislikant", since="", until="", in_topic="")
    seed = next(r for r in found if r["title"] == SEED_TITLE)
    assert "<mark>dislikant</mark>" in seed["snippet"]
    assert {"id", "title", "published_at", "url", "rank"} <= seed.keys()
    ranks = [r["rank"] for r in rows(ds, "search", q="whatsapp")]
    assert ranks == sorted(ranks)
    window = rows(ds, "search", q="blocage", since="2016-02", until="2016-02-28", in_topic="1")
    assert SEED_TITLE in titles(window)
    assert all("2016-02-01" <= r["published_at"][:10] <= "2016-02-28" for r in window)
    assert rows(ds, "search", q="") == []
    page = get(ds, "search", q="dislikant").text
    assert "<mark>dislikant</mark>" in page  # highlighted, not escaped
    assert re.search(r'<a href="[^"]*/articles/-?\d+" lang="fr">Les Marocains font la grève', page)


def test_canned_query_search_filters(sample_ds):
    assert titles(rows(sample_ds, "search", q="blocage", since="2016-03", until="2016-10", in_topic="1")) == [
        "Blocage VoIP : Inwi n’est plus sponsor de Maroc Web Awards"]
    assert titles(rows(sample_ds, "search", q="élection", in_topic="0")) == [
        "Élections législatives : le PJD arrive en tête"]


def test_canned_query_voip_2016(ds, sample_ds):
    found = rows(ds, "voip_2016")
    assert SEED_TITLE in titles(found)
    assert all(r["published_at"].startswith("2016") for r in found)
    assert [r["published_at"] for r in found] == sorted(r["published_at"] for r in found)
    campaign = rows(ds, "voip_2016", since="2016-02-26", until="2016-02-28")
    assert SEED_TITLE in titles(campaign)
    assert all("2016-02-26" <= r["published_at"][:10] <= "2016-02-28" for r in campaign)
    assert [r["id"] for r in rows(sample_ds, "voip_2016")] == [44096, 44521, 44598, 46420, 46592]


def test_canned_query_coverage_by_month(ds, sample_ds):
    months = rows(ds, "coverage_by_month")
    assert [m["month"] for m in months] == sorted(m["month"] for m in months)
    feb = next(m for m in months if m["month"] == "2016-02")
    assert feb["in_topic_articles"] >= 1 and feb["all_articles"] >= feb["in_topic_articles"]
    maroc = [m for m in rows(sample_ds, "coverage_by_month", section="Maroc") if m["all_articles"]]
    assert maroc == [
        {"month": "2016-10", "in_topic_articles": 0, "all_articles": 1, "in_topic_words": 0},
        {"month": "2022-06", "in_topic_articles": 1, "all_articles": 1, "in_topic_words": 29},
    ]


def test_canned_query_term_by_month(ds, sample_ds):
    assert any(m["month"] == "2016-02" for m in rows(ds, "term_by_month", q="dislike", in_topic=""))
    assert rows(sample_ds, "term_by_month", q="élection") == [
        {"month": "2016-10", "articles": 1, "in_topic_articles": 0}]
    assert [m["month"] for m in rows(sample_ds, "term_by_month", q="anrt", in_topic="1")] == [
        "2016-01", "2016-02", "2016-10", "2016-11", "2022-06", "2024-03"]


def test_canned_query_most_linked(ds, sample_ds):
    found = rows(ds, "most_linked")
    assert found and all(r["linking_articles"] >= 1 for r in found)
    counts = [r["linking_articles"] for r in found]
    assert counts == sorted(counts, reverse=True)
    top = rows(sample_ds, "most_linked")[0]
    assert (top["id"], top["linking_articles"], top["in_body"], top["further_reading"]) == (44096, 4, 2, 2)
    recommended = rows(sample_ds, "most_linked", kind="recommended")
    assert {r["id"] for r in recommended} == {97804, 108903, 93215}  # the lawsuit article is not archived
    assert all(r["further_reading"] == 0 for r in recommended)


def test_canned_query_link_graph(ds, sample_ds):
    edges = rows(ds, "link_graph", kind="further_reading")
    assert edges and {e["kind"] for e in edges} == {"further_reading"}
    assert SEED_TITLE in {e["source_title"] for e in edges}
    assert {"source_title", "target_title", "kind", "source_published_at"} <= edges[0].keys()
    all_edges = rows(sample_ds, "link_graph")
    lawsuit = [e for e in all_edges if e["target_title"] == "Inwi fait condamner Maroc Telecom"]
    assert len(lawsuit) == 1 and lawsuit[0]["target_archived"] == 0
    archived = rows(sample_ds, "link_graph", archived_only="1")
    assert len(archived) == len(all_edges) - 1 and all(e["target_archived"] for e in archived)


def test_canned_query_tag_cooccurrence(ds, sample_ds):
    pairs = rows(ds, "tag_cooccurrence", tag="WhatsApp")
    assert pairs and all("WhatsApp" in (p["tag_a"], p["tag_b"]) for p in pairs)
    anrt = [p for p in pairs if "(ANRT)" in p["tag_a"] + p["tag_b"]]
    assert anrt and anrt[0]["articles"] >= 1
    assert rows(sample_ds, "tag_cooccurrence")[0] == {
        "tag_a": "Agence nationale de réglementation des télécommunications (ANRT)", "tag_b": "WhatsApp",
        "articles": 4, "first_date": "2016-01-08", "last_date": "2016-11-04"}


def test_canned_query_crawl_history(ds, sample_ds):
    runs = rows(ds, "crawl_history")
    assert runs and {"started_at", "finished_at", "articles_new", "articles_updated", "articles_unchanged",
                     "errors", "finish_reason", "requests", "requests_per_new_article"} <= runs[0].keys()
    assert rows(sample_ds, "crawl_history")[0] == {
        "id": 1, "started_at": "2025-01-01T10:00:00+00:00", "finished_at": "2025-01-01T10:02:00+00:00",
        "finish_reason": "finished", "articles_new": 10, "articles_updated": 0, "articles_unchanged": 0,
        "errors": 0, "requests": 11, "requests_per_new_article": 1.1, "fetches_logged": 10,
        "site": "https://www.bladi.net", "software_version": "bladiscrape test"}


def test_crawl_history_of_runs_older_than_the_requests_column(sample_path, tmp_path):
    """Runs logged before crawl_runs.requests existed (the column is added, empty, by the next
    crawl): requests still comes from Scrapy's stats."""
    db = tmp_path / "older.db"
    shutil.copy(sample_path, db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("update crawl_runs set requests = null, requests_per_new_article = null")
    conn.close()
    (run,) = rows(publish.make_datasette(db), "crawl_history")
    assert run["requests"] == 11 and run["requests_per_new_article"] is None


def test_every_canned_query_is_tested():
    """A test_canned_query_<name> here, in test_datasette_provenance.py (provenance queries) or in
    test_research_queries.py (the research layer's)."""
    queries = publish.load_metadata("archive.db")["databases"]["archive"]["queries"]
    tested = set()
    for module in ("test_datasette.py", "test_datasette_provenance.py", "test_research_queries.py"):
        tested |= set(re.findall(r"^def test_canned_query_(\w+)\(", Path(__file__).with_name(module).read_text(), re.M))
    assert set(queries) <= tested, sorted(set(queries) - tested)
    for name, query in queries.items():
        assert query["title"] and query["description"], name


# -- the README's SQL ----------------------------------------------------------

def doc_sql_blocks() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_readme_has_five_example_queries():
    assert len(doc_sql_blocks()) >= 6  # the bladi_fts example and at least five more


@pytest.mark.parametrize("sql", doc_sql_blocks(), ids=lambda s: s.split("\n", 1)[0][:40])
def test_readme_sql_runs(ds, sql):
    found = get(ds, database(ds) + ".json", sql=sql, _shape="array").json()
    assert found, "the example query returned no rows"
    assert all(any(v not in (None, "", 0) for v in row.values()) for row in found)
