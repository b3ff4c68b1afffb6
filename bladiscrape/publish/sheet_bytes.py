"""The search page's coding sheet as bytes: ``export.sheet``'s rows, the bytes of ``sheet.write``, faster.

A search for a common word exports thousands of whole articles (20 MB for
4,000 of them). The ``csv`` module copies each field character by character
(about 30 MB/s here), and decoding the texts from SQLite only to encode them
again costs as much. So lead and body come from SQLite as UTF-8 bytes
(``cast(... as blob)``) and are quoted with ``bytes.replace``; the other
columns of ``sheet.row`` are quoted as ``str`` and each run of them encoded
once, and a row is a handful of pieces joined once for the whole sheet (a
``bytes`` per field, then per row, then per sheet copied every text three
times). ``tests/publish/test_search_fast_paths.py`` checks the bytes are
``sheet.write``'s, on the archive and on fields made to need quoting.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from bladiscrape.export import sheet

BOM = "\ufeff".encode()
#: The two text columns, written from bytes; the columns before and after them, written from str.
TEXTS = ("lead", "body")
_AT = sheet.COLUMNS.index(TEXTS[0])
assert sheet.COLUMNS[_AT:_AT + 2] == TEXTS, "lead and body are adjacent columns of the sheet"
BEFORE, AFTER = sheet.COLUMNS[:_AT], sheet.COLUMNS[_AT + 2:]
assert BEFORE and AFTER, "the separators below assume a column on each side of the texts"


def _getter(columns: tuple[str, ...]):
    """The row's values of ``columns``, always a tuple (``itemgetter`` of one name gives the value)."""
    return itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))


_before, _after = _getter(BEFORE), _getter(AFTER)
#: Between the fields of a row, by whether the text before and the text after are quoted.
_OPEN = {False: b",", True: b',"'}
_CLOSE = {False: b",", True: b'",'}
_BETWEEN = {(False, False): b",", (True, False): b'",', (False, True): b',"', (True, True): b'","'}


def field(value: object) -> bytes:
    """One field as the csv module's excel dialect writes it: quoted if it holds ``,``, ``"``, CR or LF."""
    if value is None:
        return b""
    if type(value) is int:  # ids and in_topic: nothing to quote (type, not isinstance: True is written True)
        return b"%d" % value
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    if b'"' in data:
        return b'"' + data.replace(b'"', b'""') + b'"'
    if b"," in data or b"\n" in data or b"\r" in data:
        return b'"' + data + b'"'
    return data


def _quoted(value: object) -> str:
    """``field`` for a short column, as str: the row's run of them is encoded once."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)  # str() as the csv module: 1.5, True, 12
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def _text(value: object) -> tuple[bytes, bool]:
    """A text column's bytes, its quotes doubled, and whether the field must be quoted."""
    if not value:  # sheet.row gives "" for a missing lead
        return b"", False
    data = value if type(value) is bytes else str(value).encode("utf-8")
    if b'"' in data:
        return data.replace(b'"', b'""'), True
    return data, b"," in data or b"\n" in data or b"\r" in data


def header() -> bytes:
    """The byte-order mark and the line of column names."""
    return BOM + b",".join([field(c) for c in sheet.COLUMNS]) + b"\r\n"


def row_pieces(row: dict, out: list) -> None:
    """Append one ``sheet.row`` to ``out`` as bytes pieces, its line end included."""
    lead, lead_quoted = _text(row["lead"])
    body, body_quoted = _text(row["body"])
    out += (",".join(map(_quoted, _before(row))).encode(), _OPEN[lead_quoted], lead,
            _BETWEEN[lead_quoted, body_quoted], body, _CLOSE[body_quoted],
            ",".join(map(_quoted, _after(row))).encode(), b"\r\n")


def rows_bytes(articles: Iterable[dict]) -> bytes:
    """The sheet's lines of these articles, without the header: a part of a sheet sent in parts."""
    pieces: list[bytes] = []
    for article in articles:
        row_pieces(sheet.row(article), pieces)
    return b"".join(pieces)


def sheet_bytes(articles: Iterable[dict]) -> bytes:
    """The whole sheet, byte-order mark first, lines ended by CRLF (the csv module's excel dialect)."""
    return header() + rows_bytes(articles)
