"""What a reader types into a search box, as an FTS5 query over ``article_search_fts``.

The syntax is the familiar one: words (every one must occur, in any French
form, accents optional), ``OR`` between two of them, ``-word`` or
``-"a phrase"`` to exclude, ``"an exact phrase"`` and ``prefix*``. The
index holds each text twice, as written (folded by the ``unicode61``
tokenizer) and as accent-free Snowball stems, so a word becomes
``("word" OR "stem")``. Everything is re-quoted, so no FTS5 syntax the
reader did not mean can slip through. A query that cannot be used raises
``QueryError`` with the reason in words, for the page to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bladiscrape.core.stems import stem_word
from bladiscrape.core.text import fold

# A term: optional "-", then a "phrase" (closing quote optional) or a run of non-space characters.
_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD_RE = re.compile(r"\w+", re.UNICODE)


class QueryError(ValueError):
    """A query that cannot be searched, worded for the reader."""


@dataclass
class Parsed:
    """The FTS5 expression, and what the passages highlight."""

    fts: str
    words: set[str] = field(default_factory=set)  # folded words as typed
    stems: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)  # folded


def parse(query: str | None) -> Parsed:
    """``query`` as FTS5; ``QueryError`` when it has nothing to search for or a dangling OR."""
    groups: list[list[str]] = []  # AND of ORs
    excluded: list[str] = []
    parsed = Parsed("")
    pending_or = False
    for match in _TOKEN_RE.finditer(query or ""):
        minus, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            if not groups or pending_or:
                raise QueryError("OR needs a word on each side, as in: inwi OR wana")
            pending_or = True
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        term = _term(phrase if phrase is not None else bare, phrase is not None, parsed, highlight=not minus)
        if term is None:
            continue
        if minus:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    if pending_or:
        raise QueryError("OR needs a word on each side, as in: inwi OR wana")
    if not groups:
        raise QueryError("nothing to search for: type at least one word that is not excluded with -"
                         if excluded else "nothing to search for: type a word")
    fts = " AND ".join("(" + " OR ".join(g) + ")" if len(g) > 1 else g[0] for g in groups)
    for term in excluded:
        fts = f"({fts}) NOT {term}"
    parsed.fts = fts
    return parsed


def _term(text: str, is_phrase: bool, parsed: Parsed, highlight: bool) -> str | None:
    words = _WORD_RE.findall(text)
    if not words:
        return None
    if is_phrase:
        if highlight:
            parsed.words.update(fold(w).lower() for w in words)
        return '"' + " ".join(words) + '"'
    if text.endswith("*") and len(words) == 1:
        prefix = fold(words[0]).lower()
        if highlight:
            parsed.prefixes.add(prefix)
        return f'"{prefix}" *'
    parts = []
    for word in words:  # "télé-travail": each word, all required
        stem = stem_word(word)
        if highlight:
            parsed.words.add(fold(word).lower())
            parsed.stems.add(stem)
        options = sorted({f'"{word}"', f'"{stem}"'})
        parts.append("(" + " OR ".join(options) + ")" if len(options) > 1 else options[0])
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def matches(parsed: Parsed, word: str) -> bool:
    """True if ``word`` of a text is one the query looks for (to highlight it)."""
    folded = fold(word).lower()
    return (folded in parsed.words or stem_word(word) in parsed.stems
            or any(folded.startswith(p) for p in parsed.prefixes))
