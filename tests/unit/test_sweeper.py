"""A sweep's state on plain data: probes shared by the two bisections, every id asked once."""

from __future__ import annotations

from datetime import date, timedelta

from bladiscrape.crawl.sweeper import Sweeper
from bladiscrape.model import DateWindow

START = date(2010, 1, 1)


def day_of(i: int) -> date | None:
    return None if i % 9 == 0 else START + timedelta(days=i // 10)  # 10 ids a day, one in nine missing


def run(sweeper: Sweeper, newest: int) -> list[int]:
    asked = []
    pending = sweeper.begin(newest)
    while pending:
        i = pending.pop(0)
        asked.append(i)
        pending += sweeper.probed(i, day_of(i))
    return asked + sweeper.sweep()


def test_a_month_is_swept_with_every_id_asked_once():
    window = DateWindow(date(2016, 3, 1), date(2016, 3, 31))
    asked = run(Sweeper(window), newest=60_000)
    assert len(asked) == len(set(asked))
    wanted = {i for i in range(1, 60_001) if day_of(i) and window.contains(day_of(i).isoformat())}
    assert wanted <= set(asked)
    assert len(asked) <= 1.15 * (max(wanted) - min(wanted) + 1) + 60


def test_an_explicit_id_range_is_asked_as_given():
    sweeper = Sweeper(DateWindow(), ids=(100, 104))
    assert sweeper.begin(60_000) == [] and sweeper.sweep() == [100, 101, 102, 103, 104] and sweeper.sweep() == []


def test_sweep_progress_says_ids_done_left_and_time():
    from bladiscrape.crawl.progress import sweep_progress

    assert sweep_progress({}, 1.0) == ""
    assert sweep_progress({"bladi/sweep/ids_total": 322, "bladi/sweep/ids_done": 142}, 1.0) == (
        " | ids 142 done, 180 left, ~3 min")
