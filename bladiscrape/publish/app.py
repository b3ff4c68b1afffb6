"""Publish an archive with Datasette: metadata, checks, and the web server."""

from __future__ import annotations

import os
import re
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from datasette.database import Database

from bladiscrape.core import runtime, yamlfile
from bladiscrape.core.origins import is_live
from bladiscrape.publish.plugin import CRAWL_RUNNING, DEMO, PLUGIN
from bladiscrape.store import ArchiveError, archive_origins, check_archive, checkpoint_wal, crawled_sites
from bladiscrape.store.counts import add_missing_tables
from bladiscrape.store.indexes import READING_INDEX, ensure_reading_indexes
from bladiscrape.store.locks import is_locked
from bladiscrape.store.readonly import open_for_server

#: Read as a package resource, so it is found in a wheel (or a zip) as in the source tree.
DEFAULT_METADATA = files("bladiscrape.publish") / "metadata.yml"
#: The key metadata.yml files the archive's database under.
METADATA_DB_KEY = "archive"
#: Datasette settings for reading long articles in a browser.
SETTINGS = {
    "truncate_cells_html": 300,  # table pages show the start of each body, row pages all of it
    "default_page_size": 50,
    # Datasette's default tries every column as a facet on every table page: 2.5 s
    # of a 4 s page at 100,000 articles. The configured facets are what is shown.
    "suggest_facets": False,
    # Each configured facet answers in tens of ms at 100,000 articles; one that
    # cannot is left out rather than holding the page for a second.
    "facet_time_limit_ms": 200,
    # The whole-archive canned queries (tag_cooccurrence over every pair of tags,
    # most_linked over every link) take about a second at 100,000 articles on a
    # loaded 2-core machine: past Datasette's 1 s limit they answered "SQL Interrupted".
    "sql_time_limit_ms": 5000,
}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})
REPLICA_TITLE_SUFFIX = " (replica demo)"
REPLICA_NOTICE = (
    "This copy was built by crawling the offline replica of Bladi.net served on "
    "this machine, not the live site. Only the seed article (\"Les Marocains font "
    "la grève du « like » pour protester contre le blocage de WhatsApp et Viber\", "
    "28 February 2016) carries real Bladi.net text; the other articles are test "
    "texts written for the replica."
)


def load_metadata(db_path: str | os.PathLike, metadata_path: str | os.PathLike | None = None) -> dict:
    """metadata.yml, with its ``archive`` entry re-keyed to this database's name."""
    path = Path(metadata_path) if metadata_path else DEFAULT_METADATA
    try:
        metadata = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ArchiveError(f"cannot read metadata {path}: {e}") from None
    name = database_name(db_path)
    databases = metadata.get("databases") or {}
    if METADATA_DB_KEY in databases and name != METADATA_DB_KEY:
        databases[name] = databases.pop(METADATA_DB_KEY)
    if is_replica(db_path):
        _add_replica_notice(metadata, databases.get(name))
    for query in ((databases.get(name) or {}).get("queries") or {}).values():
        if isinstance(query, dict):
            query.setdefault("hide_sql", True)  # a query opens on its form; its SQL is one click away
    return metadata


def database_name(db_path: str | os.PathLike) -> str:
    """The name Datasette gives a database file (its stem)."""
    return Path(db_path).stem


def is_replica(db_path: str | os.PathLike) -> bool:
    """True if the archive holds rows fetched from an origin other than the live site (the replica)."""
    return any(not is_live(origin) for origin in archive_origins(db_path)) or any(
        (urlsplit(site).hostname or "") in LOCAL_HOSTS for site in crawled_sites(db_path))


def _add_replica_notice(metadata: dict, database: dict | None) -> None:
    metadata["title"] = (metadata.get("title") or "bladiscrape archive") + REPLICA_TITLE_SUFFIX
    for entry in (metadata, database):
        if entry is not None:
            entry["description"] = " ".join(filter(None, [entry.get("description"), REPLICA_NOTICE]))



class ArchiveDatabase(Database):
    """Datasette's database object, with every connection opened read-only by ``store``.

    Datasette 0.65 builds its ``file:`` URIs without quoting the path (a ``#``
    or ``?`` in a file name opens another file, even creating it), and opens a
    read-write connection for writes to a mutable database. Here every
    connection, the write one included, comes from ``store.open_for_server``:
    the path quoted, read-only always, immutable unless a crawl is writing.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._counted: dict = {}
        self._has_reading_index: bool | None = None

    def connect(self, write=False):
        conn = open_for_server(self.path, immutable=not self.is_mutable)
        self._all_file_connections.append(conn)  # Database.close() closes them
        return conn

    async def execute(self, sql, params=None, truncate=False, custom_time_limit=None, page_size=None,
                      log_sql_errors=True):
        """Datasette's ``execute``, a table page's counts read from the covering index (``_covered``), and
        the facet counts of a whole table counted once while the file cannot change.

        A table page without filters counts each configured facet over every row
        (tags through 300,000 article_tags rows: 25 ms at 100,000 articles, 60 ms
        for all six) for every visitor, and an immutable archive gives the same
        counts each time. A filtered page (parameters) is counted each time.
        """
        sql = await self._covered(sql)
        cacheable = not self.is_mutable and not params and _FACET_COUNT.search(sql)
        key = (sql, truncate, page_size)
        if not cacheable or key not in self._counted:
            results = await super().execute(sql, params, truncate=truncate, custom_time_limit=custom_time_limit,
                                            page_size=page_size, log_sql_errors=log_sql_errors)
            if not cacheable or len(self._counted) >= _MAX_COUNTED:
                return results
            self._counted[key] = results
        return self._counted[key]

    async def _covered(self, sql: str) -> str:
        """A table page's count and facet counts of articles read from the covering index, not the rows.

        Datasette writes them as ``select count(*) from articles where ...`` and
        ``... from (select <every column> from articles where ...)``, and SQLite
        looks each matching id up in the table: the short columns sit after the
        text, so every look-up walks the text's overflow pages. Through
        ``idx_articles_reading`` (id, date, section, author, in_topic) the six
        facets and the count of a search matching 4,220 of 100,000 articles take
        about 60 ms less, and its page in date order 14 ms less. The rows are the
        same: only the path changes.
        """
        if not _ID_SET.search(sql) or not (_COUNT_SQL.search(sql) or _FACET_ROWS.search(sql)
                                            or _DATED_ROWS.search(sql)):
            return sql
        if self._has_reading_index is None:
            found = await super().execute("select 1 from sqlite_master where type = 'index' and name = ?",
                                          [READING_INDEX])
            self._has_reading_index = bool(found.rows)
        if not self._has_reading_index:
            return sql
        sql = _COUNT_SQL.sub(rf"\1indexed by {READING_INDEX} \2", sql, count=1)
        sql = _DATED_ROWS.sub(rf"\1indexed by {READING_INDEX} \2", sql, count=1)
        return _FACET_ROWS.sub(rf"\1indexed by {READING_INDEX} \2", sql)


#: Only pages whose rows are a set of ids (a search, a ``_through`` filter): each id is looked up,
#: where a filter on an indexed column (``?section=``) is better answered by that column's index.
_ID_SET = re.compile(r"\bwhere id in \(select\b", re.I)
#: Datasette's count of a filtered table page, and the rows a facet counts (its subquery).
_COUNT_SQL = re.compile(r"^(\s*select count\(\*\) from articles )(where\b)", re.I)
_FACET_ROWS = re.compile(r"(\(\s*select [^()]*? from articles )(where\b)", re.I)
#: The page's rows in date order: the matches sorted from the index, then only the page's rows read.
_DATED_ROWS = re.compile(r"^(\s*select [^()]*? from articles )(where\b.*\border by published_at\b[^()]*$)",
                         re.I | re.S)
#: The shape of every facet's SQL (Datasette's column and date facets, publish.facets' through facet).
_FACET_COUNT = re.compile(r"^\s*select\b.*\bas value\b.*\bcount\(\*\) as count from\b", re.S | re.I)
_MAX_COUNTED = 200


def make_datasette(db_path: str | os.PathLike, metadata_path: str | os.PathLike | None = None,
                   immutable: bool = True):
    """A Datasette instance over the archive, with metadata and the search plugin.

    Immutable (fast: no locks, counts computed once) unless a crawl holds the
    archive's lock: then the file is still growing, so it is read as a mutable
    file, its WAL left alone (folding it in would write) and every page says so.
    """
    from datasette.app import Datasette

    from bladiscrape.publish.plugin import register

    path = check_archive(db_path)
    crawling = is_locked(path)
    immutable = immutable and not crawling
    if immutable:
        checkpoint_wal(path)
        ensure_reading_indexes(path)  # once per archive; served without it where the file is read-only
        add_missing_tables(path)  # an archive from before the count tables (a crawl's own has them)
    register()  # no-op when the datasette entry point already loaded it
    name = database_name(path)
    metadata = load_metadata(path, metadata_path)
    enable_plugin(metadata, name, crawl_running=crawling, demo=is_replica(path))
    ds = Datasette(files=[str(path)], metadata=metadata, settings=dict(SETTINGS))
    ds.remove_database(name)  # the same file, opened through store instead
    ds.add_database(ArchiveDatabase(ds, str(path), is_mutable=not immutable), name=name)
    return ds


def enable_plugin(metadata: dict, name: str, crawl_running: bool = False, demo: bool = False) -> None:
    """Turn the bladiscrape plugin on for database ``name`` (whatever metadata file was given)."""
    database = metadata.setdefault("databases", {}).setdefault(name, {})
    config = database.setdefault("plugins", {}).setdefault(PLUGIN, {})
    if crawl_running:
        config[CRAWL_RUNNING] = True
    if demo:  # every page then says the archive holds the replica's test texts
        config[DEMO] = True


def serve(db_path: str | os.PathLike, port: int = 8001, host: str = "127.0.0.1",
          metadata_path: str | os.PathLike | None = None, immutable: bool = True) -> None:
    """Serve the archive until interrupted, as ``datasette serve`` does."""
    import asyncio

    import uvicorn

    ds = make_datasette(db_path, metadata_path, immutable=immutable)
    asyncio.run(ds.invoke_startup())  # as `datasette serve` does: plugin errors surface now
    # What is loaded by now (Datasette, its plugins and vendored libraries) lives as long as the
    # server: frozen out of the collector's way, a full collection no longer walks it (25 ms each).
    runtime.freeze_loaded()
    shown_host = f"[{host}]" if ":" in host else host
    name = database_name(db_path)
    url = f"http://{shown_host}:{port}" + ds.urls.table(name, "articles")
    if ds.databases[name].is_mutable:
        print(f"A crawl is writing to {db_path}: serving it read-only as it grows.", flush=True)
    print(f"Serving {db_path} at {url}  (Ctrl+C to stop)", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
