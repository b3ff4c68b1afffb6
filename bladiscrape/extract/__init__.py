"""Pure, layered article extraction: HTML bytes + URL -> ``PageResult``.

No network, no Scrapy objects. Layers, in order; each field takes the first
layer that yields it and ``ArticleRecord.extraction`` records which one:

1. ``jsonld``    JSON-LD Article objects
   ``meta``      OpenGraph / ``article:*`` / other ``<meta>``, ``<link rel=canonical>``
2. ``selectors:<era>``  per-era CSS selectors (``eras.ERAS``)
3. ``pattern``   text patterns: the date line, "Sujets associés", "Aller plus loin"...
4. ``fallback``  densest block of paragraphs, first ``<h1>``/``<title>``

Exceptions, each to avoid recording something the page does not say:
a metadata description is the lead only when the page does not show it as an
ordinary first paragraph (and it matches the marked chapô when there is one);
a JSON-LD ``articleBody`` that is a truncated prefix of the page's body is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain
from urllib.parse import urlsplit

from lxml import etree

from bladiscrape.core import urls
from bladiscrape.model import ArticleRecord, Link, PageResult
from bladiscrape.extract import blocks, classify, fallback, patterns, structured
from bladiscrape.core.dates import parse_date_line, parse_french_date, parse_instant, parse_listing_date
from bladiscrape.core.decode import decode_html
from bladiscrape.extract.dom import Page, canonical_url, parse
from bladiscrape.extract.eras import ERAS, Eras
from bladiscrape.extract.text import Para, cached_texts, element_text, fold, is_boilerplate, join_paragraphs, norm, paragraphs

__all__ = [
    "ERAS",
    "PARSER_VERSION",
    "extract",
    "parse_date_line",
    "parse_french_date",
    "parse_instant",
    "parse_listing_date",
]

#: Bumped whenever extraction output changes for some page.
PARSER_VERSION = "1.0"

#: A fallback body shorter than this (characters) is page furniture, not an article.
MIN_FALLBACK_BODY = 80
#: In a fallback body, paragraphs whose text is mostly links are menus or teasers.
MAX_FALLBACK_LINK_DENSITY = 0.5


def extract(
    html: bytes, url: str, headers: Mapping[str, str] | None = None, site: str | None = None
) -> PageResult:
    """Extract the article of one page fetched from ``url`` (``site``: the crawled origin)."""
    text, _encoding, data = decode_html(html, headers)
    reason = classify.feed_reason(text, headers)
    if reason:
        return PageResult("not_article", reason=reason)
    root = parse(text, data)
    if root is None or root.find("body") is None:
        return PageResult("not_article", reason="empty or non-HTML document")
    with cached_texts():  # (texts are only read once _Extraction has stripped the scripts)
        return _Extraction(root, url, site, text).run()


class _Extraction:
    """One page's extraction: field candidates by layer, then the page kind."""

    def __init__(self, root, url: str, site: str | None, html: str) -> None:
        head = structured.head_elements(root)
        self.jsonld = structured.jsonld_articles(head["script"])
        self.jl = structured.jsonld_fields(self.jsonld[0]) if self.jsonld else {}
        self.meta = structured.meta_fields(head)
        etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
        self.page = page = Page(root, url, site, html)
        self.url, self.url_layer = self._page_url()
        page.self_url = self.url
        self.blocks = blocks.find_blocks(page)
        self.skip = page.chrome | blocks.resolve_blocks(page, self.blocks)
        # The article's own <header> holds title and date, never body text.
        self.body_skip = self.skip | set(root.iter("header"))
        self.eras = Eras(page, self.skip)
        self._lines = None
        self.record: dict = {}
        self.layers: dict[str, str] = {}

    # --- helpers -----------------------------------------------------------------

    def _page_url(self) -> tuple[str, str]:
        href = self.meta.get("canonical")
        if href:
            canonical = canonical_url(href, base=self.page.base, site=self.page.site)
            if canonical and urlsplit(canonical).path not in ("", "/"):
                return canonical, "meta"
        return canonical_url(self.page.url, site=self.page.site) or self.page.url, "fallback"

    def _take(self, name: str, candidates) -> object:
        """Set ``name`` from the first (layer, value) candidate with a value.

        A value may be a callable, evaluated only when earlier layers gave nothing.
        """
        for layer, value in candidates:
            if callable(value):
                value = value()
            if value:
                self.record[name] = value
                self.layers[name] = layer
                return value
        return None

    @property
    def lines(self):
        """Date lines of the whole page (pattern layer), searched on first use."""
        if self._lines is None:
            self._lines = patterns.find_date_lines(self.page, self.skip)
            best = patterns.best_date_line(self._lines)
            self._line, self._line_el = best if best else (None, None)
        return self._lines

    @property
    def line(self):
        """The page's date line (pattern layer), or None."""
        self.lines
        return self._line

    def _layered(self, key: str, *tail):
        """Candidates for ``key``: JSON-LD, meta, each matching era, then ``tail``."""
        return chain(
            [("jsonld", self.jl.get(key)), ("meta", self.meta.get(key))], self.eras.values(key), tail
        )

    # --- fields ------------------------------------------------------------------

    def _dates(self) -> None:
        def pattern(name):
            return lambda: getattr(self.line, name) if self.line else None

        published = self._take(
            "published",
            self._layered("published", ("pattern", lambda: (self.line.iso, self.line.raw) if self.line else None)),
        )
        if published:
            self.record["published_at"], self.record["published_raw"] = published
            self.layers["published_at"] = self.layers["published_raw"] = self.layers.pop("published")

        def pattern_title():
            if self.line and self.line.rank >= 2:
                return patterns.title_before(self._line_el, self.skip)
            return None

        self._take(
            "title",
            self._layered(
                "title",
                ("pattern", pattern_title),
                ("fallback", lambda: fallback.first_h1(self.page, self.skip)),
                ("fallback", self.meta.get("title_tag")),
            ),
        )
        for name in ("section", "author"):
            self._take(name, self._layered(name, ("pattern", pattern(name))))

    def _html_body(self) -> tuple[list[Para], str | None, object]:
        """Paragraphs of the first era body container, else the densest block."""
        for era in self.eras:
            roots = era.get("body_roots")
            if roots:
                paras = [p for r in roots for p in paragraphs(r, self.body_skip)]
                paras = self._clean(paras, False)
                if paras:
                    return paras, f"selectors:{era.name}", roots[0]
        container = fallback.densest_container(self.page, self.body_skip)
        if container is not None:
            paras = self._clean(paragraphs(container, self.body_skip), True)
            if sum(len(p.text) for p in paras) >= MIN_FALLBACK_BODY:
                return paras, "fallback", container
        return [], None, None

    def _clean(self, paras: list[Para], strict: bool) -> list[Para]:
        """Drop furniture, the title and date lines; ``strict`` (fallback) also drops link lists."""
        title = self.record.get("title") or ""
        raw = self.record.get("published_raw")
        kept = []
        for p in paras:
            if is_boilerplate(p.text) or p.text == raw:
                continue
            if len(p.text) == len(title) and fold(p.text) == fold(title):  # fold keeps lengths
                continue
            hint = len(p.text) < 250 and patterns.DATE_HINT.search(p.text[:80].lower())
            line = parse_date_line(p.text) if hint else None
            if line and line.rank >= 2:
                continue
            if strict and p.links:
                linked = sum(len(element_text(a)) for a in p.links)
                if linked > MAX_FALLBACK_LINK_DENSITY * len(p.text):
                    continue
            kept.append(p)
        return kept

    def _lead_and_body(self) -> None:
        html_paras, html_layer, container = self._html_body()
        html_lead = next(((f"selectors:{e.name}", e.get("lead")) for e in self.eras if e.get("lead")), None)
        if not html_lead:
            bold = patterns.bold_lead(html_paras, container, self.skip)
            html_lead = ("pattern", bold) if bold else None
        lead = self._description_lead(html_lead, html_paras) or html_lead
        if lead:
            self.record["lead"], self.layers["lead"] = lead[1], lead[0]
        is_lead = _same_text(lead[1]) if lead else (lambda text: False)
        self.lead_links = [a for p in html_paras if is_lead(p.text) for a in p.links]
        html_paras = [p for p in html_paras if not is_lead(p.text)]
        self.body_paras = html_paras
        jl_body = [t for t in self.jl.get("body", []) if not is_boilerplate(t)]
        if jl_body and is_lead(jl_body[0]):
            jl_body = jl_body[1:]
        html_text = " ".join(p.text for p in html_paras)
        if jl_body and not _truncated_of(" ".join(jl_body), html_text):
            # Same text as the page: keep the page's paragraph breaks.
            texts = [p.text for p in html_paras] if _key(" ".join(jl_body)) == _key(html_text) else jl_body
            self.record["body"], self.layers["body"] = join_paragraphs(texts), "jsonld"
        elif html_paras:
            self.record["body"], self.layers["body"] = join_paragraphs(p.text for p in html_paras), html_layer

    def _description_lead(self, html_lead, html_paras) -> tuple[str, str] | None:
        for layer, desc in (("jsonld", self.jl.get("description")), ("meta", self.meta.get("description"))):
            if not desc or desc.rstrip().endswith(("...", "…", "(...)", "[...]")):
                continue
            if html_lead:
                return (layer, desc) if _key(desc) == _key(html_lead[1]) else None
            if html_paras and _key(html_paras[0].text).startswith(_key(desc)):
                return None  # the page shows it as an ordinary first paragraph
            return layer, desc
        return None

    def _tags_and_links(self) -> None:
        tag_blocks = [b for b in self.blocks if b.kind == "tag" and b.links]
        era = next((e for e in self.eras if e.get("tag_links")), None)
        pattern_links = [a for b in tag_blocks for a in b.links]
        tag_links = era.get("tag_links") if era else pattern_links
        tag_layer = f"selectors:{era.name}" if era else "pattern"
        names = [element_text(a) for a in tag_links]
        tags = self._take(
            "tags",
            [("jsonld", self.jl.get("tags")), ("meta", self.meta.get("tags")), (tag_layer, names)],
        )
        if tags:
            unique: dict[str, str] = {}
            for tag in tags:
                unique.setdefault(fold(tag), tag)
            self.record["tags"] = list(unique.values())
        links: list[Link] = []
        links += self._links("in_body", [a for p in self.body_paras for a in p.links] + self.lead_links)
        links += self._links("tag", tag_links)
        for kind in ("further_reading", "recommended"):
            items = [i for b in self.blocks if b.kind == kind for i in b.items]
            seen, n = set(), 0
            for item in items:
                if item.url not in seen:
                    seen.add(item.url)
                    n += 1
                    links.append(Link(item.url, kind, item.anchor, item.teaser, n))
        self.record["links"] = links

    def _links(self, kind: str, anchors) -> list[Link]:
        """Links of one kind from ``<a>`` elements: resolved, self-links and repeats dropped."""
        out, seen = [], set()
        for a in anchors:
            url = self.page.absolute(a.get("href"))
            if not url or url == self.url or url in seen:
                continue
            seen.add(url)
            text = element_text(a) or norm(a.get("title")) or None
            out.append(Link(url, kind, text, None, len(out) + 1))
        return out

    def _image(self) -> None:
        image = self._take("image_url", self._layered("image"))
        if image:
            self.record["image_url"] = self.page.absolute(image) or image

    # --- decision ------------------------------------------------------------------

    def run(self) -> PageResult:
        self._dates()
        self._lead_and_body()
        reason = self._not_article()
        if reason:
            return PageResult("not_article", reason=reason)
        title, body = self.record.get("title"), self.record.get("body")
        if not body and self.meta.get("refresh"):
            return PageResult("not_article", reason=f"redirect to {self.meta['refresh']}")
        if not title or not body:
            missing = "title" if not title else "body"
            return PageResult("incomplete", reason=f"no {missing} found")
        self._tags_and_links()
        self._image()
        self.layers["url"] = self.url_layer
        return PageResult("article", article=self._article())

    def _not_article(self) -> str | None:
        strong = len(self.jsonld) == 1 or bool(self.meta.get("article_meta"))
        # One article date: from the template's date element, or a date line
        # that no other line on the page matches in completeness (teasers carry dates too).
        layer = self.layers.get("published_at", "")
        single_date = layer.startswith("selectors:") or bool(
            self.line and self.line.rank >= 2 and sum(l.rank >= self.line.rank for l, _ in self.lines) == 1
        )
        if not strong and not self.record.get("published_at"):
            error = classify.error_reason(self.meta.get("title_tag"), *classify.h1_texts(self.page))
            if error:
                return error
        # Teasers in chrome, related blocks and sidebars do not count. With no
        # date at all, even one teaser makes a (short) tag or rubric page.
        least = classify.MIN_TEASERS if self.record.get("published_at") else 1
        listing = None if strong or single_date else classify.listing_reason(self.page, self.skip, least)
        if listing:
            return listing
        looks = (
            strong
            or self.meta.get("og_type") == "article"
            or bool(self.record.get("published_at"))
            or bool(self.eras)
            or urls.looks_like_article(self.url)
        )
        if not looks:
            return "no article markers (no date, no article metadata or template)"
        return None

    def _article(self) -> ArticleRecord:
        r = self.record
        return ArticleRecord(
            url=self.url,
            id=urls.article_id(self.url),
            slug=urls.slug(self.url),
            title=r["title"],
            body=r["body"],
            lead=r.get("lead"),
            published_at=r.get("published_at"),
            published_raw=r.get("published_raw"),
            section=r.get("section"),
            author=r.get("author"),
            tags=r.get("tags") or [],
            image_url=r.get("image_url"),
            links=r.get("links") or [],
            extraction=dict(sorted(self.layers.items())),
        )


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
