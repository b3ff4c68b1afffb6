"""Read back the WARC files a crawl wrote (see ``capture.py``).

``iter_responses`` yields every response record with its body twice: ``raw_body``
(the payload as received, e.g. still gzip-compressed) and ``body`` (content coding
removed by warcio's ``content_stream()``, what a parser sees). A file whose last
record was cut short (a killed crawl) is read up to that record: the incomplete
record is skipped with a logged warning and reading goes on with the next file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zlib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class Captured:
    """One response record read from a WARC file."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # content coding removed (what a browser or parser sees)
    raw_body: bytes  # the payload as stored, i.e. as received
    fetched_at: str  # WARC-Date, ISO 8601 UTC (``+00:00``, like items.utc_now)
    warc_file: str  # path of the file, as found from the paths given
    warc_offset: int  # offset of the record (its gzip member) in the file
    warc_length: int  # length of the record (compressed) in the file
    warc_record_id: str
    payload_sha256: str  # hex sha256 of raw_body
    request_headers: list[tuple[str, str]] | None = None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class TruncatedRecord(Exception):
    """A record cut short: the file ends inside it."""


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc_paths(paths: Iterable[str | Path]) -> list[Path]:
    """WARC files named, or found (recursively, sorted) in directories named; ValueError otherwise."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and _is_warc(p))
            if not inside:
                raise ValueError(f"{path}: no WARC files (.warc, .warc.gz) in this directory")
            found.extend(inside)
        elif not path.exists():
            raise ValueError(f"{path}: no such file or directory")
        elif not _is_warc(path):
            raise ValueError(f"{path}: not a WARC file (expected .warc or .warc.gz)")
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:  # each file once, where first named
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def iter_responses(paths: Iterable[str | Path]) -> Iterator[Captured]:
    """Every response record of the files (in file order), with its request headers when present."""
    for path in iter_warc_paths(paths):
        yield from _iter_file(path)


def read_record(path: str | Path, offset: int) -> Captured:
    """The response record at ``offset`` in ``path`` (seeks there; no scan of the file)."""
    for captured in _iter_file(Path(path), offset):
        if captured.warc_offset != offset:
            break
        return captured
    raise ValueError(f"{path}: no complete response record at offset {offset}")


class WarcIndex:
    """All response records of some WARC files, by URL (the latest capture of a URL wins)."""

    read_record = staticmethod(read_record)

    def __init__(self, paths: Iterable[str | Path]):
        self.paths = iter_warc_paths(paths)
        self.captures: dict[str, list[Captured]] = {}  # every capture, in reading order
        self._latest: dict[str, Captured] = {}
        for captured in iter_responses(self.paths):
            self.captures.setdefault(captured.url, []).append(captured)
            previous = self._latest.get(captured.url)
            if previous is None or captured.fetched_at >= previous.fetched_at:
                self._latest[captured.url] = captured

    def get(self, url: str) -> Captured | None:
        return self._latest.get(url)

    def urls(self) -> list[str]:
        return list(self._latest)

    def __len__(self) -> int:
        return len(self._latest)

    def __contains__(self, url: str) -> bool:
        return url in self._latest


# -- reading one file -----------------------------------------------------------
def _iter_file(path: Path, start: int = 0) -> Iterator[Captured]:
    pending: Captured | None = None  # a response waiting for its request record
    pending_links: list[str] = []  # that response's WARC-Concurrent-To ids
    requests: dict[str, list[tuple[str, str]]] = {}  # request headers by linked record ids
    with open(path, "rb") as fh:
        fh.seek(start)
        it = ArchiveIterator(fh, arc2warc=True)
        end = start  # end of the last complete record
        try:
            for record in it:
                raw, offset, length = _payload(record, it)
                end = offset + length
                if record.rec_type == "response":
                    captured = _response(record, raw, offset, length, path)
                    links = [captured.warc_record_id, *_concurrent(record)]
                    req = next((requests.pop(k) for k in links if k in requests), None)
                    if pending is not None:
                        yield pending
                    pending = replace(captured, request_headers=req) if req is not None else captured
                    pending_links = links[1:]
                elif record.rec_type == "request":
                    headers = list(record.http_headers.headers) if record.http_headers else []
                    own = record.rec_headers.get_header("WARC-Record-ID")
                    if pending is not None and (pending.warc_record_id in _concurrent(record)
                                                or own in pending_links):
                        yield replace(pending, request_headers=headers)
                        pending = None
                    else:
                        for key in [own, *_concurrent(record)]:
                            requests[key] = headers
            # warcio ends silently when a cut gzip member decompresses to nothing: look for leftovers
            fh.seek(end)
            tail = fh.read(1 << 16)
            if tail.strip() or fh.read(1):
                raise TruncatedRecord("bytes after the last complete record")
        # A cut inside the WARC headers can leave no WARC-Target-URI: warcio then fails
        # with AttributeError (None.startswith) while parsing.
        except (TruncatedRecord, ArchiveLoadFailed, StatusAndHeadersParserException, EOFError,
                zlib.error, ValueError, AttributeError) as e:
            logger.warning("%s: stopped reading at offset %s: %s (last record incomplete; "
                           "the records before it are read)", path, end, e)
        if pending is not None:
            yield pending


def _concurrent(record) -> list[str]:
    return [v for k, v in record.rec_headers.headers if k.lower() == "warc-concurrent-to"]


def _payload(record, it) -> tuple[bytes, int, int]:
    """Read a record's payload, check it is whole, and return it with the record's offset and length."""
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not declared.isdigit():  # warcio reads a missing or cut value as length 0
        raise TruncatedRecord(f"record with Content-Length {declared!r}")
    chunks = []
    while chunk := record.raw_stream.read(1 << 16):
        chunks.append(chunk)
    raw = b"".join(chunks)
    missing = getattr(record.raw_stream, "limit", 0)  # LimitReader: bytes the record still owes
    if missing:
        raise TruncatedRecord(f"record ends {missing} bytes short of its Content-Length")
    offset, length = it.get_record_offset(), it.get_record_length()  # reads to the end of the member
    decompressor = it.reader.decompressor if it.reader else None
    if decompressor is not None and not decompressor.eof:
        raise TruncatedRecord("gzip member ends early")
    return raw, offset, length


def _response(record, raw: bytes, offset: int, length: int, path: Path) -> Captured:
    http = record.http_headers
    code = http.get_statuscode() if http else ""
    coding = (http.get_header("Content-Encoding") or "").strip().lower() if http else ""
    if coding == "br" and raw:
        body = _decode_brotli(raw, path, offset)
    else:
        original, record.raw_stream = record.raw_stream, io.BytesIO(raw)
        try:
            body = record.content_stream().read()
        except Exception as e:  # a body that claims a content coding it does not have
            logger.warning("%s at %s: cannot decode body (%s); using it as stored", path, offset, e)
            body = raw
        finally:
            record.raw_stream = original
    rec = record.rec_headers
    return Captured(
        url=rec.get_header("WARC-Target-URI"), status=int(code) if code.isdigit() else 0,
        headers=list(http.headers) if http else [], body=body, raw_body=raw,
        fetched_at=_iso(rec.get_header("WARC-Date")), warc_file=str(path), warc_offset=offset,
        warc_length=length, warc_record_id=rec.get_header("WARC-Record-ID"),
        payload_sha256=hashlib.sha256(raw).hexdigest(),
    )


def _decode_brotli(raw: bytes, path: Path, offset: int) -> bytes:
    # warcio's "br" support expects brotlipy's API (Decompressor.decompress, a settable
    # unused_data); Google's brotli (what Scrapy installs) has neither, so warcio fails.
    try:
        import brotli

        return brotli.decompress(raw)
    except Exception as e:
        logger.warning("%s at %s: cannot decode brotli body (%s); using it as stored", path, offset, e)
        return raw


def _iso(warc_date: str | None) -> str:
    try:
        when = datetime.fromisoformat(warc_date)
    except (TypeError, ValueError):
        return warc_date or ""
    return (when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)).isoformat()
