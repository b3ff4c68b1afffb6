"""The tags and actors facets, counted through article_tags and mentions, as the JSON array facet counted them."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from bladiscrape.publish import app as publish
from support.datasette import get, rows


@pytest.fixture(scope="module")
def facets(ds):
    def results(**params) -> dict[str, dict]:
        data = get(ds, "articles.json", _size="max", **params).json()
        return {name: facet for name, facet in data["facet_results"].items()}
    return results


def array_counts(found: list[dict], column: str) -> Counter:
    return Counter(name for row in found for name in set(json.loads(row[column] or "[]")))


@pytest.mark.parametrize("params", [{}, {"_search": "whatsapp"}, {"in_topic": "1"}])
def test_counts_are_those_of_the_json_arrays(ds, facets, params):
    found = rows(ds, "articles", _size="max", **params)
    assert found
    results = facets(**params)
    for column in ("tags", "actors"):
        expected = array_counts(found, column)
        shown = {value["label"]: value["count"] for value in results[column]["results"]}
        assert shown, column
        assert all(expected[label] == count for label, count in shown.items()), column
        assert sorted(shown.values(), reverse=True) == sorted(expected.values(), reverse=True)[:len(shown)]


def test_a_value_selects_its_articles_and_unselects_again(ds, facets):
    anrt = next(v for v in facets()["tags"]["results"] if "ANRT" in v["label"])
    query = {k: v[0] for k, v in parse_qs(urlsplit(anrt["toggle_url"]).query).items() if k != "_size"}
    assert set(query) == {"_through"}
    found = rows(ds, "articles", _size="max", **query)
    assert len(found) == anrt["count"] and all(anrt["label"] in json.loads(r["tags"]) for r in found)
    selected = next(v for v in facets(**query)["tags"]["results"]
                    if v["label"] == anrt["label"])
    assert selected["selected"] and "_through" not in parse_qs(urlsplit(selected["toggle_url"]).query)


def test_facets_take_no_suggestions_and_a_short_time_limit():
    assert publish.SETTINGS["suggest_facets"] is False and publish.SETTINGS["facet_time_limit_ms"] <= 250
    assert publish.SETTINGS["sql_time_limit_ms"] >= 3000  # whole-archive queries answer, not "SQL Interrupted"


def test_another_database_keeps_datasettes_facets(tmp_path):
    import sqlite3

    from datasette.app import Datasette
    other = tmp_path / "news.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table t (id integer primary key, tags text)")
        conn.execute("""insert into t (tags) values ('["a", "b"]'), ('["a"]')""")
    ds = Datasette([str(other)], metadata={"databases": {"news": {"tables": {"t": {"facets": [{"array": "tags"}]}}}}})
    data = get(ds, "/news/t.json").json()
    assert {v["value"]: v["count"] for v in data["facet_results"]["tags"]["results"]} == {"a": 2, "b": 1}
