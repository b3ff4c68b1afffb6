"""Datasette plugin: French word-form search and a few display touches.

Loaded through the ``datasette`` entry point (``datasette serve``) and, for
in-process use, by ``publish.make_datasette`` via ``register()``.

An installed plugin is loaded for every database Datasette serves, so it acts
only on the databases it is configured for, the way Datasette plugins take
configuration: ``plugins: bladiscrape:`` under the database in metadata.yml
(``make_datasette`` adds it for the archive it serves, whatever metadata file
is given). Elsewhere the search box keeps Datasette's own ``escape_fts``.
Configuration, not a guess from the tables: an unrelated database may well
have an ``articles`` table, and a guess would cost a query per connection.

Datasette's table search box runs
``{fts_pk} in (select rowid from {fts_table} where {fts_table} match escape_fts(:search))``.
Datasette registers its own ``escape_fts`` in ``prepare_connection``; this
plugin's implementation is marked ``trylast`` so it runs after Datasette's and
its ``escape_fts`` is the one left on the connection. With ``articles``
configured to search ``article_search_fts`` (text plus folded French stems),
the box then finds every word as typed *or* by its stem.

While a crawl is still writing to the archive, ``make_datasette`` sets
``crawl_running`` in that configuration and ``templates/base.html`` shows a
notice on every page.

Article pages (``/<database>/articles/<id>``) also show the article's capture
and its earlier versions. Datasette 0.65 has no hook that adds HTML to a row
page, so: ``extra_template_vars`` runs the canned queries ``article_capture``
and ``changed_articles`` (metadata.yml: one SQL, one citation format, for the
query pages and the article page alike) for that row, and
``templates/row.html`` (extending Datasette's own ``default:row.html``) renders
them below the row when present. Datasette only looks for templates beside a
plugin that is a package, and on Python 3.11 not beside a plugin module, so
``prepare_jinja2_environment`` (the documented hook for customising the
template environment) adds ``templates/`` to the search path itself, after any
``--template-dir`` and before Datasette's defaults. Both ``bladiscrape serve``
and ``datasette serve -m metadata.yml`` load the plugin, so both show it.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote
from weakref import WeakKeyDictionary

import markupsafe
from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import urlsafe_components
from jinja2 import ChoiceLoader, FileSystemLoader, FunctionLoader

from bladiscrape.core.stems import stem_text
from bladiscrape.publish.article import article_page
from bladiscrape.publish.facets import (
    register_facet_classes,  # noqa: F401 (a hook of this plugin)
    tag_ids,
    tag_link,
)
from bladiscrape.publish.queries import param_help
from bladiscrape.publish.query import QueryError, parse
from bladiscrape.publish.tables import DEFAULT_COLUMNS, default_columns, json_links, json_names

#: Matches nothing, without the syntax error FTS5 raises for an empty query.
_MATCH_NOTHING = '""'
#: The plugin's name: its entry point, and its key under ``plugins:`` in metadata.yml.
PLUGIN = "bladiscrape"
#: Set in the plugin's configuration of a database a crawl was writing to when served.
CRAWL_RUNNING = "crawl_running"
#: The links every page of an archive opens with: the reading pages beside Datasette's tables.
NAV = (("/-/search", "Search the articles"), ("/-/timeline", "The 2016 timeline"), ("/-/links", "Link map"))
#: What each table page is, for its browser tab.
TABLE_TITLES = {
    "articles": "Archived articles", "links": "Links on article pages", "tags": "Keywords",
    "article_tags": "Keywords of each article", "fetches": "Requests of every crawl", "crawl_runs": "Crawls",
    "article_versions": "Earlier versions of articles", "actors": "Actors", "mentions": "Actors named by articles",
    "events": "Milestones of the 2016 episode", "event_articles": "Articles covering each milestone",
}
#: Set in the configuration of an archive holding rows from another origin than Bladi.net (the demo's).
DEMO = "demo"
DEMO_NOTICE = ("Demo archive, crawled from the offline replica of Bladi.net: every article marked "
               "\"replica test text\" was written for the replica's tests and is not Bladi.net's; the one "
               "marked \"real text, served by the replica\" is Bladi.net's article of 28 February 2016.")
CRAWL_NOTICE = ("A crawl is still writing to this archive: counts and pages may change as it adds "
                "articles. Reload to see them; serve the archive again once the crawl has ended.")
#: row.html (and its include) for article pages, base.html for the crawl notice. A package
#: resource: a folder on disk once installed (wheel or source tree), or inside a zip.
TEMPLATES = files("bladiscrape.publish") / "templates"
#: CSS and the vendored chart library, served by the plugin's own route (pages.py) from the package.
STATIC_PATH = "/-/bladiscrape/static/"
#: The canned queries (metadata.yml) an article page shows.
CAPTURE_QUERY, VERSIONS_QUERY = "article_capture", "changed_articles"
log = logging.getLogger(__name__)

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
.bladi-provenance dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin-bottom: 1em; }
.bladi-provenance dt { font-weight: bold; }
.bladi-provenance dd { margin: 0; overflow-wrap: anywhere; }
.bladi-provenance blockquote { margin: .5em 0; padding: .5em .8em; background: #f4f4f4;
  border-left: 4px solid #ccc; overflow-wrap: anywhere; }
"""
CSS_URL = "data:text/css," + quote(" ".join(_CSS.split()))


def box_query(query: str | None) -> str:
    """The FTS5 query the table search box runs for what the user typed.

    The syntax of the search page (``publish.query``): words in any form, ``OR``,
    ``-word``, ``"phrase"``, ``prefix*``, everything re-quoted so no other FTS5
    operator slips through. A query that cannot be used matches nothing instead
    of raising an error; the page says why (``search_box_problem``).
    """
    try:
        return parse(query).fts
    except QueryError:
        return _MATCH_NOTHING


def search_box_problem(request) -> str | None:
    """Why the table search box's query cannot be used, for the page to say so; None if it can."""
    text = request.args.get("_search") if request is not None else None
    if not text or request.args.get("_searchmode") == "raw":
        return None
    try:
        parse(text)
    except QueryError as e:
        return f"The search \u201c{text}\u201d cannot be run: {e}."
    return None


def bladi_fts(query: str | None) -> str:
    """The box's query for SQL, ``where article_search_fts match bladi_fts(:q)``: canned queries take OR too."""
    return box_query(query)


def plugin_config(datasette, database: str | None) -> dict | None:
    """This plugin's configuration for ``database``; None where it is not to act."""
    if datasette is None or not database:
        return None
    # Asked for every cell of every page (render_cell): Datasette merges its metadata
    # anew on each call, so each instance's answer per database is kept.
    known = _CONFIGS.setdefault(datasette, {})
    if database not in known:
        # Named at all: `bladiscrape:` with nothing under it is YAML's null, configured all the same.
        named = PLUGIN in (datasette.metadata("plugins", database=database) or {})
        known[database] = (datasette.plugin_config(PLUGIN, database=database) or {}) if named else None
    return known[database]


_CONFIGS: WeakKeyDictionary = WeakKeyDictionary()


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    if plugin_config(datasette, database) is None:
        return  # another application's database: Datasette's own search
    # trylast: Datasette's default plugin also registers escape_fts on every
    # connection; running after it, ours replaces it.
    conn.create_function("escape_fts", 1, box_query, deterministic=True)
    conn.create_function("bladi_fts", 1, bladi_fts, deterministic=True)
    conn.create_function("bladi_stem", 1, stem_text, deterministic=True)


@hookimpl
def register_routes(datasette):
    from bladiscrape.publish.pages import routes

    return routes()


@hookimpl
def extra_css_urls(database, datasette):
    if database is None and any(plugin_config(datasette, n) is not None for n in datasette.databases):
        return [STATIC_PATH + "bladi.css"]  # the plugin's own pages (search, timeline, link map)
    return [CSS_URL, STATIC_PATH + "bladi.css"] if plugin_config(datasette, database) is not None else []


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Highlighted snippets, article titles that link to the article, tags and actors as links."""
    if column not in ("snippet", "title", "tags", "actors", "to_id") or plugin_config(datasette, database) is None:
        return None
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
            return markupsafe.Markup('<a href="{}" lang="fr">{}</a>').format(url, value)
    if table == "articles" and column == "tags":
        return _tag_links(datasette, database, value)
    if table == "articles" and column == "actors":
        return json_links(value, lambda name: "/-/search?actor=" + quote(name))
    if table == "links" and column == "to_id" and isinstance(value, int):
        return markupsafe.Markup('<a href="{}">{}</a>').format(
            datasette.urls.row(database, "articles", str(value)), value)
    return None


def _tag_links(datasette, database: str, value):
    """The cell's tags as links to their articles, through article_tags (facets.tag_link)."""
    names = json_names(value)
    if names is None:
        return None

    async def links():
        table_url = datasette.urls.table(database, "articles")
        ids = await tag_ids(datasette.get_database(database), names)
        # A name without a tags row (an archive older than its tags table) keeps the JSON filter.
        return json_links(value, lambda name: tag_link(table_url, ids[name]) if name in ids
                          else table_url + "?tags__arraycontains=" + quote(name))

    return links


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        return default_columns(app, datasette, lambda name: plugin_config(datasette, name) is not None)

    return wrap


def _row_value(row, key):
    # Table views pass sqlite3.Row objects; canned queries may not select "id".
    try:
        return row[key]
    except (IndexError, KeyError, TypeError):
        return None


@hookimpl
def prepare_jinja2_environment(env, datasette):
    add_template_dir(env, TEMPLATES)


def add_template_dir(env, directory) -> None:
    """Put ``directory`` on the template path after ``--template-dir`` and plugins, before the defaults."""
    loader = env.loader
    first = loader.loaders[0] if isinstance(loader, ChoiceLoader) and loader.loaders else None
    if not isinstance(first, FileSystemLoader):  # a layout this code does not know: ours first
        env.loader = ChoiceLoader([_loader(directory), loader])
        return
    searchpath = first.searchpath
    package = sys.modules["datasette"].__file__
    assert package is not None  # a regular package: it has an __init__.py
    defaults = str(Path(package).resolve().parent / "templates")
    index = searchpath.index(defaults) if defaults in searchpath else len(searchpath)
    if isinstance(directory, Path):
        if str(directory) not in searchpath:  # e.g. Python 3.12+, where Datasette finds it itself
            searchpath.insert(index, str(directory))
        return
    # Not a folder on disk (the package imported from a zip): a loader of its own, between
    # the folders that come before Datasette's templates and those from them on.
    env.loader = ChoiceLoader([FileSystemLoader(searchpath[:index]), _loader(directory),
                               FileSystemLoader(searchpath[index:]), *loader.loaders[1:]])


def _loader(directory):
    if isinstance(directory, Path):
        return FileSystemLoader(str(directory))

    def load(name: str) -> str | None:
        resource = directory.joinpath(*name.split("/"))
        return resource.read_text(encoding="utf-8") if resource.is_file() else None

    return FunctionLoader(load)


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    """Every page: the crawl notice. An article's page: its captures and versions, for row.html."""
    notice: dict = {"bladi_crawl_notice": CRAWL_NOTICE} if crawl_running(datasette, database) else {}
    names = [database] if database else list(datasette.databases)
    if any(plugin_config(datasette, n) is not None for n in names):
        notice.update(bladi_nav=NAV, bladi_table_titles=TABLE_TITLES, bladi_default_columns=DEFAULT_COLUMNS)
    if is_demo(datasette, database):
        notice["bladi_demo_notice"] = DEMO_NOTICE
    if view_name == "table" and plugin_config(datasette, database) is not None:
        problem = search_box_problem(request)
        if problem:
            notice["bladi_search_problem"] = problem
    if request is not None and view_name != "row" and plugin_config(datasette, database) is not None:
        name = request.url_vars.get("table")

        async def with_help():
            return {**notice, "bladi_param_help": await param_help(datasette, database, name, request.actor)}

        return with_help
    if (view_name != "row" or table != "articles" or request is None
            or plugin_config(datasette, database) is None):
        return notice

    async def provenance():
        (article_id,) = urlsafe_components(request.url_vars["pks"])
        found = dict(notice)
        try:
            found["bladi_article"] = await article_page(datasette, database, article_id)
            found["bladi_provenance"] = await article_provenance(datasette, database, article_id, request.actor)
        except (sqlite3.OperationalError, QueryInterrupted) as e:
            # An archive older than a column the queries read, or a query over the time
            # limit: the page still shows the row. Anything else is a bug, and shows.
            log.warning("no provenance for %s/articles/%s: %s", database, article_id, e)
        return found

    return provenance


def is_demo(datasette, database: str | None) -> bool:
    """True on the pages of an archive holding the replica's rows (on the index page: of any)."""
    names = [database] if database else list(datasette.databases)
    return any((plugin_config(datasette, name) or {}).get(DEMO) for name in names)


def crawl_running(datasette, database: str | None) -> bool:
    """True on the pages of an archive being crawled into (on the index page: of any)."""
    names = [database] if database else list(datasette.databases)
    return any((plugin_config(datasette, name) or {}).get(CRAWL_RUNNING) for name in names)


async def article_provenance(datasette, database: str, article_id: str, actor=None) -> dict | None:
    """Rows of the capture and versions queries for one article, or None without those queries."""
    capture = await datasette.get_canned_query(database, CAPTURE_QUERY, actor)
    versions = await datasette.get_canned_query(database, VERSIONS_QUERY, actor)
    if not capture:
        return None
    db = datasette.get_database(database)
    captures = [dict(r) for r in await db.execute(capture["sql"], {"id": article_id})]
    changes = [dict(r) for r in await db.execute(versions["sql"], {"id": article_id})] if versions else []
    current = next((c for c in captures if c.get("state") == "current"), None)
    if current is None:  # no WARC record (e.g. --no-warc): the latest capture of the page itself
        current = next((c for c in reversed(captures) if c.get("citation")), None)
    return {
        "capture": current,
        "captures": captures,
        "versions": changes,
        "gone_at": (await db.execute("select gone_at from articles where id = ?", [article_id])).first()[0],
        "capture_url": datasette.urls.query(database, CAPTURE_QUERY) + "?id=" + quote(article_id),
        "versions_url": datasette.urls.query(database, VERSIONS_QUERY) + "?id=" + quote(article_id),
    }


def register() -> None:
    """Register this plugin with Datasette once, whether or not the entry point did."""
    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module) and pm.get_plugin("bladiscrape") is None:
        pm.register(module, "bladiscrape")
