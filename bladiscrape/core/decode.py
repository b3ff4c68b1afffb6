"""Bytes -> text, following what a browser would do for an old French CMS page.

Order: the HTTP ``Content-Type`` charset, a byte-order mark, ``<meta charset>``
/ ``<meta http-equiv>``, then UTF-8, falling back to windows-1252 when the
bytes are not valid UTF-8. Labels are resolved with w3lib, which maps
``iso-8859-1``/``latin1``/``ascii`` to ``cp1252`` as the WHATWG Encoding
Standard (and every browser) does: pages declaring latin-1 routinely contain
cp1252 curly quotes (0x92) and the euro sign.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)

from bladiscrape.core.text import header



def decode(html: bytes | str, headers: Mapping | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a page's bytes."""
    text, encoding, _ = decode_html(html, headers)
    return text, encoding


def decode_html(html: bytes | str, headers: Mapping | None = None) -> tuple[str, str, bytes | None]:
    """``decode``, plus the bytes when they are exactly the UTF-8 of the text
    (the parser takes them as they are, instead of the text re-encoded)."""
    if isinstance(html, str):
        return html, "unicode", None
    bom_encoding, bom = read_bom(html)
    encoding = http_content_type_encoding(header(headers, "content-type"))
    if encoding:
        if bom_encoding and codecs.lookup(bom_encoding).name == codecs.lookup(encoding).name:
            html = html[len(bom) :]  # the declared encoding agrees with the BOM: drop the mark
        return _decoded(html, encoding)
    if bom_encoding:
        return _decoded(html[len(bom) :], bom_encoding)
    encoding = html_body_declared_encoding(html)
    if encoding:
        return _decoded(html, encoding)
    try:
        return html.decode("utf-8"), "utf-8", html
    except UnicodeDecodeError:
        encoding = resolve_encoding("windows-1252") or "cp1252"
        return to_unicode(html, encoding), encoding, None


def _decoded(data: bytes, encoding: str) -> tuple[str, str, bytes | None]:
    """``to_unicode``; valid UTF-8 (the common case) decodes the same strictly."""
    if codecs.lookup(encoding).name == "utf-8":
        try:
            return data.decode("utf-8"), encoding, data
        except UnicodeDecodeError:
            pass
    return to_unicode(data, encoding), encoding, None
