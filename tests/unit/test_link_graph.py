"""Link metrics and missing sources over hand-made rows: counts, PageRank, components, each reason."""

from __future__ import annotations

import json

from bladiscrape.analyse.gaps import missing_sources
from bladiscrape.analyse.graph import link_metrics

B = "https://www.bladi.net/"


def art(aid: int, in_topic: int = 1) -> dict:
    return {"id": aid, "url": f"{B}a,{aid}.html", "in_topic": in_topic, "published_at": "2016-01-01"}


def link(src: int, dst: int, kind: str = "further_reading") -> dict:
    return {"from_id": src, "to_url": f"{B}a,{dst}.html", "to_id": dst, "kind": kind}


def test_in_and_out_links_pagerank_and_components():
    articles = [art(1), art(2), art(3), art(4), art(5)]
    links = [link(1, 2), link(3, 2, "recommended"), link(1, 2, "in_body"), link(2, 9), link(4, 5),
             {"from_id": 1, "to_url": f"{B}mot/inwi.html", "to_id": None, "kind": "tag"}]
    rows = {r["article_id"]: r for r in link_metrics(articles, links)}
    assert rows[2]["in_links"] == 3 and json.loads(rows[2]["in_links_by_kind"]) == {
        "further_reading": 1, "in_body": 1, "recommended": 1}
    assert rows[1]["out_links"] == 3 and rows[2]["out_links"] == 1  # every links row, archived target or not
    assert max(rows.values(), key=lambda r: r["pagerank"])["article_id"] == 2
    assert abs(sum(r["pagerank"] for r in rows.values()) - 1) < 1e-3
    assert {rows[i]["component"] for i in (1, 2, 3)} == {1} and rows[4]["component"] == rows[5]["component"] == 2


def fetch(url_id: int, outcome: str, status=None, run_id=1, article_id=None, depth=None) -> dict:
    return {"url": f"{B}a,{url_id}.html", "outcome": outcome, "status": status, "detail": None,
            "article_id": article_id, "depth": depth, "fetched_at": "x", "run_id": run_id}


def test_each_reason():
    articles = [art(1), art(2), art(3, in_topic=0), art(4)]
    links = [link(1, 10), link(1, 11), link(1, 12), link(2, 13), link(3, 14), link(4, 15), link(1, 16)]
    fetches = [fetch(1, "article", 200, article_id=1, depth=0), fetch(2, "article", 200, article_id=2, depth=2),
               fetch(4, "article", 200, article_id=4, depth=1),
               fetch(10, "robots_disallowed"), fetch(11, "error", 404), fetch(12, "out_of_range", 200),
               fetch(16, "error", 500)]
    runs = [{"id": 1, "args": json.dumps({"depth": 2})}]
    reasons = {r["url"].rsplit(",", 1)[1]: r["reason"] for r in missing_sources(articles, links, fetches, runs)}
    assert reasons == {"10.html": "robots_disallowed", "11.html": "not_found", "12.html": "out_of_range",
                       "13.html": "beyond_depth", "14.html": "linked_from_off_topic", "15.html": "not_yet_fetched",
                       "16.html": "error"}
    # Without the crawl's bookkeeping (a reparsed archive) only what the archive knows is left.
    bare = {r["url"].rsplit(",", 1)[1]: r["reason"] for r in missing_sources(articles, links, [], [])}
    assert bare["13.html"] == bare["10.html"] == "not_yet_fetched" and bare["14.html"] == "linked_from_off_topic"
