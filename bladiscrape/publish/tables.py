"""Readable tables: the columns a table page opens on, and cells shown as links.

Datasette 0.65 has no setting for the columns a table opens on, only its own
column selection in the URL (``?_col=id&_col=title``). So ``default_columns``
(an ASGI wrapper, Datasette's ``asgi_wrapper`` hook) adds the reading columns
to the query string of a table page requested without a column selection:
Datasette then shows, sorts, facets and links those, and its column menu
(or "Show every column", ``?_all=1``) gives the others. JSON and CSV
exports asked for directly keep every column.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

import markupsafe

#: What each table opens on, in this order; columns an older archive lacks are skipped.
DEFAULT_COLUMNS = {
    "articles": ("id", "published_at", "title", "section", "tags", "actors", "in_topic", "origin_note"),
    # Its key (from_id, to_url, kind) always shows; from_id shows the source's title (a foreign key).
    "links": ("from_id", "kind", "anchor", "to_id"),
}
#: The parameter of the "Show every column" link.
ALL_COLUMNS = "_all"
_CHOICE = ("_col", "_nocol", ALL_COLUMNS)


def default_columns(app, datasette, configured):
    """Wrap Datasette's ASGI ``app``: table pages of ``configured`` databases open on their reading columns."""
    known: dict[tuple[str, str], list[str]] = {}

    async def wrapped(scope, receive, send):
        if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
            parts = scope.get("path", "").strip("/").split("/")
            if len(parts) == 2 and parts[1] in DEFAULT_COLUMNS and configured(parts[0]):
                args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
                if not any(k in _CHOICE for k, _ in args):
                    columns = await _columns(datasette, known, parts[0], parts[1])
                    if columns:
                        args += [("_col", c) for c in columns]
                        scope = {**scope, "query_string": urlencode(args).encode("latin-1")}
        await app(scope, receive, send)

    return wrapped


async def _columns(datasette, known: dict, database: str, table: str) -> list[str]:
    if (database, table) not in known:
        try:
            db = datasette.get_database(database)
            have = set(await db.table_columns(table)) - set(await db.primary_keys(table))  # a key always shows
        except KeyError:  # no such database: Datasette answers 404 itself
            return []
        known[(database, table)] = [c for c in DEFAULT_COLUMNS[table] if c in have]
    return known[(database, table)]


def json_names(value) -> list[str] | None:
    """A JSON list's items as strings, or None when ``value`` is not a JSON list."""
    try:
        names = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return [str(n) for n in names] if isinstance(names, list) else None


def json_links(value, href) -> markupsafe.Markup | None:
    """A JSON list of names as French links (``href(name)``), or None when it is not one."""
    names = json_names(value)
    if names is None:
        return None
    links = [markupsafe.Markup('<a href="{}" lang="fr">{}</a>').format(href(n), n) for n in names]
    return markupsafe.Markup(", ").join(links)
