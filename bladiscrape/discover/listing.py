"""Where articles are found: listing pages (rubriques, tags); the seed list is seeds.py, the feed feeds.py.

Pure functions: bytes and a URL in, data out; no network, no Scrapy. Every URL
returned is canonical (``urls.canonical_url``), whatever origin was crawled.

Listings: Bladi's known markup era (``div.grid3 > a`` blocks, ``div.grid4`` in
2019, see shared/bladi-site.md) is tried first; generic ``article``/``li``
blocks with a heading link to an article are the fallback. Items come only
from those blocks: navigation, headers, footers, sidebars ("Les plus lus") and
share links are skipped even when they link to articles.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

import lxml.html
from lxml import etree

from bladiscrape.core import furniture
from bladiscrape.core.dates import parse_instant, parse_listing_date
from bladiscrape.core.decode import decode_html
from bladiscrape.core.text import fold
from bladiscrape.core.urls import canonical_url, looks_like_article
from bladiscrape.discover.seeds import (  # (re-exported: options.py, tests)
    DEFAULT_SEEDS,
    load_seeds,
)
from bladiscrape.model import Listing, ListingItem

__all__ = ["DEFAULT_SEEDS", "load_seeds", "looks_like_listing", "parse_listing"]


# -- HTML helpers -------------------------------------------------------------

def _html_doc(html: bytes, headers: Mapping | None):
    """The parsed document, decoded as articles are (``core.decode``): the HTTP
    charset, a BOM, a <meta> charset (old SPIP pages are Latin-1), UTF-8, windows-1252."""
    text, _encoding, _utf8 = decode_html(html, headers)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _text(el) -> str:
    return " ".join(el.text_content().split()) if el is not None else ""


def _first(el, *selectors: str):
    """The first element matching the first selector that matches anything."""
    for selector in selectors:
        found = el.cssselect(selector)
        if found:
            return found[0]
    return None


# -- excluded regions -----------------------------------------------------------

# The vocabulary (class words, modifiers, sidebar headings) is core.furniture's.
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _tokens(el) -> list[str]:
    return (el.get("class", "") + " " + el.get("id", "")).lower().split()


def _is_heading(el) -> bool:
    if not isinstance(el.tag, str):
        return False
    return el.tag in _HEADING_TAGS or any(k in t for t in _tokens(el) for k in ("titre", "title", "heading"))


def _excluded(el) -> bool:
    """True when ``el`` lies in navigation, a footer, a sidebar or a share bar."""
    for node in [el, *el.iterancestors()]:
        if node.tag in ("body", "html"):
            break
        if node.tag in furniture.FURNITURE_TAGS or any(furniture.is_listing_furniture_name(t) for t in _tokens(node)):
            return True
        # The nearest heading before this node among its siblings names the block.
        heading = next((s for s in node.itersiblings(preceding=True) if _is_heading(s)), None)
        if heading is not None and furniture.is_listing_sidebar_heading(fold(_text(heading))):
            return True
    return False


# -- listings ---------------------------------------------------------------------


def parse_listing(
    html: bytes, url: str, site: str | None = None, *, now: datetime | None = None, headers: Mapping | None = None
) -> Listing:
    """Article items and the next page of a rubrique, tag or search page.

    ``now`` (the fetch time) lets relative dates ("Il y a 3 heures") be read;
    without it they stay unparsed (published_at None, published_raw kept).
    ``headers``: the response's, whose charset wins over the page's own.
    """
    doc = _html_doc(html, headers)
    if doc is None:
        return Listing()
    items = _era_items(doc, url, site, now) or _generic_items(doc, url, site, now)
    param, offset, pages = _pagination(doc, url, site)
    return Listing(items=items, next_url=_next_url(doc, url, site), title=_listing_title(doc),
                   offset_param=param, offset=offset, page_offsets=pages)


def _listing_title(doc) -> str | None:
    for el in doc.xpath("//h1 | //title"):
        title = _text(el).split(" - ")[0].strip()
        if title:
            return title
    return None


def _era_items(doc, url: str, site: str | None, now) -> list[ListingItem]:
    # cssselect's class selector matches tokens, so "grid3 " (trailing space) is fine.
    items: dict[str, ListingItem] = {}
    for grid in doc.cssselect("div.grid3, div.grid4"):
        links = grid.xpath("./a[@href]") if "grid3" in _tokens(grid) else grid.xpath(".//a[@href]")
        for link in links:
            canon = canonical_url(link.get("href"), base=url, site=site)
            if not canon or canon in items or not looks_like_article(canon):
                continue
            block = _item_block(link, grid)
            if not _excluded(block):
                items[canon] = _block_item(block, link, canon, now)
    return list(items.values())


def _item_block(link, grid):
    """The smallest element around ``link`` that holds the item's heading (not the whole grid)."""
    block = link
    while not block.xpath(".//h2|.//h3") and block is not grid:
        parent = block.getparent()
        if parent is None or len({a.get("href") for a in parent.xpath(".//a[@href]")}) > 1:
            break  # the parent also holds other items
        block = parent
    return block


def _heading(block, link):
    """The item's title element: the heading around or inside the link, else the block's."""
    for node in link.iterancestors():
        if node.tag in ("h2", "h3", "h4"):
            return node
        if node is block:
            break
    inside = _first(link, "h2, h3")
    return inside if inside is not None else _first(block, ".mbs > h2", "h2, h3")


def _block_item(block, link, canon: str, now) -> ListingItem:
    heading = _heading(block, link)
    title = _text(heading) or " ".join(link.text_content().split()) or link.get("title")
    date_el = _first(block, ".accueil .accueildate", ".accueildate, time, [class*=date]")
    published_at, raw = _date(date_el, now)
    teaser = _teaser(_first(block, ".mbs"), block)
    return ListingItem(url=canon, title=title or None, published_at=published_at,
                       published_raw=raw, teaser=teaser if teaser != title else None)


def _teaser(mbs, block) -> str | None:
    """Text of the teaser block without the heading and the date."""
    source = mbs if mbs is not None else _first(block, "p")
    if source is None:
        return None
    source = copy.deepcopy(source)
    for el in source.cssselect("h1, h2, h3, h4, .accueil, .accueildate, time, [class*=date], script, style"):
        el.drop_tree()
    return " ".join(source.text_content().split()) or None


def _date(el, now: datetime | None) -> tuple[str | None, str | None]:
    """(iso, raw) of a listing date; the raw text is kept even when unparsed."""
    if el is None:
        return None, None
    machine = (el.get("datetime") or "").strip()
    iso = parse_instant(machine) if machine else None
    if iso:
        return iso, machine
    raw = _text(el)
    return parse_listing_date(raw, now=now) or (None, raw or None)


def _generic_items(doc, url: str, site: str | None, now) -> list[ListingItem]:
    items: dict[str, ListingItem] = {}
    for block in doc.xpath("//article | //li"):
        if _excluded(block):
            continue
        # A heading link, a link around a heading, or (search results) a link around a bold title.
        for link in block.xpath(".//h2//a[@href] | .//h3//a[@href] | .//a[@href][.//h2 or .//h3]"
                                " | .//a[@href][strong or b]"):
            canon = canonical_url(link.get("href"), base=url, site=site)
            if canon and looks_like_article(canon):
                if canon not in items:
                    items[canon] = _block_item(block, link, canon, now)
                break
    return list(items.values())


# -- pagination -------------------------------------------------------------------

_PAGINATION_LINKS = "a.lien_pagination, span.pages a, .pagination a, a[href*='debut_']"


def _offsets(canon: str) -> dict[str, int]:
    """SPIP pagination parameters (``debut_suite_rubrique=24``...) of a URL."""
    return {k: int(v) for k, v in parse_qsl(urlsplit(canon).query) if k.startswith("debut_") and v.isdigit()}


def _next_url(doc, url: str, site: str | None) -> str | None:
    """``rel=next``, else the page-number link with the least offset beyond this page's."""
    rel_next = "//link[@rel='next']/@href | //a[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href"
    for href in doc.xpath(rel_next):
        canon = canonical_url(href, base=url, site=site)
        if canon:
            return canon
    _param, offset, pages = _pagination(doc, url, site)
    later = [o for o in pages if o > offset]
    return pages[min(later)] if later else None


def _pagination(doc, url: str, site: str | None) -> tuple[str | None, int, dict[int, str]]:
    """The SPIP offset parameter, this page's offset, and the offsets of the page-number links."""
    here = canonical_url(url, site=site) or url
    path, current = urlsplit(here).path, _offsets(here)
    found: dict[str, dict[int, str]] = {}
    for link in doc.cssselect(_PAGINATION_LINKS):
        canon = canonical_url(link.get("href", ""), base=url, site=site)
        if canon and urlsplit(canon).path == path:
            for name, value in _offsets(canon).items():
                found.setdefault(name, {})[value] = canon
    if not found and not current:
        return None, 0, {}
    # This page's own parameter; else SPIP's rubrique loop; else the loop most linked to.
    preferred = "debut_suite_rubrique" if "debut_suite_rubrique" in found else None
    param = next(iter(current), None) or preferred or max(found, key=lambda n: len(found[n]))
    pages = found.get(param, {})
    pages.setdefault(current.get(param, 0), here)
    return param, current.get(param, 0), dict(sorted(pages.items()))


def with_offset(url: str, param: str, offset: int) -> str:
    """``url`` asking for the page at ``offset`` of the ``param`` loop (0: the parameter left out)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != param]
    if offset:
        query.append((param, str(offset)))
    text = "&".join(f"{k}={v}" if v else k for k, v in query)
    return parts._replace(query=text, fragment="").geturl()


# -- helpers for the spider --------------------------------------------------------

def looks_like_listing(
    url: str, html: bytes | None = None, site: str | None = None, headers: Mapping | None = None
) -> bool:
    """A listing page: from its content when given, else from the URL's shape alone."""
    if html is not None:
        listing = parse_listing(html, url, site, headers=headers)
        return len(listing.items) >= 2 or listing.next_url is not None
    parts = urlsplit(url)
    if _offsets(url) or re.search(r"(^|&)(page=(rubrique|mot|recherche)|rubrique\d+|mot\d+)", parts.query):
        return True
    return (parts.path.endswith(".html") and not looks_like_article(url)) or "/mot/" in parts.path
