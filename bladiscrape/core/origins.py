"""Where an article's text came from: the live site, or another origin such as the offline replica.

The archive stores every article under its canonical ``https://www.bladi.net/``
URL whatever origin was crawled, so the URL alone cannot tell a real article
from a replica's test text. ``articles.origin`` keeps the origin a row was
fetched from and ``articles.origin_note`` says, in words carried by every page,
export row and citation, what a row from elsewhere holds.

The replica says on each page what its text is
(``<meta name="bladiscrape:replica" content="real-text|test-text">``, see
``replica/README.md``). A page from another origin that makes no such claim is
taken for a test text: a marker too many costs a reader nothing, one too few
passes a test text for Bladi.net's.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bladiscrape.core.urls import BLADI_HOSTS

#: The marker of a row fetched from another origin (the replica's invented texts).
TEST_TEXT = "replica test text"
#: The marker of the replica's copy of a real Bladi.net article (the seed of 28 February 2016).
REAL_TEXT = "real text, served by the replica"

_REPLICA_META = re.compile(
    rb"""<meta\s+name=["']bladiscrape:replica["']\s+content=["']([\w-]+)["']""", re.IGNORECASE)


def is_live(origin: str | None) -> bool:
    """True for Bladi.net itself (http or https, with or without www)."""
    return (urlsplit(origin or "").hostname or "") in BLADI_HOSTS


def origin_note(origin: str | None, body: bytes) -> str | None:
    """None for a page of the live site; else the marker its row carries."""
    if origin is None or is_live(origin):
        return None
    match = _REPLICA_META.search(body[:65536])  # in <head>: no need to scan a long body
    return REAL_TEXT if match and match.group(1) == b"real-text" else TEST_TEXT
