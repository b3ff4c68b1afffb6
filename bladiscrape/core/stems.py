"""French word forms for full-text search.

The archive keeps, beside the original text, an accent-folded copy stemmed with
the French Snowball stemmer, so that ``élection`` finds "élections" and
``economie`` finds "économique". Folding happens *before* stemming on both the
indexed text and the query, so a query typed without accents stems exactly like
the accented text does (Snowball's French rules otherwise treat "é" specially).
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from bladiscrape.core.text import fold

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    return _stemmer.stemWord(fold(word))


#: Stems of the words met so far, read with one dict look-up a word: stem_text runs over every text
#: the crawl stores, where lru_cache's call per word cost more than the stemming it saved.
_STEMS: dict[str, str] = {}
#: Distinct words kept before the table starts again (a French archive meets some 200,000 forms).
STEMS_KEPT = 500_000


def stem_text(text: str | None) -> str:
    """The stemmed, folded form of a text: one stem per word, in order."""
    if not text:
        return ""
    words = _WORD_RE.findall(text)
    found = list(map(_STEMS.get, words))
    if None not in found:
        return " ".join(found)  # type: ignore[arg-type]  # no None: checked just above
    if len(_STEMS) > STEMS_KEPT:
        _STEMS.clear()
    return " ".join(stem if stem is not None else _STEMS.setdefault(word, stem_word(word))
                    for stem, word in zip(found, words, strict=True))


def fts_query(query: str | None) -> str:
    """An FTS5 query matching each word of ``query`` as typed or by its stem.

    Every word becomes ``("word" OR "stem")`` and the words are joined with AND
    (FTS5 does not AND groups implicitly), as what Datasette's escaped search does
    for the plain words. Quoting keeps FTS5 operators typed by the user from breaking the query.
    """
    words = _WORD_RE.findall(query or "")
    parts = []
    for word in words:
        stem = stem_word(word)
        options = {f'"{word}"', f'"{stem}"'}
        parts.append("(" + " OR ".join(sorted(options)) + ")" if len(options) > 1 else options.pop())
    return " AND ".join(parts)
