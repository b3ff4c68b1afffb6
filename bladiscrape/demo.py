"""``bladiscrape demo``: the offline replica, crawled into a demo archive, served in Datasette.

Everything happens on 127.0.0.1: the replica is served from the package, the
crawl fetches it over real HTTP, and Datasette publishes the result. The demo
writes ``demo.db`` and ``demo-warcs/``, never ``archive.db`` (the default file
of a live crawl): the replica's test texts carry real Bladi.net URLs, and in
the live archive they would pass for Bladi.net's articles. Every row the demo
stores says what it is (``articles.origin_note``). A second run reuses an
archive that already holds the replica's articles.
"""

from __future__ import annotations

from pathlib import Path

from bladiscrape.options import CrawlOptions
from bladiscrape.replica import DEMO_START_PATHS
from bladiscrape.store import article_count

DEMO_DB = "demo.db"
#: The demo's WARC files, beside its archive: not the warcs/ of a live archive.
DEMO_WARCS = "demo-warcs"


def build(db: Path) -> str:
    """Crawl the replica into ``db`` (WARC files in ``demo-warcs/`` beside it); returns the summary line."""
    from bladiscrape.crawl.runner import crawl
    from bladiscrape.replica.server import start

    server = start(port=0)
    try:
        urls = [server.url + path for path in DEMO_START_PATHS]
        # The replica's port changes with every run: its origin is the same replica all the same.
        options = CrawlOptions.from_kwargs({"urls": urls, "site": server.url, "depth": 3, "delay": 0,
                                            "db": str(db), "warc_dir": str(db.parent / DEMO_WARCS),
                                            "allow_mixed_origins": True})
        return crawl(options).summary
    finally:
        server.stop()


def run(db: str, port: int, host: str = "127.0.0.1") -> int:
    from bladiscrape.publish.app import serve

    path = Path(db)
    if article_count(path):
        print(f"Reusing {path} (delete it to crawl the replica again).")
    else:
        print("Crawling the offline replica of Bladi.net (127.0.0.1 only; test texts, one real article)...")
        print(build(path))
    serve(str(path), port=port, host=host)
    return 0
