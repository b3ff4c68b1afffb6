"""Keep every HTTP response of a crawl in WARC 1.1 files (the archive's provenance).

``WarcWriter.write`` stores one fetch as a ``response`` record followed by its
``request`` record (warcio's order), each its own gzip member, each pointing at
the other with ``WARC-Concurrent-To``. The payload is the body exactly as given
(content coding such as gzip kept). Transfer coding is not: Scrapy hands over
de-chunked bodies, so ``Transfer-Encoding`` is renamed ``X-Original-Transfer-Encoding``
and ``Content-Length`` set to ``len(body)`` (a differing original is kept as
``X-Original-Content-Length``); otherwise readers would try to de-chunk the
payload. Header bytes are written as latin-1, so headers decoded from the wire
as latin-1 round-trip exactly (warcio alone would %-encode non-ASCII values).
The file is flushed after every record: a killed crawl loses at most the
record being written, and ``reader.iter_responses`` reads everything before it.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from bladiscrape import __version__
from bladiscrape.model import Capture

WARC_VERSION = "WARC/1.1"
RENAMED = {"transfer-encoding": "X-Original-Transfer-Encoding"}


class _WireHeaders(StatusAndHeaders):
    """HTTP headers serialised as latin-1 (the wire's bytes), UTF-8 only for other text."""

    def compute_headers_buffer(self, header_filter=None):
        text = self.to_str(header_filter)
        try:
            self.headers_buff = text.encode("latin-1") + b"\r\n"
        except UnicodeEncodeError:
            self.headers_buff = text.encode("utf-8") + b"\r\n"


def warc_date(when: datetime | str) -> str:
    """WARC-Date (UTC, ``Z``) of a datetime or ISO 8601 string; naive times are UTC."""
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return datetime_to_iso_date(when, use_micros=bool(when.microsecond))


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name.lower()), None)


def response_headers_for_warc(headers: list[tuple[str, str]], body_length: int) -> list[tuple[str, str]]:
    """Headers as stored: transfer coding renamed, Content-Length = stored body length."""
    out = []
    for name, value in headers:
        low = name.lower()
        if low in RENAMED:
            out.append((RENAMED[low], value))
        elif low == "content-length":
            if value.strip() != str(body_length):
                out.append(("X-Original-Content-Length", value))
        else:
            out.append((name, value))
    out.append(("Content-Length", str(body_length)))
    return out


def _info_value(value) -> str:
    if isinstance(value, str) and "\n" not in value and "\r" not in value:
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class WarcWriter:
    """Writes request/response pairs into rotating ``.warc.gz`` files in ``directory``."""

    def __init__(self, directory, *, prefix: str = "bladiscrape", max_bytes: int = 100 * 1024 * 1024,
                 info: dict | None = None):
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.info = dict(info or {})
        self.files: list[str] = []  # names of the files written so far
        self._fh: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        self._pairs = 0  # pairs in the current file
        self._serial = 0

    # -- files --------------------------------------------------------------
    def _open(self) -> tuple[BinaryIO, WARCWriter]:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while True:
            self._serial += 1
            name = f"{self.prefix}-{stamp}-{self._serial:05d}.warc.gz"
            try:
                fh = open(self.directory / name, "xb")  # kept open across writes: close() closes it
                break
            except FileExistsError:  # another writer, same second: take the next serial
                continue
        self.files.append(name)
        writer = WARCWriter(fh, gzip=True, warc_version=WARC_VERSION)
        self._fh, self._writer = fh, writer
        self._pairs = 0
        fields = {"software": f"bladiscrape/{__version__} (warcio)", "format": "WARC File Format 1.1",
                  "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"}
        fields.update({str(k): _info_value(v) for k, v in self.info.items()})
        writer.write_record(writer.create_warcinfo_record(name, fields))
        return fh, writer

    def _current(self) -> tuple[BinaryIO, WARCWriter]:
        """The open file and its writer; a new file when none is open."""
        if self._fh is None or self._writer is None:
            return self._open()
        return self._fh, self._writer

    @property
    def current_file(self) -> str | None:
        return self.files[-1] if self._fh else None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = self._writer = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- records ------------------------------------------------------------
    def write(self, url: str, method: str, request_headers: list[tuple[str, str]], status: int,
              reason: str | None, response_headers: list[tuple[str, str]], body: bytes,
              fetched_at: datetime | str, *, request_body: bytes = b"") -> Capture:
        """Write one fetch (response record, then request record); return where it went."""
        if self._fh is not None and self._pairs and self._fh.tell() > self.max_bytes:
            self.close()
        fh, writer = self._current()
        body = bytes(body)
        date = warc_date(fetched_at)
        resp_id, req_id = StatusAndHeadersParser.make_warc_id(), StatusAndHeadersParser.make_warc_id()
        if reason is None:
            reason = http.client.responses.get(status, "")
        resp_http = _WireHeaders(f"{status} {reason}".strip(),
                                 response_headers_for_warc(response_headers, len(body)), protocol="HTTP/1.1")
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = list(request_headers)
        if _header(req_headers, "Host") is None:
            req_headers.insert(0, ("Host", parts.netloc))
        req_http = _WireHeaders(f"{method.upper()} {target} HTTP/1.1", req_headers)

        response = self._record(writer, url, "response", resp_id, req_id, date, resp_http, body)
        request = self._record(writer, url, "request", req_id, resp_id, date, req_http, bytes(request_body))
        offset = fh.tell()
        writer.write_record(response)  # flushes the gzip member and the file
        length = fh.tell() - offset
        writer.write_record(request)
        self._pairs += 1
        return Capture(self.files[-1], offset, length, resp_id, hashlib.sha256(body).hexdigest(),
                       _header(response_headers, "ETag"), _header(response_headers, "Last-Modified"))

    def _record(self, writer: WARCWriter, url, rec_type, rec_id, other_id, date, http_headers, payload):
        warc_headers = StatusAndHeaders("", [
            ("WARC-Type", rec_type), ("WARC-Record-ID", rec_id), ("WARC-Date", date),
            ("WARC-Target-URI", url), ("WARC-Concurrent-To", other_id),
        ], protocol=WARC_VERSION)
        return writer.create_warc_record(url, rec_type, payload=io.BytesIO(payload), length=len(payload),
                                         warc_headers=warc_headers, http_headers=http_headers)
