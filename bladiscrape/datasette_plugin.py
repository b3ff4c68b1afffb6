"""Datasette plugin: French word-form search and a few display touches.

Loaded through the ``datasette`` entry point (``datasette serve``) and, for
in-process use, by ``publish.make_datasette`` via ``register()``.

Datasette's table search box runs
``{fts_pk} in (select rowid from {fts_table} where {fts_table} match escape_fts(:search))``.
Datasette registers its own ``escape_fts`` in ``prepare_connection``; this
plugin's implementation is marked ``trylast`` so it runs after Datasette's and
its ``escape_fts`` is the one left on the connection. With ``articles``
configured to search ``article_search_fts`` (text plus folded French stems),
the box then finds every word as typed *or* by its stem.
"""

from __future__ import annotations

import re
import sys
from urllib.parse import quote

import markupsafe
from datasette import hookimpl

from .search import fts_query, stem_text

# A quoted phrase, as in Datasette's own escape_fts: "grève du like".
_PHRASE_RE = re.compile(r'"([^"]*)"?')
_WORD_RE = re.compile(r"\w+", re.UNICODE)
#: Matches nothing, without the syntax error FTS5 raises for an empty query.
_MATCH_NOTHING = '""'

# Datasette 0.65 lists every column description above a table, pushing the
# search box and rows below the fold (21 columns for articles): show them as a
# compact scrolling box instead. A data: URL needs no template or static file,
# so it works the same under `datasette serve` and `bladiscrape serve`.
_CSS = """
dl.column-descriptions { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em;
  font-size: .85rem; max-height: 6.5em; overflow-y: auto; margin: .5em 0 1em;
  padding: .4em .6em; border: 1px solid #ccc; border-radius: 4px; background: #fff; }
dl.column-descriptions dt { font-weight: bold; }
dl.column-descriptions dd { margin: 0; }
mark { background: #fde68a; padding: 0 .1em; }
"""
CSS_URL = "data:text/css," + quote(" ".join(_CSS.split()))


def box_query(query: str | None) -> str:
    """The FTS5 query the search box runs for what the user typed.

    Plain words go through ``search.fts_query`` (word OR stem, AND-ed).
    Quoted phrases stay exact phrases, as Datasette's own box promises; their
    words are re-quoted so no FTS5 operator can slip through. A query with no
    words at all matches nothing instead of raising an error.
    """
    parts = []
    last = 0
    for match in _PHRASE_RE.finditer(query or ""):
        parts.append(fts_query(query[last:match.start()]))
        words = _WORD_RE.findall(match.group(1))
        if words:
            parts.append('"' + " ".join(words) + '"')
        last = match.end()
    parts.append(fts_query((query or "")[last:]))
    return " ".join(p for p in parts if p) or _MATCH_NOTHING


def bladi_fts(query: str | None) -> str:
    """``fts_query`` for SQL: ``where article_search_fts match bladi_fts(:q)``."""
    return fts_query(query) or _MATCH_NOTHING


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: Datasette's default plugin also registers escape_fts on every
    # connection; running after it, ours replaces it.
    conn.create_function("escape_fts", 1, box_query, deterministic=True)
    conn.create_function("bladi_fts", 1, bladi_fts, deterministic=True)
    conn.create_function("bladi_stem", 1, stem_text, deterministic=True)


@hookimpl
def extra_css_urls():
    return [CSS_URL]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Highlighted snippets, and article titles that link to the article."""
    if column == "snippet" and isinstance(value, str) and "<mark>" in value:
        # snippet() marks matches with <mark>; everything else stays escaped.
        escaped = str(markupsafe.escape(value))
        return markupsafe.Markup(
            escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
        )
    if column == "title" and isinstance(value, str) and table in ("articles", None):
        article_id = _row_value(row, "id")
        # In SQL results, only rows shaped like articles (id, title, url) link.
        if isinstance(article_id, int) and (table or _row_value(row, "url")):
            url = datasette.urls.row(database, "articles", str(article_id))
            return markupsafe.Markup('<a href="{}">{}</a>').format(url, value)
    return None


def _row_value(row, key):
    # Table views pass sqlite3.Row objects; canned queries may not select "id".
    try:
        return row[key]
    except (IndexError, KeyError, TypeError):
        return None


def register() -> None:
    """Register this plugin with Datasette once, whether or not the entry point did."""
    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module) and pm.get_plugin("bladiscrape") is None:
        pm.register(module, "bladiscrape")
