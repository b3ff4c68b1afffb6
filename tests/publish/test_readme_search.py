"""The README's search examples, run on the demo's archive (a crawl of the replica): each finds what it says."""

from __future__ import annotations

import re

import pytest

from bladiscrape.core.text import fold
from support.datasette import get, rows
from support.paths import README

TEXT = README.read_text(encoding="utf-8")
SEARCHING = TEXT.split("### Searching", 1)[1].split("\n### ", 1)[0]
FINDS = re.findall(r'`([^`]+)` finds "([^"]+)"', TEXT)


def texts(found: list[dict]) -> list[str]:
    return [fold(" ".join(str(r.get(c) or "") for c in ("title", "lead", "body", "tags"))).lower() for r in found]


def box(ds, query: str) -> list[dict]:
    return rows(ds, "articles", _search=query, _col=["title", "lead", "body", "tags"], _size="max")


@pytest.mark.parametrize("query, word", FINDS)
def test_each_word_form_example_finds_the_form_it_names(ds, query, word):
    found = texts(box(ds, query))
    assert found and any(re.search(rf"\b{re.escape(fold(word).lower())}\b", t) for t in found), (query, word)


def test_the_syntax_examples_find_what_they_say(ds):
    assert len(FINDS) >= 6 and all(f"`{q}`" in SEARCHING for q in ("blocage anrt", '"grève du like"',
                                                                    "inwi OR wana", "blocage -wifi", "régl*"))
    both = texts(box(ds, "blocage anrt"))
    assert both and all("anrt" in t and "blocag" in t for t in both)  # blocage, blocages
    phrase = texts(box(ds, '"grève du like"'))
    assert phrase and all("greve du" in t and "like" in t for t in phrase)
    either = texts(box(ds, "inwi OR wana"))
    naming = [t for t in texts(rows(ds, "articles", _col=["title", "lead", "body", "tags"], _size="max"))
              if re.search(r"\b(inwi|wana)\b", t)]
    assert either and sorted(either) == sorted(naming)
    without = texts(box(ds, "blocage -wifi"))
    assert without and not any(re.search(r"\bwifi\b", t) for t in without)
    assert len(without) < len(texts(box(ds, "blocage")))
    prefix = texts(box(ds, "régl*"))
    assert prefix and all(re.search(r"\bregl", t) for t in prefix)


def test_a_query_that_cannot_be_used_says_why(ds):
    assert box(ds, "inwi OR") == []
    assert "OR needs a word on each side" in get(ds, "articles", _search="inwi OR").text
