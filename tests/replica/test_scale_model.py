"""The synthetic site's model, without serving it: id -> date calibration, the 2016 telecom coverage
discovery is benchmarked on (~90 articles), the ground-truth sets and the vocabulary they rest on."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from bladiscrape.replica.scale.words import TELECOM_TERMS

Y2016 = (date(2016, 1, 1), date(2016, 12, 31))
TERMS = tuple(t.casefold() for t in TELECOM_TERMS)


def has_term(text: str) -> bool:
    folded = text.casefold()
    return any(term in folded for term in TERMS)


def test_id_date_calibration(site):
    def near(i: int) -> date:
        j = next(j for j in range(i, i + 50) if site.exists(j))
        return site.published(j).date()

    assert site.published(44096) == datetime(2016, 1, 8, 9, 30)
    assert site.published(44598).date() == date(2016, 3, 3)
    for article_id, expected in ((44000, date(2016, 1, 1)), (46600, date(2016, 11, 5)),
                                 (84247, date(2021, 7, 1)), (115000, date(2025, 6, 15))):
        assert abs(near(article_id) - expected) <= timedelta(days=3), article_id
    assert near(1).year == 2003
    assert 2025 == site.published(site.latest(1)[0]).year
    # Mostly monotonic: a few articles a day or two out of order, no more.
    ids = [i for i in range(40000, 60000) if site.exists(i)]
    backwards = [site.published(a) - site.published(b) for a, b in itertools.pairwise(ids) if site.published(b) < site.published(a)]
    assert 0 < len(backwards) < 0.02 * len(ids)
    assert max(backwards) <= timedelta(days=3)


def test_2016_telecom_coverage(site):
    in_topic = site.in_topic_ids(*Y2016)
    share = len(site.in_topic_ids(date(2000, 1, 1), date(2030, 1, 1))) / site.article_count
    print(f"2016: {len(in_topic)} in-topic of {len(site.ids_between(*Y2016))} articles; "
          f"tagged {len(site.telecom_tagged_ids(*Y2016))}, tagged or linked {len(site.telecom_tagged_or_linked(*Y2016))}, "
          f"only via listings/search {len(site.telecom_unlinked_ids(*Y2016))}; telecom overall {share:.1%}")
    assert 80 <= len(in_topic) <= 110
    assert 0.02 <= share <= 0.05
    # Denser in the blocking episode than in the quiet summer.
    by_month = [len(site.in_topic_ids(date(2016, m, 1), date(2016, m, 28))) for m in (1, 7)]
    assert by_month[0] > 2 * by_month[1]


def test_ground_truth_sets_are_consistent(site):
    in_topic = set(site.in_topic_ids(*Y2016))
    tagged, reached = set(site.telecom_tagged_ids(*Y2016)), set(site.telecom_tagged_or_linked(*Y2016))
    unlinked = set(site.telecom_unlinked_ids(*Y2016))
    assert tagged < reached < in_topic and reached | unlinked == in_topic and not reached & unlinked
    assert unlinked, "some telecom articles are only found through listings or search"
    telecom_tags = {t.slug for t in site.tags if t.telecom}
    linked_from_tagged = set()
    for i in site.in_topic_ids(date(2015, 11, 1), date(2017, 2, 28)):
        a = site.article(i)
        if a.telecom_kind == "tagged":
            linked_from_tagged.update(a.related)
    for i in in_topic:
        a = site.article(i)
        assert a is not None and a.published.year == 2016 and a.telecom
        assert has_term(a.title) and has_term(a.lead + " ".join(a.body)), a.title
        assert bool(telecom_tags & set(a.tags)) == (i in tagged)
        if i in reached - tagged:
            assert i in linked_from_tagged  # reachable in one hop from a tagged article
        if i in unlinked:
            assert i not in linked_from_tagged
    assert set(site.ids_between(*Y2016)) >= in_topic
    assert all(site.published(i).year == 2016 for i in site.ids_between(*Y2016))


def test_non_telecom_articles_never_use_the_telecom_vocabulary(site):
    # Every title and tag of the site, through the search index: only telecom articles match a term.
    telecom = set(site.in_topic_ids(date(2000, 1, 1), date(2030, 12, 31)))
    for term in TELECOM_TERMS:
        assert set(site.search(term)) <= telecom, term
    assert len(site.search("VoIP")) > 100
    # Texts and the links shown on the page, on a sample.
    checked = 0
    for i in range(3, site.max_id, 101):
        a = site.article(i)
        if a is None or a.telecom:
            continue
        checked += 1
        shown = [a.title, a.lead, *a.body, *(site.tag(t).name for t in a.tags)]
        shown += [site.card(j).title + site.card(j).teaser for j in a.related + a.recommended]
        assert not has_term(" ".join(shown)), (i, a.title)
    assert checked > 900


def test_listing_offsets_truth(site):
    offsets = site.listing_offsets("economie", *Y2016)
    ids = [i for start in offsets for i in site.rubrique_page("economie", start)]
    assert set(ids) >= {i for i in site.ids_between(*Y2016) if site.rubrique_of(i) == "economie"}
    assert len(offsets) < 40  # a year of economie is ~30 pages out of >1,300


# -- pages over HTTP ------------------------------------------------------------------
