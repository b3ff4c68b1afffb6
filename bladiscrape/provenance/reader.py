"""Read back the WARC files a crawl wrote (see ``writer.py``).

Two ways in. ``WarcIndex`` makes one streaming pass over the files and keeps,
per response record, only where it is and what picks it (URL, status,
WARC-Date, record id, file and offset): payloads are read and dropped, so its
memory follows the number of records, not the size of the files. A record is
then read on demand by seeking to its offset (``read_record``, ``WarcIndex.read``).
``iter_responses`` reads every record whole, one at a time, in file order.

A record read whole (``Captured``) carries its body twice: ``raw_body`` (the
payload as received, e.g. still gzip-compressed) and ``body`` (content coding
removed by ``core.coding``, what a parser sees). A body whose declared coding does not decode is
marked ``undecodable`` (the crawl's compression middleware marks the same
responses), and a body that would expand beyond ``MAX_BODY`` is marked
``too_large`` and not kept.

A file whose last record was cut short (a killed crawl) is read up to that
record: the incomplete record is skipped with a logged warning and reading goes
on with the next file.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, overload

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from bladiscrape.core import coding
from bladiscrape.core.coding import BodyTooLarge, Undecodable
from bladiscrape.provenance.files import warc_files

logger = logging.getLogger(__name__)

#: Largest body (stored, or once its content coding is removed) read back from a WARC.
#: It matches the crawl's DOWNLOAD_MAXSIZE (crawl/settings.py), so a re-read never
#: expands what the crawl itself would have refused (a gzip bomb). Kept here because
#: provenance does not import Scrapy.
MAX_BODY = 10 * 1024 * 1024


@dataclass(frozen=True)
class Captured:
    """One response record read from a WARC file."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # content coding removed (what a browser or parser sees)
    raw_body: bytes  # the payload as stored, i.e. as received
    fetched_at: str  # WARC-Date, ISO 8601 UTC (``+00:00``, like items.utc_now)
    warc_file: str  # path of the file, as found from the paths given (to open it)
    warc_offset: int  # offset of the record (its gzip member) in the file
    warc_length: int  # length of the record (compressed) in the file
    warc_record_id: str
    payload_sha256: str  # hex sha256 of raw_body
    request_headers: list[tuple[str, str]] | None = None
    warc_name: str = ""  # the file's path relative to the WARC directory given (or its name)
    undecodable: bool = False  # its Content-Encoding is declared but does not decode: body is raw_body
    too_large: bool = False  # over MAX_BODY, stored or decoded: body (and maybe raw_body) not kept

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass(frozen=True, slots=True)
class Entry:
    """Where one response record is, without its body (what ``WarcIndex`` keeps)."""

    url: str
    status: int
    fetched_at: str
    warc_file: Path
    warc_name: str
    warc_offset: int
    warc_length: int
    warc_record_id: str

    def read(self, request_headers: bool = True) -> Captured:
        """The record; without ``request_headers``, the request record after it is not read."""
        return read_record(self.warc_file, self.warc_offset, name=self.warc_name, request_headers=request_headers)


class TruncatedRecord(Exception):
    """A record cut short: the file ends inside it."""


def iter_responses(paths: Iterable[str | Path]) -> Iterator[Captured]:
    """Every response record of the files (in file order), with its request headers when present."""
    for path, name in warc_files(paths):
        yield from _scan(path, name)


def iter_entries(paths: Iterable[str | Path]) -> Iterator[Entry]:
    """Where every response record of the files is (in file order); payloads read and dropped."""
    for path, name in warc_files(paths):
        yield from _scan(path, name, bodies=False)


def read_record(path: str | Path, offset: int, *, name: str | None = None, request_headers: bool = True) -> Captured:
    """The response record at ``offset`` in ``path`` (seeks there; no scan of the file).

    ``request_headers=False``: without them (``request_headers`` None), so the
    request record written after the response is neither read nor parsed; what
    reparse and replay read, which never look at them.
    """
    path = Path(path)
    for captured in _scan(path, name or path.name, offset, with_requests=request_headers):
        if captured.warc_offset != offset:
            break
        return captured
    raise ValueError(f"{path}: no complete response record at offset {offset}")


class WarcIndex:
    """Where every response record of some WARC files is, by URL; the newest WARC-Date wins.

    ``key`` maps a URL to what identifies the page (e.g. its canonical URL, so
    captures of one page from several origins meet); it applies to the captured
    URLs and to the URLs looked up. Bodies are read on demand (``read``).
    """

    def __init__(self, paths: Iterable[str | Path], key: Callable[[str], str] | None = None):
        self.files = warc_files(paths)
        self.paths = [path for path, _ in self.files]
        self.key = key or (lambda url: url)
        self.entries: list[Entry] = []  # every capture, in reading order
        self._latest: dict[str, Entry] = {}
        for path, name in self.files:
            for entry in _scan(path, name, bodies=False):
                self._add(entry)

    def _add(self, entry: Entry) -> None:
        self.entries.append(entry)
        key = self.key(entry.url)
        previous = self._latest.get(key)
        if previous is None or _when(entry.fetched_at) >= _when(previous.fetched_at):
            self._latest[key] = entry

    def get(self, url: str) -> Entry | None:
        """The newest capture of ``url``'s page, or None."""
        return self._latest.get(self.key(url))

    def read(self, url_or_entry: str | Entry, request_headers: bool = True) -> Captured | None:
        """The record of an entry, or of the newest capture of a URL's page (None if absent)."""
        entry = self.get(url_or_entry) if isinstance(url_or_entry, str) else url_or_entry
        return entry.read(request_headers) if entry is not None else None

    def in_capture_order(self) -> list[Entry]:
        """Every capture by WARC-Date (reading order among equal dates)."""
        return sorted(self.entries, key=lambda e: _when(e.fetched_at))

    def keys(self) -> list[str]:
        return list(self._latest)

    def __len__(self) -> int:
        return len(self._latest)

    def __contains__(self, url: str) -> bool:
        return self.key(url) in self._latest


# -- reading one file -----------------------------------------------------------
@overload
def _scan(path: Path, name: str, start: int = 0, *, bodies: Literal[True] = True,
          with_requests: bool = True) -> Iterator[Captured]: ...
@overload
def _scan(path: Path, name: str, start: int = 0, *, bodies: Literal[False]) -> Iterator[Entry]: ...
def _scan(path: Path, name: str, start: int = 0, *, bodies: bool = True,
          with_requests: bool = True) -> Iterator[Captured | Entry]:
    """Response records from ``start``: whole (``Captured``, with request headers unless not
    ``with_requests``) or as ``Entry``.

    Without ``with_requests``, a response is yielded as soon as it is read: the
    request record after it is not parsed (reading one record on demand).
    """
    pending: Captured | None = None  # a response waiting for its request record
    pending_links: list[str] = []  # that response's WARC-Concurrent-To ids
    requests: dict[str, list[tuple[str, str]]] = {}  # request headers by linked record ids
    with open(path, "rb") as fh:
        fh.seek(start)
        # An index reads no HTTP headers (warcio's parsing of them was most of its cost): only a
        # response's status line, below.
        it = ArchiveIterator(fh, arc2warc=True, no_record_parse=not bodies)
        end = start  # end of the last complete record
        try:
            for record in _records(it):
                keep = bodies and record.rec_type == "response"
                status = _status_line(record) if not bodies and record.rec_type == "response" else 0
                raw, digest, offset, length = _payload(record, it, keep)
                end = offset + length
                if record.rec_type == "response" and not bodies:
                    yield _entry(record, status, offset, length, path, name)
                elif record.rec_type == "response" and not with_requests:
                    yield _response(record, raw, digest, offset, length, path, name)
                elif record.rec_type == "response":
                    captured = _response(record, raw, digest, offset, length, path, name)
                    links = [captured.warc_record_id, *_concurrent(record)]
                    req = next((requests.pop(k) for k in links if k in requests), None)
                    if pending is not None:
                        yield pending
                    pending = replace(captured, request_headers=req) if req is not None else captured
                    pending_links = links[1:]
                elif record.rec_type == "request" and bodies and with_requests:
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
        # A file cut short: our checks above and in _payload/_records (TruncatedRecord), or
        # warcio failing on what is left of a record's first line (ArchiveLoadFailed) or HTTP
        # status line (StatusAndHeadersParserException).
        except (TruncatedRecord, ArchiveLoadFailed, StatusAndHeadersParserException) as e:
            logger.warning("%s: stopped reading at offset %s: %s (last record incomplete; "
                           "the records before it are read)", path, end, e)
        if pending is not None:
            yield pending


def _records(it: ArchiveIterator):
    """warcio's records, a cut inside the WARC headers reported as a truncated record."""
    records = iter(it)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except AttributeError as e:  # no WARC-Target-URI left: warcio calls None.startswith
            raise TruncatedRecord(f"WARC headers cut short ({e})") from e
        yield record


def _concurrent(record) -> list[str]:
    return [v for k, v in record.rec_headers.headers if k.lower() == "warc-concurrent-to"]


def _payload(record, it, keep: bool) -> tuple[bytes | None, str, int, int]:
    """Read a record's payload, check it is whole; return it (if kept and not over MAX_BODY),
    its sha256 (if kept), and the record's offset and length."""
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not declared.isdigit():  # warcio reads a missing or cut value as length 0
        raise TruncatedRecord(f"record with Content-Length {declared!r}")
    chunks: list[bytes] | None = [] if keep else None
    digest, size = hashlib.sha256(), 0
    while chunk := record.raw_stream.read(coding.CHUNK):
        if keep:
            digest.update(chunk)
            size += len(chunk)
            if chunks is not None:
                chunks.append(chunk)
                if size > MAX_BODY:
                    chunks = None  # hashed to the end, not kept
    missing = getattr(record.raw_stream, "limit", 0)  # LimitReader: bytes the record still owes
    if missing:
        raise TruncatedRecord(f"record ends {missing} bytes short of its Content-Length")
    offset, length = it.get_record_offset(), it.get_record_length()  # reads to the end of the member
    decompressor = it.reader.decompressor if it.reader else None
    if decompressor is not None and not decompressor.eof:
        raise TruncatedRecord("gzip member ends early")
    raw = b"".join(chunks) if chunks is not None else None
    return raw, digest.hexdigest() if keep else "", offset, length


def _entry(record, status: int, offset: int, length: int, path: Path, name: str) -> Entry:
    rec = record.rec_headers
    return Entry(url=rec.get_header("WARC-Target-URI"), status=status,
                 fetched_at=_iso(rec.get_header("WARC-Date")), warc_file=path, warc_name=name,
                 warc_offset=offset, warc_length=length, warc_record_id=rec.get_header("WARC-Record-ID"))


def _response(record, raw: bytes | None, digest: str, offset: int, length: int, path: Path,
              name: str) -> Captured:
    http = record.http_headers
    undecodable = too_large = False
    if raw is None:
        logger.warning("%s at %s: stored body over %s bytes; not read", path, offset, MAX_BODY)
        raw, body, too_large = b"", b"", True
    else:
        try:
            body = decode_body(raw, http.headers if http else [])
        except BodyTooLarge as e:
            logger.warning("%s at %s: body expands beyond %s bytes (%s); not read", path, offset, MAX_BODY, e)
            body, too_large = b"", True
        except Undecodable as e:  # a body that claims a content coding it does not have
            logger.warning("%s at %s: cannot decode body (%s); using it as stored", path, offset, e)
            body, undecodable = raw, True
    rec = record.rec_headers
    return Captured(
        url=rec.get_header("WARC-Target-URI"), status=_status(http),
        headers=list(http.headers) if http else [], body=body, raw_body=raw,
        fetched_at=_iso(rec.get_header("WARC-Date")), warc_file=str(path), warc_offset=offset,
        warc_length=length, warc_record_id=rec.get_header("WARC-Record-ID"), payload_sha256=digest,
        warc_name=name, undecodable=undecodable, too_large=too_large,
    )


def _status_line(record) -> int:
    """The status of a response record read without its HTTP headers: as warcio gives it when it
    parses them (``HTTP/1.1 404 Not Found`` -> 404; 0 for a record that holds no HTTP response)."""
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not target.lower().startswith(("http:", "https:")):
        return 0  # warcio parses HTTP headers only for http(s) records
    parts = record.raw_stream.readline().decode("latin-1").split(None, 2)
    return int(parts[1]) if len(parts) > 1 and parts[0].upper().startswith("HTTP/") and parts[1].isdigit() else 0


def _status(http) -> int:
    code = http.get_statuscode() if http else ""
    return int(code) if code.isdigit() else 0


def decode_body(raw: bytes, headers: list[tuple[str, str]], limit: int | None = None) -> bytes:
    """``core.coding.decode_body`` with the reader's limit (``MAX_BODY``) unless told otherwise."""
    return coding.decode_body(raw, headers, MAX_BODY if limit is None else limit)


def _when(iso: str) -> datetime:
    """A WARC-Date as read (``_iso``) as a datetime to order by; unreadable dates first."""
    try:
        return datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)


def _iso(warc_date: str | None) -> str:
    if warc_date is None:
        return ""
    try:
        when = datetime.fromisoformat(warc_date)
    except (TypeError, ValueError):
        return warc_date or ""
    return (when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)).isoformat()
