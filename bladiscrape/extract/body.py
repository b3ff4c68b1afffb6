"""The lead and body steps: paragraphs from the page, weighed against JSON-LD and metadata.

A metadata description is the lead only when the page does not show it as an
ordinary first paragraph (and it matches the marked chapô when there is one);
a JSON-LD ``articleBody`` that is a truncated prefix of the page's body is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from bladiscrape.core.dates import parse_date_line
from bladiscrape.extract import generic, patterns
from bladiscrape.extract.draft import Draft, Field
from bladiscrape.extract.sources import Sources
from bladiscrape.extract.text import (
    Para,
    element_text,
    fold,
    is_boilerplate,
    join_paragraphs,
    paragraphs,
)

#: A fallback body shorter than this (characters) is page furniture, not an article.
MIN_FALLBACK_BODY = 80
#: In a fallback body, paragraphs whose text is mostly links are menus or teasers.
MAX_FALLBACK_LINK_DENSITY = 0.5
#: A paragraph whose text is this much link text is only links.
LINKS_ONLY = 0.9


@dataclass
class HtmlBody:
    """The body as the page's markup shows it: paragraphs, their layer and container."""

    paras: list[Para] = field(default_factory=list)
    layer: str = ""
    container: etree._Element | None = None
    #: Found by a loose era selector or the fallback: the generic layer weighs it.
    weak: bool = True


def lead_and_body(src: Sources, draft: Draft) -> None:
    """Set ``draft.lead``, ``draft.body`` and the in-body links (those of the body, then of the lead)."""
    html = html_body(src, draft)
    links = [a for p in html.paras for a in p.links]
    if html.weak and not _full_jsonld_body(src, html):
        html = weighed(src, draft, html)
    draft.lead = lead(src, html)
    is_lead = _same_text(draft.lead.value) if draft.lead else _never
    lead_links = [a for p in html.paras if is_lead(p.text) for a in p.links]
    html.paras = [p for p in html.paras if not is_lead(p.text)]
    draft.body = body(src, html, is_lead)
    if html.layer != generic.TRAFILATURA:
        links = [a for p in html.paras for a in p.links]
    # (trafilatura's text has no links: those of the block it was weighed against stand in)
    draft.links = src.links("in_body", links + lead_links)


def html_body(src: Sources, draft: Draft) -> HtmlBody:
    """Paragraphs of the first era body container, else the densest block."""
    for era in src.eras:
        roots = era.body_roots
        if roots:
            paras = [p for r in roots for p in paragraphs(r, src.body_skip)]
            paras = _clean(paras, draft, strict=False)
            if paras:
                return HtmlBody(paras, f"selectors:{era.name}", roots[0], weak=era.loose_body)
    container = src.densest[0]
    if container is not None:
        paras = _clean(paragraphs(container, src.body_skip), draft, strict=True)
        if sum(len(p.text) for p in paras) >= MIN_FALLBACK_BODY:
            return HtmlBody(paras, "fallback", container)
    return HtmlBody()


def weighed(src: Sources, draft: Draft, html: HtmlBody) -> HtmlBody:
    """A weak body weighed against trafilatura's text (``generic.weigh``)."""
    ours = [p.text for p in html.paras]
    if src.page.root.xpath("count(//*)") > generic.MAX_ELEMENTS:
        return html
    theirs = _clean_lines(generic.trafilatura_lines(src.html, src.page.url), src, draft)
    linked = sum(len(element_text(a)) for p in html.paras for a in p.links)
    known = " ".join(filter(None, (src.jl.get("description"), src.meta.get("description"), src.not_body_text())))
    choice = generic.weigh(ours, theirs, linked / max(1, sum(len(t) for t in ours)), known)
    if choice.theirs:
        return HtmlBody([Para(t) for t in choice.texts], generic.TRAFILATURA, html.container, weak=True)
    kept = set(choice.texts)
    return HtmlBody([p for p in html.paras if p.text in kept], html.layer, html.container, weak=True)


#: A line of trafilatura's text this short that holds a date is a byline or date line.
MAX_DATE_LINE = 80


def _clean_lines(lines: list[str], src: Sources, draft: Draft) -> list[str]:
    """Trafilatura's lines without what ``_clean`` drops from ours, date lines and
    lines that are a link's text elsewhere on the page ("À lire aussi : ...")."""
    anchors = src.anchor_texts
    # Position: what comes before the article's title or date line is the page's, not the article's.
    marks = {_key(f.value) for f in (draft.title, draft.published_raw) if f}
    starts = [i for i, line in enumerate(lines) if _key(line) in marks]
    if starts:
        lines = lines[starts[0] + 1 :]
    kept = []
    for para in _clean([Para(line) for line in lines], draft, strict=False):
        text = para.text
        if len(text) <= MAX_DATE_LINE and parse_date_line(text):
            continue
        if any(0.7 * len(text) <= len(a) <= len(text) and a in text for a in anchors):
            continue
        kept.append(text)
    return kept


def _clean(paras: list[Para], draft: Draft, strict: bool) -> list[Para]:
    """Drop furniture, the title and date lines; ``strict`` (fallback) also drops link lists."""
    title = draft.title.value if draft.title else ""
    raw = draft.published_raw.value if draft.published_raw else None
    kept = []
    for p in paras:
        if is_boilerplate(p.text) or p.text == raw:
            continue
        if len(p.text) == len(title) and fold(p.text) == fold(title):  # fold keeps lengths
            continue
        if _is_date_line(p.text) or (len(p.text) <= 60 and patterns.BYLINE_RE.match(p.text)):
            continue
        if "\n" in p.text and all(_is_heading_line(line, title) for line in p.text.split("\n")):
            continue  # "<b>title</b><br>date line" in a layout without blocks
        if p.links:
            linked = sum(len(element_text(a)) for a in p.links)
            # A paragraph that is nothing but links (a tag, "read also" titles) is
            # never text, in any container; the fallback also drops mostly-link ones.
            if linked >= LINKS_ONLY * len(p.text) or (strict and linked > MAX_FALLBACK_LINK_DENSITY * len(p.text)):
                continue
        kept.append(p)
    return kept


def _is_heading_line(line: str, title: str) -> bool:
    """The title or a (short) date line: the head of an article, not its text."""
    return (len(line) == len(title) and fold(line) == fold(title)) or (len(line) <= 80 and bool(parse_date_line(line)))


def _is_date_line(text: str) -> bool:
    """A paragraph that is a complete date line (rank 2 and up), not prose mentioning a date."""
    hint = len(text) < 250 and patterns.DATE_HINT.search(text[:80].lower())
    line = parse_date_line(text) if hint else None
    return bool(line and line.rank >= 2)


def lead(src: Sources, html: HtmlBody) -> Field[str] | None:
    """The marked chapô (era selectors, else a bold first paragraph), or a metadata description."""
    marked = next((Field(e.lead, f"selectors:{e.name}") for e in src.eras if e.lead), None)
    if not marked:
        bold = patterns.bold_lead(html.paras, html.container, src.skip)
        marked = Field(bold, "pattern") if bold else None
    return _description_lead(src, marked, html.paras) or marked


def _description_lead(src: Sources, marked: Field[str] | None, paras: list[Para]) -> Field[str] | None:
    for layer, desc in (("jsonld", src.jl.get("description")), ("meta", src.meta.get("description"))):
        if not desc or desc.rstrip().endswith(("...", "…", "(...)", "[...]")):
            continue
        if marked:
            return Field(desc, layer) if _key(desc) == _key(marked.value) else None
        if paras and _key(paras[0].text).startswith(_key(desc)):
            return None  # the page shows it as an ordinary first paragraph
        return Field(desc, layer)
    return None


def body(src: Sources, html: HtmlBody, is_lead) -> Field[str] | None:
    """JSON-LD ``articleBody`` unless it is a teaser of the page's text, else the page's paragraphs."""
    jl_body = [t for t in src.jl.get("body", []) if not is_boilerplate(t)]
    if jl_body and is_lead(jl_body[0]):
        jl_body = jl_body[1:]
    html_text = " ".join(p.text for p in html.paras)
    if jl_body and not _truncated_of(" ".join(jl_body), html_text):
        # Same text as the page: keep the page's paragraph breaks.
        texts = [p.text for p in html.paras] if _key(" ".join(jl_body)) == _key(html_text) else jl_body
        return Field(join_paragraphs(texts), "jsonld")
    if html.paras:
        return Field(join_paragraphs(p.text for p in html.paras), html.layer)
    return None


def _full_jsonld_body(src: Sources, html: HtmlBody) -> bool:
    """A JSON-LD ``articleBody`` that ``body`` will take (not a teaser of the page's text):
    then the page's own paragraphs need no weighing."""
    jl_body = " ".join(t for t in src.jl.get("body", []) if not is_boilerplate(t))
    return bool(jl_body) and not _truncated_of(jl_body, " ".join(p.text for p in html.paras))


def _never(text: str) -> bool:
    return False


def _same_text(reference: str):
    """A test for texts equal to ``reference`` up to case, accents and spacing."""
    key, size = _key(reference), len(reference)

    def same(text: str) -> bool:
        # Cheap length test first: folding every paragraph of a page adds up.
        return abs(len(text) - size) <= 0.1 * size + 5 and _key(text) == key

    return same


def _key(text: str) -> str:
    """Comparison key: folded, whitespace-free."""
    return "".join(fold(text).split())


def _truncated_of(short: str, full: str) -> bool:
    """True when ``short`` is a cut-down version of ``full`` (a JSON-LD teaser body)."""
    if not full:
        return False
    a, b = _key(short.rstrip(".… []()")), _key(full)
    return len(a) < 0.8 * len(b) and b.startswith(a[: max(len(a) - 3, 0)])
