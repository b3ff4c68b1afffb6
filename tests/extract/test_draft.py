"""The draft an extraction fills: first layer with a value wins, then an ``ArticleRecord``."""

from __future__ import annotations

import pytest

from bladiscrape.extract.draft import Draft, Field, first
from bladiscrape.model import ArticleRecord, Link

URL = "https://www.bladi.net/greve-like-blocage-whatsapp-viber,44560.html"


def test_first_layer_with_a_value_wins_and_is_recorded():
    found = first([("jsonld", None), ("meta", ""), ("selectors:2019", []), ("pattern", "Titre"), ("fallback", "Autre")])
    assert found == Field("Titre", "pattern")


def test_no_layer_with_a_value():
    assert first([("jsonld", None), ("meta", "")]) is None
    assert first([]) is None


def test_callable_is_evaluated_only_when_earlier_layers_gave_nothing():
    calls = []

    def candidate(name, value):
        def compute():
            calls.append(name)
            return value

        return compute

    found = first(
        [
            ("jsonld", candidate("jsonld", None)),
            ("meta", candidate("meta", "Titre")),
            ("pattern", candidate("pattern", "Autre")),
        ]
    )
    assert found == Field("Titre", "meta")
    assert calls == ["jsonld", "meta"]  # the pattern layer never ran


def test_callable_is_not_evaluated_after_a_plain_value():
    def fail():
        raise AssertionError("evaluated although an earlier layer had a value")

    assert first([("jsonld", "Titre"), ("fallback", fail)]) == Field("Titre", "jsonld")


def test_candidates_are_consumed_lazily():
    """An iterator of candidates is read only up to the winner (era matching is lazy)."""
    read = []

    def candidates():
        for layer in ("jsonld", "meta", "selectors:2019"):
            read.append(layer)
            yield layer, "x" if layer == "meta" else None

    assert first(candidates()) == Field("x", "meta")
    assert read == ["jsonld", "meta"]


def full_draft() -> Draft:
    return Draft(
        url=Field(URL, "meta"),
        title=Field("Grève du like", "jsonld"),
        lead=Field("Un chapô.", "selectors:2019"),
        body=Field("Premier.\n\nSecond.", "selectors:2019"),
        published_at=Field("2015-03-02T10:00:00+00:00", "pattern"),
        published_raw=Field("lundi 2 mars 2015 - 10h00", "pattern"),
        section=Field("Economie", "pattern"),
        author=Field("Yassine A.", "meta"),
        tags=Field(["Maroc Telecom", "ANRT"], "meta"),
        image_url=Field("https://www.bladi.net/img/x.jpg", "jsonld"),
        links=[Link("https://www.bladi.net/a,1.html", "in_body", "a", None, 1)],
    )


def test_draft_becomes_an_article_record_with_its_layers():
    record = full_draft().record()
    assert record == ArticleRecord(
        url=URL,
        id=44560,
        slug="greve-like-blocage-whatsapp-viber",
        title="Grève du like",
        body="Premier.\n\nSecond.",
        lead="Un chapô.",
        published_at="2015-03-02T10:00:00+00:00",
        published_raw="lundi 2 mars 2015 - 10h00",
        section="Economie",
        author="Yassine A.",
        tags=["Maroc Telecom", "ANRT"],
        image_url="https://www.bladi.net/img/x.jpg",
        links=[Link("https://www.bladi.net/a,1.html", "in_body", "a", None, 1)],
        extraction={
            "author": "meta",
            "body": "selectors:2019",
            "image_url": "jsonld",
            "lead": "selectors:2019",
            "published_at": "pattern",
            "published_raw": "pattern",
            "section": "pattern",
            "tags": "meta",
            "title": "jsonld",
            "url": "meta",
        },
    )
    assert list(record.extraction) == sorted(record.extraction)  # stored as JSON: stable order


def test_fields_not_found_are_empty_and_have_no_layer():
    draft = Draft(url=Field(URL, "fallback"), title=Field("T", "fallback"), body=Field("B", "fallback"))
    record = draft.record()
    assert (record.lead, record.published_at, record.section, record.author, record.image_url) == (None,) * 5
    assert record.tags == [] and record.links == []
    assert record.extraction == {"body": "fallback", "title": "fallback", "url": "fallback"}


def test_missing_names_title_before_body():
    assert Draft(url=Field(URL, "fallback")).missing() == "title"
    assert Draft(url=Field(URL, "fallback"), title=Field("T", "jsonld")).missing() == "body"
    # A field found empty is still missing.
    assert Draft(url=Field(URL, "fallback"), title=Field("T", "jsonld"), body=Field("", "jsonld")).missing() == "body"
    assert full_draft().missing() is None


def test_record_refuses_a_draft_without_title_or_body():
    with pytest.raises(ValueError, match="no body"):
        Draft(url=Field(URL, "fallback"), title=Field("T", "jsonld")).record()
