"""Finding the ids of a date range by probing, on plain data: missing ids and small disorder."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bladiscrape.discover.sweep import MARGIN, BoundSearch, parse_id_range, sweep_ids

START = date(2003, 1, 1)


def site(n=116_000, missing=0.12, seed=7):
    """id -> day (None: missing); about 14 ids a day, dates out of order by up to 2 days."""
    rng = random.Random(seed)
    days = {}
    for i in range(1, n + 1):
        days[i] = None if rng.random() < missing else START + timedelta(days=i // 14 + rng.randint(-2, 0))
    return days


SITE = site()


def search(target, after, days=SITE):
    bound = BoundSearch(target, 0, max(days) + 1, after=after)
    while (i := bound.next_id()) is not None:
        assert i not in bound.dates, "an id asked twice"
        bound.observe(i, days.get(i))
    return bound


@pytest.mark.parametrize("since,until", [(date(2016, 1, 1), date(2016, 12, 31)), (date(2016, 3, 1), date(2016, 3, 31))])
def test_the_swept_run_holds_every_article_of_the_range(since, until):
    first, last = search(since, after=True), search(until, after=False)
    ids = sweep_ids(first.result, last.result)
    wanted = {i for i, d in SITE.items() if d and since <= d <= until}
    assert wanted <= set(ids)
    assert len(ids) <= len(range(min(wanted), max(wanted) + 1)) + 2 * MARGIN + 2
    assert first.probes + last.probes <= 50, (first.probes, last.probes)


def test_missing_ids_are_stepped_over():
    days = {i: (None if 500 <= i < 503 else START + timedelta(days=i)) for i in range(1, 1001)}
    bound = search(START + timedelta(days=501), after=True, days=days)
    assert bound.result == 503 and all(bound.dates[i] is None for i in bound.dates if 500 <= i < 503)


def test_id_ranges_are_checked():
    assert parse_id_range("44000-46999") == (44000, 46999)
    for bad in ("44000", "a-b", "5-3", "0-3", "1-2-3"):
        with pytest.raises(ValueError, match="--ids"):
            parse_id_range(bad)
    assert sweep_ids(10, 12, margin=20) == range(1, 33)


def test_ids_dated_well_outside_the_window_bracket_it():
    from bladiscrape.discover.sweep import IdBracket
    from bladiscrape.model import DateWindow

    ids = IdBracket(DateWindow(date(2016, 1, 1), date(2016, 12, 31)))
    ids.learn(43000, "2015-11-01")  # well before: a floor
    ids.learn(43990, "2015-12-30")  # within the slack: not a bound (ids may be a little out of order)
    ids.learn(47500, "2017-02-01")  # well after: a ceiling
    assert (ids.floor, ids.ceiling) == (43000, 47500)
    assert ids.outside(42999) and ids.outside(47501)
    assert not ids.outside(43995) and not ids.outside(None)
