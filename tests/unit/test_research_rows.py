"""Mentions and event links of hand-made article rows: counts, offsets, snippets, the reports/mentions rule."""

from __future__ import annotations

from datetime import date

import pytest

from bladiscrape.analyse.episode import load_episode
from bladiscrape.analyse.mentions import mention_rows, reading_text
from bladiscrape.score.actors import load_actors


@pytest.fixture(scope="module")
def actors():
    return load_actors()


@pytest.fixture(scope="module")
def episode(actors):
    return load_episode(actors=actors)


def article(**values) -> dict:
    base = {"id": 1, "title": "", "lead": None, "body": "", "published_at": "2016-03-01T10:00:00+00:00"}
    return {**base, **values}


def test_counts_cover_title_lead_and_body_and_offsets_point_into_lead_and_body(actors):
    row = article(title="Méditel devient Orange Maroc", lead="L'opérateur Méditel change de nom.",
                  body="Désormais, Orange Maroc remplace Médi Telecom. Inwi ne bouge pas.")
    rows = {r["actor_id"]: r for r in mention_rows(row, actors)}
    assert rows["meditel"]["count"] == 5 and rows["meditel"]["in_title"] == 1
    text = reading_text(row["lead"], row["body"])
    assert text[rows["meditel"]["first_offset"]:].startswith("Méditel")
    assert rows["meditel"]["snippet"] == "L'opérateur Méditel change de nom."
    assert rows["inwi"] == {"article_id": 1, "actor_id": "inwi", "count": 1, "in_title": 0,
                            "first_offset": text.index("Inwi"), "snippet": "Inwi ne bouge pas."}


def test_a_name_only_in_the_title_has_no_offset(actors):
    rows = mention_rows(article(title="L'ANRT sanctionne", body="Une amende record."), actors)
    assert rows == [{"article_id": 1, "actor_id": "anrt", "count": 1, "in_title": 1, "first_offset": None,
                     "snippet": "L'ANRT sanctionne"}]


def test_the_timeline_has_twenty_milestones_of_2016_with_sources_and_disagreements(episode):
    of_2016 = [e for e in episode.events if e.date.year == 2016]
    assert len(of_2016) >= 20
    assert min(of_2016, key=lambda e: e.date).date <= date(2016, 1, 7)
    assert max(episode.events, key=lambda e: e.date).id == "meditel-becomes-orange"
    assert all(e.sources and e.actors and e.terms and e.title and e.description for e in episode.events)
    by_id = {e.id: e for e in episode.events}
    assert "4 January" in by_id["anrt-communique-january"].description  # the communiqué's date is disputed
    assert "1-16-347" in by_id["decree-published"].description  # so is the decree's number


def test_reports_within_the_window_mentions_later_nothing_before(episode):
    def relations(published_at, text, named):
        row = article(published_at=published_at, body=text)
        return {r["event_id"]: r["relation"] for r in episode.event_links(row, named)}

    text = "Les internautes boycottent les opérateurs par une campagne de dislike sur Facebook."
    named = {"facebook", "maroc-telecom"}
    assert relations("2016-02-27T12:00:00+00:00", text, named)["dislike-campaign"] == "reports"
    assert relations("2016-03-02T12:00:00+00:00", text, named)["dislike-campaign"] == "reports"  # 2 days after
    assert relations("2016-06-01T12:00:00+01:00", text, named)["dislike-campaign"] == "mentions"
    assert "dislike-campaign" not in relations("2016-02-20T12:00:00+00:00", text, named)  # before it
    assert "dislike-campaign" not in relations("2016-06-01T12:00:00+01:00", "Un dislike.", named)  # one term
    assert "dislike-campaign" not in relations("2016-02-27T12:00:00+00:00", text, set())  # no actor named
