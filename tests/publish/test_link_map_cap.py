"""The link map on an archive with more articles than it draws: the cap, which articles, and what it says."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections import Counter

import pytest
import yaml

from bladiscrape.publish import app as publish
from support.archive_builder import build_archive
from support.datasette import get

CAP = 5


@pytest.fixture(scope="module", params=["links counted", "analysed"])
def capped(request, tmp_path_factory):
    """The sample archive (10 dated articles) served with the link map capped at CAP articles.

    Counted from the links table, and from link_metrics once ``analyse`` has filled it.
    """
    folder = tmp_path_factory.mktemp("linkcap")
    path = build_archive(folder / "sample.db")
    if request.param == "analysed":
        subprocess.run([sys.executable, "-m", "bladiscrape", "analyse", "--db", str(path)], check=True,
                       capture_output=True)
    metadata = yaml.safe_load(publish.DEFAULT_METADATA.read_text(encoding="utf-8"))
    metadata["databases"]["archive"].setdefault("plugins", {}).setdefault("bladiscrape", {})["link_map_nodes"] = CAP
    (folder / "metadata.yml").write_text(yaml.safe_dump(metadata), encoding="utf-8")
    return path, publish.make_datasette(path, folder / "metadata.yml"), request.param == "analysed"


def archive(path) -> tuple[dict[int, int], list[tuple[int, int]]]:
    with sqlite3.connect(path) as conn:
        topic = dict(conn.execute("select id, in_topic from articles where published_at is not null"))
        links = conn.execute("select from_id, to_id from links where to_id in (select id from articles)"
                             " and from_id != to_id").fetchall()
    return topic, links


def shown(html: str) -> tuple[list[dict], list[dict], str]:
    spec = json.loads(re.search(r'data-chart="bladi-link-map">(.*?)</script>', html, re.S).group(1))
    nodes, edges = spec["layer"][1]["data"]["values"], spec["layer"][0]["data"]["values"]
    text = " ".join(re.search(r'<p class="bladi-link-map-shown">(.*?)</p>', html, re.S).group(1).split())
    return nodes, edges, text


def test_a_capped_map_shows_the_in_topic_most_linked_articles_and_says_so(capped):
    path, ds, analysed = capped
    topic, links = archive(path)
    assert len(topic) > CAP
    in_links = Counter(to for _, to in links)
    expected = sorted(topic, key=lambda i: (-topic[i], -in_links[i], i))[:CAP]
    html = get(ds, "/-/links").text
    nodes, edges, text = shown(html)
    assert [n["id"] for n in nodes] == expected and f'data-marks="{CAP}"' in html
    among = [(f, t) for f, t in links if f in expected and t in expected]
    assert len(edges) == len(among) > 0
    assert f"Shown: {CAP} of {len(topic)} dated articles, {len(among)} of {len(links)} links" in text
    assert "?since=" in text and "?in_topic=1" in text
    assert ("counted by the last <code>analyse</code>" in text) == analysed


def test_the_map_narrows_by_topic_and_date(capped):
    path, ds, _ = capped
    topic, _ = archive(path)
    nodes, _, text = shown(get(ds, "/-/links", in_topic="0").text)
    off = sorted(i for i, t in topic.items() if not t)
    assert sorted(n["id"] for n in nodes) == off
    assert f"Shown: {len(off)} of {len(off)} dated articles matching the filters" in text
    nodes, _, _ = shown(get(ds, "/-/links", since="2999").text)
    assert nodes == []


def test_a_bad_filter_is_one_clear_error(capped):
    import asyncio

    _, ds, _ = capped
    response = asyncio.run(ds.client.get("/-/links?since=last+year"))
    assert response.status_code == 400 and "since must be a date" in response.text
