r"""Site furniture: navigation, sidebars, share bars, ads, footers, "Les plus lus", "À lire aussi"...

The vocabulary is defined here once; two steps read it, each its own way:

* discovery (``discover.listing``) drops a listing item that lies in a
  furniture element or in a block whose heading is a sidebar's. A class or id
  token is furniture when its first or last ``-``/``_`` part is a
  ``LISTING_WORDS`` word ("sidebar-right", "main-nav", "col-droite",
  "les-plus-lus"), unless its first part is a modifier ("has-sidebar" names
  the page's layout, not the element): ``is_listing_furniture_name``.
* extraction (``extract.dom``, ``extract.text``, ``extract.blocks``) never
  reads article text in an element whose class or id holds a ``CHROME_WORDS``
  word *anywhere* between ``-``/``_``/space edges ("info-publi" and "public"
  are not "pub"), the site's header words as whole tokens only
  (``is_chrome_name``); and it finds the blocks after the body by their
  headings (``TAG_HEADING``... ``SIDEBAR_HEADING_RE``).

Class words are grouped by what they name. An entry is a regular-expression
fragment over one run of name parts: ``partage[rs]?`` is partage, partager,
partages; ``plus-?lus`` is pluslus or plus-lus; ``advert\w*`` any word
starting with advert. Heading patterns are matched on folded text
(``core.text.fold``: lowercase, no accents), so "À LIRE AUSSI" is "a lire aussi".

The two steps use different selections, on purpose and by name below:
extraction reads any part of a name, so its words must never name a part of
an article; discovery reads only the ends, so it may use looser layout words
("side", "droite"). Extraction's output is pinned by its fixtures: a word is
moved between the selections only with them.
"""

from __future__ import annotations

import re

# --- class and id words ----------------------------------------------------------

#: Menus and breadcrumbs ("fil d'Ariane" is French for breadcrumb).
NAVIGATION = ("nav", "navbar", "navigation", "menu", "breadcrumbs?", "ariane")
#: Side columns and their boxes.
SIDEBARS = ("sidebar", "widget")
#: The footer ("header" is apart: see ``SITE_HEADERS``).
FOOTERS = ("footer",)
#: Share bars and buttons (French "partager": to share), share services.
SHARING = ("share", "sharing", "partage[rs]?", "social", "sociaux", "addthis", "sharethis")
#: "Les plus lus" (most read) and other popularity boxes.
POPULAR = ("popular", "populaires?", "plus-?lus")
#: Other articles: related, "à lire aussi", "voir aussi".
RELATED = ("related", "similar", "lire-?aussi", "a-lire", "voir-?aussi")
#: Advertising: "pub"/"publicité" in French, ad networks' own class names.
ADS = ("pub", "pubs", "publicite", "ads?", r"advert\w*", "adsense", "adsbygoogle", "banner", "banniere", "dfp",
       r"sponsor\w*")  # fmt: skip
#: Readers' comments and the forum (never the article's text).
COMMENTS = ("comments?", "commentaires?", "forum")
#: Sign-up boxes, cookie banners and overlays.
OVERLAYS = ("newsletter", "cookies?", "modal", "popup", "login")
#: SPIP's attached-documents box (images, PDFs listed beside the text).
ATTACHMENTS = ("spip_documents?", r"spip_doc_\w+")
#: The hand-made replica's notes about itself (``bladiscrape.replica``).
REPLICA_NOTES = (r"replica\w*",)
#: The site's header. Extraction takes these as whole tokens only: an
#: "article-header" or "post-header" holds the article's title and date.
SITE_HEADERS = ("header", "site-?header", "masthead", "top-?bar")

#: Discovery only: layout words ("col-droite": the right-hand column, "pied"
#: and "entete": French footer and header, "lus": the end of "les-plus-lus",
#: "mostread") that extraction, reading every part of a name, must not use.
LISTING_LAYOUT = ("side", "aside", "widgets", "droite", "pied", "entete", "lus", "mostread")
#: Discovery: a listing item in any of these is not one of the listing's items.
#: (Ads, comments, overlays, attachments and replica notes hold no listing
#: items: not needed. "header" is matched at either end, like every word.)
LISTING_WORDS = NAVIGATION + SIDEBARS + FOOTERS + SHARING + POPULAR + RELATED + ("header",) + LISTING_LAYOUT
#: Extraction: text in an element named so is never article text.
CHROME_WORDS = (
    NAVIGATION + SIDEBARS + FOOTERS + SHARING + POPULAR + RELATED
    + ADS + COMMENTS + OVERLAYS + ATTACHMENTS + REPLICA_NOTES
)
#: Modifier parts: "has-sidebar", "with-menu", "sans-pub" describe a wrapper's layout (discovery).
MODIFIERS = frozenset(("has", "with", "avec", "sans", "no", "without", "layout"))


def _alternation(words) -> str:
    return "(?:" + "|".join(words) + ")"


_LISTING_WORD_RE = re.compile(_alternation(LISTING_WORDS))
# Searched in a value wrapped in NULs (never in lxml text), which count as edges.
_CHROME_NAME_RE = re.compile(
    rf"[\x00\s_-]{_alternation(CHROME_WORDS)}(?=[\x00\s_-])|[\x00\s]{_alternation(SITE_HEADERS)}(?=[\x00\s])"
)


def is_listing_furniture_name(token: str) -> bool:
    """Discovery: a class/id token whose first or last part is a furniture word (lowercase token)."""
    parts = [p for p in re.split(r"[-_]+", token) if p]
    return (
        bool(parts)
        and parts[0] not in MODIFIERS
        and bool(_LISTING_WORD_RE.fullmatch(parts[0]) or _LISTING_WORD_RE.fullmatch(parts[-1]))
    )


def is_chrome_name(value: str) -> bool:
    """Extraction: a class or id attribute value (any case) holding a furniture word."""
    return bool(_CHROME_NAME_RE.search(f"\x00{value.lower()}\x00"))


# --- element names ----------------------------------------------------------------

#: Elements that are furniture by their tag, for both steps.
FURNITURE_TAGS = frozenset(("nav", "header", "footer", "aside"))
#: Extraction adds forms (search boxes, comment and newsletter forms); discovery
#: does not: a search page's results may sit inside its form.
CHROME_TAGS = FURNITURE_TAGS | {"form"}


# --- headings (folded text) -------------------------------------------------------

#: The blocks after an article's body, which extraction reads (tags, further reading, recommendations).
TAG_HEADING = "sujets associes"
FURTHER_HEADING = "aller plus loin"
RECOMMENDED_HEADING = "ces articles devraient vous interesser"
#: "Suivez bladi.net sur Google News / WhatsApp": follow buttons.
FOLLOW_PHRASE = "suivez bladi"
#: "Les plus lus", "Articles les plus commentés"...: popularity sidebars (both steps).
POPULAR_HEADING = r"(?:les |articles )?(?:les )?plus (?:lus|commentes|partages|populaires|vus)"
#: Extraction only: on an article page these head sidebars; on a home or
#: rubrique page they head the listing itself, so discovery must not skip them.
FRONT_PAGE_HEADINGS = (r"a la une", r"derniers articles", r"dernieres (?:news|infos|actualites|nouvelles)")
#: Discovery only (extraction finds these blocks by their class names, and
#: reading their headings too would change its output).
LISTING_SIDEBAR_HEADINGS = (r"articles? (?:populaires|les plus)", r"a lire aussi", r"tendances?$",
                            r"derniers? commentaires")  # fmt: skip

#: Extraction: a whole heading (``extract.text.heading_key``) naming a sidebar.
SIDEBAR_HEADING_RE = re.compile(rf"{POPULAR_HEADING}\b.*|{'|'.join(FRONT_PAGE_HEADINGS)}")
#: Discovery: a heading starting with one of these introduces a block that is not the listing.
LISTING_SIDEBAR_HEADING_RE = re.compile(
    "^(?:les )?"
    + _alternation((POPULAR_HEADING, *LISTING_SIDEBAR_HEADINGS, TAG_HEADING, FURTHER_HEADING, "ces articles devraient"))
)

#: Extraction's prefilter for heading text nodes (lowercased, accents optional):
#: every heading above, and the follow line, matches it; exact checks follow.
HEADING_HINT_RE = re.compile(
    r"associ|plus\s+(?:loin|lus?\b|comment|partag|vus?\b)|devraient\s+vous|suivez|la\s+une|derni[eè]r"
)
#: One of these is in every match of ``HEADING_HINT_RE`` (they find the candidate nodes).
HEADING_HINTS = ("associ", "plus", "devraient", "suivez", "une", "derni")

#: Share-button and ad labels, as a whole (folded) paragraph: never article text.
SHARE_WORDS = frozenset((
    "partager", "tweeter", "tweet", "imprimer", "envoyer", "facebook", "twitter", "x", "whatsapp", "linkedin",
    "email", "e-mail", "pinterest", "telegram", "messenger", "publicite", "advertisement", "commenter",
))


def is_listing_sidebar_heading(folded: str) -> bool:
    """Discovery: a (folded) heading that introduces a sidebar, not the listing."""
    return bool(LISTING_SIDEBAR_HEADING_RE.search(folded))
