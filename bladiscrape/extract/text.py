"""Text helpers: whitespace/accent normalisation, block-aware paragraph walk, boilerplate lines.

The walker turns an element subtree into paragraphs the way a reader sees them:
block elements (``p``, ``div``, ``li``, headings...) start new paragraphs, inline
elements flow together, two consecutive ``<br>`` split a paragraph (old SPIP
texts use them instead of ``<p>``), a single ``<br>`` is a line break (``\n``)
inside the paragraph. Whitespace is normalised within each line.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from lxml.etree import tostring as _tostring

from bladiscrape.core import furniture
from bladiscrape.core.text import fold, norm

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

# Element texts of the extraction in progress. Layers ask for the same
# elements' texts again and again (headings, teaser links, containers): each
# is serialised once. The tree must not change while the cache is active.
_TEXTS: ContextVar[dict | None] = ContextVar("element_texts", default=None)


class cached_texts:  # lower case: used as a context manager; cheaper than @contextmanager
    """Memoise ``element_text`` within the block (one extraction, one unchanging tree)."""

    def __enter__(self) -> None:
        self._token = _TEXTS.set({})

    def __exit__(self, *exc) -> None:
        _TEXTS.reset(self._token)


def element_text(el) -> str:
    """Normalised text content of an element (scripts are removed before extraction)."""
    texts = _TEXTS.get()
    if texts is None:
        return norm(_tostring(el, method="text", encoding=str, with_tail=False))
    text = texts.get(el)
    if text is None:
        text = texts[el] = norm(_tostring(el, method="text", encoding=str, with_tail=False))
    return text


@dataclass(slots=True)
class Para:
    text: str
    links: list = field(default_factory=list)  # <a href> elements inside the paragraph
    bold: bool = False  # (nearly) all of its text is inside <strong>/<b>
    tag: str = "p"  # the block element that carried it


# Marks a <br> in the text flow: lxml text never contains NUL, source newlines do.
_BR = "\x00"
_DOUBLE_BR_RE = re.compile(r"\x00\s*\x00")


def _bold_share(pieces: list[str], bold: list[str]) -> bool:
    """(Nearly) all visible characters of a paragraph's pieces are in the bold ones."""
    chars = sum(len(t.strip()) for t in pieces)
    return chars > 0 and sum(len(t.strip()) for t in bold) >= 0.95 * chars


class _Flow:
    """The paragraphs of one walk. Text pieces are buffered until a block boundary;
    bold pieces are also kept apart, so the bold share is only counted when some exist."""

    __slots__ = ("out", "buf", "bold", "links", "stack")

    def __init__(self, tag: str) -> None:
        self.out: list[Para] = []
        self.buf: list[str] = []  # cleared in place: walk() holds it in a local
        self.bold: list[str] = []
        self.links: list = []
        self.stack: list[str] = [tag]

    def flush(self) -> None:
        buf = self.buf
        if buf:
            raw = "".join(buf)
            if not raw.isspace():  # most flushes only see the newlines between blocks
                self._emit(raw)
            buf.clear()
            self.bold.clear()
        self.links = []  # the paragraphs just made keep theirs

    def _emit(self, raw: str) -> None:
        # SPIP era texts separate paragraphs with <br><br>: split there
        # (whitespace between the two is fine, text is not).
        parts = _DOUBLE_BR_RE.split(raw) if _BR in raw else (raw,)
        bold = bool(self.bold) and _bold_share(self.buf, self.bold)
        for part in parts:
            # a single <br> stays a line break inside the paragraph
            text = "\n".join(line for line in map(norm, part.split(_BR)) if line) if _BR in part else norm(part)
            if text:
                self.out.append(Para(text, self.links, bold, self.stack[-1]))

    def walk(self, el, skip, bold: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in DROP_TAGS or el in skip:
            return
        if tag == "br":
            self.buf.append(_BR)
            if bold:
                self.bold.append(_BR)
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
            self.stack.append(tag)
        elif tag == "a" and el.get("href"):
            self.links.append(el)
        bold = bold or tag in _BOLD_TAGS
        buf, walk = self.buf, self.walk
        text = el.text
        if text:
            buf.append(text)
            if bold:
                self.bold.append(text)
        for child in el:
            walk(child, skip, bold)
            tail = child.tail
            if tail:
                buf.append(tail)
                if bold:
                    self.bold.append(tail)
        if block:
            self.flush()
            self.stack.pop()


def paragraphs(root, skip=frozenset()) -> list[Para]:
    """The paragraphs of ``root``'s subtree, skipping the subtrees in ``skip``."""
    flow = _Flow(root.tag if root.tag in BLOCK_TAGS else "div")
    flow.walk(root, skip, False)
    flow.flush()
    return flow.out


# --- boilerplate lines -----------------------------------------------------

# The vocabulary (headings of the blocks after the body, sidebar headings,
# share labels, the follow line) is core.furniture's; re-exported for the layers.
TAG_HEADING = furniture.TAG_HEADING
FURTHER_HEADING = furniture.FURTHER_HEADING
RECOMMENDED_HEADING = furniture.RECOMMENDED_HEADING
SIDEBAR_HEADING_RE = furniture.SIDEBAR_HEADING_RE
_SHARE_WORDS = furniture.SHARE_WORDS
_FOLLOW = furniture.FOLLOW_PHRASE
_HEAD_STRIP = " \t:.»«>›-–—|•·*"


def heading_key(text: str) -> str:
    """Folded text without surrounding punctuation, for comparing with block headings."""
    return norm(fold(text)).strip(_HEAD_STRIP)


def is_follow_line(text: str) -> bool:
    """'Suivez bladi.net sur Google News / WhatsApp' lines (with their logo alt text)."""
    key = fold(text)
    return _FOLLOW in key and len(key) < 200


#: Headings of other sites' related-article blocks (folded, whole heading): never article text.
RELATED_HEADING_RE = re.compile(
    r"(?:articles? (?:similaires|lies|connexes|recommandes)|sur le meme (?:sujet|theme)|(?:a )?lire aussi"
    r"|voir aussi|dans la meme rubrique|plus sur ce sujet|a lire egalement|vous aimerez aussi"
    r"|related (?:posts|articles))"
)


def is_boilerplate(text: str) -> bool:
    """A paragraph that is site furniture, never article text."""
    if len(text) >= 200:  # furniture lines are short; skip folding long paragraphs
        return False
    key = fold(text)
    if _FOLLOW in key:
        return True
    key = key.strip(_HEAD_STRIP)
    return (
        key in _SHARE_WORDS
        or key.startswith(TAG_HEADING)
        or key in (FURTHER_HEADING, RECOMMENDED_HEADING)
        or bool(SIDEBAR_HEADING_RE.fullmatch(key))
        or bool(RELATED_HEADING_RE.fullmatch(key))
    )


def join_paragraphs(texts) -> str:
    return "\n\n".join(texts)
