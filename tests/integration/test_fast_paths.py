"""The per-page shortcuts of reparse and replay give what the long ways give, on the replica crawl's own WARCs.

- a record read without its request record is the record read whole, less its request headers, and
  the index (which reads no HTTP headers) gives each response the status the whole record has;
- the research rows of a batch computed from its bundles are those computed from the articles read
  back from the archive (what ``bladiscrape analyse`` does);
- key terms looked up in the words of each article give what their regexes find.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from bladiscrape.analyse import refresh
from bladiscrape.analyse.episode import Term, Words
from bladiscrape.core.urls import origin
from bladiscrape.model import DateWindow, Skip
from bladiscrape.process import PageResponse, process_page
from bladiscrape.provenance.reader import WarcIndex, iter_responses
from bladiscrape.score.actors import matchable
from bladiscrape.score.topic import load_topic
from bladiscrape.store import open_archive
from bladiscrape.store import research as tables


@pytest.fixture(scope="module")
def warcs(replica_archive):
    return replica_archive.parent / "warcs"


@pytest.fixture(scope="module")
def bundles(warcs):
    topic = load_topic()
    out = []
    for entry in WarcIndex([warcs]).in_capture_order():
        captured = entry.read(request_headers=False)
        result = process_page(PageResponse(captured.url, captured.status, dict(captured.headers), captured.body,
                                           undecodable=captured.undecodable),
                              topic=topic, window=DateWindow(None, None), site=origin(captured.url),
                              fetched_at=captured.fetched_at, warc_record_id=captured.warc_record_id)
        if not isinstance(result, Skip):
            out.append(result.bundle)
    assert len(out) >= 20
    return out


def test_a_record_read_alone_is_the_record_read_whole(warcs):
    index = WarcIndex([warcs])
    whole = list(iter_responses([warcs]))
    assert any(c.request_headers for c in whole)
    assert [e.read(request_headers=False) for e in index.entries] == [replace(c, request_headers=None)
                                                                       for c in whole]
    assert [e.read() for e in index.entries[:5]] == whole[:5]  # and the default still reads them
    # the index reads only each response's status line, not its HTTP headers: the same statuses
    assert [(e.url, e.status, e.warc_offset) for e in index.entries] == [(c.url, c.status, c.warc_offset)
                                                                          for c in whole]
    assert {e.status for e in index.entries} >= {200, 301, 404}


def test_batch_rows_are_the_rows_of_the_stored_articles(bundles, replica_archive, tmp_path):
    research = refresh.load_research()
    batch = refresh.batch_rows(bundles, research)
    copy = tmp_path / "copy.db"
    shutil.copy(replica_archive, copy)
    archive = open_archive(copy)
    try:
        stored = tables.article_texts(archive, batch.ids)
        rows, facet = refresh.article_rows(stored, research)
        actors = dict(archive.db.execute("select id, actors from articles").fetchall())
    finally:
        archive.close()
    assert [a["id"] for a in stored] == batch.ids
    assert batch.rows == rows and rows["mentions"] and rows["event_articles"]
    assert batch.facet == facet
    assert {b.article["id"]: b.article["actors"] for b in bundles} == {i: actors[i] for i in batch.ids}


def test_terms_looked_up_in_words_are_found_as_by_regex(bundles):
    terms = [Term.of(t) for t in dict.fromkeys(t for e in refresh.load_research().episode.events for t in e.terms)]
    found = 0
    for bundle in bundles:
        article = bundle.article
        words = Words(matchable(" ".join(filter(None, (article["title"], article["lead"], article["body"])))))
        for term in terms:
            has = words.has(term)
            assert has == (term.regex.search(words.text) is not None), (article["url"], term)
            found += has
    assert found > len(bundles)


def test_research_rows_written_by_executemany_are_those_sqlite_utils_wrote(bundles, replica_archive, tmp_path):
    """``replace_article_rows`` writes with executemany what sqlite-utils' ``insert_all`` wrote before."""
    research = refresh.load_research()
    batch = refresh.batch_rows(bundles, research)
    stored = {}
    for way in ("executemany", "insert_all"):
        copy = tmp_path / f"{way}.db"
        shutil.copy(replica_archive, copy)
        archive = open_archive(copy)
        try:
            if way == "executemany":
                tables.replace_article_rows(archive, batch.ids, batch.rows, batch.facet)
            else:  # the former path, by hand
                with archive.db.atomic():
                    for table in tables.PER_ARTICLE:
                        archive.db.execute(f"delete from {table}")
                    for table, rows in batch.rows.items():
                        archive.db.table(table).insert_all(rows)
            stored[way] = {t: archive.db.execute(f"select * from {t} order by rowid").fetchall()
                           for t in tables.PER_ARTICLE}
        finally:
            archive.close()
    assert stored["executemany"]["mentions"] and stored["executemany"]["event_articles"]
    assert stored["executemany"] == stored["insert_all"]


def test_batch_rows_from_each_pages_rows_are_those_computed_for_the_batch(bundles):
    """A reparse's workers compute each page's research rows; combined, they are the batch's own."""
    research = refresh.load_research()
    twice = bundles + bundles[:3]  # articles twice in a batch: the last bundle's rows count
    pages = [refresh.page_rows(dict(b.article), research) for b in twice]
    combined = refresh.batch_rows([to_copy(b) for b in twice], research, pages)
    computed = refresh.batch_rows([to_copy(b) for b in twice], research)
    assert combined == computed and computed.rows["mentions"]


def to_copy(bundle):
    return replace(bundle, article=dict(bundle.article))
