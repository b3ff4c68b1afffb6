"""Layer 3 (patterns): the items of a further-reading or recommendations block.

Links are grouped by target URL. An item's anchor is the title inside its
links (a heading, a "titre"/"title" class, bold text), else the longest link
text; its teaser is the text of the largest element around its first link
that holds no link elsewhere, without that title, dates and "Lire la suite".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from bladiscrape.extract.dom import Page
from bladiscrape.extract.text import element_text, norm, paragraphs


@dataclass
class Item:
    url: str
    anchor: str | None
    teaser: str | None


# The title inside a teaser link: a heading, a "titre"/"title" class, or bold text.
_ITEM_TITLE = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    " or contains(@class, 'titre') or contains(@class, 'title')]"
    " | .//strong | .//b"
)
_LEADING_DATE_RE = re.compile(
    r"^\s*(?:le\s+)?\d{1,2}(?:er)?\s+\S+\s+\d{4}(?:\s*[-,à]\s*\d{1,2}h\d{0,2})?\s*[-:|]?\s*", re.I
)
#: What may follow a read-more text ("Lire la suite »").
_READ_MORE_TRAILERS = ("...", "…", "»", ">")
_READ_MORE_RE = re.compile(r"\s*(?:lire la suite|lire plus|en savoir plus|suite)\s*(?:\.\.\.|…|»|>)?\s*$", re.I)
#: Characters at the end of a teaser searched for a read-more link text.
READ_MORE_WINDOW = 40


def block_items(page: Page, roots: list, stoppers) -> list[Item]:
    """The items in a block's ``roots`` (``stoppers``: where the block ends)."""
    rootset = set(roots)
    order: dict[str, list] = {}
    url_of: dict = {}  # every <a> of the block -> its target
    for root in roots:
        for a in root.iter("a"):
            url = url_of[a] = page.absolute(a.get("href"))
            if url and url != page.self_url:
                order.setdefault(url, []).append(a)
    targets: dict = {}  # element -> link targets in it (items share their list's parent)

    def targets_of(el) -> set:
        # (the elements climbed through lie in the block's roots: their links are in url_of)
        found = targets.get(el)
        if found is None:
            found = targets[el] = {url_of[a] if a in url_of else page.absolute(a.get("href")) for a in el.iter("a")}
        return found

    items = []
    for url, links in order.items():
        anchor, anchor_el = _anchor(links)
        # The item: the largest element around its first link holding no link elsewhere.
        container = links[0]
        while container not in rootset:
            parent = container.getparent()
            if parent is None or not targets_of(parent) <= {None, url}:
                break
            container = parent
        items.append(Item(url, anchor, _teaser(container, anchor_el, anchor, stoppers)))
    return items


def _anchor(links) -> tuple[str | None, object]:
    for a in links:
        if len(a):  # only child elements can be a title inside the link
            for sub in _ITEM_TITLE(a):
                if element_text(sub):
                    return element_text(sub), sub
    best = links[0] if len(links) == 1 else max(links, key=lambda a: len(element_text(a)))
    if element_text(best):
        return element_text(best), best
    for a in links:
        for img in a.iter("img"):
            if norm(img.get("alt") or img.get("title")):
                return norm(img.get("alt") or img.get("title")), None
    return norm(links[0].get("title")) or None, None


def _date_bits(container) -> set:
    """Dates shown in a teaser (listing markup reuses span.accueildate): not teaser text.

    ``.//time | .//*[contains(@class, 'date')]``; a teaser is a few elements,
    fewer than an XPath evaluation costs.
    """
    return {el for el in container.iterdescendants() if el.tag == "time" or "date" in (el.get("class") or "")}


def _teaser(container, anchor_el, anchor, stoppers) -> str | None:
    skip = _date_bits(container)
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
    date = _LEADING_DATE_RE.match(text)
    if date:
        text = text[date.end() :]
    text = norm(_strip_read_more(text))
    return text if text and text != anchor else None


def _strip_read_more(text: str) -> str:
    """``text`` without a trailing "Lire la suite »"-like link text.

    The regex is slow (it is tried at every position), so it only runs when
    the text ends with "suite"/"plus", maybe then "...", "…", "»" or ">"
    (re.I: an ASCII tail is compared lowercased, any other goes to the regex);
    and as the text is whitespace-normalised (no runs), a match is at most
    ~20 characters: only the tail is searched.
    """
    core = text.rstrip()
    for trailer in _READ_MORE_TRAILERS:
        if core.endswith(trailer):
            core = core[: -len(trailer)].rstrip()
            break
    tail = core[-5:]
    if tail.isascii() and tail.lower() != "suite" and tail[-4:].lower() != "plus":
        return text
    more = _READ_MORE_RE.search(text, max(len(text) - READ_MORE_WINDOW, 0))
    return text[: more.start()] + text[more.end() :] if more else text
