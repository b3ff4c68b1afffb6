"""Rebuild or update the archive from WARC files, with the current parser and no network.

Responses are read in capture order, so an article captured several times (by
``--refresh`` crawls) passes through the same versioning as during the crawls.
Only what the crawl itself would store is stored: successful HTML responses
that the extractor calls articles; listings, feeds, robots.txt and errors are
skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bladiscrape import __version__
from bladiscrape.extract import PARSER_VERSION, extract
from bladiscrape.core.dates import utc_now
from bladiscrape.store.rows import to_bundle
from bladiscrape.options import CrawlOptions
from bladiscrape.store import open_archive
from bladiscrape.score.topic import load_topic
from bladiscrape.core.urls import origin
from bladiscrape.provenance.reader import iter_responses, iter_warc_paths

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
    options = options or CrawlOptions()
    files = iter_warc_paths(paths)
    topic = load_topic(options.topic)
    archive = open_archive(db)
    result = ReparseResult()
    run_id = archive.start_run(utc_now(), {"reparse": [str(p) for p in files], **options.as_json()},
                               {"PARSER_VERSION": PARSER_VERSION}, f"bladiscrape {__version__}")
    batch = []
    try:
        for captured in sorted(iter_responses(files), key=lambda c: c.fetched_at):
            result.responses += 1
            bundle, why = _bundle(captured, options, topic)
            if bundle is None:
                result.skipped[why] = result.skipped.get(why, 0) + 1
                continue
            batch.append(bundle)
            result.articles += 1
            if len(batch) >= BATCH:
                _write(archive, batch, result)
        _write(archive, batch, result)
        archive.finish_run(run_id, finished_at=utc_now(), finish_reason="reparse", errors=0,
                           articles_new=result.counts["new"], articles_updated=result.counts["updated"],
                           articles_unchanged=result.counts["unchanged"], requests=0,
                           stats={"responses": result.responses, "skipped": result.skipped})
    finally:
        archive.close()
    return result


def _bundle(captured, options, topic):
    content_type = (captured.header("Content-Type") or "").lower()
    if captured.status != 200:
        return None, "non-200 responses"
    if "html" not in content_type:
        return None, "non-HTML responses"
    page = extract(captured.body, captured.url, dict(captured.headers), site=origin(captured.url))
    if page.kind != "article":
        return None, "non-article pages"
    record = page.article
    day = (record.published_at or "")[:10]
    if day and ((options.since and day < options.since.isoformat())
                or (options.until and day > options.until.isoformat())):
        return None, "articles out of the date range"
    score = topic.score(record.title, record.lead, record.body, record.tags, record.section)
    bundle = to_bundle(record, score, captured.fetched_at, PARSER_VERSION)
    bundle.article["warc_record_id"] = captured.warc_record_id
    return bundle, None


def _write(archive, batch, result):
    if batch:
        for key, value in archive.write_batch(batch, []).items():
            result.counts[key] += value
        batch.clear()
