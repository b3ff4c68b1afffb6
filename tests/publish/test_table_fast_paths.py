"""The table pages' faster paths give what they replaced, on a real crawl of the replica.

Tag links select through ``article_tags`` (``?_through=``) where they used the
JSON filter ``?tags__arraycontains=``; the facet counts of a whole table are
counted once per immutable archive (``publish.app.ArchiveDatabase``).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from urllib.parse import unquote

from bladiscrape.publish import app
from support.datasette import database, get, rows


def _tags(path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("select id, name from tags order by id").fetchall()


def test_every_tag_link_selects_the_articles_the_json_filter_selected(ds, archive_path):
    tags = _tags(archive_path)
    assert len(tags) > 5
    for tag_id, name in tags:
        through = {r["id"] for r in rows(ds, "articles", _through=f'{{"table": "article_tags", "column": "tag_id",'
                                                                  f' "value": "{tag_id}"}}', _size="max")}
        old = {r["id"] for r in rows(ds, "articles", tags__arraycontains=name, _size="max")}
        assert through == old and old, name


def test_table_cells_and_article_pages_link_each_tag_by_its_id(ds, archive_path):
    ids = {name: tag_id for tag_id, name in _tags(archive_path)}
    table = get(ds, "articles").text
    links = re.findall(r'<a href="[^"]*\?_through=([^"]+)" lang="fr">([^<]+)</a>', table)
    assert links and "tags__arraycontains" not in table
    for arg, name in links:
        assert f'"value": "{ids[name]}"' in unquote(arg.replace("+", " ")), name
    with sqlite3.connect(archive_path) as conn:
        (article_id, count), = conn.execute("select article_id, count(*) from article_tags group by article_id"
                                            " order by count(*) desc limit 1")
    page = get(ds, f"articles/{article_id}").text
    shown = re.findall(r'<li><a href="[^"]*\?_through=([^"]+)">([^<]+)</a></li>', page)
    assert len(shown) == count and all(f'"value": "{ids[n]}"' in unquote(a.replace("+", " ")) for a, n in shown)


def _facets(ds) -> dict:
    data = asyncio.run(ds.client.get(f"{database(ds)}/articles.json")).json()
    return {name: [(v["value"], v["count"]) for v in facet["results"]] for name, facet in data["facet_results"].items()}


def test_whole_table_facets_are_counted_once_and_as_before(archive_path):
    served = app.make_datasette(archive_path)
    db = served.get_database(archive_path.stem)
    first = _facets(served)
    assert db._counted and _facets(served) == first  # the second page from the counts kept
    with sqlite3.connect(archive_path) as conn:
        sections = conn.execute("select section, count(*) from articles where section is not null group by section"
                                " order by count(*) desc, section").fetchall()
    assert first["section"] == [tuple(r) for r in sections]
    growing = app.make_datasette(archive_path, immutable=False)  # as while a crawl writes: counted each time
    assert _facets(growing) == first and not growing.get_database(archive_path.stem)._counted
    kept = len(db._counted)
    asyncio.run(served.client.get(f"{database(served)}/articles.json?in_topic=1"))
    assert kept == len(first) and len(db._counted) == kept  # a filtered page's counts are not kept


def _searched(served, traces=None, **args) -> tuple[int, dict]:
    """The count and facets of a search; the SQL it ran appended to ``traces``."""
    from datasette.tracer import capture_traces

    query = "&".join(f"{k}={v}" for k, v in {"_search": "blocage", **args}.items())

    async def fetch():
        with capture_traces(traces if traces is not None else []):
            return await served.client.get(f"{database(served)}/articles.json?{query}")

    data = asyncio.run(fetch()).json()
    facets = {name: [(v["value"], v["count"]) for v in facet["results"]] for name, facet in data["facet_results"].items()}
    return data["filtered_table_rows_count"], facets, [r[0] for r in data["rows"]]  # id is the first column


def test_a_search_counts_and_facets_through_the_covering_index_as_through_the_rows(archive_path, tmp_path):
    """The count and the six facets of a search read idx_articles_reading; an archive without it counts the same."""
    served = app.make_datasette(archive_path)
    traces: list = []
    count, facets, ids = _searched(served, traces, _size=4)
    covered = [t["sql"] for t in traces if "indexed by idx_articles_reading" in t.get("sql", "")]
    assert len(covered) >= 8  # the rows in date order, the count and six facets
    older = tmp_path / "older.db"
    older.write_bytes(archive_path.read_bytes())
    with sqlite3.connect(older) as conn:
        conn.execute("drop index idx_articles_reading")
    plain = app.make_datasette(older, immutable=False)  # mutable: serve adds no index to it
    traces.clear()
    assert _searched(plain, traces, _size=4) == (count, facets, ids)
    assert traces  # the SQL was seen
    by_title = _searched(served, _size=4, _sort="title")
    assert by_title == _searched(plain, _size=4, _sort="title") and by_title[2] != ids
    assert not [t for t in traces if "indexed by" in t.get("sql", "")]
    assert count > 3 and len(facets) == 6 and all(facets.values())
    with sqlite3.connect(archive_path) as conn:  # and as SQL over the rows says
        sections = dict(conn.execute(
            "select section, count(*) from articles where id in (select rowid from article_search_fts"
            " where article_search_fts match '(\"blocage\" OR \"blocag\")') and section is not null group by section"))
    assert dict(facets["section"]) == sections
    assert _searched(served, section=next(iter(sections)))[0] == sections[next(iter(sections))]
    traces.clear()
    with sqlite3.connect(archive_path) as conn:
        section = conn.execute("select section from articles where section is not null limit 1").fetchone()[0]

    async def filtered():  # a filter on a column with its own index keeps that index
        from datasette.tracer import capture_traces
        with capture_traces(traces):
            return await served.client.get(f"{database(served)}/articles.json?section={section}")

    assert asyncio.run(filtered()).status_code == 200
    assert traces and not [t for t in traces if "indexed by" in t.get("sql", "")]
