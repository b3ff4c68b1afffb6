"""What the spider hands to the archive pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from .record import ArticleRecord


@dataclass
class ArticleItem:
    record: ArticleRecord
    topic: object  # topic.TopicResult
    fetched_at: str
    depth: int


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

    def row(self) -> dict:
        return dict(self.__dict__)


def utc_now() -> str:
    """Crawl bookkeeping times are UTC, to the second (article dates keep their own offset)."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
