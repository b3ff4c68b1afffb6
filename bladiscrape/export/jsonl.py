"""JSON lines: one article a line, every stored field with its tags, actors and capture."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

#: Columns stored as JSON text, written as JSON values.
JSON_COLUMNS = ("topic_terms", "extraction")


def write(articles: Iterable[dict], out: TextIO) -> int:
    count = 0
    for article in articles:
        record = dict(article)
        for column in JSON_COLUMNS:
            if isinstance(record.get(column), str):
                record[column] = json.loads(record[column])
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
