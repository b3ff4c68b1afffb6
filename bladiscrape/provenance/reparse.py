"""Rebuild or update the archive from WARC files, with the current parser and no network.

Responses are read in capture order, so an article captured several times (by
``--refresh`` crawls) passes through the same versioning as during the crawls.
That order comes from an index of where each record is (``WarcIndex``); each
record is read from its file when its turn comes, so memory does not grow with
the size of the WARC files.
Each response goes through ``process.process_page``, the function the crawl uses,
so only what the crawl itself would store is stored: successful HTML responses
that the extractor calls articles; listings, feeds, robots.txt and errors are
skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bladiscrape import __version__
from bladiscrape.analyse import refresh as research
from bladiscrape.core.dates import utc_now
from bladiscrape.core.urls import origin
from bladiscrape.extract import PARSER_VERSION
from bladiscrape.model import DateWindow, Skip
from bladiscrape.options import CrawlOptions
from bladiscrape.process import PageResponse, process_page
from bladiscrape.provenance.reader import MAX_BODY, WarcIndex, iter_warc_paths
from bladiscrape.score.topic import load_topic
from bladiscrape.store import open_archive
from bladiscrape.store.locks import held

BATCH = 50


@dataclass
class ReparseResult:
    responses: int = 0
    articles: int = 0
    counts: dict = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0})
    skipped: dict = field(default_factory=dict)

    def summary(self, db: str) -> str:
        c = self.counts
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return (f"Re-parsed {self.responses} responses: {self.articles} articles "
                f"({c['new']} new, {c['updated']} changed, {c['unchanged']} unchanged)"
                + (f"; skipped {skipped}" if skipped else "") + f" -> {db}")


def reparse(db: str, paths: list[str], options: CrawlOptions | None = None) -> ReparseResult:
    """``LockHeld``, before anything is written, while a crawl (or another reparse) writes ``db``."""
    with held(db, "archive"):
        return _reparse(db, paths, options)


def _reparse(db: str, paths: list[str], options: CrawlOptions | None = None) -> ReparseResult:
    options = options or CrawlOptions()
    files = iter_warc_paths(paths)
    topic = load_topic(options.topic, options.actors)
    window = DateWindow(options.since, options.until)
    archive = open_archive(db)
    analysis = research.load_research(options.actors)
    research.prepare(archive, analysis)
    result = ReparseResult()
    run_id = archive.start_run(utc_now(), {"reparse": [str(p) for p in files], **options.as_json()},
                               {"PARSER_VERSION": PARSER_VERSION}, f"bladiscrape {__version__}")
    batch = []
    try:
        for entry in WarcIndex(files).in_capture_order():
            captured = entry.read(request_headers=False)
            result.responses += 1
            bundle, why = _bundle(captured, window, topic)
            if bundle is None:
                result.skipped[why] = result.skipped.get(why, 0) + 1
                continue
            batch.append(bundle)
            result.articles += 1
            if len(batch) >= BATCH:
                _write(archive, batch, result, analysis)
        _write(archive, batch, result, analysis)
        research.finish(archive, analysis)
        archive.finish_run(run_id, finished_at=utc_now(), finish_reason="reparse", errors=0,
                           articles_new=result.counts["new"], articles_updated=result.counts["updated"],
                           articles_unchanged=result.counts["unchanged"], requests=0,
                           stats={"responses": result.responses, "skipped": result.skipped})
    finally:
        archive.close()
    return result


#: How a reparse summary words each reason ``process_page`` gives for skipping a response.
SKIP_LABELS = {
    "not_ok": "non-200 responses", "not_html": "non-HTML responses", "not_article": "non-article pages",
    "incomplete": "non-article pages", "out_of_range": "articles out of the date range",
    "extraction_failed": "pages the extractor failed on",
}
TOO_LARGE = f"bodies over {MAX_BODY // (1024 * 1024)} MB"


def _bundle(captured, window, topic):
    if captured.too_large:  # the crawl refuses these (DOWNLOAD_MAXSIZE); the reader logged it
        return None, TOO_LARGE
    result = process_page(
        PageResponse(captured.url, captured.status, dict(captured.headers), captured.body,
                     undecodable=captured.undecodable),
        topic=topic, window=window, site=origin(captured.url), fetched_at=captured.fetched_at,
        warc_record_id=captured.warc_record_id)
    if isinstance(result, Skip):
        return None, SKIP_LABELS.get(result.outcome, result.outcome)
    return result.bundle, None


def _write(archive, batch, result, analysis):
    if batch:
        rows = research.batch_rows(batch, analysis)
        for key, value in archive.write_batch(batch, []).items():
            result.counts[key] += value
        research.articles_written(archive, rows)
        batch.clear()
