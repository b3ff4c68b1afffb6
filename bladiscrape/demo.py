"""``bladiscrape demo``: the offline replica, crawled into an archive, served in Datasette.

Everything happens on 127.0.0.1: the replica is served from the package, the
crawl fetches it over real HTTP, and Datasette publishes the result. A second
run reuses an archive that already holds the replica's articles.
"""

from __future__ import annotations

from pathlib import Path

from bladiscrape.options import CrawlOptions
from bladiscrape.replica import DEMO_START_PATHS
from bladiscrape.store import article_count


def build(db: Path) -> str:
    """Crawl the replica into ``db``; returns the crawl's summary line."""
    from bladiscrape.crawl.runner import crawl
    from bladiscrape.replica.server import start

    server = start(port=0)
    try:
        urls = [server.url + path for path in DEMO_START_PATHS]
        options = CrawlOptions.from_kwargs({"urls": urls, "site": server.url, "depth": 3,
                                            "delay": 0, "db": str(db)})
        return crawl(options).summary
    finally:
        server.stop()


def run(db: str, port: int, host: str = "127.0.0.1") -> int:
    from bladiscrape.publish.app import serve

    path = Path(db)
    if article_count(path):
        print(f"Reusing {path} (delete it to crawl the replica again).")
    else:
        print("Crawling the offline replica of Bladi.net (127.0.0.1 only)...")
        print(build(path))
    serve(str(path), port=port, host=host)
    return 0
