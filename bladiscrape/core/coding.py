"""Content codings undone on bytes, streaming and bounded: gzip, deflate, br, and chunked transfer.

Pure (bytes and headers in, bytes out). A decoded body never grows past the
caller's limit, so a gzip bomb costs a bounded amount of memory: the limit is
checked chunk by chunk, never after expanding the whole stream.
"""

from __future__ import annotations

import io
import zlib

from warcio.bufferedreaders import ChunkedDataReader

try:
    import brotli
except ImportError:  # optional: without it a "br" body is undecodable, as it would be to a browser
    brotli = None

#: gzip's magic number: a body that still starts with it was not decoded.
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16  # bytes read or decoded at a time


class BodyTooLarge(Exception):
    """A body over the limit once decoded."""


class Undecodable(Exception):
    """A body whose declared content coding does not decode (or cannot be decoded here)."""


def decode_body(raw: bytes, headers: list[tuple[str, str]], limit: int) -> bytes:
    """The body with its transfer and content codings removed, never longer than ``limit``.

    Codings are undone last applied first, as Scrapy's HttpCompressionMiddleware
    does; ``identity`` is no coding. Raises ``Undecodable`` or ``BodyTooLarge``.
    """
    def value(name: str) -> str | None:
        return next((v for k, v in headers if k.lower() == name), None)

    if (value("transfer-encoding") or "").strip().lower() == "chunked":
        raw = ChunkedDataReader(io.BytesIO(raw)).read()  # not our WARCs (writer de-chunks): others'
    codings = [c.strip().lower() for c in (value("content-encoding") or "").split(",")]
    body = raw
    for coding in reversed([c for c in codings if c and c != "identity"]):
        decoder = _DECODERS.get(coding)
        if decoder is None:
            raise Undecodable(f"unsupported Content-Encoding: {coding}")
        body = decoder(body, limit)
    return body


def _zlib_stream(decompressor, data: bytes, limit: int, out: bytearray) -> None:
    """Decompress ``data`` into ``out`` by chunks, stopping past ``limit`` (never expanding it all)."""
    chunk = decompressor.decompress(data, CHUNK)
    while True:
        out += chunk
        if len(out) > limit:
            raise BodyTooLarge(f"{len(out)} bytes decoded so far")
        if decompressor.eof:
            return
        if not chunk and not decompressor.unconsumed_tail:
            return  # input used up: the stream is cut short
        chunk = decompressor.decompress(decompressor.unconsumed_tail, CHUNK)


def _gunzip(data: bytes, limit: int) -> bytes:
    # Like Scrapy's gunzip: every member of a multi-member body, and as much as
    # decodes of a cut one; nothing decodable at all is an error.
    out = bytearray()
    while True:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            _zlib_stream(decompressor, data, limit, out)
        except zlib.error as e:
            raise Undecodable(f"gzip: {e}") from e
        data = decompressor.unused_data
        if not decompressor.eof or not data.startswith(GZIP_MAGIC):
            break
    if not out and not decompressor.eof:
        raise Undecodable("gzip: stream ends before any data")
    return bytes(out)


def _inflate(data: bytes, limit: int) -> bytes:
    # zlib-wrapped deflate as the RFC says, or raw deflate as some servers send (like Scrapy).
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        out = bytearray()
        try:
            _zlib_stream(zlib.decompressobj(wbits), data, limit, out)
            return bytes(out)
        except zlib.error as e:
            error = e
    raise Undecodable(f"deflate: {error}")


def _unbrotli(data: bytes, limit: int) -> bytes:
    # warcio's "br" support expects brotlipy's API (Decompressor.decompress, a settable
    # unused_data); Google's brotli (what Scrapy installs) has neither, so warcio fails.
    if brotli is None:
        raise Undecodable("br: the brotli module is not installed")
    decompressor, out = brotli.Decompressor(), bytearray()
    try:
        chunk = decompressor.process(data, output_buffer_limit=CHUNK)
        while True:
            out += chunk
            if len(out) > limit:
                raise BodyTooLarge(f"{len(out)} bytes decoded so far")
            if decompressor.is_finished() or not chunk:
                return bytes(out)
            chunk = decompressor.process(b"", output_buffer_limit=CHUNK)
    except brotli.error as e:
        raise Undecodable(f"br: {e}") from e


_DECODERS = {"gzip": _gunzip, "x-gzip": _gunzip, "deflate": _inflate, "br": _unbrotli}
