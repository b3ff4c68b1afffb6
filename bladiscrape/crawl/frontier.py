"""The crawl frontier: what was reached, how deep, and what to fetch next. Plain data, no Scrapy.

Depth counts article-to-article hops. Start articles, and the articles listed
on start listing pages (and their pagination) or in a start feed, are depth 0;
the articles listed on a tag page reached from an article are one hop further
than that article. Fetches carry a priority (listings first, then shallower
articles first) and the crawl sends one request at a time, so every article is
normally reached first by its shortest path; when a shorter path turns up
later, the article's links are followed again from the shorter depth.

Only in-topic articles are expanded (their links followed). Articles already
in the archive are not fetched again: they are expanded from their stored
links, unless ``refresh`` asks to fetch them again, conditionally.

The spider turns each ``Fetch`` into a request and calls back with what the
page turned out to be; every rule about what comes next lives here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from bladiscrape.core.urls import article_id, canonical_url, looks_like_article
from bladiscrape.discover.choose import Choice
from bladiscrape.discover.daterange import PageDates, RangeNavigator, covered_blocks, last_offset, page_step
from bladiscrape.discover.listing import with_offset
from bladiscrape.discover.sweep import IdBracket
from bladiscrape.model import DateWindow, FeedItem, KnownArticle, KnownArticles, Listing, ListingItem, publication_day

#: Decides whether a listed item is fetched (``discover.choose``); None fetches every item.
Chooser = Callable[[ListingItem, Listing], Choice]

#: Link kinds that lead to another article (a hop); ``tag`` links lead to tag listings.
FOLLOWED_KINDS = ("further_reading", "recommended", "in_body")
LISTING_PRIORITY = 1000  # listings and feeds before any article


@dataclass(frozen=True)
class Fetch:
    """A page to request, by canonical URL, and why."""

    url: str
    role: str  # "start", "listing" (pagination), "tag" or "article"
    depth: int
    page: int = 1  # listing page number
    priority: int = 0
    # Set when an archived article is fetched again (refresh): ask only for a change.
    etag: str | None = None
    last_modified: str | None = None
    #: Why it is fetched, counted per run: article, listing, navigation (a probe while
    #: seeking a date on a listing), tag, home, start.
    purpose: str = field(default="", compare=False)


@dataclass
class ListingPlan:
    """What a listing page leads to: the fetches, and every item with the choice made about it."""

    fetches: list[Fetch] = field(default_factory=list)
    items: list[tuple[ListingItem, Choice | None, bool]] = field(default_factory=list)  # (item, choice, fetched)
    purpose: str = "listing"


class Frontier:
    def __init__(self, *, site: str, depth: int, max_pages: int = 50, window: DateWindow | None = None,
                 refresh: bool = False, known: Mapping[str, KnownArticle] | None = None,
                 chooser: Chooser | None = None, topical: Callable[[Listing], bool] | None = None,
                 coverage: dict[str, list[tuple[date, date]]] | None = None):
        self.site = site
        # Dates each listing's pages covered in earlier runs (``listing_pages``): (oldest, newest) spans.
        self.coverage = {key: covered_blocks(spans) for key, spans in (coverage or {}).items()}
        self.chooser = chooser
        # Whether a listing is about the topic (a telecom tag page): only those tag pages are
        # read through the date range; other tags of in-topic articles give their first page.
        self.topical = topical
        #: Date-range navigation, one navigator per paginated listing (its URL without offset).
        self.navigators: dict[str, RangeNavigator] = {}
        self.depth_limit = depth
        self.max_pages = max_pages
        self.window = window or DateWindow()
        self.refresh = refresh
        # Canonical URL -> KnownArticle, from the archive; spip.php?articleN and the
        # slug URL are one article, so it is known by id too.
        self.known = known if isinstance(known, KnownArticles) else KnownArticles(known)
        self.seen: set[str] = set()  # canonical URLs requested (or expanded from the archive) this run
        # Shortest depth at which a requested, not yet processed URL was reached.
        self.best_depth: dict[str, int] = {}
        self.done: set[str] = set()  # article URLs processed this run
        # Articles expanded this run: URL -> (depth, in_topic, links); re-expanded if reached shallower.
        self.expanded: dict[str, tuple[int, bool, list]] = {}
        self.beyond: set[str] = set()  # articles linked only from beyond --depth
        self.ids = IdBracket(self.window)  # ids known to lie outside the date window
        self.beyond_range: set[str] = set()  # linked articles left out: their id lies outside the window
        self.known_expanded = 0  # archived articles expanded instead of fetched

    # -- counts -------------------------------------------------------------
    @property
    def beyond_depth(self) -> int:
        """Distinct articles left out because they are beyond the depth limit."""
        return len(self.beyond)

    # -- what is known --------------------------------------------------------
    def known_url(self, canon: str | None) -> str | None:
        """The archived article's URL for ``canon`` (by URL or by Bladi id), if any."""
        if canon is None:
            return None
        if canon in self.known:
            return canon
        aid = article_id(canon)
        return self.known.url_of_id(aid) if aid is not None else None

    # -- events: each returns what to fetch next -----------------------------
    def start(self, url: str) -> list[Fetch]:
        canon = canonical_url(url, site=self.site)
        if canon is None:  # another host: start URLs are checked before, so only a bad seed file
            return []
        known = self.known_url(canon)
        if known and not self.refresh:
            self._see(canon)
            return self.expand_known(known, 0)
        return [self._fetch(canon, "start", depth=0)]

    def feed(self, items: Iterable[FeedItem]) -> list[Fetch]:
        fetches = []
        for item in items:
            if self.window.contains(item.published_at) is not False:
                fetches += self.follow_article(item.url, depth=0)
        return fetches

    def listing(self, listing: Listing, role: str, depth: int, page: int) -> ListingPlan:
        """A listing page (start, pagination or tag) with at least one item."""
        # Items of a tag page reached from an article are one hop further.
        item_depth = depth + (1 if role == "tag" else 0)
        plan = ListingPlan()
        for item in listing.items:
            self.ids.learn(article_id(item.url), item.published_at)
            if self.window.contains(item.published_at) is False:
                plan.items.append((item, None, False))
                continue
            choice = self.chooser(item, listing) if self.chooser else None
            fetches = self.follow_article(item.url, item_depth) if choice is None or choice.fetch else []
            plan.fetches += fetches
            plan.items.append((item, choice, bool(fetches)))
        if listing.offset_param and self._navigates(listing, role):
            plan.purpose, following = self._navigate(listing, listing.offset_param, role, depth)
        elif listing.offset_param and role != "tag" and self._covered_before(listing, page):
            # Read by an earlier run: jump below the covered block and read on from there.
            plan.purpose, following = self._navigate(listing, listing.offset_param, role, depth)
        else:
            following = self._next_page(listing, role, page)
        if following:
            plan.fetches.append(following)
        return plan

    # -- date-range navigation ------------------------------------------------
    def _navigates(self, listing: Listing, role: str) -> bool:
        if listing.offset_param is not None and self._key(listing, listing.offset_param) in self.navigators:
            return True
        if not (self.window.since or self.window.until) or listing.offset_param is None:
            return False
        return role != "tag" or self.topical is None or self.topical(listing)

    def _key(self, listing: Listing, param: str) -> str:
        return with_offset(listing.page_offsets.get(listing.offset) or self._any_page(listing), param, 0)

    def _covered_before(self, listing: Listing, page: int) -> bool:
        """A page wholly inside the dates an earlier run read of this listing: set up a jump below them.

        Offsets shift as articles are published, so what earlier runs covered is
        kept as dates, not page numbers. Pages above the covered block are read
        as usual; from a covered page the crawl navigates to the first page
        older than the block and reads on (``--max-pages`` still bounds it), so
        a run cut short (a kill, ``--max-pages``) is continued, never re-read.
        """
        if self.refresh or listing.offset_param is None:
            return False
        key = self._key(listing, listing.offset_param)
        days = [d for d in (publication_day(i.published_at) for i in listing.items) if d]
        if not days or key not in self.coverage:
            return False
        block = next(((lo, hi) for lo, hi in self.coverage[key] if lo <= min(days) and max(days) <= hi), None)
        if block is None:
            return False
        below = DateWindow(until=block[0] - timedelta(days=1))
        self.navigators[key] = RangeNavigator(below, page_step(listing), last_offset(listing),
                                              max_pages=max(1, self.max_pages - page + 1))
        return True

    def _navigate(self, listing: Listing, param: str, role: str, depth: int) -> tuple[str, Fetch | None]:
        """Observe the page on its listing's navigator; return the page's purpose and the next fetch."""
        key = self._key(listing, param)
        nav = self.navigators.get(key)
        if nav is None:  # a date window: one navigator a listing
            nav = self.navigators[key] = RangeNavigator(self.window, page_step(listing), last_offset(listing),
                                                        max_pages=self.max_pages)
        purpose = nav.purpose()
        days = [d for d in (publication_day(i.published_at) for i in listing.items) if d]
        nav.observe(PageDates(listing.offset, len(listing.items), max(days, default=None), min(days, default=None)))
        offset = nav.next_offset()
        if offset is None:
            return purpose, None
        url = listing.page_offsets.get(offset) or with_offset(key, param, offset)
        if url in self.seen:
            return purpose, None
        fetch = self._fetch(url, role if role == "tag" else "listing", depth, page=offset // nav.step + 1,
                            purpose=nav.purpose())
        return purpose, fetch

    def _any_page(self, listing: Listing) -> str:
        return next(iter(listing.page_offsets.values()), listing.next_url or "")

    def dated(self, url: str, published_at: str | None) -> None:
        """An article's date, learnt from its page: it sharpens the window's id bracket."""
        self.ids.learn(article_id(url), published_at)

    def first_time(self, url: str) -> bool:
        """False when this run already processed the article (reached under another URL)."""
        if url in self.done:
            return False
        self.done.add(url)
        self._see(url)
        return True

    def article(self, canon: str, url: str, depth: int, in_topic: bool,
                links: list[tuple[str, str]]) -> list[Fetch] | None:
        """An article fetched (as ``canon``) and extracted (as ``url``); None if it is a duplicate."""
        # The request may have been queued from a longer path than one found since.
        depth = min(depth, self.best_depth.get(canon, depth))
        if not self.first_time(url):
            return None
        return self.expand(url, depth, in_topic, links)

    def expand_known(self, url: str, depth: int) -> list[Fetch]:
        """An archived article, expanded from its stored links instead of being fetched."""
        known = self.known[url]
        self.known_expanded += 1
        if self.window.contains(known.published_at) is False:
            return []
        return self.expand(url, depth, known.in_topic, known.links)

    # -- rules ----------------------------------------------------------------
    def expand(self, url: str, depth: int, in_topic: bool, links: list[tuple[str, str]]) -> list[Fetch]:
        """Follow an in-topic article's links; off-topic articles' links are not followed."""
        previous = self.expanded.get(url)
        if previous and previous[0] <= depth:
            return []
        self.expanded[url] = (depth, in_topic, links)
        if not in_topic:
            return []
        fetches = []
        for link_url, kind in links:
            if kind in FOLLOWED_KINDS:
                fetches += self.follow_article(link_url, depth + 1)
            elif kind == "tag" and depth + 1 <= self.depth_limit:
                fetches += self._follow_tag(link_url, depth)
        return fetches

    def follow_article(self, url: str, depth: int) -> list[Fetch]:
        canon = canonical_url(url, site=self.site)
        if not canon or not looks_like_article(canon):
            return []
        if depth > self.depth_limit:
            if canon not in self.seen:
                self.beyond.add(canon)  # a set: an article linked from ten pages is one article left out
            return []
        if depth > 0 and self.ids.outside(article_id(canon)):
            # A related link out of the date range (ids rise with dates): not worth a request.
            if canon not in self.seen:
                self.beyond_range.add(canon)
            return []
        if canon in self.expanded:  # processed already: re-expand if this path is shorter
            depth_then, in_topic, links = self.expanded[canon]
            return self.expand(canon, depth, in_topic, links) if depth < depth_then else []
        if canon in self.seen:
            if depth < self.best_depth.get(canon, depth + 1):
                self.best_depth[canon] = depth  # queued from a longer path: remember the shorter one
            return []
        known = self.known_url(canon)
        if known and not self.refresh:
            self._see(canon)
            return self.expand_known(known, depth)
        return [self._fetch(canon, "article", depth)]

    def _follow_tag(self, url: str, depth: int) -> list[Fetch]:
        canon = canonical_url(url, site=self.site)
        if canon and canon not in self.seen:
            return [self._fetch(canon, "tag", depth)]
        return []

    def _next_page(self, listing: Listing, role: str, page: int) -> Fetch | None:
        if role == "tag" or not listing.next_url or page >= self.max_pages:
            return None
        if self.window.since and all(self.window.before_since(i.published_at) for i in listing.items):
            return None  # the whole page predates --since: later pages are older still
        if listing.next_url in self.seen:
            return None
        return self._fetch(listing.next_url, "listing", depth=0, page=page + 1)

    def _see(self, canon: str) -> None:
        self.seen.add(canon)
        self.beyond.discard(canon)  # reached within the limit after all

    def _fetch(self, canon: str, role: str, depth: int, page: int = 1, purpose: str | None = None) -> Fetch:
        self._see(canon)
        self.best_depth[canon] = depth
        priority = LISTING_PRIORITY if role in ("start", "listing") else -10 * depth
        known = self.known.get(self.known_url(canon) or "")
        validators = (known.etag, known.last_modified) if known and self.refresh else (None, None)
        return Fetch(canon, role, depth, page, priority, *validators, purpose=purpose or role)
