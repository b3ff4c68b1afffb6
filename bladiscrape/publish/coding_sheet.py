"""The search page's coding sheet (``/-/search?...&format=csv``): every match, sent as it is written.

Row for row and byte for byte the sheet of ``bladiscrape export coding-sheet``
(``export.sheet``), every match, no row cap. The sheet of a common word holds
thousands of whole articles (20 MB for 4,280 of them at 100,000 articles).
Its rows are read in one query, then written
into bytes (``publish.sheet_bytes``) a batch of rows at a time, each batch
sent as soon as it is made: the client reads one batch while the next is
written, and no 20 MB body is joined, copied by the HTTP server and buffered.

Reading the rows in batches too, each batch read in Datasette's thread while
the one before is written, was measured slower: SQLite's thread and this one
then take turns at Python's lock for every row, and each batch took twice as
long to read.

Every query runs before the first byte is sent, so a query that fails is the
page's error, as for any page. A failure after the first bytes cannot change
the status any more: the server logs one line and ends the response without
its last chunk, so the client sees a transfer that failed (a browser's
"download failed", curl's exit 18), never a shorter sheet that looks whole.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from operator import itemgetter

from datasette.utils.asgi import Response

from bladiscrape.publish.sheet_bytes import header, rows_bytes

#: Rows per chunk sent: about a megabyte of whole articles.
BATCH = 250
CONTENT_TYPE = "text/csv; charset=utf-8"
DISPOSITION = 'attachment; filename="coding-sheet.csv"'


async def response(db, from_where: str, params: dict) -> Response:
    """The sheet of the articles ``from_where`` selects (``from ... where ...``, articles as ``a``)."""
    columns = set(await db.table_columns("articles"))
    actors = "a.actors" if "actors" in columns else "null"
    rows = await db.execute(
        f"select o.n, a.id, a.published_at, a.title, a.url, a.section, a.author, a.tags, {actors} as actor_names,"
        f" cast(a.lead as blob) as lead, cast(a.body as blob) as body, a.in_topic, a.fetched_at, a.origin_note,"
        f" a.warc_record_id, f.fetched_at as captured_at from ({_ordered_ids(from_where)}) o"
        f" join articles a on a.id = o.id left join fetches f on f.id = (select min(id) from fetches"
        f" where warc_record_id = a.warc_record_id and a.warc_record_id is not null)", params)
    # Put in order here, not by SQLite: its sorter would copy every text once more.
    ordered = sorted(rows.rows, key=itemgetter(0))
    return SheetResponse(_chunks(rows.columns[1:], ordered), headers={"Content-Disposition": DISPOSITION})


def _ordered_ids(from_where: str) -> str:
    """The matching ids in date order (from the index when there is one), numbered."""
    return f"select a.id, row_number() over (order by a.published_at, a.id) as n {from_where}"


def _chunks(columns: list[str], rows: list) -> Iterator[bytes]:
    """The header, then the rows (each a numbered row of the query) ``BATCH`` at a time, as bytes."""
    yield header()
    names: dict = {}  # the same lists of tags and actors come back on many rows
    for start in range(0, len(rows), BATCH):
        yield rows_bytes(_article(columns, values[1:], names) for values in rows[start:start + BATCH])


def _article(columns: list[str], values, names: dict) -> dict:
    """``export.sheet``'s article: tags and actors as lists, the capture the text was read from."""
    article = dict(zip(columns, values, strict=True))
    tags = article["tags"]
    article["tags"] = names.get(tags) or names.setdefault(tags, _names(tags))
    given = article.pop("actor_names")
    article["actors"] = names.get(given) or names.setdefault(given, _names(given))
    article["capture"] = {"warc_record_id": article["warc_record_id"], "captured_at": article["captured_at"]}
    return article


def _names(value) -> list[str]:
    try:
        found = json.loads(value or "[]")
    except (TypeError, ValueError):
        return []
    return [str(v) for v in found] if isinstance(found, list) else []


class SheetResponse(Response):
    """A response sent chunk by chunk as ``chunks`` makes them (HTTP/1.1's chunked transfer)."""

    def __init__(self, chunks: Iterator[bytes], headers: dict | None = None):
        super().__init__(b"", headers=headers, content_type=CONTENT_TYPE)
        self.chunks = chunks

    async def asgi_send(self, send) -> None:
        headers = {**self.headers, "content-type": self.content_type}
        raw = [[k.encode("utf-8"), v.encode("utf-8")] for k, v in headers.items()]
        raw += [[b"set-cookie", c.encode("utf-8")] for c in self._set_cookie_headers]
        await send({"type": "http.response.start", "status": self.status, "headers": raw})
        sent = 0
        try:
            for chunk in self.chunks:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                sent += len(chunk)
        except Exception as e:  # the status is sent: say why in the log, and leave the body unfinished
            print(f"coding sheet: stopped after {sent:,} bytes, the response left unfinished"
                  f" ({type(e).__name__}: {e})", file=sys.stderr, flush=True)
            return
        await send({"type": "http.response.body", "body": b"", "more_body": False})
