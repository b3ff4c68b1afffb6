"""The site's own map: the rubriques its home page navigation links to.

With no start URL, a crawl asks the live site which rubriques it has today,
instead of trusting a list written once: the home page's menu decides, and
the packaged seed list is only the fallback when the menu cannot be read.

A rubrique link is a same-site ``<name>.html`` (or ``<name>,<id>.html``
when it sits in the menu: SPIP numbers some rubriques, ``rabat,333.html``)
inside the page's navigation: a ``<nav>`` element, or an element whose class
or id names a menu. Links to articles, the feed and other hosts are not
rubriques.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from bladiscrape.core.decode import decode_html
from bladiscrape.core.urls import canonical_url

#: Class or id words that mark a navigation block (matched as whole words of the name).
NAV_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "rubriques", "sections", "main-menu"})
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")
#: Paths that are never rubriques even inside a menu.
_NOT_RUBRIQUE = re.compile(r"^/(spip\.php|index\.html?|plan\.html|contact|mentions|ecrire/)|\.(xml|rss)$")


def _is_nav(el) -> bool:
    if el.tag == "nav":
        return True
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return any(word in NAV_WORDS or word.split("-")[-1] in NAV_WORDS for word in _WORD.findall(names))


def rubriques_from_home(html: bytes, url: str, headers=None, site: str | None = None) -> list[str]:
    """Canonical URLs of the rubriques the home page's navigation links to, in menu order."""
    text, _encoding, _data = decode_html(html, headers)
    try:
        doc = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for nav in (el for el in doc.iter() if isinstance(el.tag, str) and _is_nav(el)):
        for link in nav.iter("a"):
            canon = canonical_url(link.get("href") or "", base=url, site=site)
            if not canon or canon in found:
                continue
            path = canon.split("://", 1)[1].split("/", 1)[-1]
            path = "/" + path.split("?", 1)[0]
            if path.endswith(".html") and not _NOT_RUBRIQUE.search(path) and "/" not in path[1:]:
                found.append(canon)
    return found
