"""A synthetic, Bladi.net-sized SPIP site that knows its own ground truth.

The small replica (``bladiscrape/replica/site``) is a few dozen hand-written
pages: enough to test extraction, far too small to test *discovery*, where
the question is how few requests a crawler needs to find, say, the 2016
coverage of the VoIP blocking among ~116,000 article ids, 8 rubriques with
hundreds of listing pages each, tag pages, search and a feed. This package is
that site, generated: every page is computed on request from ``(seed, URL)``,
nothing is stored, and ``SyntheticSite`` answers what a crawl should have
found (``in_topic_ids``, ``telecom_tagged_or_linked``, ``listing_offsets``...).

    from bladiscrape.replica.scale import ScaleServer
    with ScaleServer(port=0, seed=2016) as server:
        server.url, server.site.in_topic_ids(date(2016, 1, 1), date(2016, 12, 31)), server.hits

Texts are test texts, not Bladi.net's: each page carries
``<meta name="bladiscrape:replica" content="test-text" />`` and says so
visibly. Standard library only, and self-contained (imports nothing else
from bladiscrape), so it can serve benchmarks of any version of the crawler.
"""

from .site import Article, Card, Fault, Rubrique, SyntheticSite, Tag

__all__ = ["Article", "Card", "Fault", "Response", "Rubrique", "ScaleServer", "SyntheticSite", "Tag", "respond"]


def __getattr__(name: str):
    # The server is imported on first use, so that ``python -m bladiscrape.replica.scale.server``
    # does not find its own module already imported by the package.
    if name in ("Response", "ScaleServer", "respond"):
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
