"""Choosing which listed articles to fetch, with the packaged topic definition."""

from bladiscrape.discover.choose import DEFAULT_MIN_SCORE, choose, listing_is_topical
from bladiscrape.model import ListingItem
from bladiscrape.score.topic import load_topic

TOPIC = load_topic()


def item(title, teaser=None):
    return ListingItem(url="https://www.bladi.net/x,1.html", title=title, teaser=teaser)


def test_telecom_tag_pages_are_topical_and_others_are_not():
    for name in ("Maroc Telecom", "ANRT", "Inwi", "Méditel"):
        assert listing_is_topical(name, TOPIC), name
    # An app alone is a weak term by design: a WhatsApp tag page lists much else.
    for name in ("Football", "Immigration", "Rabat", "WhatsApp", None, ""):
        assert not listing_is_topical(name, TOPIC), name


def test_an_item_is_fetched_when_its_title_or_teaser_can_be_in_topic():
    assert choose(item("Le blocage de WhatsApp et Viber venait en fait de l'ANRT"), TOPIC, topical=False).fetch
    teaser = "Les clients d'Inwi pourront appeler sur Skype"
    assert choose(item("Un nouveau record", teaser), TOPIC, topical=False).fetch
    football = item("Le Maroc bat le Gabon en match amical", "Les Lions de l'Atlas ont gagné.")
    skipped = choose(football, TOPIC, topical=False)
    assert not skipped.fetch and skipped.score < DEFAULT_MIN_SCORE and "<" in skipped.why


def test_a_topical_listing_fetches_everything_and_the_threshold_can_be_widened():
    football = item("Le Maroc bat le Gabon en match amical")
    assert choose(football, TOPIC, topical=True).fetch
    assert choose(football, TOPIC, topical=False, min_score=0).fetch
