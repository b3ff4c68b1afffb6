"""The one text normalisation every step shares: whitespace, case and accent folding, header lookup.

``fold`` preserves length (one character in, one out), so an index found in
folded text is valid in the original: the date-line parser slices section and
author out of the page's own text that way. Topic scoring, stemming and the
listing parser fold with the same function, so "Méditel", "MEDITEL" and
"meditel" are one word everywhere.
"""

from __future__ import annotations

import encodings.cp1252
import re
import unicodedata
from codecs import charmap_decode as _charmap_decode
from codecs import charmap_encode as _charmap_encode
from collections.abc import Iterable, Mapping

# Characters that are invisible in a browser; dropped before collapsing whitespace.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def norm(text: str | None) -> str:
    """Collapse all Unicode whitespace (nbsp included) to single spaces."""
    if not text:
        return ""
    # Already normal (common): every whitespace or invisible character but
    # the plain space is non-printable, so only spaces need checking.
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    # Rare: skip the substitution's copy otherwise. Six substring tests cost a
    # fifth of a regex search, and ASCII text cannot hold these characters.
    if not text.isascii() and (
        "\u200b" in text or "\u200c" in text or "\u200d" in text
        or "\u2060" in text or "\ufeff" in text or "\u00ad" in text
    ):  # fmt: skip
        text = _INVISIBLE_RE.sub("", text)
    return " ".join(text.split())


def _fold_char(char: str) -> str:
    """One lowercase, accentless character for ``char``."""
    if char in "\u2019\u2018\u02bc":  # typographic apostrophes
        return "'"
    if char in "\u2013\u2014\u2212":  # dashes
        return "-"
    return unicodedata.normalize("NFD", char)[0].lower()[:1] or char


class _FoldTable(dict):
    """str.translate table mapping each character to one lowercase, accentless character.

    One character in, one out, so indices in the folded text are valid in the
    original (used to slice section/author out of a date line).
    """

    def __missing__(self, code: int) -> str:
        self[code] = base = _fold_char(chr(code))
        return base


_FOLD = _FoldTable()


def _cp1252_fold_table() -> bytes:
    """``_fold_char`` as a byte table over windows-1252, where every character folds
    to one windows-1252 character (undefined bytes never come out of encoding)."""
    table = bytearray(range(256))
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        (table[byte],) = _fold_char(char).encode("cp1252")
    return bytes(table)


_CP1252_FOLD = _cp1252_fold_table()
# The codec's tables, used directly: str.encode("cp1252") goes through a Python wrapper.
_CP1252_ENCODING, _CP1252_DECODING = encodings.cp1252.encoding_table, encodings.cp1252.decoding_table


def fold(text: str) -> str:
    """Lowercase and strip accents, preserving length (``Août`` -> ``aout``)."""
    if text.isascii():
        return text.lower()
    # French text (accents, curly quotes, dashes) is nearly always windows-1252:
    # a byte-table translation there is 4x faster than str.translate.
    try:
        data = _charmap_encode(text, "strict", _CP1252_ENCODING)[0]
    except UnicodeEncodeError:
        return text.translate(_FOLD)
    return _charmap_decode(data.translate(_CP1252_FOLD), "strict", _CP1252_DECODING)[0]


def header(headers: Mapping | Iterable[tuple] | None, name: str) -> str | None:
    """A header value, case-insensitively; tolerates bytes and list values (Scrapy style)
    and a list of ``(name, value)`` pairs (WARC records); the first one wins."""
    if not headers:
        return None
    wanted = name.lower()
    for key, value in headers.items() if hasattr(headers, "items") else headers:
        key = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key.lower() != wanted:
            continue
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        return value
    return None


def media_type(headers: Mapping | None) -> str:
    """The ``Content-Type`` without its parameters, lowercased ("" when absent)."""
    return (header(headers, "content-type") or "").split(";")[0].strip().lower()
