"""Layer 3 (patterns): the blocks after the body, found by their heading *text*.

Whatever element carries it, a heading read case- and accent-insensitively as
"Sujets associés :" starts a run of tag links separated by " - "; "Aller plus
loin" starts the further-reading items (title + teaser); "Ces articles
devraient vous intéresser" (colon optional) the recommendations; "Les plus
lus" and similar start sidebars, whose links are never article links; and
"Suivez bladi.net sur ..." lines are follow buttons.

A block's extent runs from its heading to the next heading of the same or a
higher level, another known block, or navigation/footer, inside the smallest
element holding both the heading and the first link after it (items and
teasers: ``items``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from bladiscrape.core import furniture
from bladiscrape.extract.dom import Page
from bladiscrape.extract.items import block_items
from bladiscrape.extract.text import (
    BLOCK_TAGS,
    FURTHER_HEADING,
    HEADING_TAGS,
    RECOMMENDED_HEADING,
    SIDEBAR_HEADING_RE,
    TAG_HEADING,
    element_text,
    heading_key,
    is_follow_line,
    norm,
)

# Prefilter for heading text nodes and its literals (core.furniture, next to the headings it must cover).
_HEADING_TEXTS = furniture.HEADING_HINT_RE
_HEADING_LITERALS = furniture.HEADING_HINTS
# A long plain paragraph: article text, where a sidebar block must stop.
_BODYLIKE = etree.XPath("boolean(descendant-or-self::p[string-length(normalize-space(.)) > 200][not(ancestor::a)])")
_TAG_PHRASE_RE = re.compile(r"(?i)^.*?sujets?\s+associ\S*\s*:?")
#: What may separate two tag links: spaces and punctuation only.
_SEPARATORS_RE = re.compile(r"[\s\-–—,;:|/·•]*")

#: Text nodes longer than this are prose, not a block heading (the "Sujets
#: associés" node may also hold the separators before the first tag link).
MAX_HEADING_TEXT = 120


@dataclass
class Block:
    kind: str  # tag, further_reading, recommended, sidebar, follow
    node: etree._ElementUnicodeResult  # the text node holding the heading phrase
    top: etree._Element  # the heading element (or the element the phrase opens)
    inside: bool  # the phrase shares its element with the block's content
    start: int  # when inside: index of the first child after the phrase
    level: int
    roots: list = field(default_factory=list)  # subtrees making up the block
    links: list = field(default_factory=list)  # tag: <a> elements
    items: list = field(default_factory=list)  # further_reading/recommended: items.Item


@lru_cache(maxsize=4096)
def _heading(text: str) -> tuple[str, str | None]:
    """(``heading_key``, the block a heading phrase starts or None).

    Cached: the phrases are the site's template ("Aller plus loin"...).
    """
    key = heading_key(text)
    if key.startswith(TAG_HEADING):
        return key, "tag"
    if key == FURTHER_HEADING:
        return key, "further_reading"
    if key == RECOMMENDED_HEADING:
        return key, "recommended"
    if SIDEBAR_HEADING_RE.fullmatch(key):
        return key, "sidebar"
    if is_follow_line(text):
        return key, "follow"
    return key, None


def _level(el) -> int:
    # (a heading's subtree is small: a plain walk beats building a tag matcher)
    for sub in el.iter():
        if sub.tag in HEADING_TAGS:
            return int(sub.tag[1])
    return 2  # a heading styled with a class: treat as a section heading


def _other_text(parent, child) -> bool:
    """``parent`` shows text outside ``child``: then its text differs from the child's.

    Exits at the first visible piece, where comparing texts would serialise
    the whole parent (often the article's container).
    """
    if _visible(parent.text):
        return True
    for sib in parent:
        if _visible(sib.tail):
            return True
        if sib is not child and isinstance(sib.tag, str) and _shows_text(sib):
            return True
    return False


def _shows_text(el) -> bool:
    """``el``'s subtree holds visible text (its own tail aside)."""
    for sub in el.iter():
        if isinstance(sub.tag, str) and _visible(sub.text):
            return True
        if sub is not el and _visible(sub.tail):
            return True
    return False


def _visible(text: str | None) -> bool:
    # strip() first: most pieces are the newlines between tags
    return bool(text and text.strip() and norm(text))


def _climb(el, text: str):
    """Largest ancestor whose whole text is the heading (h2 inside a div.titre...)."""
    while True:
        parent = el.getparent()
        if (
            parent is None
            or parent.tag in ("body", "html")
            or _other_text(parent, el)
            or element_text(parent) != text
        ):
            return el
        el = parent


def _lca(a, b):
    mine = {a, *a.iterancestors()}
    while b is not None and b not in mine:
        b = b.getparent()
    return b


def find_blocks(page: Page) -> list[Block]:
    blocks = []
    # Longer nodes are sentences that happen to contain "plus loin"...
    for node in page.texts_matching(_HEADING_TEXTS, MAX_HEADING_TEXT, _HEADING_LITERALS):
        key, kind = _heading(str(node))
        if kind is None:
            continue
        owner = node.getparent()
        carrier = owner if node.is_text else owner.getparent()
        # A link reading "Aller plus loin" is a read-more link, not a heading.
        if carrier is None or (owner.tag == "a" and kind in ("tag", "further_reading", "recommended")):
            continue
        text = element_text(carrier)
        if kind == "follow" or heading_key(text) == key:
            top = _climb(carrier, text)
            if kind == "sidebar" and top.tag == "h1":
                continue  # "À la une" as the page's own title (home page), not a sidebar
            blocks.append(Block(kind, node, top, False, 0, _level(top)))
        else:
            start = 0 if node.is_text else carrier.index(owner) + 1
            blocks.append(Block(kind, node, carrier, True, start, 2))
    return blocks


class _StopIndex:
    """The elements that may end a page's blocks: every block's heading, and
    generic headings and nav/footer (``generic``: (element, level)); indexed
    once per page, for each block's ``_Stoppers``."""

    def __init__(self, blocks: list[Block], generic: list) -> None:
        self.tops = {b.top for b in blocks}
        self.levels = dict(generic)
        self.below: dict = {}  # element -> the indexed elements inside it
        for el in [*self.tops, *self.levels]:
            for anc in el.iterancestors():
                self.below.setdefault(anc, []).append(el)


class _Stoppers:
    """Where one block ends: another block's heading, a generic heading of the
    same or a higher level (a lower number), navigation or footer."""

    def __init__(self, index: _StopIndex, block: Block) -> None:
        self.index, self.top, self.level = index, block.top, block.level

    def __contains__(self, el) -> bool:
        index = self.index
        return el is not self.top and (el in index.tops or index.levels.get(el, 99) <= self.level)

    def encloses(self, el) -> bool:
        """``el`` holds a stopper (the block ends inside it)."""
        return any(inner in self for inner in self.index.below.get(el, ()))


def _collect(block: Block, scope, stoppers: _Stoppers) -> list:
    roots: list = []

    def take(seq) -> bool:  # True when a stopper ended the block
        for el in seq:
            if not isinstance(el.tag, str):
                continue
            if el in stoppers or (block.kind == "sidebar" and roots and _BODYLIKE(el)):
                return True
            if stoppers.encloses(el):
                take(list(el))
                return True
            roots.append(el)
        return False

    if block.inside:
        # The phrase opens an element holding the items: the block ends with it.
        if take(block.top[block.start :]) or any(next(r.iter("a"), None) is not None for r in roots):
            return roots
    else:
        roots.append(block.top)
    node = block.top
    while node is not None and node is not scope:
        if take(node.itersiblings()):
            break
        node = node.getparent()
    return roots


def _generic_headings(page: Page) -> list:
    """(element, level) of headings that are not links, plus nav/footer (level 0)."""
    out = []
    for el in page.body.iter("h1", "h2", "h3", "h4", "h5", "h6", "nav", "footer"):
        if el.tag in ("nav", "footer"):
            out.append((el, 0))
        elif (
            next(el.iter("a"), None) is None
            and next(el.iterancestors("a"), None) is None
            and element_text(el)
        ):
            out.append((el, int(el.tag[1])))
    return out


def _first_link(el, inside: bool):
    """The first ``<a href>`` after ``el`` in document order (or inside it when ``inside``)."""
    if inside:
        for a in el.iter("a"):
            if a.get("href"):
                return a
    node = el
    while node is not None:
        for sib in node.itersiblings():
            for a in sib.iter("a"):
                if a.get("href"):
                    return a
        node = node.getparent()
    return None


def _tag_run(block: Block, scope, stoppers) -> list:
    """Tag links right after "Sujets associés", separated only by punctuation."""
    node, owner = block.node, block.node.getparent()
    rest = _TAG_PHRASE_RE.sub("", str(node), count=1)
    sep = _SEPARATORS_RE.fullmatch
    # clean: the text since the phrase or the last link is separators only
    # (a run of a character class: checked piece by piece)
    started, clean, links, in_link = False, True, [], None
    for event, el in etree.iterwalk(scope, events=("start", "end")):
        if event == "start":
            if started and in_link is None:
                if el in stoppers:
                    break
                if el.tag == "a" and el.get("href"):
                    if not clean:
                        break
                    links.append(el)
                    in_link, clean = el, True
                    continue
            if el is owner and node.is_text:
                started, clean = True, bool(sep(rest))
            elif started and in_link is None and el.text:
                clean = clean and bool(sep(el.text))
        else:
            if el is in_link:
                in_link = None
            if el is owner and node.is_tail:
                started, clean = True, bool(sep(rest))
            elif started and in_link is None and el.tail and el is not scope:
                clean = clean and bool(sep(el.tail))
        if started and not clean:
            break
    return links


def resolve_blocks(page: Page, blocks: list[Block]) -> set:
    """Fill each block's extent, tag links and items; return the subtrees to skip as body text."""
    generic = _generic_headings(page) if any(b.kind != "follow" for b in blocks) else []
    index = _StopIndex(blocks, generic)
    skip = set()
    for block in blocks:
        if block.kind == "follow":
            el = block.top
            while el.tag not in BLOCK_TAGS and el.getparent() is not None:
                el = el.getparent()
            if len(element_text(el)) < 200:  # never drop a whole body container
                skip.add(el)
            continue
        stoppers = _Stoppers(index, block)
        first = _first_link(block.top, block.inside)
        scope = _lca(block.top, first) if first is not None else block.top.getparent()
        if block.kind == "tag":
            block.links = _tag_run(block, scope, stoppers)
            region = _lca(block.top, block.links[-1]) if block.links else block.top
            names = sum(len(element_text(a)) for a in block.links)
            if len(element_text(region)) <= 1.5 * names + 100:
                skip.add(region)
            else:
                skip.update(block.links)
                if not block.inside:
                    skip.add(block.top)
            continue
        block.roots = _collect(block, scope, stoppers)
        if block.kind in ("further_reading", "recommended"):
            block.items = block_items(page, block.roots, stoppers)
        if block.items or block.kind == "sidebar":
            skip.update(block.roots)
        elif not block.inside:
            skip.add(block.top)
    return skip
