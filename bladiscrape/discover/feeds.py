"""The RSS/Atom feed (``spip.php?page=backend``): items in, canonical article URLs out.

Pure: bytes and a URL in, data out. The XML parser never resolves entities
or touches the network; broken feeds are read as far as possible.

The bytes are decoded by the one decoder (``core.decode.decode_xml``): the
XML declaration first, as lxml would, then the HTTP charset when there is no
declaration, and a wrong declaration settled instead of read as U+FFFD. The
parser gets UTF-8 and is told so. Whether a response is a feed at all is
``core.feeds`` (re-exported here as ``is_feed``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.entities import name2codepoint

import lxml.html
from lxml import etree

from bladiscrape.core.dates import parse_instant
from bladiscrape.core.decode import decode_xml
from bladiscrape.core.feeds import is_feed
from bladiscrape.core.urls import canonical_url
from bladiscrape.model import FeedItem

__all__ = ["is_feed", "parse_feed"]


# -- feeds ------------------------------------------------------------------------

def _feed_parser() -> etree.XMLParser:
    # No DTD, no entity expansion, no network: a feed cannot read local files.
    # The bytes are UTF-8 (decoded, then re-encoded when need be): the
    # declaration's label, now wrong, must not be followed.
    return etree.XMLParser(encoding="utf-8", resolve_entities=False, no_network=True, load_dtd=False,
                           recover=True, huge_tree=False, remove_comments=True, remove_pis=True)


_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def _numeric_entities(xml: bytes) -> bytes:
    """HTML named entities (``&eacute;``), invalid in XML, as character references."""

    def replace(m: re.Match) -> bytes:
        name = m.group(1)
        code = name2codepoint.get(name.decode("ascii"))
        return m.group(0) if name in _XML_ENTITIES or code is None else b"&#%d;" % code

    return re.sub(rb"&([A-Za-z][A-Za-z0-9]{1,31});", replace, xml)


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el, *names: str) -> list:
    return [c for c in el if _local(c) in names]


def _child_text(el, *names: str) -> str | None:
    """Text of the first child named ``names[0]``, else ``names[1]``..."""
    for name in names:
        for child in _children(el, name):
            text = " ".join("".join(child.itertext()).split())
            if text:
                return text
    return None


def parse_feed(xml: bytes, url: str, site: str | None = None, headers: Mapping | None = None) -> list[FeedItem]:
    """Items of an RSS 2.0 (or Atom) feed that link to Bladi.net; broken XML is read as far as possible.

    ``headers``: the response's, for the charset of a feed without an XML declaration.
    """
    text, _encoding, utf8 = decode_xml(xml, headers)
    data = utf8 if utf8 is not None else text.encode("utf-8")
    try:
        root = etree.fromstring(_numeric_entities(data), _feed_parser())
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    etree.strip_elements(root, etree.Entity, with_tail=False)  # unresolved, e.g. declared SYSTEM entities
    items = []
    for el in root.iter():
        if _local(el) in ("item", "entry"):
            item = _feed_item(el, url, site)
            if item:
                items.append(item)
    return items


def _feed_item(el, url: str, site: str | None) -> FeedItem | None:
    link = _child_text(el, "link")
    if not link:  # Atom: <link rel="alternate" href="..."/>
        hrefs = [c.get("href") for c in _children(el, "link") if c.get("rel", "alternate") == "alternate"]
        guid = _child_text(el, "guid", "id") or ""
        link = next((h for h in hrefs if h), None) or (guid if guid.startswith(("http://", "https://")) else None)
    canon = canonical_url(link, base=url, site=site) if link else None
    if not canon:
        return None
    categories = []
    for c in _children(el, "category", "subject"):
        value = (c.get("term") or "".join(c.itertext())).strip()
        if value and value not in categories:
            categories.append(value)
    return FeedItem(
        url=canon,
        title=_child_text(el, "title"),
        published_at=parse_instant(_child_text(el, "pubDate", "date", "published", "updated")),
        categories=categories,
        description=_html_to_text(_child_text(el, "description", "summary", "content")),
    )


def _html_to_text(value: str | None) -> str | None:
    if not value:
        return None
    if "<" not in value:
        return value
    try:
        return " ".join(lxml.html.fragment_fromstring(value, create_parent="div").text_content().split()) or None
    except (etree.ParserError, ValueError):
        return value
