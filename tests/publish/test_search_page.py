"""The search syntax, the search page and its coding sheet, through Datasette's test client."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import sqlite3

import pytest

from bladiscrape.publish.query import QueryError, parse
from support.archive_builder import SEED_TITLE


def page(ds, path: str, **params):
    response = asyncio.run(ds.client.get(path, params=params or None))
    assert response.status_code == 200, response.text[:500]
    return response


def ids(ds, **params) -> list[int]:
    html = page(ds, "/-/search", **params).text
    return [int(x) for x in re.findall(r'href="/[^/"]+/articles/(-?\d+)" lang="fr" class="bladi-result', html)]


def all_ids(path, sql, params=()) -> set[int]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute(sql, params)}


@pytest.mark.parametrize("query, fts", [
    ("inwi OR wana", '("inwi" OR ("wan" OR "wana"))'),
    ("blocage -wifi", '(("blocag" OR "blocage")) NOT ("wif" OR "wifi")'),
    ('"grève du like"', '"grève du like"'),
    ("régl*", '"regl" *'),
    ('NEAR(x) "', '(("NEAR" OR "near") AND "x")'),  # operators the reader did not mean stay words
])
def test_the_syntax_becomes_quoted_fts5(query, fts):
    assert parse(query).fts == fts


@pytest.mark.parametrize("query, reason", [
    ("inwi OR", "OR needs a word on each side"), ("OR inwi", "OR needs a word on each side"),
    ("-inwi", "at least one word that is not excluded"), ("« »", "nothing to search for"),
])
def test_a_query_that_cannot_run_says_why(query, reason):
    with pytest.raises(QueryError, match=reason):
        parse(query)


def test_or_prefix_phrase_and_exclusion_on_the_page(sample_ds, sample_path):
    inwi = all_ids(sample_path, "select id from articles where body like '%inwi%' or title like '%inwi%'")
    assert set(ids(sample_ds, q="inwi")) == inwi
    either = set(ids(sample_ds, q="inwi OR élections"))
    assert inwi < either
    assert set(ids(sample_ds, q="inwi -dislikant")) == inwi - set(ids(sample_ds, q="dislikant"))
    assert set(ids(sample_ds, q="dislik*")) == set(ids(sample_ds, q="dislikant")) != set()
    assert ids(sample_ds, q='"grève du like"')


def test_rank_or_date_and_filters(sample_ds, sample_path):
    by_date = ids(sample_ds, q="maroc", sort="newest")
    dates = {i: d for i, d in sqlite3.connect(sample_path).execute("select id, published_at from articles")}
    assert [dates[i] for i in by_date] == sorted((dates[i] for i in by_date), reverse=True)
    assert sorted(ids(sample_ds, q="maroc", sort="rank")) == sorted(by_date)
    in_2016 = ids(sample_ds, q="maroc", since="2016", until="2016")
    assert in_2016 and all(dates[i].startswith("2016") for i in in_2016)
    assert set(ids(sample_ds, q="maroc", in_topic="0")) == set(by_date) & all_ids(
        sample_path, "select id from articles where in_topic = 0")
    assert ids(sample_ds, tag="WhatsApp") == ids(sample_ds, tag="WhatsApp", sort="newest")
    assert set(ids(sample_ds, tag="WhatsApp")) == all_ids(
        sample_path, "select x.article_id from article_tags x join tags t on t.id = x.tag_id where t.name = ?",
        ["WhatsApp"])


def test_the_best_sentence_is_highlighted_not_the_lead(sample_ds):
    html = page(sample_ds, "/-/search", q="achetant").text
    passage = html.split('class="bladi-passage" lang="fr">', 1)[1].split("</p>", 1)[0]
    assert "<mark>achetant</mark>" in passage and "Pour protester" not in passage


def test_an_unusable_query_says_why_on_the_page(sample_ds):
    html = page(sample_ds, "/-/search", q="inwi OR").text
    assert "This search cannot be run: OR needs a word on each side" in html
    assert 'class="bladi-error"' in html and "bladi-result" not in html


def test_month_counts_are_zero_filled_bars(sample_ds):
    html = page(sample_ds, "/-/search", q="maroc", since="2016", until="2016").text
    assert html.count('class="bladi-bar"') >= html.count("<title>2016-") >= 2
    assert ": 0</title>" in html  # a month without results keeps its (empty) bar


def test_the_coding_sheet_holds_exactly_the_results(sample_ds):
    shown = ids(sample_ds, q="inwi OR wana")
    response = page(sample_ds, "/-/search", q="inwi OR wana", format="csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(int(r["id"]) for r in rows) == sorted(shown)
    assert list(rows[0]) == ["id", "published_at", "title", "url", "section", "author", "tags", "actors", "lead",
                             "body", "in_topic", "citation"]
    seed = next((r for r in rows if r["title"] == SEED_TITLE), None)
    assert seed and f"« {SEED_TITLE} »" in seed["citation"] and "; " in seed["tags"]


def test_the_page_serves_the_command_s_coding_sheet(sample_ds, sample_path, tmp_path):
    from bladiscrape import cli

    out = tmp_path / "sheet.csv"
    assert cli.main(["export", "coding-sheet", "--db", str(sample_path), "--query", "blocage whatsapp",
                     "--since", "2016-01-01", "--until", "2016-12-31", "--in-topic", "-o", str(out)]) == 0
    page_sheet = page(sample_ds, "/-/search", q="blocage whatsapp", since="2016", until="2016", in_topic="1",
                      format="csv").content
    assert page_sheet.count(b"\n") > 2 and page_sheet == out.read_bytes()


def test_canned_queries_take_the_same_syntax(sample_ds):
    from support.datasette import rows

    either = {r["id"] for r in rows(sample_ds, "search", q="inwi OR élections", since="", until="", in_topic="")}
    assert either == set(ids(sample_ds, q="inwi OR élections")) and either > set(ids(sample_ds, q="inwi"))
