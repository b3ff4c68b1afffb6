"""The nouns that flow through the steps, from a start URL to an archive row.

Each is plain data, with no I/O: discovery returns ``ListingItem``/``FeedItem``,
extraction returns a ``PageResult`` holding an ``ArticleRecord`` and its
``Link``s, the crawl records a ``FetchRecord`` per response and a ``Capture``
per WARC record, ``store.rows`` turns a record into ``ArchiveRows``, and a new
crawl starts from the ``KnownArticle``s of the archive.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

#: Kinds of links an article carries, in the order they appear on a page.
LINK_KINDS = ("in_body", "tag", "further_reading", "recommended")

#: Names of the extraction layers, recorded per field in ``articles.extraction``.
#: ``selectors:<era>`` names the template era whose selectors matched.
LAYERS = ("jsonld", "meta", "selectors", "pattern", "fallback")


@dataclass
class Link:
    """A link found on an article page."""

    url: str  # absolute URL, resolved against the page; canonical when on Bladi.net
    kind: str  # one of LINK_KINDS
    anchor: str | None = None  # the link text (the related article's title)
    teaser: str | None = None  # the text shown under it, for related blocks
    position: int = 0  # 1-based order within its kind on the page


@dataclass
class ArticleRecord:
    url: str  # canonical: https://www.bladi.net/<path>
    id: int | None  # Bladi's numeric id from the URL, None for very old pages
    slug: str | None
    title: str
    body: str  # paragraphs separated by a blank line
    lead: str | None = None
    published_at: str | None = None  # ISO 8601 with the Africa/Casablanca offset
    published_raw: str | None = None  # the text the date came from
    section: str | None = None
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    links: list[Link] = field(default_factory=list)
    #: field name -> layer that produced it (e.g. {"title": "jsonld", "body": "selectors:2019"})
    extraction: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class PageResult:
    """What extraction says about one page.

    ``kind`` is ``article`` (``article`` set), ``not_article`` (a listing, tag
    page, error page...) or ``incomplete`` (looks like an article but its title
    or body could not be found); ``reason`` says why for the last two.
    """

    kind: str
    article: ArticleRecord | None = None
    reason: str | None = None


@dataclass
class TopicResult:
    """An article's relevance to the topic (``score.topic``)."""

    score: float
    in_topic: bool
    #: term -> {"count": matches, "weight": term weight, "fields": fields it was found in}
    terms: dict[str, dict] = field(default_factory=dict)


@dataclass
class ArchiveRows:
    """What the archive keeps of one article page (``process.process_page``)."""

    record: ArticleRecord
    topic: TopicResult
    bundle: ArticleBundle


@dataclass
class Skip:
    """Why a page gives no archive rows: ``outcome`` is a ``fetches.outcome`` word."""

    outcome: str
    detail: str | None = None
    record: ArticleRecord | None = None  # when the page was an article, e.g. out of the date range


@dataclass(frozen=True)
class DateWindow:
    """``--since``/``--until``, both inclusive, compared on the local publication day."""

    since: date | None = None
    until: date | None = None

    def contains(self, published_at: str | None) -> bool | None:
        """True/False when the date is known, None when it is not."""
        day = publication_day(published_at)
        if day is None:
            return None
        if self.since and day < self.since:
            return False
        return not (self.until and day > self.until)

    def before_since(self, published_at: str | None) -> bool:
        day = publication_day(published_at)
        return self.since is not None and day is not None and day < self.since


def publication_day(published_at: str | None) -> date | None:
    """The day of an ISO 8601 date or timestamp (its local day, as written)."""
    if not published_at:
        return None
    try:
        return date.fromisoformat(published_at[:10])
    except ValueError:
        return None


@dataclass
class GoneItem:
    """An archived article that now answers 404 or 410."""

    url: str
    fetched_at: str


@dataclass
class FetchItem:
    """One response (or failed request): a row of the ``fetches`` table."""

    url: str
    outcome: str
    fetched_at: str
    status: int | None = None
    bytes: int | None = None
    detail: str | None = None
    article_id: int | None = None
    depth: int | None = None
    referer: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    warc_record_id: str | None = None
    payload_sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    def row(self) -> dict:
        return dict(self.__dict__)

    def add_capture(self, capture) -> FetchItem:
        """Copy where the response was kept (a ``Capture`` from the crawl's writer, or a
        ``provenance.reader.Captured`` when replayed).

        ``warc_file`` is what finds the file again: for a capture, its name in the
        writer's directory; for a replayed one, its ``warc_name``, the path relative
        to the WARC directory given to ``--replay`` (``2016/x.warc.gz``), not the path
        it was opened by (which depends on where the replay ran).
        """
        if capture is not None:
            for name in ("warc_file", "warc_offset", "warc_length", "warc_record_id", "payload_sha256"):
                setattr(self, name, getattr(capture, name))
            self.warc_file = getattr(capture, "warc_name", None) or capture.warc_file
        return self


@dataclass(frozen=True)
class Capture:
    """Where one response was written."""

    warc_file: str  # file name, relative to the writer's directory
    warc_offset: int  # offset of the response record's gzip member
    warc_length: int  # compressed length of that member
    warc_record_id: str  # the response record's WARC-Record-ID
    payload_sha256: str  # hex sha256 of the body as stored
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class ArticleBundle:
    """Everything the archive stores for one article (built by ``normalise``)."""

    article: dict
    tags: list[str] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    search: dict = field(default_factory=dict)


@dataclass
class KnownArticle:
    """What a new crawl needs of an archived article to expand from it without fetching it."""

    id: int
    in_topic: bool
    published_at: str | None
    links: list[tuple[str, str]] = field(default_factory=list)  # (to_url, kind)
    etag: str | None = None
    last_modified: str | None = None


class KnownArticles(Mapping[str, KnownArticle]):
    """Archived articles by canonical URL, and the URL archived under a Bladi id.

    This one holds them in memory (tests, small archives); the archive's own,
    ``store.known.ArchivedArticles``, looks each one up in SQLite when asked, so
    a crawl's start costs the same on a 100,000-article archive as on an empty one.
    """

    def __init__(self, articles: Mapping[str, KnownArticle] | None = None):
        self._by_url = dict(articles or {})
        self._by_id = {k.id: url for url, k in self._by_url.items()}

    def __getitem__(self, url: str) -> KnownArticle:
        return self._by_url[url]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_url)

    def __len__(self) -> int:
        return len(self._by_url)

    def url_of_id(self, aid: int) -> str | None:
        return self._by_id.get(aid)


@dataclass
class ListingItem:
    url: str
    title: str | None = None
    published_at: str | None = None  # ISO 8601, or a date alone
    published_raw: str | None = None
    teaser: str | None = None


@dataclass
class Listing:
    items: list[ListingItem] = field(default_factory=list)
    next_url: str | None = None
    title: str | None = None  # the listing's own name (its <h1>, else <title>): a tag, a rubrique
    #: SPIP pagination: the offset parameter (``debut_suite_rubrique``, ``debut_articles``...),
    #: this page's offset, and the offsets its page-number links show, each with its URL.
    offset_param: str | None = None
    offset: int = 0
    page_offsets: dict[int, str] = field(default_factory=dict)


@dataclass
class FeedItem:
    url: str
    title: str | None = None
    published_at: str | None = None  # ISO 8601 in Africa/Casablanca time
    categories: list[str] = field(default_factory=list)
    description: str | None = None


@dataclass
class ListingRows:
    """One listing page read: its ``listing_pages`` row and the ``listing_items`` rows of what it listed."""

    page: dict
    items: list[dict] = field(default_factory=list)
