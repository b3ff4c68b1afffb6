"""The names' trie regex (``score/alternation.py``) finds what the plain longest-first alternation finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bladiscrape.extract import extract
from bladiscrape.score.actors import load_actors, matchable
from bladiscrape.score.alternation import trie_pattern
from bladiscrape.score.topic import load_topic, normalise
from support.paths import REPLICA_SITE

TOPIC = load_topic()
ACTORS = load_actors()


def flat_topic(aliases) -> re.Pattern:
    """The topic's regex as it was written before the trie: every alias, longest first."""
    parts = [re.escape(a) + (r"(?!\w)" if aliases[a].whole_word else "") for a in sorted(aliases, key=lambda a: (-len(a), a))]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


def flat_actors(keys) -> re.Pattern:
    parts = [r" +".join(map(re.escape, k.split(" "))) for k in sorted(keys, key=lambda k: (-len(k), k))]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


OLD_TOPIC, OLD_ACTORS = flat_topic(TOPIC._text_terms), flat_actors(ACTORS._by_key)
PIECES = sorted({p for name in [*TOPIC._text_terms, *ACTORS._by_key] for word in name.split(" ")
                 for p in (word, word[:-1], word + "s", word.upper(), word.capitalize())})
SEPARATORS = [" ", "  ", "-", "'", "’", ", ", ".\n\n", "_", "\u00a0", ""]


def found(regex: re.Pattern, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in regex.finditer(text)]


def agree(text: str) -> None:
    assert found(TOPIC._regex, normalise(text)) == found(OLD_TOPIC, normalise(text)), text
    assert found(ACTORS._regex, matchable(text)) == found(OLD_ACTORS, matchable(text)), text


def test_the_replica_articles():
    matches = 0
    for path in sorted(REPLICA_SITE.glob("*.html")):
        page = extract(path.read_bytes(), "https://www.bladi.net/" + path.name)
        if page.article is not None:
            record = page.article
            for text in (record.title, record.lead or "", record.body, *record.tags):
                agree(text)
                matches += len(found(TOPIC._regex, normalise(text)))
    assert matches > 100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=25))
def test_generated_texts(parts):
    agree("".join(piece + sep for piece, sep in parts))


@pytest.mark.parametrize("text", ["a b c", "a bc", "ab c", "a  b", "abc", "a b cd", "x a b", "a", "b a b c d"])
def test_names_inside_names(text):
    # Prefixes of one another, whole words and not: the longest match wins as in the flat alternation.
    ends = {"a": r"(?!\w)", "a b": "", "a b c": r"(?!\w)", "ab": "", "b": r"(?!\w)", "a bc": r"(?!\w)"}
    flat = "|".join(re.escape(n) + ends[n] for n in sorted(ends, key=lambda n: (-len(n), n)))
    assert found(re.compile(r"(?<!\w)" + trie_pattern(ends)), text) == found(re.compile(r"(?<!\w)(?:" + flat + ")"),
                                                                              text)
