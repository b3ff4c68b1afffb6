"""Indexes the published pages read, added to an archive before it is served.

An article's row holds its whole text before its date, section and author
(the columns were added in that order), so reading ``published_at`` of an
article walks the overflow pages of its body: about 3 µs an article, 15 ms
for the 4,000 matches of a common word at 100,000 articles, on every search.
``idx_articles_reading`` holds those short columns under the article's id,
so the search page can rank, filter, date and count its matches from it
(``INDEXED BY``: SQLite always prefers the table for a lookup by id) at about
60 bytes an article.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

# Defined with the rest of the schema, which creates it with every archive since it exists.
from bladiscrape.store.schema import READING_INDEX, READING_INDEX_SQL, connect_readonly

__all__ = ["READING_INDEX", "READING_INDEX_SQL", "ensure_reading_indexes"]


def ensure_reading_indexes(db_path: str | os.PathLike) -> bool:
    """Add the reading index if it is missing; False when the file cannot be written (it is served without)."""
    path = Path(db_path)
    try:
        with closing(connect_readonly(path)) as conn:
            if conn.execute("select 1 from sqlite_master where type = 'index' and name = ?",
                            [READING_INDEX]).fetchone():
                return True
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            return False
        with closing(sqlite3.connect(path, timeout=1)) as conn:
            conn.execute(READING_INDEX_SQL)
            conn.commit()
        return True
    except sqlite3.Error:  # locked by a writer, read-only medium...: the pages work without it, slower
        return False
