"""Layer 3 (patterns): the date line, the title before it, a bold chapô, teasers.

The date line ``<day> <mois> <year> - <HH>h<MM> - <Rubrique> - Ecrit par : <author>``
is searched anywhere in the page (outside chrome, related blocks and listing
teasers); the heading just before it is the title. The blocks after the body
("Sujets associés", "Aller plus loin"...) are in ``blocks``.
"""

from __future__ import annotations

import re

from lxml import etree

from bladiscrape.core.dates import DateLine, parse_date_line
from bladiscrape.extract.dom import Page, in_set
from bladiscrape.extract.text import BLOCK_TAGS, HEADING_TAGS, Para, element_text, paragraphs

# Prefilter for text nodes holding a date (lowercased text, accents optional).
DATE_HINT = re.compile(
    r"\d\s*(?:er)?\s+(?:janv|f[ée]v|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c)"
    r"|\d[/.][01]?\d[/.](?:19|20)\d\d"
)
# The closest heading-like element before the date line: a real heading, or the
# bold/big text or "titre" class that very old templates used instead.
_PRECEDING_TITLE = etree.XPath(
    "preceding::*[self::h1 or self::h2 or self::h3 or self::b or self::strong or self::font"
    " or contains(@class, 'titre') or contains(@class, 'title')][position() <= 3]"
)


# --- date line and title ------------------------------------------------------------


def _block_of(el):
    while el is not None and el.tag not in BLOCK_TAGS:
        el = el.getparent()
    return el


_HEADING_LINKS = etree.XPath(
    "descendant::*[self::h2 or self::h3 or self::h4]//a[@href] | descendant::a[@href][.//h2 or .//h3 or .//h4]"
)
_HAS_H1 = etree.XPath("boolean(descendant::h1)")
#: How far up from an element to look for the teaser item holding it.
TEASER_DEPTH = 3


def heading_link_targets(page: Page, el) -> set:
    """Other pages that headings inside ``el`` link to (teaser titles)."""
    targets = {page.absolute(a.get("href")) for a in _HEADING_LINKS(el)}
    targets.discard(None)
    targets.discard(page.self_url)
    return targets


def in_teaser(page: Page, el) -> bool:
    """``el`` sits in a listing teaser: a block with one heading linking to another
    page and no ``<h1>`` (the article's own title is never a link elsewhere)."""
    anc = el.getparent()
    for _ in range(TEASER_DEPTH):
        if anc is None or anc.tag in ("body", "html") or _HAS_H1(anc):
            return False
        if len(heading_link_targets(page, anc)) == 1:
            return True
        anc = anc.getparent()
    return False


# The first text after an element, outside it (document order).
_NEXT_TEXT = etree.XPath("following::text()[normalize-space()][1]")
#: A continuation row is a short "Rubrique - Ecrit par : author", never a paragraph.
MAX_CONTINUATION = 160


def continued(line: DateLine, el) -> DateLine:
    """The date line completed by the element after it, when the line stops at
    the time and the next row or element holds "Rubrique - Ecrit par : author"
    (table layouts wrap the line there); else ``line`` unchanged."""
    if line.rank >= 3 or el is None:
        return line
    nxt = _NEXT_TEXT(el)
    block = _block_of(nxt[0].getparent()) if nxt else None
    if block is None or block is el or el in block.iterancestors():
        return line
    rest = element_text(block)
    if not rest or len(rest) > MAX_CONTINUATION:
        return line
    whole = parse_date_line(f"{line.raw.rstrip(' -')} - {rest}")
    return whole if whole and whole.rank == 3 and whole.iso == line.iso else line


def find_date_lines(page: Page, skip) -> list[tuple[DateLine, object]]:
    """Date lines outside chrome, related blocks and teasers, in document order."""
    seen, found = set(), []
    for node in page.texts_matching(DATE_HINT):
        owner = node.getparent()
        el = _block_of(owner if node.is_text else owner.getparent())
        if el is None or el in seen or in_set(el, skip):
            continue
        seen.add(el)
        text = element_text(el)
        short = len(text) <= 300
        line = parse_date_line(text if short else str(node))
        if line and not in_teaser(page, el):
            # In a long block (text straight in a <td>), the line's own element
            # is the node's parent: the title before it is inside the block.
            mark = el if short else (owner if node.is_text else owner.getparent())
            found.append((continued(line, mark), mark))
    return found


def best_date_line(lines):
    """The article's date line: the most complete one, first in page order."""
    if not lines:
        return None
    top = max(line.rank for line, _ in lines)
    return next((line, el) for line, el in lines if line.rank == top)


def title_before(el, skip) -> str | None:
    """The heading right before the date line, if outside chrome."""
    for heading in reversed(_PRECEDING_TITLE(el)):  # node-sets come in document order
        text = element_text(heading)
        if 10 <= len(text) <= 250 and not in_set(heading, skip):
            return text
    return None


# A byline alone in its element: "Par Salma Kettani", "By Jane Doe", "Par : X" (names
# capitalised, at most five words). Matched on the element's own text, case kept.
BYLINE_RE = re.compile(r"^(?:[Pp]ar|PAR|[Bb]y|BY)\s*:?\s+((?:[A-ZÀ-Ý][\w'’.-]*\s*){1,5})$")
_BY_HINT = re.compile(r"(?<![^\s\x00])(?:par|by)\b")  # (at a node's start or after a space)


_NAME_RE = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.-]*\s*){2,4}$")
# Elements named after the author ("author", "auteur", "byline"): a name alone in one is the author.
_AUTHOR_ELEMENTS = etree.XPath(
    "//body//*[contains(@class, 'author') or contains(@class, 'auteur') or contains(@class, 'byline')]"
)


def byline(page: Page, skip) -> str | None:
    """The author's name from the first byline outside chrome and related blocks:
    "Par X" alone in its element, else a name alone in an element named after the author."""
    for node in page.texts_matching(_BY_HINT, max_len=60):
        el = _block_of(node.getparent())
        if el is None or in_set(el, skip):
            continue
        text = element_text(el)
        m = BYLINE_RE.match(text) if len(text) <= 60 else None
        if m:
            return m.group(1).strip()
    for el in _AUTHOR_ELEMENTS(page.root):
        text = element_text(el)
        if len(text) <= 40 and _NAME_RE.match(text) and not in_set(el, skip):
            return text
    return None


#: How far before the body container a chapô is looked for (empty wrappers, images).
MAX_LEAD_SIBLINGS = 20
#: A bold chapô is a sentence or more, not a bold kicker or label.
MIN_BOLD_LEAD = 40


def _is_bold_lead(para: Para) -> bool:
    return para.bold and para.tag not in HEADING_TAGS and len(para.text) >= MIN_BOLD_LEAD


def bold_lead(paras: list[Para], container, skip) -> str | None:
    """The chapô marked only by bold type: the body's first paragraph, or the
    block just before the body container (``<div><strong><p>...``)."""
    if len(paras) >= 2 and _is_bold_lead(paras[0]):
        return paras[0].text
    if container is None:
        return None
    for n, sib in enumerate(container.itersiblings(preceding=True)):
        if n >= MAX_LEAD_SIBLINGS:
            return None
        if in_set(sib, skip) or not isinstance(sib.tag, str):
            continue
        found = paragraphs(sib)
        if not found:
            continue  # images, empty wrappers
        return found[0].text if len(found) == 1 and _is_bold_lead(found[0]) else None
    return None
