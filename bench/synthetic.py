"""Synthetic articles for the store, reparse and Datasette benchmarks (test texts, marked as such).

Deterministic: the same ``n`` and ``seed`` give the same articles. Bodies are
about 4 KB of French-looking test text drawn from a small vocabulary, with the
topic's words at a few percent, so search and facets have something to find.
"""

from __future__ import annotations

import random
from types import SimpleNamespace

from bladiscrape.model import ArticleBundle, ArticleRecord, Link
from bladiscrape.store.rows import to_bundle

MARK = "[Texte de test, écrit pour les mesures de bladiscrape.]"
WORDS = ("le la les des une pour avec dans sur marché opérateur réseau internet téléphone abonnés prix "
         "service gouvernement ville région football économie projet société entreprise investissement "
         "croissance emploi jeunes élections tourisme culture festival santé école université transport "
         "énergie eau agriculture commerce banque diaspora voyage été retour famille").split()
TOPIC_WORDS = ("ANRT", "VoIP", "WhatsApp", "Viber", "Skype", "blocage", "Maroc Telecom", "Inwi", "Méditel")
SECTIONS = ("Economie", "Maroc", "Monde", "Sport", "Culture", "Diaspora", "Société", "Insolite")
AUTHORS = ("Bladi.net", "Rédaction", "Yassine B.", "Salma K.", "Karim E.")


def paragraph(rng: random.Random, words: int, topical: bool) -> str:
    out = [rng.choice(WORDS) for _ in range(words)]
    if topical:
        for _ in range(3):
            out[rng.randrange(words)] = rng.choice(TOPIC_WORDS)
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def record(i: int, rng: random.Random, tag_pool: list[str]) -> ArticleRecord:
    aid = 1000 + i
    topical = rng.random() < 0.05
    slug = f"article-de-test-{aid}"
    body = MARK + "\n\n" + "\n\n".join(paragraph(rng, 100, topical) for _ in range(5))
    year = 2004 + i * 22 // 100_000 % 22
    published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+01:00"
    tags = list(dict.fromkeys(rng.choice(tag_pool) for _ in range(rng.randint(1, 5))))
    links = [Link(f"https://www.bladi.net/article-de-test-{t},{t}.html", kind, f"Titre {t}", None, pos)
             for pos, (t, kind) in enumerate(((rng.randint(1000, 1000 + max(i, 1)), k) for k in
                                              ("further_reading", "further_reading", "recommended", "recommended",
                                               "recommended", "recommended", "in_body", "tag")), 1)]
    return ArticleRecord(
        url=f"https://www.bladi.net/{slug},{aid}.html", id=aid, slug=slug,
        title=paragraph(rng, 9, topical).rstrip("."), lead=paragraph(rng, 30, topical), body=body,
        published_at=published, published_raw=published[:10], section=rng.choice(SECTIONS),
        author=rng.choice(AUTHORS), tags=tags, image_url=f"https://www.bladi.net/img/{aid}.jpg",
        links=links, extraction={"title": "jsonld", "body": "selectors", "published_at": "meta"})


def records(n: int, seed: int = 13) -> list[ArticleRecord]:
    rng = random.Random(seed)
    tag_pool = [f"Sujet de test {k}" for k in range(800)] + ["ANRT", "VoIP", "Maroc Telecom", "Inwi", "WhatsApp"]
    return [record(i, rng, tag_pool) for i in range(n)]


def topic_of(rec: ArticleRecord) -> SimpleNamespace:
    hits = sum(rec.body.count(w) for w in TOPIC_WORDS)
    return SimpleNamespace(score=float(hits), in_topic=hits >= 5, terms={"ANRT": {"count": hits}} if hits else {})


def bundles(n: int, seed: int = 13, fetched_at: str = "2026-12-01T00:00:00+00:00") -> list[ArticleBundle]:
    return [to_bundle(r, topic_of(r), fetched_at, "bench") for r in records(n, seed)]


def text_bytes(bundle: ArticleBundle) -> int:
    """The article's own text: what 'bytes beyond the text' is counted against."""
    a = bundle.article
    return sum(len((a[k] or "").encode()) for k in ("title", "lead", "body")) + len(" ".join(bundle.tags).encode())
