"""Hashing, the id -> publication date calibration, and French date formatting.

Everything in the synthetic site is a pure function of ``(seed, article id)``:
a 64-bit integer hash (SplitMix64's finaliser) decides whether an id exists,
when it was published, its rubrique, its tags and the words of its text. No
state is kept per article, so any article can be computed in O(1) from its id,
and two processes with the same seed produce the same bytes. Python's own
``hash()`` is salted per process and ``random.Random``'s algorithms are not
promised to stay the same across versions, hence this small generator.

Dates: SPIP hands out article ids in creation order, so on Bladi.net the id
rises with the publication date. ``minutes_of(id)`` maps an id to a local
publication time through piecewise-linear interpolation between calibration
points (``PINS``), then adds a little jitter and, for a few ids, a delay of a
day or two (an article created on Monday and published on Wednesday), so the
order is monotonic "mostly", as on the live site.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

_M64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def mix(seed: int, n: int, salt: int) -> int:
    """A 64-bit hash of three integers (SplitMix64 finaliser), stable across runs and Pythons."""
    z = (seed * 0x632BE59BD9B4E019 + n * _GOLDEN + salt * 0xD1B54A32D192ED03) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


class Rng:
    """A tiny deterministic generator (SplitMix64) for the words of one page."""

    __slots__ = ("state",)

    def __init__(self, seed: int, n: int, salt: int):
        self.state = mix(seed, n, salt)

    def next(self) -> int:
        self.state = (self.state + _GOLDEN) & _M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next() % n

    def between(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi], both included."""
        return lo + self.next() % (hi - lo + 1)

    def chance(self, p: float) -> bool:
        return self.next() < p * 18446744073709551616.0

    def choice(self, seq):
        return seq[self.next() % len(seq)]

    def sample(self, seq, k: int) -> list:
        """k distinct items of seq, in the generator's order (partial Fisher-Yates)."""
        pool = list(seq)
        k = min(k, len(pool))
        for i in range(k):
            j = i + self.next() % (len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


# -- id -> date ---------------------------------------------------------------------

EPOCH = datetime(2000, 1, 1)
#: Articles are published between 07:00 and 23:00 local time: a day of "id time"
#: is spread over these 960 minutes, so consecutive ids never land at 3 a.m.
DAY_START, DAY_MINUTES = 7 * 60, 16 * 60

#: Calibration points, id -> local publication time. The 2016 points are the
#: ids and dates of bladiscrape's small hand-written replica (44096 = 8 January
#: 2016, 44598 = 3 March 2016, 46592 = 4 November 2016...), so the two replicas
#: agree where they overlap; 84247 ~ July 2021 and ~115,000 ~ mid-2025 match the
#: order of magnitude of the live site's ids. The pre-2016 points are invented:
#: they spread the first 44,000 ids over 2003-2015 with a slower start, as a
#: news site grows. The rate between points (9 ids a day in 2016, ~22 a day
#: from 2017) is what a crawler's "which id is this date?" estimate must learn.
PINS: tuple[tuple[int, datetime], ...] = (
    (1, datetime(2003, 3, 10, 8, 0)),
    (9000, datetime(2007, 1, 2, 8, 0)),
    (29000, datetime(2012, 1, 2, 8, 0)),
    (44000, datetime(2016, 1, 1, 8, 0)),
    (44062, datetime(2016, 1, 7, 13, 5)),
    (44096, datetime(2016, 1, 8, 9, 30)),
    (44521, datetime(2016, 2, 28, 11, 10)),
    (44598, datetime(2016, 3, 3, 14, 25)),
    (45240, datetime(2016, 5, 12, 12, 15)),
    (45560, datetime(2016, 6, 20, 9, 40)),
    (46418, datetime(2016, 10, 19, 14, 50)),
    (46470, datetime(2016, 10, 25, 18, 40)),
    (46592, datetime(2016, 11, 4, 10, 15)),
    (46890, datetime(2016, 12, 8, 10, 0)),
    (47100, datetime(2016, 12, 31, 20, 0)),
    (71850, datetime(2020, 1, 17, 10, 0)),
    (84247, datetime(2021, 7, 1, 11, 0)),
    (115000, datetime(2025, 6, 15, 10, 0)),
    (116000, datetime(2025, 7, 31, 18, 0)),
)
MAX_ID = PINS[-1][0]
PINNED = frozenset(i for i, _ in PINS)

#: Share of ids published a day or two after their neighbours (a draft that
#: waited). Small enough that listings stay "mostly" in id order.
LATE_SHARE = 0.005
_LATE_BELOW = int(LATE_SHARE * 65536)


def _to_x(moment: datetime) -> float:
    """Local time -> "id time": days since EPOCH, the fraction counting only 07:00-23:00."""
    delta = moment - EPOCH
    minutes = moment.hour * 60 + moment.minute - DAY_START
    return delta.days + minutes / DAY_MINUTES


_PIN_IDS = [i for i, _ in PINS]
_PIN_X = [_to_x(m) for _, m in PINS]
#: Per segment: (id0, x0, days per id, minutes of jitter allowed).
_SEGMENTS = []
for _k in range(len(PINS) - 1):
    _slope = (_PIN_X[_k + 1] - _PIN_X[_k]) / (_PIN_IDS[_k + 1] - _PIN_IDS[_k])
    # Jitter below the spacing between two ids keeps the order; capped so that
    # 23:00 plus jitter never reaches midnight.
    _SEGMENTS.append((_PIN_IDS[_k], _PIN_X[_k], _slope, min(0.8 * _slope * DAY_MINUTES, 50.0)))


def minutes_of(article_id: int, h: int) -> int:
    """Local publication time of an id, in minutes since EPOCH (``h``: 32 bits of the id's hash)."""
    k = bisect_right(_PIN_IDS, article_id) - 1
    if k >= len(_SEGMENTS):
        k = len(_SEGMENTS) - 1
    id0, x0, slope, jitter = _SEGMENTS[k]
    x = x0 + (article_id - id0) * slope
    day = int(x)
    minute = DAY_START + (x - day) * DAY_MINUTES
    if article_id in PINNED:
        return day * 1440 + round(minute)
    minute += ((h >> 24) & 0xFF) / 256.0 * jitter
    if (h & 0xFFFF) < _LATE_BELOW:
        day += 1 + ((h >> 16) & 1)
    return day * 1440 + int(minute) // 5 * 5  # editors publish at round-ish times


def to_datetime(minutes: int) -> datetime:
    return EPOCH + timedelta(minutes=minutes)


def to_minutes(moment: date | datetime, end_of_day: bool = False) -> int:
    """A date (whole day) or datetime -> minutes since EPOCH; ``end_of_day`` for an inclusive bound."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 23, 59) if end_of_day else \
            datetime(moment.year, moment.month, moment.day)
    delta = moment.replace(tzinfo=None) - EPOCH
    return delta.days * 1440 + delta.seconds // 60


# -- time zone and French formatting ----------------------------------------------

try:
    from zoneinfo import ZoneInfo

    _CASABLANCA: ZoneInfo | None = ZoneInfo("Africa/Casablanca")
except (ImportError, KeyError, OSError, ValueError):  # no tz database: a simplified rule
    _CASABLANCA = None


@lru_cache(maxsize=4096)
def _offset_of_day(day: date, hour: int) -> int:
    """UTC offset in minutes of Casablanca local time (naive local -> aware)."""
    if _CASABLANCA is not None:
        offset = datetime(day.year, day.month, day.day, hour, tzinfo=_CASABLANCA).utcoffset()
        assert offset is not None  # an aware datetime has one
        return int(offset.total_seconds() // 60)
    # Simplified: UTC+1 since the end of 2018, summer time from 2008, no Ramadan break.
    if day >= date(2018, 10, 28):
        return 60
    return 60 if day.year >= 2008 and 4 <= day.month <= 9 else 0


def aware(moment: datetime) -> datetime:
    """The naive local time with its Africa/Casablanca offset."""
    offset = _offset_of_day(moment.date(), moment.hour)
    return moment.replace(tzinfo=timezone(timedelta(minutes=offset)))


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def french_date(moment: date) -> str:
    """``8 janvier 2016``, ``1er mars 2016``, as SPIP's ``affdate`` prints them."""
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {MONTHS[moment.month - 1]} {moment.year}"


def french_time(moment: datetime, padded: bool = True) -> str:
    """``09h30`` (or ``9h30`` with ``padded=False``)."""
    return f"{moment.hour:02d}h{moment.minute:02d}" if padded else f"{moment.hour}h{moment.minute:02d}"
