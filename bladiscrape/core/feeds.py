"""Is a response an RSS/Atom feed rather than an HTML page? The one detector.

Used by the spider (``discover.feeds.is_feed``, on the first bytes of a
start, listing or tag page) and by the extractor (``extract.classify``, which
records the reason). Rules, in order:

1. The document's start, after its prolog (BOM, whitespace, ``<?xml ...?>``
   and other processing instructions, comments, a non-HTML doctype), is the
   truth when it names its root: ``<!DOCTYPE html>``/``<html>`` is a page
   whatever the header says (servers mislabel pages), ``<rss>``, ``<feed>``,
   ``<rdf:RDF>`` is a feed.
2. Otherwise the ``Content-Type``: an RSS/Atom/RDF type or plain XML
   (``text/xml``, ``application/xml``) is a feed, an HTML type is not.
3. Otherwise the URL: SPIP serves its feed at ``spip.php?page=backend``.

A feed whose header says so is reported with its type ("feed
(application/rss+xml)"), else as "feed (RSS/Atom document)".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from bladiscrape.core.text import media_type

#: How much of the body is looked at: enough for a prolog with comments.
HEAD_BYTES = 2048

# The prolog, then the root element's name. (Single-character whitespace
# steps: a "\s+" inside the repetition backtracks exponentially on failure.)
_ROOT_RE = re.compile(
    rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!doctype\s+(?!html\b)[^\[>]*(?:\[.*?\])?\s*>)*"
    rb"<(!doctype\s+html|html|rss|feed|rdf:rdf)\b",
    re.IGNORECASE | re.DOTALL,
)
_PLAIN_XML_TYPES = ("text/xml", "application/xml")


def root_kind(head: bytes | str) -> str | None:
    """``"feed"`` or ``"html"`` when the document's start names its root, else None."""
    if isinstance(head, str):
        head = head[:HEAD_BYTES].encode("utf-8", "replace")
    head = head[:HEAD_BYTES].removeprefix(b"\xef\xbb\xbf")
    match = _ROOT_RE.match(head)
    if not match:
        return None
    name = match.group(1).lower()
    return "html" if name == b"html" or name.startswith(b"!doctype") else "feed"


def is_feed_type(mtype: str) -> bool:
    """An RSS, Atom or RDF media type, or plain XML."""
    return "rss" in mtype or "atom" in mtype or "rdf" in mtype or mtype in _PLAIN_XML_TYPES


def feed_reason(headers: Mapping | None = None, head: bytes | str = b"", url: str | None = None) -> str | None:
    """Why a response is a feed (see the module's rules), or None when it is not one.

    ``head``: the body's first bytes (or the decoded text); ``url``: where it was fetched.
    """
    kind = root_kind(head or b"")
    if kind == "html":
        return None
    mtype = media_type(headers)
    if is_feed_type(mtype):
        return f"feed ({mtype})"
    if kind == "feed":
        return "feed (RSS/Atom document)"
    if "html" in mtype:
        return None
    if url and "page=backend" in urlsplit(url).query:
        return "feed (SPIP backend URL)"
    return None


def is_feed(url: str, headers: Mapping | None = None, body_start: bytes | str = b"") -> bool:
    """Whether a response is an RSS/Atom feed rather than an HTML page."""
    return feed_reason(headers, body_start, url) is not None
