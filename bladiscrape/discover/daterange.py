"""Date-range navigation of a paginated listing: which offset to read next, without walking from the newest.

A SPIP listing (rubrique, tag page, search results) shows its items newest
first, ``step`` a page, at ``?debut_<loop>=N``. A crawl for ``--since`` /
``--until`` deep in the past must not read every page from the top: at about
12 items a page, 2016 lies some 8,000 pages below the newest items of a large
rubrique. The navigator works on plain data (offsets and the dates a page
lists) and says what to request next:

1. **seek**: find the first page that reaches ``until`` (its oldest item is on
   or before ``until``). Known pages bracket it: ``above`` is the deepest page
   seen that is still wholly newer than ``until``, ``below`` the shallowest
   that reaches it. The next probe interpolates between their dates (ids and
   dates grow about linearly with offset) and falls back to bisection when
   interpolation would not shrink the bracket by a page, so a badly skewed
   listing still costs only O(log pages) probes. When the last offset is not
   known from the page-number links, the search gallops (doubling) until a
   page reaches ``until`` or comes back empty.
2. **read**: from that page on, read page after page until one lies wholly
   before ``since`` (that page is read too: its dates are what say "stop"),
   or until ``max_pages`` pages of the range have been read.

Pages whose items carry no date cannot be placed; the navigator then reads
on from where it is (``read`` phase), bounded by ``max_pages``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bladiscrape.model import DateWindow, Listing

SEEK, READ, DONE = "seek", "read", "done"


@dataclass(frozen=True)
class PageDates:
    """What one listing page says about itself: its offset and the span of its item dates."""

    offset: int
    count: int  # items on the page
    newest: date | None = None
    oldest: date | None = None


@dataclass
class RangeNavigator:
    """Plans the pages of one listing to read for a date window (see the module docstring)."""

    window: DateWindow
    step: int  # items per page (the offset grows by this much a page)
    last_offset: int | None = None  # from the page-number links, when shown
    max_pages: int = 50  # pages read inside the range, probes not counted
    phase: str = SEEK
    above: PageDates | None = None  # deepest page wholly newer than ``until``
    below: PageDates | None = None  # shallowest page reaching ``until`` (or empty)
    pages_read: int = 0
    probes: int = 0
    read_offsets: list[int] = field(default_factory=list)
    seen: dict[int, PageDates] = field(default_factory=dict)  # every page observed, by offset
    _next: int | None = None
    _widths: list[int] = field(default_factory=list)  # bracket widths, to spot slow convergence

    def observe(self, page: PageDates) -> None:
        """Take in a fetched page; afterwards ``next_offset`` says what to fetch."""
        self.seen[page.offset] = page
        if self.phase == READ:
            self._observe_read(page)
        elif self.phase == SEEK:
            self._observe_seek(page)
        # A page read while seeking is not fetched again: take it from memory.
        while self.phase == READ and self._next in self.seen:
            self._observe_read(self.seen[self._next])

    def next_offset(self) -> int | None:
        """The offset to request next, or None when the listing is done."""
        return None if self.phase == DONE else self._next

    def purpose(self) -> str:
        """``navigation`` for a probe, ``listing`` for a page read inside the range."""
        return "listing" if self.phase == READ else "navigation"

    # -- seek ------------------------------------------------------------------
    def _observe_seek(self, page: PageDates) -> None:
        self.probes += 1
        until = self.window.until
        if page.count == 0:  # past the listing's end
            if self.below is None or page.offset < self.below.offset:
                self.below = page
        elif until is None or page.oldest is None:
            # Nothing to seek (no --until) or nothing to go by: read from here.
            return self._start_reading(page)
        elif page.oldest <= until:
            if self.below is None or page.offset < self.below.offset:
                self.below = page
        elif self.above is None or page.offset > self.above.offset:
            self.above = page
        self._plan_probe()

    def _plan_probe(self) -> None:
        above, below = self.above, self.below
        if below is None:  # every page seen is newer than --until: look deeper
            deepest = above.offset if above else 0
            if self.last_offset is None:
                self._next = self._aligned(max(self.step, deepest * 2))  # gallop
            elif deepest >= self.last_offset:
                self.phase = DONE  # the whole listing is newer than the range
            else:
                self._next = self.last_offset  # the last page's dates make interpolation possible
            return
        if above is None or below.offset - above.offset <= self.step:
            if below.count == 0:  # the range lies past the listing's end
                self.phase = DONE
                return
            return self._start_reading(below)
        self._next = self._interpolated(above, below)

    def _interpolated(self, above: PageDates, below: PageDates) -> int:
        """An offset strictly between the bracket's ends, aimed at ``until``'s date."""
        until = self.window.until
        low, high = above.offset, below.offset
        self._widths.append(high - low)
        if len(self._widths) >= 3 and self._widths[-1] * 2 > self._widths[-3]:
            # Interpolation is creeping from one side (a skewed listing): bisect once.
            self._widths.clear()
            return self._inside(self._aligned((low + high) / 2), low, high)
        guess = None
        newer, older = above.oldest, (below.newest if below.count else None)
        if until and newer and older and newer > older:
            fraction = (newer - until).days / (newer - older).days
            guess = low + fraction * (high - low)
        return self._inside(self._aligned(guess if guess is not None else (low + high) / 2), low, high)

    def _inside(self, candidate: int, low: int, high: int) -> int:
        """``candidate`` moved strictly inside (low, high): a guess at an end steps one page in."""
        return min(max(candidate, low + self.step), high - self.step)

    def _aligned(self, offset: float) -> int:
        return max(0, int(round(offset / self.step)) * self.step)

    # -- read ------------------------------------------------------------------
    def _start_reading(self, page: PageDates) -> None:
        self.phase = READ
        self._observe_read(page)

    def _observe_read(self, page: PageDates) -> None:
        self.pages_read += 1
        self.read_offsets.append(page.offset)
        since = self.window.since
        ended = page.count == 0 or (self.last_offset is not None and page.offset >= self.last_offset)
        before_since = since is not None and page.newest is not None and page.newest < since
        if ended or before_since or self.pages_read >= self.max_pages:
            self.phase = DONE
            return
        self._next = page.offset + self.step


# -- what a listing page says of its pagination, and what earlier runs covered ----
def page_step(listing: Listing) -> int:
    """Items a page: the smallest gap between page-number offsets, else this page's count."""
    offsets = sorted(listing.page_offsets)
    gaps = [b - a for a, b in zip(offsets, offsets[1:], strict=False) if b > a]
    return min(gaps) if gaps else max(1, len(listing.items))


def last_offset(listing: Listing) -> int | None:
    """The last page's offset, when the page-number links show one beyond the next page."""
    return max(listing.page_offsets) if len(listing.page_offsets) > 2 else None


def covered_blocks(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """(oldest, newest) spans of pages joined into contiguous blocks of covered dates.

    Two pages read one after the other leave a gap between the last item of one
    and the first of the next; on a sparse listing (an article a week) that gap
    is days long. Spans are joined when the gap is no wider than either span
    (or a day), which joins neighbouring pages and keeps apart real holes.
    """
    blocks: list[tuple[date, date]] = []
    last_width = timedelta(0)  # width of the page span joined last
    for lo, hi in sorted(spans):
        if blocks and lo <= blocks[-1][1] + max(timedelta(days=1), hi - lo, last_width):
            blocks[-1] = (blocks[-1][0], max(blocks[-1][1], hi))
        else:
            blocks.append((lo, hi))
        last_width = hi - lo
    return blocks
