"""Is this page an article? Feeds, listings (rubric/tag pages) and error pages are not.

Feeds are told by ``core.feeds``, the detector the spider uses too.

A listing shows several article teasers and/or pagination and no single
article date; an article page also shows teasers (related blocks, sidebars),
so teasers inside those blocks and the chrome are not counted, and a page with
article metadata or a single date line stays an article.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from bladiscrape.core import feeds
from bladiscrape.extract.dom import Page, in_set
from bladiscrape.extract.text import element_text, fold

#: Teaser blocks of the listing template in bladi-site.md (2019: grid4, later grid3).
LISTING_TEASERS = ("div.grid3 > a", "div.grid4 a", "span.accueildate")
#: This many teasers outside related blocks make a page a listing.
MIN_TEASERS = 3

_PAGINATION = etree.XPath(
    "boolean(//body//a[contains(@href, 'debut_')] | //body//*[contains(@class, 'pagination')]"
    " | //a[@rel='next'] | //link[@rel='next'])"
)
# Headings (h2-h4) that link to article-shaped URLs: generic teaser titles.
# Headings (h2-h4) holding or held by a link: teaser titles when the link goes
# to another page (``_links_away``); Bladi's article URLs end in .html, other
# sites' in anything ("/2016/01/11/un-titre/").
_TEASER_TITLES = etree.XPath("//body//*[self::h2 or self::h3 or self::h4][.//a[@href] or ancestor::a[@href]]")
_HEADING_HREF = etree.XPath("string((.//a[@href] | ancestor::a[@href])[1]/@href)")
# Error pages by their title or h1 (folded: lowercase, no accents). Every word
# is bounded ("terreur", "terrorisme", "les erreurs de la police" are news), and
# the words news titles also use ("erreur", "acces refuse", "service
# indisponible") count only as the whole title or its opening words before a
# status code or a separator: "Erreur 404", "Erreur - Bladi.net", not "Erreur judiciaire".
_STATUS = r"(?:400|401|403|404|410|500|502|503)"
_ERROR_RE = re.compile(
    rf"^\W*{_STATUS}\b|\b(?:erreur|error|http)\W{{0,3}}{_STATUS}\b"
    rf"|\b{_STATUS}\W{{0,3}}(?:not found|page|erreur|error)\b"
    r"|\b(?:page|fichier|document|article|file|url)s? "
    r"(?:non trouvee?|introuvable|inexistante?|not found|indisponible)\b"
    r"|\b(?:cette|la) page (?:que vous (?:cherchez|demandez) |demandee )?n'existe (?:pas|plus)\b"
    r"|\b(?:cet article|l'article demande) n'existe (?:pas|plus)\b|\bpage (?:has been )?not found\b"
    r"|^\W*(?:erreur|error|not found|forbidden|acces (?:refuse|interdit)|oops|oups"
    r"|service (?:temporairement )?(?:indisponible|unavailable))\W*(?:$|[-|:!]\s*\S{0,40}$)"
)


def feed_reason(text: str, headers, url: str | None = None) -> str | None:
    """Why the page is a feed (the one detector, ``core.feeds``), else None."""
    return feeds.feed_reason(headers, text, url)


def count_teasers(page: Page, skip) -> int:
    """Article teasers outside chrome and related blocks."""
    best = 0
    for selector in LISTING_TEASERS:
        best = max(best, sum(1 for el in page.select(selector) if not in_set(el, skip)))
    titles = [el for el in _TEASER_TITLES(page.root) if not in_set(el, skip) and _links_away(page, el)]
    return max(best, len(titles))


def _links_away(page: Page, heading) -> bool:
    """The heading's link goes to another page than this one and the site's root."""
    target = page.absolute(_HEADING_HREF(heading))
    return bool(target and target != page.self_url and urlsplit(target).path.strip("/"))


def listing_reason(page: Page, skip, least: int = MIN_TEASERS) -> str | None:
    """Why the page is a listing (``least`` teasers, or pagination and one), else None."""
    teasers = count_teasers(page, skip)
    paginated = _PAGINATION(page.root)
    if teasers >= least or (paginated and teasers):
        plural = "s" if teasers > 1 else ""
        return f"listing page ({teasers} teaser{plural}{', pagination' if paginated else ''})"
    return None


def error_reason(*titles: str | None) -> str | None:
    for title in titles:
        if title and len(title) < 120 and _ERROR_RE.search(fold(title)):
            return f"error page ({title})"
    return None


def h1_texts(page: Page) -> list[str]:
    return [element_text(h) for h in page.root.iter("h1")][:3]
