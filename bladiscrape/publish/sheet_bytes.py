"""The search page's coding sheet as bytes: ``export.sheet``'s rows, the bytes of ``sheet.write``, faster.

A search for a common word exports thousands of whole articles (20 MB for
4,000 of them). The ``csv`` module copies each field character by character
(about 30 MB/s here), and decoding the texts from SQLite only to encode them
again costs as much. So lead and body come from SQLite as UTF-8 bytes
(``cast(... as blob)``) and are quoted with ``bytes.replace``, and every
other field goes through ``sheet.row`` as it does for the command:
``tests/publish/test_search_fast_paths.py`` checks the bytes are
``sheet.write``'s, on the archive and on fields made to need quoting.
"""

from __future__ import annotations

from collections.abc import Iterable

from bladiscrape.export import sheet


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


def sheet_bytes(articles: Iterable[dict]) -> bytes:
    """The whole sheet, byte-order mark first, lines ended by CRLF (the csv module's excel dialect)."""
    lines = [b",".join([field(c) for c in sheet.COLUMNS])]
    for article in articles:
        row = sheet.row(article)
        lines.append(b",".join([field(row[c]) for c in sheet.COLUMNS]))
    return "\ufeff".encode() + b"\r\n".join(lines) + b"\r\n"
