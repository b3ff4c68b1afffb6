"""What the spider hands to the archive pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from .record import ArticleRecord


@dataclass
class ArticleItem:
    record: ArticleRecord
    topic: object  # topic.TopicResult
    fetched_at: str
    depth: int
    warc_record_id: str | None = None  # the capture the record was parsed from


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

    def add_capture(self, capture) -> "FetchItem":
        """Copy where the response was kept (a capture.Capture or a replayed warcs.Captured)."""
        if capture is not None:
            for name in ("warc_file", "warc_offset", "warc_length", "warc_record_id", "payload_sha256"):
                setattr(self, name, getattr(capture, name))
            if isinstance(self.warc_file, str) and "/" in self.warc_file:
                self.warc_file = self.warc_file.rsplit("/", 1)[-1]
        return self


def utc_now() -> str:
    """Crawl bookkeeping times are UTC, to the second (article dates keep their own offset)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
