"""Reading WARC files back: the offset index, records read on demand, content coding, size limit, replay."""

from __future__ import annotations

import gzip
import hashlib
import logging
import tracemalloc
import zlib
from pathlib import Path

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from bladiscrape.core import coding as content_coding
from bladiscrape.crawl.errors import NotInWarc
from bladiscrape.crawl.middlewares.replay import ReplayMiddleware
from bladiscrape.model import FetchItem
from bladiscrape.provenance import reader
from bladiscrape.provenance.reader import (
    MAX_BODY,
    BodyTooLarge,
    Entry,
    Undecodable,
    WarcIndex,
    decode_body,
    iter_responses,
    read_record,
)
from bladiscrape.provenance.reparse import reparse
from bladiscrape.provenance.writer import WarcWriter

PAGE = "https://www.bladi.net/anrt-5g,12345.html"
HTML = b"<html><head><title>ANRT</title></head><body><p>La 5G au Maroc</p></body></html>"
ARTICLE = (Path(__file__).resolve().parents[2] / "bladiscrape/replica/site/blocage-whatsapp-viber-maroc,44096.html")


def write(directory: Path, fetches, prefix="bladiscrape") -> WarcWriter:
    """fetches: (url, headers, body, WARC-Date)."""
    with WarcWriter(directory, prefix=prefix) as writer:
        for url, headers, body, when in fetches:
            writer.write(url, "GET", [("User-Agent", "test")], 200, None, headers, body, when)
    return writer


def bomb(expanded: int) -> bytes:
    """A multi-member gzip body: ``expanded`` bytes of zeros in ~1/1000 of that."""
    member = gzip.compress(bytes(8 * 1024 * 1024), mtime=0)
    return member * (expanded // (8 * 1024 * 1024))


# -- the index ------------------------------------------------------------------
def test_index_keeps_where_records_are_not_their_bodies(tmp_path):
    write(tmp_path, [(PAGE, [], HTML, "2024-05-01T10:00:00Z"),
                     ("https://www.bladi.net/b.html", [("Content-Encoding", "gzip")], gzip.compress(HTML, mtime=0),
                      "2024-05-01T09:00:00Z")])
    index = WarcIndex([tmp_path])
    assert all(type(e) is Entry for e in index.entries)
    assert not any(hasattr(e, name) for e in index.entries for name in ("body", "raw_body", "headers"))
    whole = list(iter_responses([tmp_path]))
    assert [e.read() for e in index.entries] == whole  # read on demand: the same records
    assert [(e.url, e.warc_offset, e.warc_record_id) for e in index.entries] == [
        (c.url, c.warc_offset, c.warc_record_id) for c in whole]
    assert [e.url for e in index.in_capture_order()] == ["https://www.bladi.net/b.html", PAGE]
    assert index.read("https://www.bladi.net/b.html").body == HTML


def test_reparse_reads_each_record_when_it_needs_it(tmp_path, monkeypatch):
    """Each record is read from its file when its turn comes, once, in capture order."""
    write(tmp_path / "w", [(f"https://www.bladi.net/p{i},{i}.html", [], HTML, f"2024-05-0{9 - i}T10:00:00Z")
                           for i in range(3)])
    read = []
    original = Entry.read
    monkeypatch.setattr(Entry, "read", lambda self, *a, **k: read.append(self.url) or original(self, *a, **k))
    result = reparse(str(tmp_path / "a.db"), [str(tmp_path / "w")])
    assert result.responses == 3
    assert read == [f"https://www.bladi.net/p{i},{i}.html" for i in (2, 1, 0)]


# -- nested folders: where the file is found again ---------------------------------
def test_a_replayed_capture_keeps_its_path_below_the_warc_directory(tmp_path):
    write(tmp_path / "warcs" / "2016", [(PAGE, [], HTML, "2016-01-08T10:00:00Z")], prefix="old")
    writer = write(tmp_path / "warcs", [("https://www.bladi.net/new,2.html", [], HTML, "2024-05-01T10:00:00Z")])
    index = WarcIndex([tmp_path / "warcs"])
    old = index.read(PAGE)
    assert old.warc_name == "2016/" + Path(old.warc_file).name
    item = FetchItem(url=PAGE, outcome="article", fetched_at=old.fetched_at).add_capture(old)
    assert item.warc_file == old.warc_name  # not only the base name
    again = read_record(tmp_path / "warcs" / item.warc_file, item.warc_offset, name=item.warc_file)
    assert again == old
    new = index.read("https://www.bladi.net/new,2.html")
    assert FetchItem(url="x", outcome="article", fetched_at="").add_capture(new).warc_file == writer.files[0]
    # A file named directly is found again by its name, as before.
    direct = WarcIndex([old.warc_file]).read(PAGE)
    assert FetchItem(url="x", outcome="article", fetched_at="").add_capture(direct).warc_file == Path(old.warc_file).name


def test_a_written_capture_keeps_its_name_in_the_writers_directory(tmp_path):
    with WarcWriter(tmp_path / "nested" / "dir") as writer:
        capture = writer.write(PAGE, "GET", [], 200, None, [], HTML, "2024-05-01T10:00:00Z")
    item = FetchItem(url=PAGE, outcome="article", fetched_at="").add_capture(capture)
    assert item.warc_file == writer.files[0] and "/" not in item.warc_file


# -- replay ---------------------------------------------------------------------
def replay(paths) -> ReplayMiddleware:
    return ReplayMiddleware(get_crawler(), [str(p) for p in paths])


def test_replay_takes_the_newest_capture_of_a_page_across_origins(tmp_path):
    # Two crawls of the same page: the live site (newer, in the file read first) and a replica (older).
    write(tmp_path / "a-live", [(PAGE, [], b"newer", "2024-06-01T10:00:00Z")])
    write(tmp_path / "b-replica", [("http://127.0.0.1:1/anrt-5g,12345.html", [], b"older", "2024-05-01T10:00:00Z")])
    for paths in ([tmp_path / "a-live", tmp_path / "b-replica"], [tmp_path / "b-replica", tmp_path / "a-live"]):
        middleware = replay(paths)
        for url in ("http://127.0.0.1:8080/anrt-5g,12345.html", PAGE):
            response = middleware.process_request(Request(url))
            assert response.body == b"newer" and response.url == url
            assert response.meta["bladi_capture"].fetched_at == "2024-06-01T10:00:00+00:00"


def test_replay_needs_no_spider_and_says_what_is_missing(tmp_path):
    write(tmp_path, [("http://127.0.0.1:1/anrt-5g,12345.html", [], HTML, "2024-05-01T10:00:00Z")])
    crawler = get_crawler()
    assert crawler.spider is None  # the request URL is canonicalised against its own origin
    middleware = ReplayMiddleware(crawler, [str(tmp_path)])
    assert middleware.process_request(Request("http://localhost:9/anrt-5g,12345.html")).body == HTML
    with pytest.raises(NotInWarc):
        middleware.process_request(Request("http://localhost:9/inconnu,1.html"))


# -- content coding ---------------------------------------------------------------
def test_a_body_that_does_not_decode_is_marked(tmp_path, caplog):
    write(tmp_path, [(PAGE, [("Content-Encoding", "gzip"), ("Content-Type", "text/html")], HTML,
                      "2024-05-01T10:00:00Z"),
                     ("https://www.bladi.net/ok.html", [("Content-Encoding", "gzip")], gzip.compress(HTML),
                      "2024-05-01T10:00:00Z")])
    with caplog.at_level(logging.WARNING, logger="bladiscrape.provenance.reader"):
        bad, ok = iter_responses([tmp_path])
    assert bad.undecodable and bad.body == bad.raw_body == HTML
    assert "cannot decode body" in caplog.text
    assert not ok.undecodable and ok.body == HTML


@pytest.mark.parametrize("coding, encode", [
    ("gzip", lambda b: gzip.compress(b, mtime=0)),
    ("x-gzip", lambda b: gzip.compress(b, mtime=0)),
    ("deflate", zlib.compress),
    ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
    ("gzip, deflate", lambda b: zlib.compress(gzip.compress(b, mtime=0))),  # applied in this order
    ("identity", lambda b: b),
])
def test_content_codings(coding, encode):
    assert decode_body(encode(HTML), [("Content-Encoding", coding)]) == HTML


def test_gzip_tolerance_matches_scrapy():
    zipped = gzip.compress(HTML * 50, mtime=0)
    assert decode_body(zipped + zipped, [("Content-Encoding", "gzip")]) == HTML * 100  # two members
    assert decode_body(zipped[:-8], [("Content-Encoding", "gzip")]) == HTML * 50  # trailer cut: data kept
    for broken in (HTML, zipped[:5], b"\x1f\x8b\x08garbage"):
        with pytest.raises(Undecodable):
            decode_body(broken, [("Content-Encoding", "gzip")])
    with pytest.raises(Undecodable, match="unsupported"):
        decode_body(HTML, [("Content-Encoding", "compress")])


def test_brotli(monkeypatch):
    brotli = pytest.importorskip("brotli")
    assert decode_body(brotli.compress(HTML), [("Content-Encoding", "br")]) == HTML
    with pytest.raises(Undecodable):
        decode_body(HTML, [("Content-Encoding", "br")])
    monkeypatch.setattr(content_coding, "brotli", None)  # not installed: the body cannot be read
    with pytest.raises(Undecodable, match="not installed"):
        decode_body(brotli.compress(HTML), [("Content-Encoding", "br")])


# -- the size limit (a gzip bomb) ------------------------------------------------------
def test_a_gzip_bomb_is_not_expanded_beyond_the_limit(tmp_path, caplog):
    body = bomb(1024 * 1024 * 1024)  # 1 MB expanding to 1 GB
    assert len(body) < 1.1 * 1024 * 1024
    with pytest.raises(BodyTooLarge):
        decode_body(body, [("Content-Encoding", "gzip")])
    write(tmp_path, [(PAGE, [("Content-Encoding", "gzip"), ("Content-Type", "text/html")], body,
                      "2024-05-01T10:00:00Z")])
    tracemalloc.start()
    with caplog.at_level(logging.WARNING, logger="bladiscrape.provenance.reader"):
        (captured,) = iter_responses([tmp_path])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert captured.too_large and captured.body == b"" and captured.raw_body == body
    assert peak < 3 * MAX_BODY + 3 * len(body)
    assert "expands beyond" in caplog.text


def test_reparse_and_replay_skip_a_bomb(tmp_path):
    write(tmp_path / "w", [(PAGE, [("Content-Encoding", "gzip"), ("Content-Type", "text/html")],
                            bomb(64 * 1024 * 1024), "2024-05-01T10:00:00Z"),
                           ("https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html",
                            [("Content-Type", "text/html; charset=utf-8")], ARTICLE.read_bytes(),
                            "2024-05-01T11:00:00Z")])
    result = reparse(str(tmp_path / "a.db"), [str(tmp_path / "w")])
    assert (result.responses, result.articles) == (2, 1)
    assert result.skipped == {"bodies over 10 MB": 1}
    middleware = replay([tmp_path / "w"])
    with pytest.raises(IgnoreRequest, match="over"):
        middleware.process_request(Request(PAGE))
    assert middleware.crawler.stats.get_value("bladi/replay_too_large") == 1


def test_a_stored_body_over_the_limit_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_BODY", 1000)
    write(tmp_path, [(PAGE, [], bytes(5000), "2024-05-01T10:00:00Z")])
    (captured,) = iter_responses([tmp_path])
    assert captured.too_large and captured.raw_body == b""
    assert captured.payload_sha256 == hashlib.sha256(bytes(5000)).hexdigest()


# -- the same rule in the crawl -----------------------------------------------------------
def test_the_crawl_passes_an_undecodable_body_on_marked():
    from scrapy.http import Response

    from bladiscrape.crawl.middlewares.compression import TolerantHttpCompressionMiddleware
    from bladiscrape.process import PageResponse, page_problem

    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": MAX_BODY})
    middleware = TolerantHttpCompressionMiddleware.from_crawler(crawler)
    for coding, body in (("gzip", HTML), ("gzip", gzip.compress(HTML)[:5]), ("deflate", HTML), ("br", HTML)):
        request = Request(PAGE)
        sent = Response(PAGE, headers={"Content-Encoding": coding, "Content-Type": "text/html"}, body=body,
                        request=request)
        got = middleware.process_response(request, sent)
        assert got is sent and request.meta["bladi_undecodable"] is True, coding
        problem = page_problem(PageResponse(PAGE, 200, {"Content-Encoding": coding}, got.body, undecodable=True))
        assert (problem.outcome, problem.detail) == (
            "not_html", f"body that could not be decoded (Content-Encoding: {coding})")
    request = Request(PAGE)
    good = middleware.process_response(request, Response(PAGE, headers={"Content-Encoding": "gzip"},
                                                         body=gzip.compress(HTML), request=request))
    assert good.body == HTML and "bladi_undecodable" not in request.meta
    with pytest.raises(IgnoreRequest):  # a bomb is still refused, as Scrapy does
        middleware.process_response(request, Response(PAGE, headers={"Content-Encoding": "gzip"},
                                                      body=bomb(64 * 1024 * 1024), request=request))
    assert crawler.stats.get_value("bladi/undecodable") == 4
