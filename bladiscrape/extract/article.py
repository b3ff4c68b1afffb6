"""One page's extraction: field steps fill a ``Draft``, then the page kind is decided.

Read top to bottom: ``extract_article`` runs ``FIELD_STEPS``, refuses an
error page, a listing or a page with no article markers from what they found
(``not_article_reason``), then finds the lead and body and decides from those
(``verdict``), and only for an article runs ``ARTICLE_STEPS`` and turns the
draft into an ``ArticleRecord``.
Each step takes the page's ``Sources`` and the ``Draft`` and sets its fields.
"""

from __future__ import annotations

from datetime import date

from bladiscrape.core import urls
from bladiscrape.core.dates import plausible, wall_clock
from bladiscrape.extract import classify, fallback, generic, patterns
from bladiscrape.extract.body import lead_and_body
from bladiscrape.extract.draft import Draft, Field, first
from bladiscrape.extract.eras import ERAS
from bladiscrape.extract.sources import Sources
from bladiscrape.extract.text import element_text, fold
from bladiscrape.model import Link, PageResult


def extract_article(root, url: str, site: str | None, html: str) -> PageResult:
    """The article of a parsed page (``root`` is modified: scripts and styles are stripped)."""
    src = Sources(root, url, site, html)
    draft = Draft(url=src.url)
    for step in FIELD_STEPS:
        step(src, draft)
    # A listing or an error page is refused on its dates, teasers and prose, none of which the
    # body changes. Refused first, it is spared the body's search: a listing's loose container is
    # weighed against trafilatura's text, 30 ms a listing page where an article takes 1.5.
    reason = not_article_reason(src, draft)
    if reason:
        return PageResult("not_article", reason=reason)
    lead_and_body(src, draft)
    rejected = verdict(src, draft)
    if rejected:
        return rejected
    for step in ARTICLE_STEPS:
        step(src, draft)
    return PageResult("article", article=draft.record())


# --- content steps: what the page kind is decided from --------------------------------


def published(src: Sources, draft: Draft) -> None:
    """``published_at`` and ``published_raw``, from one layer: (iso, raw) come together."""
    found = first(src.layered("published", ("pattern", lambda: (src.line.iso, src.line.raw) if src.line else None)))
    if found:
        iso, raw = found.value
        if found.layer in ("jsonld", "meta"):
            iso = _as_shown(iso, raw, lambda: src.line)
        draft.published_at, draft.published_raw = Field(iso, found.layer), Field(raw, found.layer)


def _as_shown(iso: str, raw: str, line) -> str:
    """A metadata instant, unless the page's own date line shows another day.

    The date line is Moroccan wall-clock time. When converting the metadata's
    offset moves its day across midnight away from the day the page shows,
    and the metadata's own clock reads that shown day, the offset is the
    server's, not the article's: the clock reading is the local time.
    """
    shown = wall_clock(raw)
    if not shown or shown[:10] == iso[:10]:
        return iso  # (no midnight crossed: the date line is not even looked for)
    line = line()
    if not line or line.rank == 0 or line.iso[:10] == iso[:10]:
        return iso
    return shown if shown[:10] == line.iso[:10] else iso


def title(src: Sources, draft: Draft) -> None:
    def before_date_line():
        # A date-only line ("18 septembre 2011 - Par X") is trusted as the title's mark
        # only on pages with no <h1>: elsewhere dates of that kind sit in teasers too.
        line = src.line
        least = 1 if src.page.root.find(".//h1") is None else 2
        return patterns.title_before(src.line_element, src.skip) if line and line.rank >= least else None

    draft.title = first(
        src.layered(
            "title",
            ("pattern", before_date_line),
            ("fallback", lambda: fallback.first_h1(src.page, src.skip)),
            ("fallback", src.meta.get("title_tag")),
        )
    )


def section(src: Sources, draft: Draft) -> None:
    draft.section = first(src.layered("section", ("pattern", lambda: src.line.section if src.line else None)))


def author(src: Sources, draft: Draft) -> None:
    draft.author = first(src.layered(
        "author",
        ("pattern", lambda: src.line.author if src.line else None),
        ("pattern", lambda: patterns.byline(src.page, src.skip)),
    ))


#: Steps run on every page, in order, before the page kind is decided. The body
#: (``lead_and_body``, run after them on pages that may be articles) drops
#: paragraphs repeating the title and the date line, so those come first.
FIELD_STEPS = (published, title, section, author)


# --- the decision ---------------------------------------------------------------------


def verdict(src: Sources, draft: Draft) -> PageResult | None:
    """Why a page that ``not_article_reason`` let through is not (or not quite) an article, from its
    body and fields, as a ``PageResult``; None for an article."""
    if not (draft.body and draft.body.value) and src.meta.get("refresh"):
        return PageResult("not_article", reason=f"redirect to {src.meta['refresh']}")
    missing = draft.missing()
    if missing:
        return PageResult("incomplete", reason=f"no {missing} found")
    return None


def not_article_reason(src: Sources, draft: Draft) -> str | None:
    """Why the page is an error page, a listing or no article at all; None when it may be an article."""
    dated = bool(draft.published_at and draft.published_at.value)
    strong = len(src.jsonld) == 1 or bool(src.meta.get("article_meta"))
    if not strong and not dated:
        error = classify.error_reason(src.meta.get("title_tag"), *classify.h1_texts(src.page))
        if error:
            return error
    # Teasers in chrome, related blocks and sidebars do not count. With no
    # date at all, even one teaser makes a (short) tag or rubric page.
    least = classify.MIN_TEASERS if dated else 1
    listing = None if strong or _single_date(src, draft) else classify.listing_reason(src.page, src.skip, least)
    # A page holding an article's worth of prose outside its teasers is an
    # article that also lists others (a sidebar without a telling class, "read also" items).
    if listing and not _prose(src):
        return listing
    marked = strong or dated or src.meta.get("og_type") == "article" or bool(src.eras)
    if not (marked or urls.looks_like_article(src.url.value) or _prose(src)):
        return "no article markers (no date, no article metadata or template)"
    return None


#: Characters of prose (``fallback.densest``) that make a page an article whatever else it shows.
ARTICLE_PROSE = 600


def _prose(src: Sources) -> bool:
    return src.densest[1] >= ARTICLE_PROSE


ERAS_BY_NAME = {era.name: era for era in ERAS}


def _single_date(src: Sources, draft: Draft) -> bool:
    """One article date: from the template's date element, or a date line
    that no other line on the page matches in completeness (teasers carry dates too)."""
    layer = draft.published_at.layer if draft.published_at else ""
    if layer.startswith("selectors:") and not ERAS_BY_NAME[layer.removeprefix("selectors:")].generic:
        return True
    line = src.line
    return bool(line and line.rank >= 2 and sum(other.rank >= line.rank for other, _ in src.lines) == 1)


# --- article steps --------------------------------------------------------------------


def tags(src: Sources, draft: Draft) -> None:
    """Tag names, once each (compared folded), in page order."""
    layer, anchors = src.tag_anchors
    names = [element_text(a) for a in anchors]
    found = first([("jsonld", src.jl.get("tags")), ("meta", src.meta.get("tags")), (layer, names)])
    if found:
        unique: dict[str, str] = {}
        for tag in found.value:
            unique.setdefault(fold(tag), tag)
        draft.tags = Field(list(unique.values()), found.layer)


def links(src: Sources, draft: Draft) -> None:
    """After the in-body links (set with the body): tag links, then the related blocks'."""
    draft.links += src.links("tag", src.tag_anchors[1])
    for kind in ("further_reading", "recommended"):
        items = [i for b in src.blocks if b.kind == kind for i in b.items]
        seen = set()
        for item in items:
            if item.url not in seen:
                seen.add(item.url)
                draft.links.append(Link(item.url, kind, item.anchor, item.teaser, len(seen)))


def image(src: Sources, draft: Draft) -> None:
    found = first(src.layered("image"))
    if found:
        draft.image_url = Field(src.page.absolute(found.value) or found.value, found.layer)


def published_elsewhere(src: Sources, draft: Draft) -> None:
    """htmldate's day when no layer found a date (after the verdict: a date it
    finds in a footer must not make an error page or a listing look like an article)."""
    if draft.published_at:
        return
    day = generic.htmldate_day(src.html, src.page.url)
    if day and plausible(date.fromisoformat(day)):
        draft.published_at = Field(day, generic.HTMLDATE)


#: Steps only an article needs, in order (links keep the order of ``model.LINK_KINDS``).
ARTICLE_STEPS = (published_elsewhere, tags, links, image)
