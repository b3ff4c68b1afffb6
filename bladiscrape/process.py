"""One page, one function: a response and its capture in, archive rows or a reason to skip out.

The crawl (``crawl/spider.py``), ``reparse`` and ``--replay`` all call
``process_page``, so "re-parsing a WARC gives the archive the crawl wrote"
holds by construction, not because two copies of the rules agree. It covers:

* what counts as an HTML page (``page_problem``): only a 200 answer whose
  Content-Type is HTML (or absent) and whose body decoded (its declared
  Content-Encoding removed) and is not still compressed;
* extraction, with the one deliberate catch of the whole pipeline: a page that
  breaks the extractor is skipped with its exception named, never a crash;
* the date window (``--since``/``--until``);
* the topic score, and the rows of ``store.rows.to_bundle`` linked to the
  capture the page was read from.

What to *follow* from a page (links, listings, depth) is the crawl's business;
this function only decides what the archive keeps of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bladiscrape.core.coding import GZIP_MAGIC  # still there: a broken coding, or a gzip file as a page
from bladiscrape.core.origins import origin_note
from bladiscrape.core.text import header, media_type
from bladiscrape.extract import PARSER_VERSION, extract
from bladiscrape.model import ArchiveRows, ArticleRecord, DateWindow, Skip
from bladiscrape.score.topic import Topic
from bladiscrape.store.rows import to_bundle

#: Media types that hold an HTML page. A missing Content-Type is given the
#: benefit of the doubt: old SPIP installs sometimes send none.
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class PageResponse:
    """A response as every reader of pages sees it: the body with its content coding removed.

    ``undecodable``: the body claims a Content-Encoding it does not have, so it
    is the body as received. The crawl (``crawl/middlewares/compression.py``) and
    the WARC reader (``provenance/reader.py``) both set it, so both skip the page.
    """

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    undecodable: bool = False


def page_problem(response: PageResponse) -> Skip | None:
    """Why a response is not an HTML page to extract, or None when it is one."""
    if response.status != 200:
        return Skip("not_ok", f"HTTP {response.status}")
    ctype = media_type(response.headers)
    if ctype and ctype not in HTML_TYPES:
        return Skip("not_html", f"served as {ctype}")
    if response.undecodable:
        coding = (header(response.headers, "Content-Encoding") or "").strip()
        return Skip("not_html", f"body that could not be decoded (Content-Encoding: {coding})")
    if response.body.startswith(GZIP_MAGIC):
        return Skip("not_html", "compressed body that could not be decoded")
    return None


def process_page(response: PageResponse, *, topic: Topic, window: DateWindow, fetched_at: str,
                 site: str | None = None, warc_record_id: str | None = None) -> ArchiveRows | Skip:
    """What the archive keeps of one page (``site``: the origin it was fetched from)."""
    problem = page_problem(response)
    if problem is not None:
        return problem
    try:
        page = extract(response.body, response.url, response.headers, site=site)
    except Exception as e:  # one broken page must never end a crawl or a reparse
        return Skip("extraction_failed", f"{type(e).__name__}: {e}")
    if page.kind != "article" or page.article is None:
        return Skip(page.kind, page.reason)
    record = page.article
    if window.contains(record.published_at) is False:
        return Skip("out_of_range", record.published_at, record)
    rows = rows_for(record, topic, fetched_at, warc_record_id)
    # Which origin the text came from, and what it is when that is not Bladi.net (core/origins.py).
    rows.bundle.article["origin"] = site
    rows.bundle.article["origin_note"] = origin_note(site, response.body)
    return rows


def rows_for(record: ArticleRecord, topic: Topic, fetched_at: str, warc_record_id: str | None) -> ArchiveRows:
    score = topic.score(record.title, record.lead, record.body, record.tags, record.section)
    bundle = to_bundle(record, score, fetched_at, PARSER_VERSION)
    bundle.article["warc_record_id"] = warc_record_id
    return ArchiveRows(record=record, topic=score, bundle=bundle)
