"""Date-range navigation on plain data: a simulated listing, newest first, with a little disorder."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bladiscrape.discover.daterange import DONE, PageDates, RangeNavigator
from bladiscrape.model import DateWindow

STEP = 12


def listing(n_items: int, first: date, last: date, seed: int = 1, jitter_days: int = 2) -> list[date]:
    """Item dates, newest first, spread about evenly from ``last`` back to ``first``, with jitter."""
    rng = random.Random(seed)
    span = (last - first).days
    return [last - timedelta(days=round(span * i / n_items) + rng.randint(0, jitter_days)) for i in range(n_items)]


def page(dates: list[date], offset: int) -> PageDates:
    items = dates[offset:offset + STEP]
    return PageDates(offset, len(items), max(items) if items else None, min(items) if items else None)


def navigate(dates, window, last_known=True, max_pages=1000):
    last = (len(dates) - 1) // STEP * STEP if last_known else None
    nav = RangeNavigator(window, STEP, last, max_pages=max_pages)
    fetched = [0]
    nav.observe(page(dates, 0))
    while (offset := nav.next_offset()) is not None:
        assert offset not in fetched, f"offset {offset} asked twice"
        fetched.append(offset)
        nav.observe(page(dates, offset))
    return nav, fetched


def in_window(dates, window):
    return {i for i, d in enumerate(dates) if window.contains(d.isoformat())}


def covered(fetched, n):
    return {i for o in fetched for i in range(o, min(o + STEP, n))}


@pytest.mark.parametrize("last_known", [True, False])
def test_a_year_deep_in_a_large_listing_is_reached_without_walking_from_the_top(last_known):
    dates = listing(100_000, date(2003, 1, 1), date(2025, 6, 30))
    window = DateWindow(date(2016, 1, 1), date(2016, 12, 31))
    nav, fetched = navigate(dates, window, last_known)
    assert nav.phase == DONE
    assert in_window(dates, window) <= covered(fetched, len(dates))  # nothing in range left unread
    in_range_pages = len(in_window(dates, window)) / STEP
    assert nav.probes <= 30, nav.probes
    assert len(fetched) <= in_range_pages + 35, (len(fetched), in_range_pages)


def test_ten_days_deep_in_the_past_cost_few_pages():
    dates = listing(100_000, date(2003, 1, 1), date(2025, 6, 30))
    window = DateWindow(date(2009, 3, 1), date(2009, 3, 10))
    nav, fetched = navigate(dates, window)
    assert in_window(dates, window) <= covered(fetched, len(dates))
    assert len(fetched) <= 40, len(fetched)


def test_a_range_newer_than_the_first_page_reads_the_first_pages():
    dates = listing(500, date(2024, 1, 1), date(2025, 6, 30))
    nav, fetched = navigate(dates, DateWindow(date(2025, 6, 1), None))
    assert fetched[0] == 0 and fetched == sorted(fetched) and nav.probes == 1
    assert in_window(dates, DateWindow(date(2025, 6, 1), None)) <= covered(fetched, len(dates))


def test_a_range_older_than_the_listing_ends_after_a_few_probes():
    dates = listing(5_000, date(2015, 1, 1), date(2025, 6, 30))
    nav, fetched = navigate(dates, DateWindow(date(2001, 1, 1), date(2001, 12, 31)))
    assert nav.phase == DONE and nav.pages_read <= 1 and len(fetched) <= 20


def test_a_range_newer_than_the_listing_reads_only_the_first_page():
    dates = listing(500, date(2010, 1, 1), date(2012, 1, 1))
    nav, fetched = navigate(dates, DateWindow(date(2020, 1, 1), date(2020, 12, 31)))
    assert nav.phase == DONE and fetched == [0]


def test_max_pages_bounds_the_pages_read_inside_the_range():
    dates = listing(100_000, date(2003, 1, 1), date(2025, 6, 30))
    nav, fetched = navigate(dates, DateWindow(date(2016, 1, 1), date(2016, 12, 31)), max_pages=3)
    assert nav.pages_read == 3 and len(fetched) == nav.probes + 3 - 1  # the first page read was a probe


def test_undated_pages_are_read_from_the_top_within_max_pages():
    nav = RangeNavigator(DateWindow(date(2016, 1, 1), date(2016, 12, 31)), STEP, None, max_pages=4)
    nav.observe(PageDates(0, 12))
    offsets = [0]
    while (offset := nav.next_offset()) is not None:
        offsets.append(offset)
        nav.observe(PageDates(offset, 12))
    assert offsets == [0, 12, 24, 36] and nav.pages_read == 4 and nav.probes == 1


def test_pages_read_join_into_covered_blocks_and_holes_stay_apart():
    from bladiscrape.discover.daterange import covered_blocks

    weekly = [(date(2016, 3, 1), date(2016, 3, 29)), (date(2016, 2, 1), date(2016, 2, 22))]  # a sparse listing
    assert covered_blocks(weekly) == [(date(2016, 2, 1), date(2016, 3, 29))]
    apart = [(date(2016, 3, 1), date(2016, 3, 3)), (date(2016, 5, 1), date(2016, 5, 3))]
    assert covered_blocks(apart) == apart
