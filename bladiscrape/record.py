"""The article record: what extraction returns and what the archive stores.

Extraction (``bladiscrape.extract``) builds these from HTML bytes without any
network or Scrapy object; ``normalise`` turns them into archive rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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
