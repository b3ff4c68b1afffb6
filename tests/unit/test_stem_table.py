"""stem_text's table of known words gives exactly the per-word stems, when full and emptied too."""

from __future__ import annotations

from bladiscrape.core import stems
from bladiscrape.core.stems import _WORD_RE, stem_text, stem_word

TEXT = ("Les opérateurs marocains ont bloqué les appels VoIP ; l'ANRT a levé le blocage. "
        "Élections, électeurs, ÉLECTION, économie, économique, Méditel, œuvre, 2016, 12h30.")


def per_word(text):
    return " ".join(stem_word(w) for w in _WORD_RE.findall(text))


def test_the_same_stems_as_word_by_word(monkeypatch):
    monkeypatch.setattr(stems, "_STEMS", {})
    first, again = stem_text(TEXT), stem_text(TEXT)  # words unknown, then every word known
    assert first == again == per_word(TEXT)
    assert "oper" in first.split() and "elect" in first.split()
    assert stem_text("") == stem_text(None) == ""


def test_a_full_table_starts_again(monkeypatch):
    monkeypatch.setattr(stems, "_STEMS", {})
    monkeypatch.setattr(stems, "STEMS_KEPT", 5)
    for sentence in TEXT.split(";"):
        assert stem_text(sentence) == per_word(sentence)
    assert len(stems._STEMS) <= 5 + len(_WORD_RE.findall(TEXT))
    assert stem_text(TEXT) == per_word(TEXT)
