"""Sweeps by article id: find the ids of a date range by probing, then ask each id once.

Bladi's article ids rise with publication date (44096 = 8 January 2016,
46592 = November 2016), so the ids of ``--since``/``--until`` form one run.
Its ends are found by a bisection over ids on the dates of probed articles
(``spip.php?article<id>`` redirects to the article, whose page gives its
date). Two things make the naive bisection wrong, and both are handled:

* **missing ids** (about one in eight: deleted or unpublished articles answer
  404): a probe that misses moves to the next id up, a few times, before the
  bracket is narrowed from that side;
* **small disorder** (an article published a day before an older id): the run
  is widened by ``MARGIN`` ids on each side; articles there that fall outside
  the range are recorded as out of range, not stored.

Everything here is plain data; the crawl turns ``next_id`` into requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bladiscrape.model import DateWindow, publication_day

#: Ids swept beyond each end of the bisected run, for articles published out
#: of id order. Dates on the live site are out of order by a day or two at
#: most, about 10 ids at 2016's rate of ~220 ids a month: 20 is twice that.
MARGIN = 20
#: Consecutive missing ids a probe steps over before giving up on that spot.
MAX_MISSES = 6


@dataclass
class BoundSearch:
    """The first id published on or after ``target`` (``after=True``), or the last on or before it.

    ``low``/``high`` bracket the search: ids outside are never probed.
    """

    target: date
    low: int
    high: int
    after: bool = True
    probes: int = 0
    dates: dict[int, date | None] = field(default_factory=dict)  # probed id -> its date (None: missing)
    _probe: int | None = None
    _misses: int = 0

    def __post_init__(self) -> None:
        self._probe = self._middle()

    def next_id(self) -> int | None:
        return self._probe

    def observe(self, article_id: int, day: date | None) -> None:
        """The probed id's publication day, or None when it is missing."""
        self.probes += 1
        self.dates[article_id] = day
        if day is None:
            self._misses += 1
            nxt = article_id + 1
            if self._misses < MAX_MISSES and nxt < self.high:
                self._probe = nxt
                return
            # A run of missing ids (p = 0.12**6 on the live site's rate): step over it
            # as if it lay before the target; the sweep's margin covers a misjudged end.
            self.low = article_id
        else:
            before = day < self.target if self.after else day <= self.target
            if before:
                self.low = article_id
            else:
                self.high = article_id
        self._misses = 0
        self._probe = self._middle()

    def _middle(self) -> int | None:
        """The unprobed id nearest the bracket's middle; None when every id inside is known missing."""
        middle = (self.low + self.high) // 2
        for distance in range(self.high - self.low):
            for candidate in (middle + distance, middle - distance):
                if self.low < candidate < self.high and candidate not in self.dates:
                    return candidate
            if middle - distance <= self.low and middle + distance >= self.high:
                break
        return None

    @property
    def result(self) -> int:
        """``high`` is the first id on the "not before" side; the last id before it is ``low``."""
        return self.high if self.after else self.low


def sweep_ids(first: int, last: int, margin: int = MARGIN, floor: int = 1) -> range:
    """The ids to ask for a range whose bisected ends are ``first`` and ``last``."""
    return range(max(floor, first - margin), last + margin + 1)


def parse_id_range(text: str) -> tuple[int, int]:
    """``--ids A-B`` as ``(A, B)``; ValueError with a one-line reason otherwise."""
    parts = text.replace(" ", "").split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"--ids {text!r} is not a range of article ids such as 44000-46999")
    a, b = int(parts[0]), int(parts[1])
    if a < 1 or b < a:
        raise ValueError(f"--ids {text!r}: the first id must be at least 1 and not above the last")
    return a, b


#: Articles dated this many days outside the window set the id bracket: Bladi's
#: ids rise with dates, but an article can be published a day or two out of id
#: order, so only ids well clear of the window's edges are taken as bounds.
ID_BRACKET_SLACK_DAYS = 7


class IdBracket:
    """Ids known to lie before or after a date window, learnt from dated articles and listed items.

    Bladi's ids rise with publication dates, so an id below one dated well
    before ``since`` (or above one dated well after ``until``) is outside the
    window too: a related link to it is not fetched.
    """

    def __init__(self, window: DateWindow):
        self.window = window
        self.floor: int | None = None  # highest id seen dated well before since
        self.ceiling: int | None = None  # lowest id seen dated well after until

    def learn(self, article_id: int | None, published_at: str | None) -> None:
        day = publication_day(published_at)
        if article_id is None or day is None:
            return
        since, until = self.window.since, self.window.until
        if since and (since - day).days > ID_BRACKET_SLACK_DAYS:
            self.floor = max(self.floor or 0, article_id)
        if until and (day - until).days > ID_BRACKET_SLACK_DAYS:
            self.ceiling = article_id if self.ceiling is None else min(self.ceiling, article_id)

    def outside(self, article_id: int | None) -> bool:
        if article_id is None:
            return False
        return (self.floor is not None and article_id < self.floor) or (
            self.ceiling is not None and article_id > self.ceiling)
