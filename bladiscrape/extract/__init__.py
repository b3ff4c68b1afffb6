"""Pure, layered article extraction: HTML bytes + URL -> ``PageResult``.

No network, no Scrapy objects. Layers, in order; each field takes the first
layer that yields it and ``ArticleRecord.extraction`` records which one:

1. ``jsonld``    JSON-LD Article objects
   ``meta``      OpenGraph / ``article:*`` / other ``<meta>``, ``<link rel=canonical>``
2. ``selectors:<era>``  per-era CSS selectors (``eras.ERAS``)
3. ``pattern``   text patterns: the date line, "Sujets associés", "Aller plus loin"...
4. ``fallback``  densest block of paragraphs, first ``<h1>``/``<title>``

Exceptions, each to avoid recording something the page does not say:
a metadata description is the lead only when the page does not show it as an
ordinary first paragraph (and it matches the marked chapô when there is one);
a JSON-LD ``articleBody`` that is a truncated prefix of the page's body is ignored.

This module is the face: ``extract`` decodes and parses, ``article`` runs the
field steps over a typed ``draft.Draft`` and decides the page kind.
"""

from __future__ import annotations

from collections.abc import Mapping

from bladiscrape.core.dates import parse_date_line, parse_french_date, parse_instant, parse_listing_date
from bladiscrape.core.decode import decode_html
from bladiscrape.extract import classify
from bladiscrape.extract.article import extract_article
from bladiscrape.extract.dom import parse
from bladiscrape.extract.eras import ERAS
from bladiscrape.extract.text import cached_texts
from bladiscrape.model import PageResult

__all__ = [
    "ERAS",
    "PARSER_VERSION",
    "extract",
    "parse_date_line",
    "parse_french_date",
    "parse_instant",
    "parse_listing_date",
]

#: Bumped whenever extraction output changes for some page.
PARSER_VERSION = "1.2"  # 1.2: placeholder dates, word-bounded refusals, table eras, generic layer


#: The reason given when a page broke extraction itself (a bug to fix, never
#: the page's fault): the crawl records it and goes on with the next page.
FAILED = "extraction failed"


def extract(
    html: bytes, url: str, headers: Mapping[str, str] | None = None, site: str | None = None
) -> PageResult:
    """Extract the article of one page fetched from ``url`` (``site``: the crawled origin).

    Never raises: any bytes give an article or a reason. The layers are meant
    not to fail on any input (tests/extract/test_never_raises.py feeds them
    hostile pages); should one fail all the same, the page gets a reason
    starting with ``FAILED`` instead of ending the crawl.
    """
    try:
        return _extract(html, url, headers, site)
    except Exception as exc:  # (RecursionError and MemoryError too): a reason, never a traceback
        return PageResult("not_article", reason=f"{FAILED}: {type(exc).__name__}")


def _extract(html: bytes, url: str, headers: Mapping[str, str] | None, site: str | None) -> PageResult:
    text, _encoding, data = decode_html(html, headers)
    reason = classify.feed_reason(text, headers, url)
    if reason:
        return PageResult("not_article", reason=reason)
    root = parse(text, data)
    if root is None or root.find("body") is None:
        return PageResult("not_article", reason="empty or non-HTML document")
    with cached_texts():  # (texts are only read once extract_article has stripped the scripts)
        return extract_article(root, url, site, text)
