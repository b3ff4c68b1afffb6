"""The state of a sweep by article id (``--sweep``, ``--ids A-B``): plain data, no Scrapy.

``--ids A-B`` asks each id of the range. ``--sweep`` first finds the ids of
``--since``/``--until`` by two bisections over probed articles
(``discover.sweep.BoundSearch``), then asks every id between them, widened by
the sweep margin. Every id is asked once, probes included: an id probed while
bisecting is not asked again.
"""

from __future__ import annotations

from datetime import date

from bladiscrape.discover.sweep import BoundSearch, sweep_ids
from bladiscrape.model import DateWindow


class Sweeper:
    def __init__(self, window: DateWindow, ids: tuple[int, int] | None = None):
        self.window = window
        self.fixed = ids
        self.searches: list[BoundSearch] = []
        self.asked: set[int] = set()
        self.answers: dict[int, date | None] = {}  # probed id -> its day (None: missing)
        self.range: range | None = range(ids[0], ids[1] + 1) if ids else None

    def begin(self, newest_id: int) -> list[int]:
        """Probes to start with, given the newest id the site shows (its feed); [] for ``--ids``."""
        since, until = self.window.since, self.window.until
        if self.fixed or since is None or until is None:  # options refuse --sweep without both dates
            return []
        high = newest_id + 1
        self.searches = [BoundSearch(since, 0, high, after=True), BoundSearch(until, 0, high, after=False)]
        return self._probes()

    def probed(self, article_id: int, day: date | None) -> list[int]:
        """A probe's answer (its publication day, None if missing); the next probes to send."""
        self.answers[article_id] = day
        for search in self.searches:
            if search.next_id() == article_id:
                search.observe(article_id, day)
        probes = self._probes()
        if not probes and self.range is None and all(s.next_id() is None for s in self.searches):
            first, last = self.searches[0].result, self.searches[1].result
            self.range = sweep_ids(first, last) if first <= last else range(0)
        return probes

    def _probes(self) -> list[int]:
        wanted = []
        for search in self.searches:
            probe = search.next_id()
            while probe is not None and probe in self.answers:
                # Answered already (a probe of the other search): no second request.
                search.observe(probe, self.answers[probe])
                probe = search.next_id()
            if probe is not None and probe not in self.asked:  # asked and unanswered: wait for it
                self.asked.add(probe)
                wanted.append(probe)
        return wanted

    def sweep(self) -> list[int]:
        """The ids of the range not asked yet (each is asked once), once the range is known."""
        if self.range is None:
            return []
        ids = [i for i in self.range if i not in self.asked]
        self.asked.update(ids)
        return ids
