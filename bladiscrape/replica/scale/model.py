"""What an article is, and its few structural facts as a pure function of (seed, id).

``core_of(seed, id)`` decides, in a few microseconds and without any state,
whether an id exists, when it was published, its rubrique, its tags and
whether it is a telecom article (and of which kind). ``site.SyntheticSite``
calls it for every id once to build its listings; texts are added later, on
request, by texts.py.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from . import telecom, texts, words
from .clock import MAX_ID, Rng, minutes_of, to_datetime, to_minutes

#: Share of ids without a published article (404). SPIP shares one id sequence
#: between published articles, drafts, refused and deleted ones; 12 % holes is a
#: plausible rate (not a measurement of Bladi.net) that makes "probe ids"
#: strategies pay for misses without making them useless.
MISSING_SHARE = 0.12
#: The telecom articles of bladiscrape's small replica (tests/replica_truth.json):
#: here too they exist and are tagged telecom articles (most at the same dates, clock.PINS).
FORCED_TELECOM = frozenset({44031, 44062, 44096, 44521, 44598, 44690, 45010, 45240, 45560,
                            46418, 46470, 46592, 46890})
RUBRIQUE_PAGE, TAG_PAGE, SEARCH_PAGE, FEED_SIZE = 12, 20, 10, 20
NONE, TAGGED, LINKED, ORPHAN = 0, 1, 2, 3
KINDS = {NONE: None, TAGGED: "tagged", LINKED: "linked", ORPHAN: "orphan"}

_RUB_CUMULATIVE: list[int] = []
for _r in words.RUBRIQUES:
    _RUB_CUMULATIVE.append((_RUB_CUMULATIVE[-1] if _RUB_CUMULATIVE else 0) + _r[2])
_TAG_INDEX = {slug: k for k, (slug, _, _) in enumerate(words.TAGS)}
RUB_INDEX = {r[0]: k for k, r in enumerate(words.RUBRIQUES)}
#: Per rubrique: the tag index of each place (None: no tag), and the tag pool's indices.
_PLACE_TAGS = tuple(
    tuple(_TAG_INDEX.get(texts.slugify(p)) for p in (words.CITIES if r[3] == "city" else words.COUNTRIES))
    for r in words.RUBRIQUES
)
#: 64 orders of each rubrique's tag pool; an article takes the first 1-5 of one.
_POOL_ORDERS = tuple(tuple(tuple(_TAG_INDEX[s] for s in Rng(0, k, n).sample(r[4], len(r[4]))) for n in range(64))
                     for k, r in enumerate(words.RUBRIQUES))
_MISSING_BELOW = int(MISSING_SHARE * 65536)
#: Telecom probability (x 65536) by calendar month, from 2003 to 2026.
_MONTH_STARTS = [to_minutes(date(y, m, 1)) for y in range(2003, 2027) for m in range(1, 13)]
_DENSITY = [int(telecom.density(datetime(y, m, 1)) * 65536) for y in range(2003, 2027) for m in range(1, 13)]
_TELECOM_RUBRIQUES = ((70, RUB_INDEX["economie"]), (90, RUB_INDEX["maroc"]), (100, RUB_INDEX["societe"]))
_TAG_COUNTS = (10, 30, 60, 85, 95, 100)  # cumulative %: 0, 1, 2, 3, 4 or 5 tags
_UNTAGGED_POOL = ("gouvernement", "justice", "parlement", "emploi")


@dataclass(frozen=True)
class Rubrique:
    id: int
    slug: str
    title: str

    @property
    def path(self) -> str:
        return f"/{self.slug}.html"


@dataclass(frozen=True)
class Tag:
    id: int
    slug: str
    name: str
    telecom: bool

    @property
    def path(self) -> str:
        return f"/mot/{self.slug}.html"


class Card(NamedTuple):
    """What listings show of an article."""
    id: int
    slug: str
    title: str
    teaser: str
    published: datetime

    @property
    def path(self) -> str:
        return f"/{self.slug},{self.id}.html"


@dataclass(frozen=True)
class Article:
    id: int
    slug: str
    title: str
    published: datetime  # naive Africa/Casablanca local time, as printed on the page
    rubrique: str
    tags: tuple[str, ...]
    lead: str
    body: tuple[str, ...]
    telecom_kind: str | None  # "tagged", "linked" (reachable via a related link), "orphan", None
    related: tuple[int, ...]  # "Aller plus loin"
    recommended: tuple[int, ...]  # "Ces articles devraient vous intéresser :"

    @property
    def path(self) -> str:
        return f"/{self.slug},{self.id}.html"

    @property
    def teaser(self) -> str:
        return texts.couper(self.lead)

    @property
    def telecom(self) -> bool:
        return self.telecom_kind is not None

    @property
    def era(self) -> str:
        """Template: "spip" (2003-2015), "classic" (2016-2021), "jsonld" (classic + JSON-LD, 2022-)."""
        year = self.published.year
        return "spip" if year < 2016 else "classic" if year < 2022 else "jsonld"


@dataclass(frozen=True)
class Fault:
    kind: str  # "500-once", "429-once", "offsite-redirect", "slow"
    path: str  # path-with-query as requested
    detail: str


def core_of(seed: int, i: int) -> tuple | None:
    """(minutes, rubrique index, telecom kind, theme, operator, place, tag indices) or None.

    One hash decides most things (bits 0-15: missing; 16-31: telecom; 32-47:
    rubrique; 48-55: tag count; 56-63: place tag), a second one the place
    (bits 0-15), the tag order (16-21) and the date (32-63): a few
    microseconds an id.
    """
    if not 1 <= i <= MAX_ID:
        return None
    # mix(seed, i, 0) and mix(seed, i, 1), inlined: this runs for every id at startup.
    z = (seed * 0x632BE59BD9B4E019 + i * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    y = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    y = ((y ^ (y >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    h = y ^ (y >> 31)
    forced = i in FORCED_TELECOM
    if not forced and (h & 0xFFFF) < _MISSING_BELOW:
        return None
    z = (z + 0xD1B54A32D192ED03) & 0xFFFFFFFFFFFFFFFF
    y = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    y = ((y ^ (y >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    g = y ^ (y >> 31)
    minutes = minutes_of(i, g >> 32)
    if forced or ((h >> 16) & 0xFFFF) < _DENSITY[bisect_right(_MONTH_STARTS, minutes) - 1]:
        return _telecom_core(seed, i, minutes, forced)
    rub = bisect_right(_RUB_CUMULATIVE, ((h >> 32) & 0xFFFF) * 100 >> 16)
    place_tags = _PLACE_TAGS[rub]
    place = (g & 0xFFFF) % len(place_tags)
    count = bisect_right(_TAG_COUNTS, ((h >> 48) & 0xFF) * 100 >> 8)
    if not count:
        return minutes, rub, NONE, 0, 0, place, ()
    order = _POOL_ORDERS[rub][(g >> 16) & 63]
    if place_tags[place] is not None and (h >> 56) < 154:  # 60 %: the place is a tag too
        return minutes, rub, NONE, 0, 0, place, (place_tags[place],) + order[:count - 1]
    return minutes, rub, NONE, 0, 0, place, order[:count]


def _weighted_pick(weights: tuple[tuple[str, int], ...], u: int) -> str:
    """The name whose share of the weights holds ``u`` (0 <= u < total)."""
    for name, weight in weights:
        if u < weight:
            return name
        u -= weight
    return weights[-1][0]


def _telecom_core(seed: int, i: int, minutes: int, forced: bool) -> tuple:
    moment = to_datetime(minutes)
    rng = Rng(seed, i, 2)
    u = rng.below(100)
    kind = TAGGED if forced or u < telecom.TAGGED_SHARE * 100 else \
        LINKED if u < (telecom.TAGGED_SHARE + telecom.LINKED_SHARE) * 100 else ORPHAN
    u = rng.below(100)
    rub = next(r for limit, r in _TELECOM_RUBRIQUES if u < limit)
    weights = telecom.theme_weights(moment)
    name = _weighted_pick(weights, rng.below(sum(w for _, w in weights)))
    theme = telecom.THEME_NAMES.index(name)
    op_index, place = rng.below(12), rng.below(len(words.CITIES))
    if kind == TAGGED:
        ops = telecom.operators(moment)
        op_tag = ops[op_index % len(ops)][1]
        own = list(dict.fromkeys(op_tag if t == "{op}" else t for t in telecom.THEMES[name][0]))
        slugs = own[:1] + rng.sample(own[1:], rng.below(3))
        if rng.chance(0.2):
            slugs.append(rng.choice(_UNTAGGED_POOL))
    else:
        slugs = rng.sample(_UNTAGGED_POOL, rng.below(3))
    return minutes, rub, kind, theme, op_index, place, tuple(_TAG_INDEX[s] for s in slugs)
