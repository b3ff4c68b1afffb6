"""What the layers read on one page: structured data, the parsed page and its furniture."""

from __future__ import annotations

from functools import cached_property
from itertools import chain
from urllib.parse import urlsplit

from lxml import etree

from bladiscrape.core.dates import DateLine
from bladiscrape.extract import blocks, fallback, patterns, structured
from bladiscrape.extract.dom import Page, canonical_url
from bladiscrape.extract.draft import Field
from bladiscrape.extract.eras import Eras
from bladiscrape.extract.text import element_text, norm
from bladiscrape.model import Link


class Sources:
    """One page's layers: JSON-LD and meta (read before scripts are stripped),
    the page, its blocks and era matches, and its date lines (found on first use)."""

    def __init__(self, root, url: str, site: str | None, html: str) -> None:
        self.html = html
        head = structured.head_elements(root)
        self.jsonld = structured.jsonld_articles(head["script"])
        self.jl = structured.jsonld_fields(self.jsonld[0]) if self.jsonld else {}
        self.meta = structured.meta_fields(head)
        etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
        self.page = page = Page(root, url, site, html)
        self.url = _page_url(page, self.meta.get("canonical"))
        page.self_url = self.url.value
        self.blocks = blocks.find_blocks(page)
        self.skip = page.chrome | blocks.resolve_blocks(page, self.blocks)
        # The article's own <header> holds title and date, never body text.
        self.body_skip = self.skip | set(root.iter("header"))
        self.eras = Eras(page, self.skip)
        #: Blocks of teasers met by ``densest`` (filled when it runs).
        self.teaser_blocks: list = []

    def not_body_text(self) -> str:
        """Text the layers know is not the article's: chrome, related blocks, teaser blocks."""
        self.densest  # noqa: B018 (fills teaser_blocks)
        return " ".join(element_text(el) for el in (*self.skip, *self.teaser_blocks))

    @cached_property
    def anchor_texts(self) -> list[str]:
        """Texts of the page's links to other pages long enough to be titles (teasers, "read also")."""
        texts = (element_text(a) for a in self.page.root.iter("a") if a.get("href"))
        return [t for t in dict.fromkeys(texts) if len(t) >= 20]

    @cached_property
    def densest(self) -> tuple[object, float]:
        """(the densest block of prose, its characters of prose): ``fallback.densest``."""
        return fallback.densest(self.page, self.body_skip, self.teaser_blocks)

    @cached_property
    def lines(self) -> list[tuple[DateLine, object]]:
        """Date lines of the whole page (pattern layer), with their elements."""
        return patterns.find_date_lines(self.page, self.skip)

    @cached_property
    def _best_line(self) -> tuple[DateLine | None, object]:
        return patterns.best_date_line(self.lines) or (None, None)

    @property
    def line(self) -> DateLine | None:
        """The page's date line (pattern layer), or None."""
        return self._best_line[0]

    @property
    def line_element(self):
        """The element holding ``line``, or None."""
        return self._best_line[1]

    @cached_property
    def tag_anchors(self) -> tuple[str, list]:
        """(layer, ``<a>`` elements) of the tag links: the first era's, else the "Sujets associés" blocks'."""
        era = next((e for e in self.eras if e.tag_links), None)
        if era:
            return f"selectors:{era.name}", era.tag_links
        return "pattern", [a for b in self.blocks if b.kind == "tag" and b.links for a in b.links]

    def links(self, kind: str, anchors) -> list[Link]:
        """Links of one kind from ``<a>`` elements: resolved, self-links and repeats dropped."""
        out: list[Link] = []
        seen = set()
        for a in anchors:
            url = self.page.absolute(a.get("href"))
            if not url or url == self.url.value or url in seen:
                continue
            seen.add(url)
            text = element_text(a) or norm(a.get("title")) or None
            out.append(Link(url, kind, text, None, len(out) + 1))
        return out

    def layered(self, key: str, *tail):
        """Candidates for ``key``: JSON-LD, meta, each matching era, then ``tail``."""
        return chain(
            [("jsonld", self.jl.get(key)), ("meta", self.meta.get(key))], self.eras.values(key), tail
        )


def _page_url(page: Page, canonical_href: str | None) -> Field[str]:
    """The page's URL: its ``<link rel=canonical>`` unless that is a site root."""
    if canonical_href:
        canonical = canonical_url(canonical_href, base=page.base, site=page.site)
        if canonical and urlsplit(canonical).path not in ("", "/"):
            return Field(canonical, "meta")
    return Field(canonical_url(page.url, site=page.site) or page.url, "fallback")
