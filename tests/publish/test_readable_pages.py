"""Readable tables and canned queries people can fill in, through Datasette's test client."""

from __future__ import annotations

import asyncio
import re
import sqlite3

import pytest
import yaml

from bladiscrape.publish.app import DEFAULT_METADATA
from bladiscrape.publish.facets import tag_link
from bladiscrape.publish.tables import DEFAULT_COLUMNS


def html(ds, path: str) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:500]
    return response.text


def shown_columns(page: str) -> list[str]:
    head = page.split('<table class="rows-and-columns">', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'data-column="([^"]+)"', head)


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def test_articles_open_on_the_reading_columns_and_every_column_is_one_click_away(sample_ds):
    page = html(sample_ds, "/sample/articles")
    assert shown_columns(page) == [c for c in DEFAULT_COLUMNS["articles"] if c in shown_columns(
        html(sample_ds, "/sample/articles?_all=1"))]
    assert "topic_terms" not in shown_columns(page) and "extraction" not in shown_columns(page)
    assert 'href="/sample/articles?_all=1">Show every column' in page
    every = shown_columns(html(sample_ds, "/sample/articles?_all=1"))
    assert {"topic_terms", "extraction", "content_sha256", "body"} <= set(every)
    assert "body" in asyncio.run(sample_ds.client.get("/sample/articles.json?_shape=objects")).json()["rows"][0]


def test_tags_are_links_to_their_articles_and_french_cells_say_so(sample_ds, sample_path):
    page = html(sample_ds, "/sample/articles")
    with sqlite3.connect(sample_path) as conn:
        (tag_id,), = conn.execute("select id from tags where name = 'WhatsApp'")
    # Through article_tags, as the tags facet's links (publish/facets.py), not the JSON filter.
    assert f'<a href="{tag_link("/sample/articles", tag_id)}" lang="fr">WhatsApp</a>' in page
    assert '["' not in page.split("<tbody>", 1)[1]  # no raw JSON list left in the cells
    assert re.search(r'<a href="/sample/articles/\d+" lang="fr">', page)


def test_the_links_table_opens_on_from_to_and_kind(sample_ds):
    page = html(sample_ds, "/sample/links")
    assert [c for c in shown_columns(page) if c != "Link"] == ["from_id", "to_url", "kind", "anchor", "to_id"]
    first = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert re.search(r'<td class="col-from_id[^"]*"><a href="/sample/articles/\d+">[^<]{10,}</a>', first), first
    assert "body.table-links th.col-Link" in html(sample_ds, "/-/bladiscrape/static/bladi.css")


@pytest.mark.parametrize("path, expected", [
    ("/sample/articles", "Archived articles: 10 rows"), ("/sample/links", "Links on article pages"),
    ("/sample", "sample: tables and queries"), ("/sample/voip_2016", "The 2016 VoIP blocking, article by article"),
])
def test_page_titles_say_what_the_page_is(sample_ds, path, expected):
    found = title(html(sample_ds, path))
    assert found.startswith(expected) and found.endswith("— Bladi.net archive")


def test_no_suggested_facet_on_a_timestamp(sample_ds):
    data = asyncio.run(sample_ds.client.get("/sample/articles.json?_extra=suggested_facets")).json()
    suggested = {f["name"] for f in data.get("suggested_facets") or []}
    assert not suggested & {"fetched_at", "first_seen_at", "changed_at", "gone_at", "published_at"}


QUERIES = yaml.safe_load(DEFAULT_METADATA.read_text(encoding="utf-8"))["databases"]["archive"]["queries"]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_opens_on_its_form_not_its_sql(sample_ds, name):
    page = html(sample_ds, f"/sample/{name}")
    assert '<pre id="sql-query">' not in page and "?_show_sql=1" in page
    assert '<pre id="sql-query">' in html(sample_ds, f"/sample/{name}?_show_sql=1")
    for param in QUERIES[name].get("params") or []:
        described = (QUERIES[name].get("param_help") or {}).get(param) or {}
        assert described.get("description"), f"{name}: parameter {param} is not described"
        assert f'name="{param}"' in page


def test_choices_come_as_lists(sample_ds):
    page = html(sample_ds, "/sample/coverage_by_month")
    sections = re.findall(r'<option value="([^"]*)"', page.split('name="section"', 1)[1].split("</select>", 1)[0])
    assert sections[0] == "" and "Economie" in sections
    kinds = html(sample_ds, "/sample/most_linked?kind=recommended")
    assert '<option value="recommended" selected>' in kinds
