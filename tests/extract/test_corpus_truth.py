"""The corpus of varied layouts (``fixtures/extract/corpus_*``) agrees with its hand-written truth.

Each case's page and texts are test content written for this suite (marked so
in the page), in a layout of its own: Bladi-like table eras of 2010 and 2012,
an unknown Bladi redesign, WordPress (classic theme, Yoast ``@graph``, a
category listing), Drupal with a time zone near midnight, Elementor, AMP,
SPIP with "mis à jour le", a body with an inline "read also" heading, text
without ``<p>`` in a table, news titles with error-like words, a 404 page.
``inputs/truth.json`` says what a reader sees on the page, written from the
page, never from the extractor: the kind, title, body paragraphs, day of
publication, and lead, section and author where the page shows them.
``known_misses`` names a field the extractor still gets wrong, and why; the
frozen ``output.json`` is checked against the truth for every other field.
"""

from __future__ import annotations

import json

import pytest

from fixtures import cases

CORPUS = sorted(p.name for p in cases.CASES_DIR.glob("corpus_*"))


def load(name: str) -> tuple[dict, dict]:
    case = cases.CASES_DIR / name
    truth = json.loads((case / "inputs" / "truth.json").read_text(encoding="utf-8"))
    output = json.loads((case / "output.json").read_text(encoding="utf-8"))
    return truth, output


def test_corpus_is_varied_and_marked_as_test_content():
    assert len(CORPUS) >= 12
    for name in CORPUS:
        page = cases.page(cases.CASES_DIR / name).decode("utf-8")
        assert 'name="bladiscrape:test"' in page, name
        truth, _ = load(name)
        if truth["kind"] == "article":
            assert truth["body"][0].startswith("Texte de test") or "Texte de test" in (truth.get("lead") or ""), name


@pytest.mark.parametrize("name", CORPUS)
def test_output_matches_truth(name):
    truth, output = load(name)
    misses = truth.get("known_misses", {})
    assert output["kind"] == truth["kind"], output["reason"]
    if truth["kind"] != "article":
        return
    got = output["article"]
    assert got["title"] == truth["title"]
    assert got["body"].split("\n\n") == truth["body"]
    assert (got["published_at"] or "")[:10] == truth["published_day"]
    for field in ("lead", "section", "author"):
        if field in truth and field not in misses:
            assert got[field] == truth[field], field
    for field in misses:
        assert got[field] != truth[field], f"{field} is right now: drop it from known_misses"
