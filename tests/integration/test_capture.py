"""WARC capture: bladiscrape.provenance.writer writes, bladiscrape.provenance.reader reads (real files, no network)."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from bladiscrape.provenance.files import iter_warc_paths
from bladiscrape.provenance.reader import WarcIndex, iter_responses, read_record
from bladiscrape.provenance.writer import WarcWriter

WARCIO = Path(sys.executable).parent / "warcio"
ROBOTS = "ROBOTSTXT_OBEY=True: robots.txt fetched and obeyed; disallowed URLs are not fetched"
INFO = {
    "software": "bladiscrape/0.1.0",
    "crawl-arguments": {"max_depth": 2, "since": "2024-01-01"},
    "settings": {"DOWNLOAD_DELAY": 1.0, "ROBOTSTXT_OBEY": True},
    "robots-policy": ROBOTS,
}
UA = [("User-Agent", "bladiscrape/0.1.0 (+https://github.com/bladiscrape/bladiscrape)"),
      ("Accept-Encoding", "gzip, deflate")]
HTML = "<html><head><meta charset=utf-8><title>L'ANRT et la 5G</title></head><body>Été à Rabat</body></html>"
BINARY = random.Random(7).randbytes(3000)


def fetches():
    """(url, status, reason, headers, wire body, decoded body) of a small crawl."""
    page = HTML.encode("utf-8")
    # mtime=0: gzip stamps the current second into its header otherwise, and tests
    # call fetches() again to compare; a second boundary in between changed the bytes.
    zipped = gzip.compress(page, mtime=0)
    return [
        ("https://www.bladi.net/anrt-5g,12345.html", 200, None,
         [("Content-Type", "text/html; charset=utf-8"), ("ETag", '"abc"'),
          ("Last-Modified", "Wed, 01 May 2024 10:00:00 GMT")], page, page),
        ("https://www.bladi.net/telecom.html?debut_articles=10", 200, None,
         [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
          ("Transfer-Encoding", "chunked"), ("Vary", "Accept-Encoding")], zipped, page),
        ("http://bladi.net/anrt-5g,12345.html", 301, None,
         [("Location", "https://www.bladi.net/anrt-5g,12345.html"), ("Content-Length", "0")], b"", b""),
        ("https://www.bladi.net/gone.html", 404, "Not Found",
         [("Content-Type", "text/html")], b"<h1>404</h1>", b"<h1>404</h1>"),
        ("https://www.bladi.net/IMG/logo.png", 200, None,
         [("Content-Type", "image/png"), ("Content-Length", str(len(BINARY)))], BINARY, BINARY),
        ("https://www.bladi.net/robots.txt", 200, None,
         [("Content-Type", "text/plain")], b"User-agent: *\nDisallow: /ecrire/\n", b"User-agent: *\nDisallow: /ecrire/\n"),
    ]


def warcio_check(path: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([str(WARCIO), "check", "-v", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "digest pass" in result.stdout
    return result


def write_all(directory: Path, items, **kwargs):
    start = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
    with WarcWriter(directory, info=INFO, **kwargs) as writer:
        captures = [writer.write(url, "GET", UA, status, reason, headers, body, start + timedelta(seconds=i))
                    for i, (url, status, reason, headers, body, _) in enumerate(items)]
    return writer, captures


def records(path: Path):
    with open(path, "rb") as fh:
        return [(r.rec_type, r.rec_headers, r.content_stream().read()) for r in ArchiveIterator(fh)]


def test_round_trip(tmp_path):
    items = fetches()
    writer, captures = write_all(tmp_path / "warc", items)
    files = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert [f.name for f in files] == writer.files
    assert len(files) == 1 and files[0].name.startswith("bladiscrape-") and files[0].name.endswith("-00001.warc.gz")
    warcio_check(files[0])

    got = list(iter_responses([tmp_path / "warc"]))
    assert len(got) == len(items)
    for (url, status, _, _headers, wire, decoded), cap, rec in zip(items, captures, got, strict=True):
        assert (rec.url, rec.status) == (url, status)
        assert rec.raw_body == wire and rec.body == decoded
        assert rec.payload_sha256 == cap.payload_sha256 == hashlib.sha256(wire).hexdigest()
        assert Path(rec.warc_file).name == cap.warc_file
        assert (rec.warc_offset, rec.warc_length, rec.warc_record_id) == (
            cap.warc_offset, cap.warc_length, cap.warc_record_id)
        assert rec.header("Content-Length") == str(len(wire))
        assert rec.header("Transfer-Encoding") is None
        assert ("User-Agent", UA[0][1]) in rec.request_headers
        assert ("Host", url.split("/")[2]) in rec.request_headers
        assert read_record(rec.warc_file, rec.warc_offset) == rec
        # offset/length delimit exactly one gzip member holding the whole response record
        member = files[0].read_bytes()[cap.warc_offset:cap.warc_offset + cap.warc_length]
        text = gzip.decompress(member)
        assert text.startswith(b"WARC/1.1\r\nWARC-Type: response\r\n") and text.endswith(wire + b"\r\n\r\n")
    assert got[0].fetched_at == "2024-05-01T10:00:00+00:00"
    assert got[3].headers[0] == ("Content-Type", "text/html") and got[3].status == 404
    assert (captures[0].etag, captures[0].last_modified) == ('"abc"', "Wed, 01 May 2024 10:00:00 GMT")
    assert captures[1].etag is None
    assert ("X-Original-Transfer-Encoding", "chunked") in got[1].headers

    kinds = records(files[0])
    assert [k for k, _, _ in kinds] == ["warcinfo"] + ["response", "request"] * len(items)
    _, warcinfo_headers, payload = kinds[0]
    assert warcinfo_headers.get_header("WARC-Filename") == files[0].name
    fields = dict(line.split(": ", 1) for line in payload.decode("utf-8").splitlines() if line)
    assert fields["software"] == "bladiscrape/0.1.0"
    assert json.loads(fields["crawl-arguments"]) == INFO["crawl-arguments"]
    assert json.loads(fields["settings"]) == INFO["settings"]
    assert fields["robots-policy"] == ROBOTS
    # response and request point at each other
    for (_, resp, _), (_, req, _) in zip(kinds[1::2], kinds[2::2], strict=True):
        assert resp.get_header("WARC-Concurrent-To") == req.get_header("WARC-Record-ID")
        assert req.get_header("WARC-Concurrent-To") == resp.get_header("WARC-Record-ID")
        assert resp.get_header("WARC-Date") == req.get_header("WARC-Date")


def test_chunked_looking_body_is_not_dechunked(tmp_path):
    # Scrapy hands over de-chunked bodies; if "Transfer-Encoding: chunked" stayed in the
    # record, warcio's content_stream() would de-chunk this body to b"hello".
    body = b"5\r\nhello\r\n0\r\n\r\n"
    with WarcWriter(tmp_path, info=INFO) as writer:
        writer.write("https://www.bladi.net/x", "GET", [], 200, None,
                     [("Transfer-Encoding", "chunked"), ("Content-Length", "99")], body, "2024-05-01T10:00:00Z")
    (rec,) = iter_responses([tmp_path])
    assert rec.body == rec.raw_body == body
    assert rec.header("Content-Length") == str(len(body))
    assert rec.header("X-Original-Content-Length") == "99"
    warcio_check(tmp_path / writer.files[0])


def test_warc_date_and_latin1_headers(tmp_path):
    fetched = datetime(2024, 5, 1, 12, 30, 0, 250000, tzinfo=timezone(timedelta(hours=1)))
    with WarcWriter(tmp_path, info=INFO) as writer:
        writer.write("https://www.bladi.net/é", "GET", [], 200, None,
                     [("Content-Disposition", "inline; filename=caf\xe9.html")], b"x", fetched)
    (rec,) = iter_responses([tmp_path])
    assert rec.fetched_at == "2024-05-01T11:30:00.250000+00:00"
    assert rec.header("Content-Disposition") == "inline; filename=caf\xe9.html"  # not %-encoded
    warcio_check(tmp_path / writer.files[0])


def test_rotation_keeps_records_whole(tmp_path):
    items = [(f"https://www.bladi.net/p{i}.html", 200, None, [("Content-Type", "image/png")],
              BINARY[i:] + bytes([i]), BINARY[i:] + bytes([i])) for i in range(12)]
    writer, captures = write_all(tmp_path, items, max_bytes=8000)
    files = [tmp_path / name for name in writer.files]
    assert len(files) >= 3
    assert [int(f.name[-13:-8]) for f in files] == list(range(1, len(files) + 1))
    for f in files:
        warcio_check(f)
        kinds = records(f)
        assert kinds[0][0] == "warcinfo" and kinds[0][1].get_header("WARC-Filename") == f.name
        assert [k for k, _, _ in kinds[1:]] == ["response", "request"] * ((len(kinds) - 1) // 2)
        assert f.stat().st_size < 8000 + 2 * len(BINARY)  # rotated once over the limit
    got = list(iter_responses(files))
    assert [r.raw_body for r in got] == [item[4] for item in items]
    assert all(r.request_headers is not None for r in got)
    for rec, cap in zip(got, captures, strict=True):
        assert read_record(tmp_path / cap.warc_file, cap.warc_offset).raw_body == rec.raw_body


def test_truncated_last_record(tmp_path, caplog):
    """A kill mid-record: every complete record before it is read, then a warning, no crash."""
    items = fetches()[:4]
    writer, captures = write_all(tmp_path / "a", items)
    path = tmp_path / "a" / writer.files[0]
    data = path.read_bytes()
    last = captures[-1]

    path.write_bytes(data[:last.warc_offset + last.warc_length // 2])  # cut inside the response
    with caplog.at_level(logging.WARNING, logger="bladiscrape.provenance.reader"):
        got = list(iter_responses([path]))
    assert [r.url for r in got] == [item[0] for item in items[:-1]]
    assert all(r.request_headers is not None for r in got)
    assert "stopped reading" in caplog.text and str(last.warc_offset) in caplog.text

    path.write_bytes(data[:last.warc_offset + last.warc_length + 20])  # cut inside its request
    got = list(iter_responses([path]))
    assert [r.url for r in got] == [item[0] for item in items]
    assert got[-1].raw_body == items[-1][4] and got[-1].request_headers is None

    path.write_bytes(data[:last.warc_offset + 30])  # cut inside the WARC headers
    other, _ = write_all(tmp_path / "b", fetches()[4:5])
    got = list(iter_responses([path, tmp_path / "b"]))  # the next file is still read
    assert [r.url for r in got] == [item[0] for item in items[:-1]] + [fetches()[4][0]]


def test_truncated_uncompressed_warc(tmp_path):
    writer, captures = write_all(tmp_path / "w", fetches()[:2])
    plain = tmp_path / "plain.warc"
    data = gzip.decompress((tmp_path / "w" / writer.files[0]).read_bytes())
    for cut in range(len(data) - 600, len(data), 7):
        plain.write_bytes(data[:cut])
        got = list(iter_responses([plain]))
        assert got[0].raw_body == fetches()[0][4]
        assert all(r.raw_body == item[4] for r, item in zip(got, fetches(), strict=False))  # a cut file holds fewer


def test_index_latest_capture_wins(tmp_path):
    url = "https://www.bladi.net/anrt-5g,12345.html"
    with WarcWriter(tmp_path, info=INFO) as writer:
        writer.write(url, "GET", UA, 200, None, [], b"new", "2024-05-02T10:00:00+00:00")
        writer.write(url, "GET", UA, 200, None, [], b"old", "2024-05-01T10:00:00+00:00")
        writer.write("https://www.bladi.net/other.html", "GET", UA, 200, None, [], b"o", "2024-05-01T10:00:00Z")
    index = WarcIndex([tmp_path])
    assert len(index) == 2 and url in index
    assert index.read(url).raw_body == b"new"
    assert [e.read().raw_body for e in index.entries if e.url == url] == [b"new", b"old"]
    assert [e.read().raw_body for e in index.in_capture_order()] == [b"old", b"o", b"new"]
    assert set(index.keys()) == {url, "https://www.bladi.net/other.html"}
    assert index.get("https://www.bladi.net/none") is None and index.read("https://www.bladi.net/none") is None
    hit = index.get(url)
    assert read_record(hit.warc_file, hit.warc_offset) == index.read(url)
    assert (hit.status, hit.fetched_at) == (200, "2024-05-02T10:00:00+00:00")


def test_read_record_bad_offset(tmp_path):
    writer, captures = write_all(tmp_path, fetches()[:2])
    path = tmp_path / writer.files[0]
    request_offset = captures[0].warc_offset + captures[0].warc_length  # a request record
    with pytest.raises(ValueError, match="no complete response record"):
        read_record(path, request_offset)


def test_iter_warc_paths(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    for name in ("d/b.warc.gz", "d/sub/a.warc", "d/notes.txt", "c.warc.gz"):
        (tmp_path / name).write_bytes(b"")
    found = iter_warc_paths([tmp_path / "d", str(tmp_path / "c.warc.gz"), tmp_path / "d" / "b.warc.gz"])
    assert found == [tmp_path / "d/b.warc.gz", tmp_path / "d/sub/a.warc", tmp_path / "c.warc.gz"]
    with pytest.raises(ValueError, match="no such file or directory") as e:
        iter_warc_paths([tmp_path / "missing.warc.gz"])
    assert "\n" not in str(e.value)
    with pytest.raises(ValueError, match="not a WARC file"):
        iter_warc_paths([tmp_path / "d" / "notes.txt"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no WARC files"):
        iter_warc_paths([tmp_path / "empty"])


def test_no_fetch_no_file(tmp_path):
    writer = WarcWriter(tmp_path / "never", info=INFO)
    writer.close()
    writer.close()
    assert not (tmp_path / "never").exists() and writer.files == []


def test_brotli_body_decoded(tmp_path, caplog):
    """Scrapy asks for br when brotli is installed; warcio 1.8 cannot decode it with Google's brotli."""
    brotli = pytest.importorskip("brotli")
    page = HTML.encode("utf-8")
    with WarcWriter(tmp_path, info=INFO) as writer:
        writer.write("https://www.bladi.net/", "GET", UA, 200, None, [("Content-Encoding", "br")],
                     brotli.compress(page), "2024-05-01T10:00:00Z")
    with caplog.at_level(logging.WARNING):
        (rec,) = iter_responses([tmp_path])
    assert rec.body == page and rec.raw_body == brotli.compress(page)
    assert not caplog.records
    # `warcio check` is not run here: it calls content_stream() on every record, and
    # warcio's brotli hook (written for brotlipy) raises AttributeError with Google's brotli.
