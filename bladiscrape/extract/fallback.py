"""Layer 4: generic main-content fallback.

The body is the densest block of ``<p>`` text outside chrome and related
blocks (a readability-style score: each paragraph's length counts fully for
its parent and half for its grandparent). The title falls back to the first
``<h1>`` outside chrome, then to ``<title>``.
"""

from __future__ import annotations

from lxml import etree

from bladiscrape.extract.dom import Page, in_set
from bladiscrape.extract.patterns import heading_link_targets
from bladiscrape.extract.text import BLOCK_TAGS, element_text, norm

#: Paragraphs shorter than this are bylines, captions or buttons, not text.
MIN_PARAGRAPH = 25
#: A paragraph whose text is mostly link text is navigation or a teaser.
MAX_LINK_DENSITY = 0.5

SITE_NAMES = frozenset(("bladi", "bladi.net", "www.bladi.net"))

_PARAGRAPHS = etree.XPath("//body//p[not(ancestor::a)]")
# Old pages put text straight into a <div>/<td>, paragraphs separated by <br><br>.
# Or wrap it in inline presentation tags first (<td><font>text<br><br>text</font></td>).
_TEXT_BLOCKS = etree.XPath(
    "//body//*[self::div or self::td or self::section or self::article or self::blockquote]"
    "[not(ancestor::a)][text()[string-length(normalize-space()) > 25]"
    " or *[self::font or self::span or self::b or self::i or self::em or self::strong or self::small]"
    "[text()[string-length(normalize-space()) > 25]]]"
)
_INLINE_WRAPPERS = frozenset(("font", "span", "b", "i", "em", "strong", "small"))
_H1 = etree.XPath("//body//h1")


def densest_container(page: Page, skip):
    """The element whose paragraphs hold the most text, or None."""
    return densest(page, skip)[0]


def densest(page: Page, skip, teasers: list | None = None) -> tuple[etree._Element | None, float]:
    """(the element whose paragraphs hold the most text, its score in characters), or (None, 0).

    The score counts prose only: paragraphs outside chrome and teaser
    blocks, long enough and not mostly links. It is the evidence that a
    page holds an article's text whatever its markup says. The teaser blocks
    met on the way are appended to ``teasers`` when given.
    """
    scores: dict[etree._Element, float] = {}
    teaser_parents: dict[etree._Element, bool] = {}

    def add(el, n):
        scores[el] = scores.get(el, 0) + n

    def is_teaser_parent(el) -> bool:
        if el not in teaser_parents:
            teaser_parents[el] = found = is_teaser_block(page, el)
            if found and teasers is not None:
                teasers.append(el)
        return teaser_parents[el]

    for p in _PARAGRAPHS(page.root):
        if in_set(p, skip) or is_teaser_parent(p.getparent()):
            continue
        text = element_text(p)
        if len(text) < MIN_PARAGRAPH:
            continue
        linked = sum(len(element_text(a)) for a in p.iter("a"))
        if linked > MAX_LINK_DENSITY * len(text):
            continue
        parent = p.getparent()
        add(parent, len(text))
        if parent.getparent() is not None:
            add(parent.getparent(), len(text) / 2)
    for block in _TEXT_BLOCKS(page.root):
        if in_set(block, skip):
            continue
        direct = len(norm((block.text or "") + " ".join(c.tail or "" for c in block if c.tag not in BLOCK_TAGS)))
        direct += sum(len(element_text(c)) for c in block if c.tag in _INLINE_WRAPPERS)
        add(block, direct)
        if block.getparent() is not None:
            add(block.getparent(), direct / 2)
    if not scores:
        return None, 0.0
    best = max(scores, key=scores.__getitem__)
    return best, scores[best]


#: A teaser is a linked title and a summary of a few lines: a block holding
#: more text than this for each other page its headings link to is an article
#: that mentions other articles ("read also" links), not a list of teasers.
TEASER_TEXT = 400


def is_teaser_block(page: Page, el) -> bool:
    """A block of teasers (linked headings with short summaries), judged by its text per linked heading."""
    targets = heading_link_targets(page, el)
    return bool(targets) and len(element_text(el)) < TEASER_TEXT * len(targets)


def first_h1(page: Page, skip) -> str | None:
    for h1 in _H1(page.root):
        text = element_text(h1)
        # A site logo in an <h1> reads "Bladi.net": not an article title.
        if text and text.lower() not in SITE_NAMES and not in_set(h1, skip):
            return text
    return None
