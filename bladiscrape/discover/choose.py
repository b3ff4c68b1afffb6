"""Which listed articles to fetch: a listing shows far more than a polite crawl should download.

Every item seen is recorded (``listing_items``), fetched or not, so the choice
can be checked and widened later. An item is fetched when it can be in topic:

* on a **topical listing** (a tag page or search whose name is itself a topic
  term, such as the "Maroc Telecom" tag or a search for "ANRT"), every item:
  the editors already filed it under the topic;
* elsewhere (a rubrique, the home page, an off-topic tag), when its title and
  teaser score at least ``min_score`` with the topic definition, the title
  weighted as a title and the teaser as a lead (a teaser is a cut-down chapô).

``DEFAULT_MIN_SCORE`` is 2.0, below the in-topic threshold (5): a title or
teaser names a term once where the article names it many times, so asking
the listing for the article's own threshold would miss articles whose title
says "VoIP" in the lead only. 2.0 is one operator or app named in the teaser
(weight 2 x lead 2 = 4 passes), or one weak term in the title; a bare "Maroc"
scores nothing. ``--listing-score 0`` fetches every listed item.
"""

from __future__ import annotations

from dataclasses import dataclass

from bladiscrape.model import ListingItem
from bladiscrape.score.topic import Topic

DEFAULT_MIN_SCORE = 2.0


@dataclass(frozen=True)
class Choice:
    fetch: bool
    score: float
    why: str  # "topical listing", "score 4.00", "score 0.00 < 2.0"


def listing_is_topical(name: str | None, topic: Topic) -> bool:
    """A tag page or search named after a topic term (scored as a tag, the editors' classification)."""
    return bool(name) and topic.score(None, None, None, [name]).in_topic


def choose(item: ListingItem, topic: Topic, *, topical: bool, min_score: float = DEFAULT_MIN_SCORE) -> Choice:
    score = topic.score(item.title, item.teaser, None, []).score
    if topical:
        return Choice(True, score, "topical listing")
    if score >= min_score:
        return Choice(True, score, f"score {score:.2f}")
    return Choice(False, score, f"score {score:.2f} < {min_score:g}")
