"""The search page's shortcuts at scale: the best passage picked as before, the form's counts taken once."""

from __future__ import annotations

import asyncio

from bladiscrape.core.text import fold
from bladiscrape.publish import search
from bladiscrape.publish.query import matches, parse

TEXT = ("Le blocage de la VoIP par l'ANRT. Les opérateurs bloquent Skype et WhatsApp depuis janvier. "
        "Un boycott des opérateurs répond au blocage des appels, dit-on ; le blocage continue. Fin.")


def test_the_best_passage_is_the_sentence_holding_most_of_the_query():
    for query in ("blocage", "blocage opérateurs", "whatsapp OR boycott", "bloqu*", '"les opérateurs"'):
        parsed = parse(query)
        sentences = [s.strip() for s in search._SENTENCE_RE.findall(TEXT) if s.strip()]
        expected = max(sentences, key=lambda s: len({fold(w).lower() for w in search._WORD_RE.findall(s)
                                                     if matches(parsed, w)}))
        assert str(search.best_passage({"lead": None, "body": TEXT}, parsed)) == str(
            search.highlight(search._clip(expected), parsed)), query


def test_the_forms_counts_are_taken_once_from_an_immutable_archive_only(sample_ds):
    db = next(d for name, d in sample_ds.databases.items() if name != "_internal")
    sql = "select section, count(*) from articles where section is not null group by section"
    first = asyncio.run(search._choices(db, sql))
    assert first and search._CHOICES[db][sql] is first and asyncio.run(search._choices(db, sql)) is first
    db.is_mutable = True  # a crawl writing: counted on each page
    try:
        assert asyncio.run(search._choices(db, sql)) == first and asyncio.run(search._choices(db, sql)) is not first
    finally:
        db.is_mutable = False
