"""Layer 2: site selectors, one entry per template era.

Each era lists, per field, CSS selectors tried in order (the first selector
that matches outside the page chrome wins). Class selectors (``.x``) match a
class token, so trailing spaces in ``class="grid3 "`` do not matter;
``[class*=x]`` matches substrings for SPIP's compound names
(``crayon article-chapo-12 chapo``). The recorded layer is ``selectors:<name>``.

To support a new template: append an ``Era`` with where its selectors come from.
Order matters only when several eras match one page: specific eras first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from bladiscrape.core.dates import DateLine, is_update, parse_date_line, parse_french_date, parse_instant
from bladiscrape.extract.dom import Page, in_set
from bladiscrape.extract.patterns import continued
from bladiscrape.extract.text import BLOCK_TAGS, element_text, norm


@dataclass(frozen=True)
class Era:
    name: str
    source: str  # where the selectors come from
    title: tuple[str, ...]
    #: Containers of the article (first one holding a title); the other fields
    #: are looked up inside it (cheaper, and keeps sidebars out). None found:
    #: the whole page. ``section`` is always looked up in the whole page.
    scope: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()  # containers; their paragraphs are walked
    #: Generic markup any site uses (HTML5 landmarks, microdata): its first date
    #: element may be a teaser's, so it is no proof of a single article date.
    generic: bool = False
    #: Body selectors that name no article text of their own (``article``, ``main``,
    #: "something content"): weak evidence, weighed by the generic layer (``generic``).
    loose: tuple[str, ...] = ()
    section: tuple[str, ...] = ()  # the last matching link/element is used (breadcrumbs)
    author: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # tag links
    image: tuple[str, ...] = ()


ERAS: tuple[Era, ...] = (
    Era(
        name="2019",
        source="bladi-site.md, 'Article pages (one era, about 2019-2021)': public scrapers 2019-2021",
        title=("div.magauche.pas.article h1", "div.magauche.article h1"),
        scope=("div.magauche.article",),
        date=("p.datenews", ".datenews"),  # the whole date line: section and author come with it
        lead=("div.mbs.mtm strong p", "div.mbs.mtm strong"),
        # bladi-site.md gives "div.mtl.mbm > p"; the container also keeps intertitles,
        # quotes and lists, and the lead (inside <strong>) is removed by comparison.
        body=("div.mtl.mbm",),
        section=("p.datenews a",),  # (inference) a rubrique link inside the date line
        tags=("div.magauche.article a[rel~=tag]",),  # (inference) SPIP's rel="tag" keyword links
        # (inference) the listing's img.imglogo
        image=("div.magauche.article img.imglogo", "div.magauche.article div.mbs img"),
    ),
    Era(
        name="html5",
        source="(inference) a redesign on semantic HTML5 / schema.org microdata: article or main, h1, time[datetime]",
        title=("article h1", "main h1", "[itemprop=headline]"),
        scope=("article", "main"),
        date=(
            "article time[datetime]", "main time[datetime]", "[itemprop=datePublished]",
            "article [class*=date]", "main [class*=date]",
        ),
        lead=(
            "[itemprop=description]", "article [class*=chapo]", "article [class*=chapeau]",
            "article [class*=lead]", "article [class*=standfirst]", "article [class*=intro]",
            "main [class*=chapo]", "main [class*=lead]",
        ),
        body=(
            "[itemprop=articleBody]", "article [class*=article-body]", "article [class*=article-content]",
            "article [class*=entry-content]", "article [class*=texte]", "article [class*=content]",
            "main [class*=article-body]", "main [class*=content]", "article", "main",
        ),
        loose=("article [class*=content]", "main [class*=content]", "article", "main"),
        generic=True,
        section=(
            "[itemprop=articleSection]", "article a[rel~=category]", "article a[class*=rubrique]",
            "article [class*=rubrique] a", "article a[class*=categor]", "article [class*=categor] a",
        ),
        author=(
            "[itemprop=author] [itemprop=name]", "[itemprop=author]", "article [rel~=author]",
            "article [class*=author]", "article [class*=auteur]",
        ),
        tags=("article a[rel~=tag]", "article [class*=tags] a", "article [class*=keywords] a"),
        image=("[itemprop=image]", "article figure img", "article img"),
    ),
    Era(
        name="spip",
        source="SPIP skeleton conventions (squelettes-dist: h1.titre, p.surtitre, .info-publi/abbr.published, "
        ".chapo, .texte, #contenu, p.arbo); bladi-site.md notes chapo/texte/surtitre",
        title=("h1[class*=titre]", "#contenu h1", "[class*=cartouche] h1", "[class*=titre] h1"),
        scope=("#contenu", "#content", "[class*=contenu]"),
        date=("[class*=info-publi]", "abbr.published", "[class*=published]", "#contenu [class*=date]"),
        lead=("div[class*=chapo]", "[class*=chapo]", "[class*=chapeau]"),
        body=("div[class*=texte]", "[class*=texte]", "#contenu"),
        loose=("#contenu",),
        section=("[class*=arbo] a", "[class*=ariane] a", "[class*=breadcrumb] a"),
        author=("[class*=info-publi] .vcard", "[class*=auteurs] a", "[class*=auteur] a", "[class*=auteurs]"),
        tags=("#contenu a[rel~=tag]", "[class*=mots] a", "[class*=motscles] a", "[class*=mots-cles] a", "a[rel~=tag]"),
        image=(
            "[class*=cartouche] img", "#contenu img[class*=spip_logo]", "#content img[class*=spip_logo]",
            "[class*=chapo] img", "[class*=texte] img",
        ),
    ),
    Era(
        name="table",
        source="(inference) the table layouts of about 2008-2013 (issue 10: a 2010 page titled in td.titre with "
        "no <h1>, its chapô in td.chapo; a 2012 page whose 'Rubrique - Ecrit par : author' sits in the row after "
        "the date) and SPIP's field names (titre, chapo, texte)",
        # No <h1> needed: the title cell is the era's mark. ``.titre`` as a whole class token
        # on cells and blocks only (not "surtitre", "titre-bloc", nor a teaser's a.titre).
        title=("td.titre", "div.titre", "span.titre", "p.titre", "td.titre-article", "td.titrearticle"),
        scope=("table",),
        date=("td.date", "td[class*=date]", "[class*=date]", "td.info", "[class*=info-publi]"),
        lead=("td.chapo", "td[class*=chapo]", "[class*=chapo]", "[class*=chapeau]"),
        body=("td.texte", "td[class*=texte]", "div.texte", "[class*=texte]"),
        section=("td.rubrique a", "[class*=rubrique] a", "[class*=arbo] a"),
        author=("td.auteur", "[class*=auteur]"),
        tags=("[class*=mots] a", "a[rel~=tag]"),
        image=("td.logo img", "[class*=chapo] img", "[class*=texte] img"),
    ),
)

# "Ecrit par :", "Par", "Rédigé par" before an author's name (alone: no author).
_BYLINE_PREFIX_RE = re.compile(r"^\s*(?:(?:[ée]crit|r[ée]dig[ée]|publi[ée])\s+)?(?:par|by)\b\s*:?\s*", re.I)

_DATED_CHILDREN = etree.XPath(".//*[@datetime or @content or self::abbr[@title]]")

# Image files that are never the article's picture (icons, trackers, logos of share buttons).
_BAD_IMAGE_HINTS = (
    "data:", ".svg", ".gif", "icon", "pixel", "spacer", "googlenews", "google-news", "whatsapp",
    "siteon",  # SPIP's site logo (IMG/siteon0.png)
)


#: How many candidate containers to try for an era's scope.
MAX_SCOPES = 8


def _first(page: Page, root, selectors, skip):
    for selector in selectors:
        found = page.select(selector, root)
        if found and skip:
            found = [el for el in found if not in_set(el, skip)]
        if found:
            return found
    return []


def _date(el) -> tuple[tuple[str, str], DateLine | None] | None:
    """((iso, raw), date_line_or_None) from a date element, widened to its whole date line.

    A ``<time>`` or ``span.date`` often holds only part of the line
    ("… - Economie - Ecrit par : X"): when the enclosing block parses to the
    same instant, its full line (raw text, section, author) is used.
    """
    got = _date_of(el)
    if got:
        block = el
        while block is not None and block.tag not in BLOCK_TAGS:
            block = block.getparent()
        if block is not None and block is not el:
            text = element_text(block)
            line = parse_date_line(text) if len(text) <= MAX_DATE_LINE else None
            if (line and line.iso == got[0][0] and line.rank >= (got[1].rank if got[1] else 0)
                    and len(line.raw) > len(got[0][1])):
                got = (line.iso, line.raw), line
        line = got[1]
        if line and line.rank == 2:  # "Rubrique - Ecrit par : author" may sit in the next row
            whole = continued(line, block if block is not None else el)
            if whole is not line:
                return (whole.iso, whole.raw), whole
    return got


#: A block longer than this is not a date line (the date element sits in prose).
MAX_DATE_LINE = 300


def _date_of(el) -> tuple[tuple[str, str], DateLine | None] | None:
    """((iso, raw), date_line_or_None) from a date element: its text, else datetime-like attributes."""
    attr = el.get("datetime") or el.get("content") or (el.get("title") if el.tag == "abbr" else None)
    attr_iso = parse_instant(attr) if attr else None
    if attr_iso and "T" in attr_iso:
        return (attr_iso, norm(attr)), None
    line = parse_date_line(element_text(el))
    found = (line.iso, line.raw) if line else parse_french_date(element_text(el))
    if found and "T" in found[0]:
        return found, line
    # Date-only text: a machine-readable child (abbr.published, time) may carry the time.
    for sub in _DATED_CHILDREN(el):
        got = _date_of(sub)
        if got and "T" in got[0][0]:
            return got[0], line
    if found:
        return found, line
    if attr_iso:
        return (attr_iso, norm(attr)), None
    return None


def _image_src(elements) -> str | None:
    for el in elements:
        src = el.get("src") or el.get("data-src") or el.get("content") or el.get("href")
        if el.tag not in ("img", "meta", "link") and not src:
            img = el.find(".//img")
            src = img.get("src") if img is not None else None
        if src and not any(h in src.lower() for h in _BAD_IMAGE_HINTS):
            return src.strip()
    return None


def _titles(page: Page, root, era: Era, skip) -> list:
    return [t for t in _first(page, root, era.title, skip) if element_text(t)]


def _scope(era: Era, page: Page, skip):
    """(container, title elements) for an era, or (page root, [])."""
    # A selector's matches inside a container are among its matches in the
    # whole page: no title selector matching there, none matches in any
    # container (most eras do not match most pages).
    found = _first(page, page.root, era.title, skip)
    if not found:
        return page.root, []
    for selector in era.scope:
        for el in page.select(selector)[:MAX_SCOPES]:
            titles = [] if in_set(el, skip) else _titles(page, el, era, skip)
            if titles:
                return el, titles
    return page.root, [t for t in found if element_text(t)]


class EraMatch:
    """One era's field candidates on a page, each computed on first use.

    Most pages match one era and take most fields from JSON-LD/meta or from
    that era's first selectors: computing fields lazily skips the rest.
    """

    def __init__(self, era: Era, page: Page, skip, scope, title_el) -> None:
        self.era, self.page, self.skip, self.scope = era, page, skip, scope
        self.name = era.name
        self.title = element_text(title_el)

    def _select(self, selectors, skip=None):
        return _first(self.page, self.scope, selectors, self.skip if skip is None else skip)

    def _text(self, selectors) -> str | None:
        return next((element_text(e) for e in self._select(selectors) if element_text(e)), None)

    @cached_property
    def _dated(self) -> tuple[tuple[str, str] | None, DateLine | None]:
        """((iso, raw), its date line or None) from the first date element that parses,
        an update's date ("Mis à jour le ...") only when no other element gives one."""
        update = None
        for el in self._select(self.era.date):
            got = _date(el)
            if got and is_update(element_text(el)):
                update = update or got
            elif got:
                return got
        return update or (None, None)

    @property
    def published(self) -> tuple[str, str] | None:
        """(iso, raw) of the article's date."""
        return self._dated[0]

    @cached_property
    def section(self) -> str | None:
        line = self._dated[1]
        if line and line.section:
            return line.section
        # Breadcrumbs live in navigation chrome: looked up in the whole page, no skip.
        names = [element_text(e) for e in _first(self.page, self.page.root, self.era.section, frozenset())]
        names = [n for n in names if n and n.lower() not in ("accueil", "home") and n != self.title]
        return names[-1] if names else None

    @cached_property
    def author(self) -> str | None:
        line = self._dated[1]
        if line and line.author:
            return line.author
        author = self._text(self.era.author)
        return _BYLINE_PREFIX_RE.sub("", author).strip() or None if author else None

    @cached_property
    def lead(self) -> str | None:
        return self._text(self.era.lead)

    @cached_property
    def _body(self) -> tuple[list | None, bool]:
        """(body containers, whether a loose selector found them)."""
        for selector in self.era.body:
            bodies = self._select((selector,))
            if bodies:
                # Keep outermost containers only: nested matches would repeat paragraphs.
                outer = [b for b in bodies if not any(a in bodies for a in b.iterancestors())]
                return outer, selector in self.era.loose
        return None, False

    @property
    def body_roots(self) -> list | None:
        return self._body[0]

    @property
    def loose_body(self) -> bool:
        """The body containers came from a loose selector (``Era.loose``)."""
        return self._body[1]

    @cached_property
    def tag_links(self) -> list | None:
        # Tag links sit in the "Sujets associés" block, which is in ``skip``: avoid chrome only.
        return [a for a in self._select(self.era.tags, self.page.chrome) if a.tag == "a" and element_text(a)] or None

    @cached_property
    def image(self) -> str | None:
        return _image_src(self._select(self.era.image))


#: The era fields that compete with the JSON-LD and meta layers, by the key they share.
LAYERED: dict[str, Callable[[EraMatch], object]] = {
    "title": lambda match: match.title,
    "published": lambda match: match.published,
    "section": lambda match: match.section,
    "author": lambda match: match.author,
    "image": lambda match: match.image,
}


def match_era(era: Era, page: Page, skip) -> EraMatch | None:
    """The era's match on the page, or None when its title selectors do not match."""
    scope, titles = _scope(era, page, skip)
    return EraMatch(era, page, skip, scope, titles[0]) if titles else None


class Eras:
    """The eras matching a page, in table order, each matched on first use."""

    def __init__(self, page: Page, skip) -> None:
        self.page, self.skip = page, skip
        self._matched: list[EraMatch] = []
        self._next = 0

    def __iter__(self):
        yield from self._matched
        while self._next < len(ERAS):
            era = ERAS[self._next]
            self._next += 1
            found = match_era(era, self.page, self.skip)
            if found:
                self._matched.append(found)
                yield found

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    def values(self, key: str):
        """Lazy (layer, value-getter) candidates of one ``LAYERED`` field, era by era."""
        value_of = LAYERED[key]
        for match in self:
            yield f"selectors:{match.name}", (lambda m=match: value_of(m))
