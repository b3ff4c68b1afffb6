"""The generic layer: trafilatura's text and htmldate's date, weighed against our own layers.

Bladi.net's template eras know the site's fields and are fast; on markup no
era knows (another site, a Bladi template nobody has seen), the body comes
from loose containers (``article``, ``main``, the densest block of prose),
where trafilatura, the field's reference extractor, does better (body F1
0.96 against 0.84 for the densest block on real pages of many sites). So it
runs only when the body came from the fallback or from a loose era
container, and the two are weighed paragraph by paragraph:

* our paragraphs that trafilatura's text confirms (most of their words are in
  it) are kept, with their layer, links and breaks; the others (tag lists,
  captions, "read also" lines, share labels) are dropped;
* when trafilatura holds text that our paragraphs lack (text outside ``<p>``,
  the wrong container won), its text is the body (layer ``fallback:trafilatura``);
* when trafilatura finds much less text than our block holds, and ours is
  not mostly links, it lost the article: ours stays.

Dates: htmldate (``fallback:htmldate``) only when no layer found any.
Both libraries are imported on first use: Bladi pages never pay for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bladiscrape.core.text import fold, norm

TRAFILATURA = "fallback:trafilatura"
HTMLDATE = "fallback:htmldate"

#: A paragraph of ours is confirmed when this share of its words is in trafilatura's text.
CONFIRMED = 0.6
#: Trafilatura's text replaces ours when more than this share of its words is missing from ours.
MISSING = 0.15
#: Below this share of our text, trafilatura lost the article rather than found it.
LOST = 0.4

#: Pages with more elements than this (a real article page has a few thousand) are
#: hostile or broken: trafilatura would take seconds on them, ours alone is weighed.
MAX_ELEMENTS = 30_000

_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


def trafilatura_lines(html: str, url: str) -> list[str]:
    """Trafilatura's main text as lines (one a paragraph); [] when it finds none or fails."""
    import trafilatura  # (on first use: an import of about 0.3 s)

    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=True, with_metadata=False, deduplicate=False
        )
    except Exception:  # a library's failure on one page is no text, not a crash
        return []
    return [line for line in (norm(x) for x in (text or "").split("\n")) if line]


def htmldate_day(html: str, url: str) -> str | None:
    """htmldate's publication day (``YYYY-MM-DD``), or None."""
    from htmldate import find_date

    try:
        return find_date(html, url=url, original_date=True, extensive_search=True)
    except Exception:  # as above: no date rather than a crash
        return None


@dataclass
class Choice:
    """The body the evidence picked: ``texts``, and whether trafilatura's won (else ours, filtered)."""

    texts: list[str]
    theirs: bool


#: Only prose counts as text ours is missing: lines of trafilatura's this long
#: (words); shorter ones are menus, labels and teaser titles as often as text.
PROSE_LINE = 12


def weigh(ours: list[str], theirs: list[str], our_link_share: float, known: str = "") -> Choice:
    """Our paragraphs or trafilatura's lines, by agreement (see the module docstring).

    ``known``: text that is on the page but not body text (title, date line,
    lead candidates): trafilatura keeping it is no evidence against ours.
    """
    if not theirs:
        return Choice(ours, False)
    if not ours:
        # Alone, trafilatura's text must be prose: a tag name or a caption is no body.
        return Choice(theirs, True) if any(len(words(t)) >= PROSE_LINE for t in theirs) else Choice([], False)
    their_words = words(" ".join(theirs))
    vocabulary = set(their_words)
    our_count = sum(len(words(p)) for p in ours)
    if len(their_words) < LOST * our_count and our_link_share < 0.5:
        return Choice(ours, False)
    confirmed = [p for p in ours if _share_in(words(p), vocabulary) >= CONFIRMED]
    kept = {w for p in confirmed for w in words(p)} | set(words(known))
    prose = [line_words for line_words in map(words, theirs) if len(line_words) >= PROSE_LINE]
    missing = sum(1 for line_words in prose if _share_in(line_words, kept) < 0.5 for _ in line_words)
    if confirmed and missing <= MISSING * max(1, sum(map(len, prose))):
        return Choice(confirmed, False)
    return Choice(theirs, True)


def _share_in(tokens: list[str], vocabulary: set[str]) -> float:
    return sum(1 for t in tokens if t in vocabulary) / len(tokens) if tokens else 0.0
