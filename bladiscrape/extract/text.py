"""Text helpers: whitespace/accent normalisation, block-aware paragraph walk, boilerplate lines.

The walker turns an element subtree into paragraphs the way a reader sees them:
block elements (``p``, ``div``, ``li``, headings...) start new paragraphs, inline
elements flow together, two consecutive ``<br>`` split a paragraph (old SPIP
texts use them instead of ``<p>``), a single ``<br>`` is a line break (``\n``)
inside the paragraph. Whitespace is normalised within each line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml.etree import tostring as _tostring

BLOCK_TAGS = frozenset(
    "p div section article main header footer aside nav h1 h2 h3 h4 h5 h6 ul ol li "
    "blockquote pre table thead tbody tfoot tr td th dl dt dd figure figcaption hr "
    "address center form fieldset details summary caption".split()
)
#: Elements whose content is never article text.
DROP_TAGS = frozenset(
    "script style noscript template iframe svg button select option input textarea "
    "object embed video audio canvas map head title meta link img picture source figcaption".split()
)
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BOLD_TAGS = frozenset(("strong", "b"))

# Characters that are invisible in a browser; dropped before collapsing whitespace.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def norm(text: str | None) -> str:
    """Collapse all Unicode whitespace (nbsp included) to single spaces."""
    if not text:
        return ""
    if _INVISIBLE_RE.search(text):  # rare: avoid the substitution's copy otherwise
        text = _INVISIBLE_RE.sub("", text)
    return " ".join(text.split())


class _FoldTable(dict):
    """str.translate table mapping each character to one lowercase, accentless character.

    One character in, one out, so indices in the folded text are valid in the
    original (used to slice section/author out of a date line).
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()[:1] or char
        if char in "\u2019\u2018\u02bc":  # typographic apostrophes
            base = "'"
        elif char in "\u2013\u2014\u2212":  # dashes
            base = "-"
        self[code] = base
        return base


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase and strip accents, preserving length (``Août`` -> ``aout``)."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


def element_text(el) -> str:
    """Normalised text content of an element (scripts are removed before extraction)."""
    return norm(_tostring(el, method="text", encoding=str, with_tail=False))


@dataclass
class Para:
    text: str
    links: list = field(default_factory=list)  # <a href> elements inside the paragraph
    bold: bool = False  # (nearly) all of its text is inside <strong>/<b>
    tag: str = "p"  # the block element that carried it


# Marks a <br> in the text flow: lxml text never contains NUL, source newlines do.
_BR = "\x00"
_DOUBLE_BR_RE = re.compile(r"\x00\s*\x00")


class _Flow:
    def __init__(self) -> None:
        self.out: list[Para] = []
        self.buf: list[str] = []
        self.links: list = []
        self.stack: list[str] = ["div"]
        self.chars = 0
        self.bold_chars = 0

    def add(self, text: str, bold: bool) -> None:
        self.buf.append(text)
        n = len(text.strip())
        self.chars += n
        if bold:
            self.bold_chars += n

    def flush(self) -> None:
        if self.buf:
            raw = "".join(self.buf)
            # SPIP era texts separate paragraphs with <br><br>: split there
            # (whitespace between the two is fine, text is not).
            parts = _DOUBLE_BR_RE.split(raw) if _BR in raw else (raw,)
            bold = self.chars > 0 and self.bold_chars >= 0.95 * self.chars
            for part in parts:
                # a single <br> stays a line break inside the paragraph
                text = "\n".join(line for line in map(norm, part.split(_BR)) if line)
                if text:
                    self.out.append(Para(text, self.links, bold, self.stack[-1]))
        self.buf = []
        self.links = []
        self.chars = self.bold_chars = 0


def _walk(el, flow: _Flow, skip, bold: bool) -> None:
    tag = el.tag
    if not isinstance(tag, str) or tag in DROP_TAGS or el in skip:
        return
    if tag == "br":
        flow.add(_BR, bold)
        return
    block = tag in BLOCK_TAGS
    if block:
        flow.flush()
        flow.stack.append(tag)
    elif tag == "a" and el.get("href"):
        flow.links.append(el)
    inner_bold = bold or tag in _BOLD_TAGS
    if el.text:
        flow.add(el.text, inner_bold)
    for child in el:
        _walk(child, flow, skip, inner_bold)
        if child.tail:
            flow.add(child.tail, inner_bold)
    if block:
        flow.flush()
        flow.stack.pop()


def paragraphs(root, skip=frozenset()) -> list[Para]:
    """The paragraphs of ``root``'s subtree, skipping the subtrees in ``skip``."""
    flow = _Flow()
    if root.tag in BLOCK_TAGS:
        flow.stack = [root.tag]
    _walk(root, flow, skip, False)
    flow.flush()
    return flow.out


# --- boilerplate lines -----------------------------------------------------

#: Headings of the blocks that follow the body (matched on folded text).
TAG_HEADING = "sujets associes"
FURTHER_HEADING = "aller plus loin"
RECOMMENDED_HEADING = "ces articles devraient vous interesser"
#: Sidebar/listing block headings whose links are never article links.
SIDEBAR_HEADING_RE = re.compile(
    r"(?:les |articles )?(?:les )?plus (?:lus|commentes|partages|populaires|vus)\b.*"
    r"|a la une|derniers articles|dernieres (?:news|infos|actualites|nouvelles)"
)
_HEAD_STRIP = " \t:.»«>›-–—|•·*"

_SHARE_WORDS = frozenset(
    "partager tweeter tweet imprimer envoyer facebook twitter x whatsapp linkedin email "
    "e-mail pinterest telegram messenger publicite advertisement commenter".split()
)


def heading_key(text: str) -> str:
    """Folded text without surrounding punctuation, for comparing with block headings."""
    return norm(fold(text)).strip(_HEAD_STRIP)


def is_follow_line(text: str) -> bool:
    """'Suivez bladi.net sur Google News / WhatsApp' lines (with their logo alt text)."""
    key = fold(text)
    return "suivez bladi" in key and len(key) < 200


def is_boilerplate(text: str) -> bool:
    """A paragraph that is site furniture, never article text."""
    if len(text) >= 200:  # furniture lines are short; skip folding long paragraphs
        return False
    key = fold(text)
    if "suivez bladi" in key:
        return True
    key = key.strip(_HEAD_STRIP)
    return (
        key in _SHARE_WORDS
        or key.startswith(TAG_HEADING)
        or key in (FURTHER_HEADING, RECOMMENDED_HEADING)
        or bool(SIDEBAR_HEADING_RE.fullmatch(key))
    )


def join_paragraphs(texts) -> str:
    return "\n\n".join(texts)
