"""The RSS/Atom feed (``spip.php?page=backend``): items in, canonical article URLs out.

Pure: bytes and a URL in, data out. The XML parser never resolves entities
or touches the network; broken feeds are read as far as possible.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from bladiscrape.core.dates import parse_instant
from bladiscrape.core.urls import canonical_url
from bladiscrape.model import FeedItem


# -- feeds ------------------------------------------------------------------------

def _feed_parser() -> etree.XMLParser:
    # No DTD, no entity expansion, no network: a feed cannot read local files.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
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


def parse_feed(xml: bytes, url: str, site: str | None = None) -> list[FeedItem]:
    """Items of an RSS 2.0 (or Atom) feed that link to Bladi.net; broken XML is read as far as possible."""
    try:
        root = etree.fromstring(_numeric_entities(xml), _feed_parser())
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


_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:rdf)[\s>]")


def _content_type(headers) -> str:
    if not headers:
        return ""
    value = None
    for key, val in headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if name.lower() == "content-type":
            value = val
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return (value or "").lower()


def is_feed(url: str, headers=None, body_start: bytes = b"") -> bool:
    """Whether a response is an RSS/Atom feed rather than an HTML page."""
    head = (body_start or b"").lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if _FEED_ROOT.search(head):
        return True
    if head.startswith((b"<!doctype html", b"<html")):
        return False
    ctype = _content_type(headers)
    if "rss" in ctype or "atom" in ctype:
        return True
    if "html" in ctype:
        return False
    return "page=backend" in urlsplit(url).query


