"""Turn an extracted ArticleRecord (plus its topic score) into archive rows."""

from __future__ import annotations

import hashlib
import json
import re

from bladiscrape.core.stems import stem_text
from bladiscrape.core.urls import article_id as url_article_id
from bladiscrape.model import ArticleBundle, ArticleRecord

_WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*", re.UNICODE)


def synthetic_id(url: str) -> int:
    """A stable negative id for the few old pages whose URL carries no number.

    Negative, so it can never collide with one of Bladi's own (positive) ids.
    """
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()
    return -int(digest[:12], 16)


def record_id(record: ArticleRecord) -> int:
    return record.id if record.id is not None else synthetic_id(record.url)


def word_count(*texts: str | None) -> int:
    return sum(len(_WORD_RE.findall(t)) for t in texts if t)


def content_sha256(record: ArticleRecord) -> str:
    """Digest of what a reader sees (not of the HTML), so re-crawls detect real edits."""
    content = {
        "title": record.title, "lead": record.lead, "body": record.body,
        "published_at": record.published_at, "section": record.section,
        "author": record.author, "tags": record.tags,
    }
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def to_bundle(record: ArticleRecord, topic, fetched_at: str, parser_version: str) -> ArticleBundle:
    """``topic`` is a TopicResult (score, in_topic, terms)."""
    aid = record_id(record)
    article = {
        "id": aid,
        "url": record.url,
        "slug": record.slug,
        "title": record.title,
        "lead": record.lead,
        "body": record.body,
        "published_at": record.published_at,
        "published_raw": record.published_raw,
        "section": record.section,
        "author": record.author,
        "tags": json.dumps(record.tags, ensure_ascii=False),
        "image_url": record.image_url,
        "word_count": word_count(record.lead, record.body),
        "in_topic": int(bool(topic.in_topic)),
        "topic_score": round(float(topic.score), 3),
        "topic_terms": json.dumps(topic.terms, ensure_ascii=False, sort_keys=True),
        "extraction": json.dumps(record.extraction, ensure_ascii=False, sort_keys=True),
        "first_seen_at": fetched_at,
        "fetched_at": fetched_at,
        "content_sha256": content_sha256(record),
        "parser_version": parser_version,
    }
    links = []
    seen = set()
    for link in record.links:
        key = (link.url, link.kind)
        if key in seen:  # the unique key of the links table
            continue
        seen.add(key)
        links.append({
            "from_id": aid, "to_url": link.url,
            "to_id": url_article_id(link.url) if link.url.startswith("https://www.bladi.net/") else None,
            "kind": link.kind, "anchor": link.anchor, "teaser": link.teaser, "position": link.position,
        })
    search = {
        "id": aid, "title": record.title, "lead": record.lead, "body": record.body,
        "tags": " - ".join(record.tags),
        "stems": " ".join(filter(None, (stem_text(record.title), stem_text(record.lead),
                                        stem_text(record.body), stem_text(" ".join(record.tags))))),
    }
    return ArticleBundle(article=article, tags=list(dict.fromkeys(record.tags)), links=links, search=search)
