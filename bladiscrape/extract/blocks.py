"""Layer 3 (patterns): the blocks after the body, found by their heading *text*.

Whatever element carries it, a heading read case- and accent-insensitively as
"Sujets associés :" starts a run of tag links separated by " - "; "Aller plus
loin" starts the further-reading items (title + teaser); "Ces articles
devraient vous intéresser" (colon optional) the recommendations; "Les plus
lus" and similar start sidebars, whose links are never article links; and
"Suivez bladi.net sur ..." lines are follow buttons.

A block's extent runs from its heading to the next heading of the same or a
higher level, another known block, or navigation/footer, inside the smallest
element holding both the heading and the first link after it. Items are
grouped by target URL; a teaser is the item's text other than its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .dom import Page
from .text import (
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
    paragraphs,
)

# Prefilter for heading text nodes, run on lowercased text (accents optional); exact checks follow.
_HEADING_TEXTS = re.compile(
    r"associ|plus\s+(?:loin|lus?\b|comment|partag|vus?\b)|devraient\s+vous|suivez|la\s+une|derni[eè]r"
)
# The title inside a teaser link: a heading, a "titre"/"title" class, or bold text.
_ITEM_TITLE = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    " or contains(@class, 'titre') or contains(@class, 'title')]"
    " | .//strong | .//b"
)
# Dates shown in a teaser (listing markup reuses span.accueildate): not teaser text.
_DATE_BITS = etree.XPath(".//time | .//*[contains(@class, 'date')]")
# A long plain paragraph: article text, where a sidebar block must stop.
_BODYLIKE = etree.XPath("boolean(descendant-or-self::p[string-length(normalize-space(.)) > 200][not(ancestor::a)])")
_TAG_PHRASE_RE = re.compile(r"(?i)^.*?sujets?\s+associ\S*\s*:?")
#: What may separate two tag links: spaces and punctuation only.
_SEPARATORS_RE = re.compile(r"[\s\-–—,;:|/·•]*")
_LEADING_DATE_RE = re.compile(r"^\s*(?:le\s+)?\d{1,2}(?:er)?\s+\S+\s+\d{4}(?:\s*[-,à]\s*\d{1,2}h\d{0,2})?\s*[-:|]?\s*", re.I)
_READ_MORE_RE = re.compile(r"\s*(?:lire la suite|lire plus|en savoir plus|suite)\s*(?:\.\.\.|…|»|>)?\s*$", re.I)

#: Text nodes longer than this are prose, not a block heading (the "Sujets
#: associés" node may also hold the separators before the first tag link).
MAX_HEADING_TEXT = 120


@dataclass
class Item:
    url: str
    anchor: str | None
    teaser: str | None


@dataclass
class Block:
    kind: str  # tag, further_reading, recommended, sidebar, follow
    node: object  # the text node holding the heading phrase
    top: object  # the heading element (or the element the phrase opens)
    inside: bool  # the phrase shares its element with the block's content
    start: int  # when inside: index of the first child after the phrase
    level: int
    roots: list = field(default_factory=list)  # subtrees making up the block
    links: list = field(default_factory=list)  # tag: <a> elements
    items: list = field(default_factory=list)  # further_reading/recommended: Item


def _kind(text: str) -> str | None:
    key = heading_key(text)
    if key.startswith(TAG_HEADING):
        return "tag"
    if key == FURTHER_HEADING:
        return "further_reading"
    if key == RECOMMENDED_HEADING:
        return "recommended"
    if SIDEBAR_HEADING_RE.fullmatch(key):
        return "sidebar"
    if is_follow_line(text):
        return "follow"
    return None


def _level(el) -> int:
    for sub in el.iter():
        if sub.tag in HEADING_TAGS:
            return int(sub.tag[1])
    return 2  # a heading styled with a class: treat as a section heading


def _climb(el, text: str):
    """Largest ancestor whose whole text is the heading (h2 inside a div.titre...)."""
    while True:
        parent = el.getparent()
        if parent is None or parent.tag in ("body", "html") or element_text(parent) != text:
            return el
        el = parent


def _lca(a, b):
    mine = {a, *a.iterancestors()}
    while b is not None and b not in mine:
        b = b.getparent()
    return b


def find_blocks(page: Page) -> list[Block]:
    blocks = []
    for node in page.texts_matching(_HEADING_TEXTS):
        if len(node) > MAX_HEADING_TEXT:
            continue  # a sentence that happens to contain "plus loin"...
        kind = _kind(str(node))
        if kind is None:
            continue
        owner = node.getparent()
        carrier = owner if node.is_text else owner.getparent()
        # A link reading "Aller plus loin" is a read-more link, not a heading.
        if carrier is None or (owner.tag == "a" and kind in ("tag", "further_reading", "recommended")):
            continue
        text = element_text(carrier)
        key = heading_key(str(node))
        if kind == "follow" or heading_key(text) == key:
            top = _climb(carrier, text)
            if kind == "sidebar" and top.tag == "h1":
                continue  # "À la une" as the page's own title (home page), not a sidebar
            blocks.append(Block(kind, node, top, False, 0, _level(top)))
        else:
            start = 0 if node.is_text else carrier.index(owner) + 1
            blocks.append(Block(kind, node, carrier, True, start, 2))
    return blocks


def _collect(block: Block, scope, stoppers, stop_anc) -> list:
    roots: list = []

    def take(seq) -> bool:  # True when a stopper ended the block
        for el in seq:
            if not isinstance(el.tag, str):
                continue
            if el in stoppers or (block.kind == "sidebar" and roots and _BODYLIKE(el)):
                return True
            if el in stop_anc:
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


def _stoppers(block: Block, blocks, generic) -> tuple[set, set]:
    stoppers = {b.top for b in blocks if b is not block}
    stoppers.update(el for el, level in generic if level <= block.level and el is not block.top)
    stoppers.discard(block.top)
    ancestors = set()
    for el in stoppers:
        ancestors.update(el.iterancestors())
    return stoppers, ancestors


def _generic_headings(page: Page) -> list:
    """(element, level) of headings that are not links, plus nav/footer (level 0)."""
    out = []
    for el in page.body.iter("h1", "h2", "h3", "h4", "h5", "h6", "nav", "footer"):
        if el.tag in ("nav", "footer"):
            out.append((el, 0))
        elif el.find(".//a") is None and not any(a.tag == "a" for a in el.iterancestors()) and element_text(el):
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
    started, gap, links, in_link = False, [], [], None
    for event, el in etree.iterwalk(scope, events=("start", "end")):
        if event == "start":
            if started and in_link is None:
                if el in stoppers:
                    break
                if el.tag == "a" and el.get("href"):
                    if not _SEPARATORS_RE.fullmatch("".join(gap)):
                        break
                    links.append(el)
                    in_link, gap = el, []
                    continue
            if el is owner and node.is_text:
                started, gap = True, [rest]
            elif started and in_link is None and el.text:
                gap.append(el.text)
        else:
            if el is in_link:
                in_link = None
            if el is owner and node.is_tail:
                started, gap = True, [rest]
            elif started and in_link is None and el.tail and el is not scope:
                gap.append(el.tail)
        if started and not _SEPARATORS_RE.fullmatch("".join(gap)):
            break
    return links


def _anchor(links) -> tuple[str | None, object]:
    for a in links:
        for sub in _ITEM_TITLE(a):
            if element_text(sub):
                return element_text(sub), sub
    best = max(links, key=lambda a: len(element_text(a)))
    if element_text(best):
        return element_text(best), best
    for a in links:
        for img in a.iter("img"):
            if norm(img.get("alt") or img.get("title")):
                return norm(img.get("alt") or img.get("title")), None
    return norm(links[0].get("title")) or None, None


def _teaser(page: Page, container, anchor_el, anchor, stoppers) -> str | None:
    skip = set(_DATE_BITS(container))
    if anchor_el is not None:
        skip.add(anchor_el)
    text = " ".join(p.text for p in paragraphs(container, skip))
    if not text:
        parts = []
        for sib in container.itersiblings():
            if sib in stoppers or next((a for a in sib.iter("a") if a.get("href")), None) is not None:
                break
            parts.append(element_text(sib))
        text = norm(" ".join(parts))
    text = _READ_MORE_RE.sub("", _LEADING_DATE_RE.sub("", text))
    text = norm(text)
    return text if text and text != anchor else None


def _items(page: Page, block: Block, stoppers) -> list[Item]:
    rootset = set(block.roots)
    order: dict[str, list] = {}
    for root in block.roots:
        for a in root.iter("a"):
            url = page.absolute(a.get("href"))
            if url and url != page.self_url:
                order.setdefault(url, []).append(a)
    items = []
    for url, links in order.items():
        anchor, anchor_el = _anchor(links)
        container = links[0]
        while container not in rootset:
            parent = container.getparent()
            if parent is None or any(
                page.absolute(a.get("href")) not in (None, url) for a in parent.iter("a")
            ):
                break
            container = parent
        items.append(Item(url, anchor, _teaser(page, container, anchor_el, anchor, stoppers)))
    return items


def resolve_blocks(page: Page, blocks: list[Block]) -> set:
    """Fill each block's extent, tag links and items; return the subtrees to skip as body text."""
    generic = _generic_headings(page) if any(b.kind != "follow" for b in blocks) else []
    skip = set()
    for block in blocks:
        if block.kind == "follow":
            el = block.top
            while el.tag not in BLOCK_TAGS and el.getparent() is not None:
                el = el.getparent()
            if len(element_text(el)) < 200:  # never drop a whole body container
                skip.add(el)
            continue
        stoppers, stop_anc = _stoppers(block, blocks, generic)
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
        block.roots = _collect(block, scope, stoppers, stop_anc)
        if block.kind in ("further_reading", "recommended"):
            block.items = _items(page, block, stoppers)
        if block.items or block.kind == "sidebar":
            skip.update(block.roots)
        elif not block.inside:
            skip.add(block.top)
    return skip
