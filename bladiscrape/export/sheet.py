"""The coding sheet: one CSV row per article, made for spreadsheets.

Comma-separated, UTF-8 with a byte-order mark (without one, Excel reads the
file as Windows-1252 and garbles every accent), every article of the selection
(no row cap), with the text to code (lead and body) and a citation.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

COLUMNS = ("id", "published_at", "title", "url", "section", "author", "tags", "actors", "lead", "body",
           "in_topic", "citation")
ENCODING = "utf-8-sig"  # the BOM


def local_time(published_at: str | None) -> str:
    """``2016-02-28T11:10:00+00:00`` -> ``2016-02-28 11:10``: the Moroccan time printed on the page."""
    if not published_at:
        return ""
    return published_at[:16].replace("T", " ") if "T" in published_at else published_at[:10]


def citation(article: dict) -> str:
    """A one-line reference: title, Bladi.net, date, URL, and the capture it was read from."""
    parts = [f"« {article['title']} »", "Bladi.net"]
    if article.get("author"):
        parts.insert(0, article["author"])
    if article.get("published_at"):
        parts.append(article["published_at"][:10])
    parts.append(article["url"])
    capture = article.get("capture") or {}
    if capture.get("warc_record_id"):
        parts.append(f"archived {(capture.get('captured_at') or article.get('fetched_at') or '')[:10]}"
                     f" (WARC record {capture['warc_record_id']})")
    if article.get("origin_note"):
        parts.append(article["origin_note"])
    return ", ".join(parts)


def row(article: dict) -> dict:
    return {
        "id": article["id"], "published_at": local_time(article.get("published_at")), "title": article["title"],
        "url": article["url"], "section": article.get("section") or "", "author": article.get("author") or "",
        "tags": "; ".join(article["tags"]), "actors": "; ".join(article["actors"]), "lead": article.get("lead") or "",
        "body": article.get("body") or "", "in_topic": article.get("in_topic"), "citation": citation(article),
    }


def write(articles: Iterable[dict], out: TextIO) -> int:
    """Write the sheet (``out`` opened with ``ENCODING`` and ``newline=""``); the number of rows."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for article in articles:
        writer.writerow(row(article))
        count += 1
    return count
