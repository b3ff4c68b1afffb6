"""Key terms looked up in a text's words (``episode.Words``) give what their regexes find, term by term."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bladiscrape.analyse.episode import Term, Words, load_episode
from bladiscrape.score.actors import load_actors, matchable

EPISODE = load_episode(actors=load_actors())
TERMS = [Term.of(t) for t in dict.fromkeys(t for e in EPISODE.events for t in e.terms)]
#: Odd terms the file does not hold: several words with a stem, a stem alone, none at all.
ODD = [Term.of(t) for t in ("blocage tot*", "chiffre d'af*", "*", "", "--", "a b c d*", "Wi-Fi*")]
#: Pieces of words near the terms: each term's words, shorter, longer, accented, capitalised.
PIECES = sorted({piece for term in TERMS + ODD for word in term.words if word
                 for piece in (word, word[:-1], word + "s", word + "e", word.upper(), word.capitalize())}
                | {"é", "dé", "débloqué", "Déblocage", "d'affaires", "d’affaires", "Wi", "Fi", "j'aime"})
SEPARATORS = [" ", "  ", "-", "'", "’", ", ", ".\n\n", "_", "«\u00a0", "\t", ""]


def agree(text: str) -> None:
    words = Words(matchable(text))
    for term in TERMS + ODD:
        assert words.has(term) == (term.regex.search(words.text) is not None), (term, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=30))
def test_words_find_what_the_regexes_find(parts):
    agree("".join(piece + sep for piece, sep in parts))


@pytest.mark.parametrize("text", [
    "", " ", "Le blocage total de la VoIP", "blocage  total", "blocage-totalement", "le blocage", "totalement",
    "chiffre d’affaires", "chiffre d'affaire", "Un chiffre, d'affaires", "320 millions de dollars", "320millions",
    "Wi-Fi", "wifi", "WI FI", "débloqués", "Débloqu", "bloqu", "bloquer", "débloquer", "a b c dé", "a b c",
])
def test_hand_made_texts(text):
    agree(text)


def test_every_event_has_a_term_the_words_find():
    # Each event's own terms, written in a text, are found: the look-up is not vacuously false.
    for event in EPISODE.events:
        words = Words(matchable(" ".join(t.rstrip("*") for t in event.terms)))
        assert all(words.has(Term.of(t)) for t in event.terms), event.id
