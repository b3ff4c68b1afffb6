"""The search page's faster paths give what the SQL they replaced gave, on a real crawl of the replica.

Each reference below is the page's SQL before the faster path (ranking from the
rows, the coding sheet sorted by SQLite and written by the csv module); the page
now ranks from the covering index of ``store/indexes.py`` and writes its sheet
with ``publish/sheet_bytes.py``, sent in chunks (``publish/coding_sheet.py``):
over real HTTP too, where a sheet whose writing fails midway must end as a
failed transfer, never as a shorter file that looks whole.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import socket
import sqlite3
import threading
import time
import urllib.request
from contextlib import closing

import pytest
import uvicorn

from bladiscrape.export import sheet
from bladiscrape.publish import app, coding_sheet, search
from bladiscrape.publish.sheet_bytes import field, header, rows_bytes, sheet_bytes
from bladiscrape.store.indexes import READING_INDEX, ensure_reading_indexes
from support.datasette import get

#: The page's results before: ranked and sorted from the articles' rows.
OLD_RESULTS = "select a.id, {rank} as rank {from_} where {where} order by {order} limit {limit} offset {offset}"
OLD_MONTHS = "select substr(a.published_at, 1, 7) as month, count(*) as n {from_} where {where} group by month"
#: The coding sheet before: every column of every match, sorted by SQLite.
OLD_SHEET = ("select a.*, a.actors as actor_names, f.fetched_at as captured_at {from_} left join fetches f on"
             " f.id = (select min(id) from fetches where warc_record_id = a.warc_record_id and a.warc_record_id"
             " is not null) where {where} order by a.published_at, a.id")
FTS_FROM = "from article_search_fts join articles a on a.id = article_search_fts.rowid"
SEARCHES = [
    {"q": "blocage"},
    {"q": "inwi OR wana", "sort": "newest"},
    {"q": "whatsapp", "since": "2016", "until": "2016", "in_topic": "1"},
    {"q": "opérateurs", "sort": "oldest", "page": "2"},
    {"q": "ANRT -inwi", "section": "Economie"},
    {"q": "blocage", "page": "3"},
    {"q": "télécom*"},
]


def _args(**given: str) -> dict:
    return {k: given.get(k, "") for k in
            ("q", "sort", "since", "until", "section", "tag", "actor", "in_topic", "page", "format")}


def _old(path, sql: str, params: dict) -> list[sqlite3.Row]:
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def _listed(ds, **params) -> tuple[list[int], int]:
    html = get(ds, "/-/search", **params).text
    found = [int(x) for x in re.findall(r'href="/[^/"]+/articles/(-?\d+)" lang="fr" class="bladi-result', html)]
    total = re.search(r"<h2>([\d,]+) articles?</h2>", html)
    return found, int(total.group(1).replace(",", "")) if total else 0


@pytest.fixture(scope="module")
def served(ds, archive_path):
    assert _has_index(archive_path)  # made_datasette added it
    return ds


@pytest.mark.parametrize("given", SEARCHES, ids=lambda g: "&".join(f"{k}={v}" for k, v in g.items()))
def test_the_page_lists_what_the_rows_ranked(served, archive_path, given, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 4)  # pages of 4: limits and offsets on a crawl of 26 articles
    where, params, parsed = search._filters(_args(**given), [])
    order = {"newest": "a.published_at desc, a.id desc", "oldest": "a.published_at, a.id"}.get(
        given.get("sort", ""), "rank, a.published_at desc")
    offset = (int(given.get("page", "1")) - 1) * search.PAGE_SIZE
    expected = _old(archive_path, OLD_RESULTS.format(rank=search.BM25, from_=FTS_FROM, where=where, order=order,
                                                     limit=search.PAGE_SIZE + 1, offset=offset), params)
    months = _old(archive_path, OLD_MONTHS.format(from_=FTS_FROM, where=where), params)
    listed, total = _listed(served, **given)
    assert listed == [r["id"] for r in expected][:search.PAGE_SIZE] and listed
    assert total == sum(r["n"] for r in months)


@pytest.mark.parametrize("given", SEARCHES[:3] + [{"tag": "Télécoms"}, {"in_topic": "1", "since": "2016-02"}],
                         ids=lambda g: "&".join(f"{k}={v}" for k, v in g.items()))
def test_the_coding_sheet_is_the_byte_for_byte_old_one(served, archive_path, given, monkeypatch):
    monkeypatch.setattr(coding_sheet, "BATCH", 4)  # sent in several chunks
    expected, count = _old_sheet(archive_path, given)
    served_sheet = get(served, "/-/search", **given, format="csv").content
    assert count > 1 and served_sheet == expected


def _old_sheet(path, given: dict) -> tuple[bytes, int]:
    """The sheet ``sheet.write`` writes for the search's rows as the old SQL read them, and its row count."""
    where, params, parsed = search._filters(_args(**given), [])
    from_ = FTS_FROM if parsed else "from articles a"
    articles = []
    for r in _old(path, OLD_SHEET.format(from_=from_, where=where), params):
        article = dict(r)
        article["tags"] = coding_sheet._names(article.get("tags"))
        article["actors"] = coding_sheet._names(article.pop("actor_names"))
        article["capture"] = {"warc_record_id": article.get("warc_record_id"), "captured_at": article["captured_at"]}
        articles.append(article)
    return _written(articles), len(articles)


def _written(articles: list[dict]) -> bytes:
    out = io.StringIO()
    sheet.write(articles, out)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


#: Texts each needing (or not) the csv module's quoting, in every column at once.
AWKWARD = ["", "plain", "a, b", 'say "oui"', "two\nlines", "cr\r", "\r\n", '"', ",", " lead space ", "nul\x00byte",
           "accentué « guillemets » ‘’ 🙂", 'all of them: "q", c\r\nl', "2016-02-28T11:10:00+00:00"]
#: Values of the number columns (id, in_topic), the csv module's str() of each.
NUMBERS = [None, 0, 12, -3, 2**70, True, False, 1.5]


@pytest.mark.parametrize("value", AWKWARD + NUMBERS + [b"bytes, too", b'b"ytes'])
def test_a_field_is_quoted_as_the_csv_module_quotes_it(value):
    out = io.StringIO()
    csv.writer(out).writerow(["x", value.decode() if isinstance(value, bytes) else value])
    assert b"x," + field(value) + b"\r\n" == out.getvalue().encode("utf-8")


def _awkward_articles() -> list[dict]:
    """Articles whose every column holds one of the awkward values, the numbers in the number columns."""
    articles = []
    for i, text in enumerate(AWKWARD * 2):
        number = NUMBERS[i % len(NUMBERS)]
        articles.append({
            "id": number if i % 3 else i, "published_at": text or None, "title": text, "url": "u" + text,
            "section": text or None, "author": None if i % 4 == 1 else text, "tags": [text, "Télécoms"][: i % 3],
            "actors": [text] if i % 2 else [], "lead": None if i % 5 == 2 else text, "body": text,
            "in_topic": number, "fetched_at": text, "origin_note": text or None,
            "capture": {"warc_record_id": text or None, "captured_at": None if i % 2 else text}})
    return articles


def test_the_sheet_of_awkward_fields_is_the_csv_modules():
    articles = _awkward_articles()
    # The page reads lead and body as UTF-8 bytes; sheet.write is given them as str.
    as_read = [{**a, **{k: a[k].encode() for k in ("lead", "body") if a[k] is not None}} for a in articles]
    expected = _written(articles)
    assert sheet_bytes(as_read) == expected and sheet_bytes(articles) == expected
    assert header() + b"".join(rows_bytes(as_read[i:i + 3]) for i in range(0, len(as_read), 3)) == expected
    assert sheet_bytes([]) == _written([]) == header() + rows_bytes([])


@pytest.fixture(scope="module")
def awkward(sample_path, tmp_path_factory):
    """The sample archive, its articles' columns rewritten to awkward values (set here, not by a crawl)."""
    path = tmp_path_factory.mktemp("awkward") / "awkward.db"
    path.write_bytes(sample_path.read_bytes())
    with closing(sqlite3.connect(path)) as conn:
        ids = [r[0] for r in conn.execute("select id from articles order by id")]
        for i, article_id in enumerate(ids):
            text = AWKWARD[i % len(AWKWARD)]
            conn.execute(
                "update articles set title = :t || title, lead = case when :i % 3 = 1 then null else :t || lead end,"
                " body = body || :t, section = nullif(:t, ''), author = case when :i % 2 then :t end,"
                " tags = :tags, actors = :actors, origin_note = :t, in_topic = :in_topic,"
                " published_at = case when :i % 4 = 3 then null else published_at end where id = :id",
                {"t": text, "i": i, "id": article_id, "in_topic": [None, 0, 1][i % 3],
                 "tags": json.dumps([text, "Télécoms"]) if i % 3 else "not a list",
                 "actors": json.dumps([text, 7, None]) if i % 2 else None})
        conn.commit()
    return path, app.make_datasette(path)


@pytest.mark.parametrize("given", [{"in_topic": "1"}, {"in_topic": "0"}, {"q": "blocage"}], ids=str)
def test_the_coding_sheet_of_awkward_rows_is_the_csv_modules(awkward, given, monkeypatch):
    monkeypatch.setattr(coding_sheet, "BATCH", 3)
    path, served = awkward
    expected, count = _old_sheet(path, given)
    assert count > 1 and get(served, "/-/search", **given, format="csv").content == expected


@pytest.fixture(scope="module")
def base_url(sample_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app.make_datasette(sample_path).app(), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _get(url: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def test_the_sheet_sent_in_chunks_is_the_written_one(base_url, sample_path, monkeypatch):
    monkeypatch.setattr(coding_sheet, "BATCH", 3)  # the sample's articles in several chunks
    status, headers, body = _get(base_url + "/-/search?in_topic=1&format=csv")
    expected, count = _old_sheet(sample_path, {"in_topic": "1"})
    assert status == 200 and headers["transfer-encoding"] == "chunked" and count > 3
    assert headers["content-type"] == coding_sheet.CONTENT_TYPE and "coding-sheet.csv" in headers["content-disposition"]
    assert body == expected


def test_a_sheet_that_fails_midway_is_a_failed_transfer(base_url, monkeypatch, capfd):
    monkeypatch.setattr(coding_sheet, "BATCH", 2)
    written = coding_sheet.rows_bytes
    calls = []

    def fails_second_time(articles):
        calls.append(1)
        if len(calls) == 2:
            raise MemoryError("made to fail by the test")
        return written(articles)

    monkeypatch.setattr(coding_sheet, "rows_bytes", fails_second_time)
    with urllib.request.urlopen(base_url + "/-/search?in_topic=1&format=csv", timeout=30) as response:
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead) as read:
            response.read()
    assert read.value.partial.startswith(coding_sheet.header())  # what came before the failure, then nothing
    err = capfd.readouterr().err
    assert "coding sheet: stopped after" in err and "MemoryError: made to fail by the test" in err
    assert "Traceback" not in err
    monkeypatch.undo()
    assert _get(base_url + "/-/search?in_topic=1&format=csv")[0] == 200  # the server goes on serving


def test_an_archive_that_cannot_be_written_now_is_served_without_the_index(sample_path, tmp_path):
    copy = tmp_path / "locked.db"
    copy.write_bytes(sample_path.read_bytes())
    with closing(sqlite3.connect(copy)) as older:  # an archive written before the schema had the index
        older.execute(f"drop index {READING_INDEX}")
        older.commit()
    with sqlite3.connect(copy) as holder:  # another writer holds the file
        holder.execute("begin immediate")
        served = app.make_datasette(copy)  # waits a second for the lock, then serves without
        holder.rollback()
    assert not _has_index(copy)
    found, total = _listed(served, q="blocage")
    assert found and total >= len(found)
    assert ensure_reading_indexes(copy) is True and _has_index(copy)


def _has_index(path) -> bool:
    return bool(_old(path, "select 1 from sqlite_master where name = :n", {"n": READING_INDEX}))


#: The canned query ``search`` before: bm25 and both snippets computed for every match, then sorted.
OLD_CANNED_SEARCH = """
select a.id, a.title, a.published_at, a.section, a.in_topic, a.url,
  case when snippet(article_search_fts, 1, '<mark>', '</mark>', '…', 24) like '%<mark>%'
    then snippet(article_search_fts, 1, '<mark>', '</mark>', '…', 24)
    else snippet(article_search_fts, 2, '<mark>', '</mark>', '…', 24) end as snippet,
  round(bm25(article_search_fts, 10.0, 5.0, 1.0, 3.0, 2.0), 3) as rank
from article_search_fts
join articles a on a.id = article_search_fts.rowid
where article_search_fts match bladi_fts(:q)
  and (:since = '' or substr(a.published_at, 1, length(:since)) >= :since)
  and (:until = '' or substr(a.published_at, 1, length(:until)) <= :until)
  and (:in_topic = '' or a.in_topic = cast(:in_topic as integer))
order by rank
limit 200"""


@pytest.mark.parametrize("params", [{"q": "blocage"}, {"q": "inwi OR wana", "in_topic": "1"},
                                    {"q": "opérateurs", "since": "2016-02", "until": "2016-12"}, {"q": "télécom*"}])
def test_the_canned_search_gives_the_rows_it_gave(served, archive_path, params):
    from bladiscrape.publish.plugin import bladi_fts
    from support.datasette import rows

    params = {"since": "", "until": "", "in_topic": ""} | params
    with sqlite3.connect(archive_path) as conn:
        conn.create_function("bladi_fts", 1, bladi_fts)
        columns = ("id", "title", "published_at", "section", "in_topic", "url", "snippet", "rank")
        old = [dict(zip(columns, r, strict=True)) for r in conn.execute(OLD_CANNED_SEARCH, params)]
    new = rows(served, "search", **params)
    assert old and [r["rank"] for r in new] == sorted(r["rank"] for r in new)
    # Rows of one shown rank may come in another order (the exact bm25's, not the id's).
    assert sorted(new, key=lambda r: (r["rank"], r["id"])) == sorted(old, key=lambda r: (r["rank"], r["id"]))
