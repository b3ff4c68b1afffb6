"""Bytes -> text, following what a browser would do for an old French CMS page.

One decoder for every step: articles (``extract``), listings
(``discover.listing``) and feeds (``discover.feeds``, through ``decode_xml``).

HTML order: the HTTP ``Content-Type`` charset, a byte-order mark, ``<meta
charset>`` / ``<meta http-equiv>``, then UTF-8, falling back to windows-1252
when the bytes are not valid UTF-8. Labels are resolved with w3lib, which maps
``iso-8859-1``/``latin1``/``ascii`` to ``cp1252`` as the WHATWG Encoding
Standard (and every browser) does: pages declaring latin-1 routinely contain
cp1252 curly quotes (0x92) and the euro sign.

A declaration can be wrong: a server configured for UTF-8 serving old cp1252
pages, a template saying UTF-8 around latin-1 text. When the declared encoding
does not decode the bytes strictly, ``settle`` chooses (see there) instead of
filling the text with U+FFFD. Bytes that decode strictly are decoded exactly
as before: a declaration that works is never second-guessed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from bs4.dammit import UnicodeDammit
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)

from bladiscrape.core.text import header

#: The encodings a wrong declaration is settled among, after the declared one:
#: a French site's bytes are UTF-8 or windows-1252 (latin-1's superset).
FALLBACKS = ("utf-8", "cp1252")
#: The label of UTF-8 bytes with windows-1252 characters inserted (``settle``).
MIXED = "utf-8+cp1252"


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
    bom_length = len(bom) if bom else 0
    encoding = http_content_type_encoding(header(headers, "content-type"))
    if encoding:
        if bom_encoding and codecs.lookup(bom_encoding).name == codecs.lookup(encoding).name:
            html = html[bom_length:]  # the declared encoding agrees with the BOM: drop the mark
        return settle(html, encoding)
    if bom_encoding:
        return settle(html[bom_length:], bom_encoding)
    return settle(html, html_body_declared_encoding(html))


# An XML declaration's encoding; it must open the document (whitespace tolerated).
_XML_DECLARATION_RE = re.compile(rb"""^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")


def decode_xml(xml: bytes, headers: Mapping | None = None) -> tuple[str, str, bytes | None]:
    """``decode_html`` for an XML document (a feed).

    Order: a byte-order mark, the XML declaration, the HTTP charset, then
    UTF-8 falling back to windows-1252. The declaration wins over the HTTP
    header, against RFC 7303 (which makes the header authoritative), as every
    XML parser does when given the bytes: it is written by the software that
    wrote the bytes (SPIP's ``backend`` template prints its own charset),
    while the header is often a server-wide default. Labels are resolved as
    for HTML (``iso-8859-1`` is windows-1252) and a wrong declaration is
    settled the same way (``settle``).
    """
    bom_encoding, bom = read_bom(xml)
    if bom_encoding and bom:
        return settle(xml[len(bom) :], bom_encoding)
    match = _XML_DECLARATION_RE.match(xml[:512])
    declared = resolve_encoding(match.group(1).decode("ascii")) if match else None
    return settle(xml, declared or http_content_type_encoding(header(headers, "content-type")))


def settle(data: bytes, declared: str | None) -> tuple[str, str, bytes | None]:
    """``(text, encoding, utf8)`` of ``data`` declared as ``declared`` (None: undeclared, UTF-8 expected).

    The declared encoding when it decodes the bytes strictly (nearly always).
    Otherwise the declaration is wrong and, in order:

    * UTF-8 expected, the bytes UTF-8 with a few windows-1252 characters
      inserted (text pasted into a UTF-8 template): those characters are
      converted (``UnicodeDammit.detwingle``); recorded as ``MIXED``;
    * ``UnicodeDammit`` chooses among the declared encoding and ``FALLBACKS``
      the first that decodes strictly, and its name is returned;
    * none does: the declared encoding (windows-1252 when UTF-8 was expected,
      which loses one character per undefined byte instead of every accent),
      unknown bytes becoming U+FFFD.
    """
    encoding = declared or "utf-8"
    utf8 = _same(encoding, "utf-8")
    try:
        return data.decode(encoding), encoding, data if utf8 else None
    except UnicodeDecodeError:
        pass
    if utf8 and _UTF8_SEQUENCE_RE.search(data):  # (detwingle walks the bytes in Python: not for cp1252 pages)
        mixed = UnicodeDammit.detwingle(data)
        if mixed is not data:
            try:
                return mixed.decode("utf-8"), MIXED, mixed
            except UnicodeDecodeError:
                pass
    candidates = [encoding, *(e for e in FALLBACKS if not _same(e, encoding))]
    dammit = UnicodeDammit(data, known_definite_encodings=candidates)
    chosen, text = dammit.original_encoding, dammit.unicode_markup
    # (when every candidate fails, UnicodeDammit goes on guessing: not taken)
    if chosen and text is not None and not dammit.contains_replacement_characters \
            and any(_same(chosen, c) for c in candidates):
        chosen = resolve_encoding(chosen) or chosen
        return text, chosen, data if _same(chosen, "utf-8") else None
    last = "cp1252" if utf8 else encoding
    return to_unicode(data, last), last, None


# A valid UTF-8 multibyte sequence: without one, the bytes hold no UTF-8 to keep.
_UTF8_SEQUENCE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _same(a: str, b: str) -> bool:
    """Two labels of one codec (``utf8``/``UTF-8``, ``windows-1252``/``cp1252``)."""
    return a == b or codecs.lookup(a).name == codecs.lookup(b).name
