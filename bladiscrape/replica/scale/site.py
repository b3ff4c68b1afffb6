"""The synthetic site's model and ground truth: ``SyntheticSite(seed=2016)``.

Every id's few structural facts (does it exist, when, which rubrique, which
tags, is it a telecom article) are a hash of ``(seed, id)``: ``core(id)`` is
O(1). Listings need more than one id at a time (the 12 newest of a rubrique,
the articles of a tag, "which telecom article is the nearest one?"), so the
constructor computes the core of all ~116,000 ids once and sorts them into
per-rubrique and per-tag lists: about a second and some tens of megabytes
(printed by the tests). Texts are generated only when a page asks for them.

The ground truth methods (``in_topic_ids``, ``telecom_tagged_or_linked``,
``ids_between``, ``listing_offsets``...) read the same index, so what a test
expects is what the server serves.
"""

from __future__ import annotations

import threading
import time
from array import array
from bisect import bisect_left, bisect_right
from datetime import date, datetime
from functools import lru_cache
from typing import TypeVar, cast

from . import texts, words
from .clock import MAX_ID, Rng, to_datetime, to_minutes
from .model import (
    FEED_SIZE,
    FORCED_TELECOM,
    KINDS,
    LINKED,
    ORPHAN,
    RUB_INDEX,
    RUBRIQUE_PAGE,
    SEARCH_PAGE,
    TAG_PAGE,
    TAGGED,
    Article,
    Card,
    Fault,
    Rubrique,
    Tag,
    core_of,
)

__all__ = ["FEED_SIZE", "RUBRIQUE_PAGE", "SEARCH_PAGE", "TAG_PAGE", "Article", "Card", "Fault", "Rubrique",
           "SyntheticSite", "Tag"]


_T = TypeVar("_T")


def known(value: _T | None, key: object) -> _T:
    """A lookup's result for an id or slug taken from the site's own lists, which always finds one."""
    if value is None:
        raise LookupError(f"not on the synthetic site: {key!r}")
    return value


class SyntheticSite:
    """Bladi.net-sized synthetic SPIP site; every fact derives from ``seed``."""

    def __init__(self, seed: int = 2016):
        started = time.perf_counter()
        self.seed = seed
        self.max_id = MAX_ID
        self.rubriques = tuple(Rubrique(k + 1, r[0], r[1]) for k, r in enumerate(words.RUBRIQUES))
        self.tags = tuple(Tag(k + 101, slug, name, tel) for k, (slug, name, tel) in enumerate(words.TAGS))
        self._tags_by_slug = {t.slug: t for t in self.tags}
        self._tags_by_id = {t.id: t for t in self.tags}
        self._build_index()
        self._search_lock = threading.Lock()
        self._search_texts: tuple | None = None
        self.card = lru_cache(maxsize=1 << 15)(self._card)
        self.article = lru_cache(maxsize=4096)(self._article)
        self._search = lru_cache(maxsize=256)(self._find)
        self.faults = self._faults()
        self.build_seconds = time.perf_counter() - started

    # -- per id, O(1) ---------------------------------------------------------------

    def core(self, i: int) -> tuple | None:
        """The id's structural facts (``model.core_of``), recomputed: O(1), no index needed."""
        return core_of(self.seed, i)

    def exists(self, i: int) -> bool:
        return 0 < i <= MAX_ID and self._cores[i] is not None

    def published(self, i: int) -> datetime | None:
        core = self._cores[i] if 0 < i <= MAX_ID else None
        return to_datetime(core[0]) if core else None

    def rubrique_of(self, i: int) -> str | None:
        core = self._cores[i] if 0 < i <= MAX_ID else None
        return words.RUBRIQUES[core[1]][0] if core else None

    def _card(self, i: int) -> Card | None:
        core = self._cores[i] if 0 < i <= MAX_ID else None
        if core is None:
            return None
        title = texts.title(self.seed, i, core)
        moment = to_datetime(core[0])
        lead, _ = texts.lead_and_body(self.seed, i, core, moment, with_body=False)
        return Card(i, texts.slugify(title), title, texts.couper(lead), moment)

    def _article(self, i: int) -> Article | None:
        card = self.card(i)
        if card is None:
            return None
        core = self._cores[i]
        assert core is not None  # it has a card
        lead, body = texts.lead_and_body(self.seed, i, core, card.published)
        return Article(
            id=i, slug=card.slug, title=card.title, published=card.published,
            rubrique=words.RUBRIQUES[core[1]][0], tags=tuple(words.TAGS[t][0] for t in core[6]),
            lead=lead, body=body, telecom_kind=KINDS[core[2]],
            related=self._related(i, core), recommended=self._recommended(i, core))

    def _related(self, i: int, core: tuple) -> tuple[int, ...]:
        """"Aller plus loin": telecom neighbours in date for telecom articles, else same rubrique."""
        rng = Rng(self.seed, i, 5)
        cores = self._cores
        if core[2]:
            chron, k = self._telecom, self._telecom_pos[i]
            chosen = list(self._linked_into.get(i, ()))
            forced = len(chosen)
            near = [chron[j] for j in range(max(0, k - 6), min(len(chron), k + 7))
                    if j != k and cores[chron[j]][2] != ORPHAN and chron[j] not in chosen]
            chosen += rng.sample(near, max(0, rng.between(2, 4) - forced))
            if len(chosen) > max(forced, 1) and rng.chance(0.25):  # "mostly" telecom: one off-topic
                other = self._neighbours(i, core[1], 1)
                chosen[-1:] = other or chosen[-1:]
            return tuple(chosen)
        return tuple(rng.sample(self._neighbours(i, core[1], 8), rng.between(2, 4)))

    def _neighbours(self, i: int, rub: int, n: int) -> list[int]:
        """Up to n earlier non-telecom articles of the same rubrique, nearest first."""
        out: list[int] = []
        cores, j = self._cores, i - 1
        while j > 0 and len(out) < n and i - j < 400:
            c = cores[j]
            if c is not None and c[1] == rub and not c[2]:
                out.append(j)
            j -= 1
        return out

    def _recommended(self, i: int, core: tuple) -> tuple[int, ...]:
        """Random articles from the whole site; never telecom ones on a non-telecom page."""
        rng, cores, out = Rng(self.seed, i, 6), self._cores, []
        wanted = rng.between(4, 6)
        for _ in range(80):
            j = rng.between(1, MAX_ID)
            c = cores[j]
            if c is None or j == i or j in out or (c[2] and not core[2]):
                continue
            out.append(j)
            if len(out) == wanted:
                break
        return tuple(out)

    # -- the index --------------------------------------------------------------------

    def _build_index(self) -> None:
        seed = self.seed
        self._cores: list[tuple | None] = [None, *(core_of(seed, i) for i in range(1, MAX_ID + 1))]
        order = sorted((c[0] * 262144 + i for i, c in enumerate(self._cores) if c is not None))
        # Below, cores are looked up only by ids that exist (from the date order and the lists made from it).
        cores = cast("list[tuple]", self._cores)
        #: Existing ids oldest first (by date, then id), and their minutes.
        self._by_date = array("l", (k & 262143 for k in order))
        self._by_date_minutes = array("q", (k >> 18 for k in order))
        rub_lists = [array("l") for _ in self.rubriques]
        tag_lists = [array("l") for _ in self.tags]
        for i in reversed(self._by_date):
            c = cores[i]
            rub_lists[c[1]].append(i)
            for t in c[6]:
                tag_lists[t].append(i)
        self._rub_lists = {r.slug: rub_lists[k] for k, r in enumerate(self.rubriques)}
        self._rub_minutes = {slug: array("q", (-cores[i][0] for i in ids)) for slug, ids in self._rub_lists.items()}
        self._tag_lists = {t.slug: tag_lists[k] for k, t in enumerate(self.tags)}
        self._telecom = [i for i in self._by_date if cores[i][2]]
        self._telecom_pos = {i: k for k, i in enumerate(self._telecom)}
        # Each untagged-but-linked telecom article goes into the "Aller plus loin" of the
        # nearest tagged one (nearest in date), so it is reachable in one hop.
        self._linked_into: dict[int, list[int]] = {}
        chron = self._telecom
        for k, i in enumerate(chron):
            if cores[i][2] != LINKED:
                continue
            for d in range(1, len(chron)):
                hit = next((chron[j] for j in (k - d, k + d)
                            if 0 <= j < len(chron) and cores[chron[j]][2] == TAGGED), None)
                if hit is not None:
                    self._linked_into.setdefault(hit, []).append(i)
                    break

    @property
    def article_count(self) -> int:
        return len(self._by_date)

    # -- listings ---------------------------------------------------------------------

    def rubrique(self, slug: str) -> Rubrique | None:
        return next((r for r in self.rubriques if r.slug == slug), None)

    def tag(self, slug: str) -> Tag | None:
        return self._tags_by_slug.get(slug)

    def tag_by_id(self, id_mot: int) -> Tag | None:
        return self._tags_by_id.get(id_mot)

    def rubrique_ids(self, slug: str) -> array:
        """All ids of a rubrique, newest first (the order of its listing pages)."""
        return self._rub_lists[slug]

    def tag_ids(self, slug: str) -> array:
        return self._tag_lists[slug]

    def rubrique_page(self, slug: str, start: int = 0, size: int = RUBRIQUE_PAGE) -> list[int]:
        return list(self._rub_lists[slug][max(0, start):max(0, start) + size])

    def tag_page(self, slug: str, start: int = 0, size: int = TAG_PAGE) -> list[int]:
        return list(self._tag_lists[slug][max(0, start):max(0, start) + size])

    def latest(self, n: int = FEED_SIZE) -> list[int]:
        return list(reversed(self._by_date[-n:]))

    def listing_offsets(self, slug: str, since: date, until: date, size: int = RUBRIQUE_PAGE) -> list[int]:
        """The ``debut_suite_rubrique`` values of the pages of ``slug`` listing articles dated since..until."""
        negated = self._rub_minutes[slug]
        first = bisect_left(negated, -to_minutes(until, end_of_day=True))
        last = bisect_right(negated, -to_minutes(since)) - 1
        return list(range(first // size * size, last // size * size + 1, size)) if last >= first else []

    def search(self, query: str) -> list[int]:
        """Ids whose folded title or tag names contain every folded word of the query, newest first.

        The first search builds the index (every title: about a second, see
        ``warm_search``); a query then scans one string with ``str.find``.
        """
        needles = tuple(sorted({w for w in texts.fold(query).replace("-", " ").split() if len(w) >= 2},
                               key=lambda w: (-len(w), w)))
        return list(self._search(needles)) if needles else []

    def warm_search(self) -> float:
        """Build the search index now (benchmarks call it before timing); returns the seconds spent."""
        started = time.perf_counter()
        self._search_index()
        return time.perf_counter() - started

    def _find(self, needles: tuple[str, ...]) -> tuple[int, ...]:
        lines, blob, starts = self._search_index()
        found, pos, end = [], blob.find(needles[0]), len(starts) - 1
        while pos != -1:
            k = bisect_right(starts, pos) - 1
            if all(w in lines[k] for w in needles[1:]):
                found.append(k)
            pos = blob.find(needles[0], starts[k + 1]) if k < end else -1
        ids, last = self._by_date, len(self._by_date) - 1
        return tuple(ids[last - k] for k in found)

    def _search_index(self) -> tuple[list[str], str, array]:
        """Folded "title | tags" of every article, newest first, joined into one string."""
        with self._search_lock:
            if self._search_texts is None:
                names = [texts.fold(name) for _, name, _ in words.TAGS]
                # (by ids that exist: the date order)
                cores, seed, title = cast("list[tuple]", self._cores), self.seed, texts.title
                folded: dict[str, str] = {}
                lines = []
                for i in reversed(self._by_date):
                    core = cores[i]
                    text = title(seed, i, core)
                    fold = folded.get(text)
                    if fold is None:  # titles repeat (templates): fold each once
                        fold = folded[text] = texts.fold(text)
                    lines.append(fold + " | " + " ".join([names[t] for t in core[6]]))
                starts, offset = array("q"), 0
                for line in lines:
                    starts.append(offset)
                    offset += len(line) + 1
                self._search_texts = (lines, "\n".join(lines), starts)
            return self._search_texts

    # -- ground truth -----------------------------------------------------------------

    def ids_between(self, since: date | datetime, until: date | datetime) -> list[int]:
        """Existing ids published since..until (dates: whole days, inclusive), in id order."""
        lo = bisect_left(self._by_date_minutes, to_minutes(since))
        hi = bisect_right(self._by_date_minutes, to_minutes(until, end_of_day=True))
        return sorted(self._by_date[lo:hi])

    def _telecom_between(self, since, until, kinds) -> list[int]:
        lo, hi = to_minutes(since), to_minutes(until, end_of_day=True)
        return sorted(i for i in self._telecom if lo <= self._cores[i][0] <= hi and self._cores[i][2] in kinds)

    def in_topic_ids(self, since: date, until: date) -> list[int]:
        """Telecom articles published since..until: what a discovery run should find."""
        return self._telecom_between(since, until, (TAGGED, LINKED, ORPHAN))

    def telecom_tagged_ids(self, since: date, until: date) -> list[int]:
        """In-topic articles carrying a telecom tag (listed on a telecom tag page)."""
        return self._telecom_between(since, until, (TAGGED,))

    def telecom_tagged_or_linked(self, since: date, until: date) -> list[int]:
        """Tagged in-topic articles plus those linked from a tagged one's "Aller plus loin"."""
        reached = self._reached_from_tags()
        return [i for i in self.in_topic_ids(since, until) if i in reached]

    def telecom_unlinked_ids(self, since: date, until: date) -> list[int]:
        """In-topic articles neither tagged nor linked from a tagged one: only listings, search, feed."""
        reached = self._reached_from_tags()
        return [i for i in self.in_topic_ids(since, until) if i not in reached]

    def _reached_from_tags(self) -> frozenset[int]:
        if not hasattr(self, "_reached"):
            cores = cast("list[tuple]", self._cores)  # (telecom ids and their related ones exist)
            reached = set()
            for i in self._telecom:
                if cores[i][2] == TAGGED:
                    reached.add(i)
                    reached.update(j for j in known(self.article(i), i).related if cores[j][2])
            self._reached = frozenset(reached)
        return self._reached

    def _faults(self) -> tuple[Fault, ...]:
        """The crawler-facing faults (served when the server runs with ``faults=True``)."""
        cores = cast("list[tuple]", self._cores)  # (ids from the telecom and date lists exist)
        fail = known(self.card(44598), 44598)
        june = to_minutes(date(2016, 6, 1))
        throttled = known(self.card(next(i for i in self._telecom if cores[i][0] >= june and cores[i][2] == TAGGED
                                        and i not in FORCED_TELECOM)), "throttled")
        september = self.ids_between(date(2016, 9, 1), date(2016, 9, 30))
        economie = RUB_INDEX["economie"]
        moved = known(self.card(next(i for i in september if cores[i][1] == economie and not cores[i][2])), "moved")
        slow = self.listing_offsets("economie", date(2016, 12, 1), date(2016, 12, 31))[0]
        return (
            Fault("500-once", fail.path, "HTTP 500 at the first request on a server instance, 200 after"),
            Fault("429-once", throttled.path, "HTTP 429 with Retry-After: 1 at the first request, 200 after"),
            Fault("offsite-redirect", moved.path, f"301 to http://example.invalid{moved.path}: must not be followed"),
            Fault("slow", f"/economie.html?debut_suite_rubrique={slow}", "answers after 1 s"),
        )
