"""The archive's write path: articles/s with both search indexes kept, and bytes per article.

    python bench/store.py [--articles 5000] [--batch 25]

Synthetic articles (test texts, ``bench/synthetic.py``) are turned into rows
once, outside the timing; then ``Archive.write_batch`` stores them in batches
of ``--batch`` (the crawl's ``BLADI_BATCH_SIZE``), first as new articles, then
again as a re-crawl where every article changed (updates, versions kept).
The baseline, measured in the same run, is a plain sqlite-utils ``insert_all``
of the same article rows into a table with no index and no search index; the
floor is the same texts and stems written into the two FTS5 indexes and
nothing else, what any store keeping both indexes must spend.
Size is the whole file (every table, index and search index) per article,
minus the article's own text.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils
from synthetic import bundles, text_bytes

from bladiscrape.store import open_archive


def store(path: Path, batches: list, fetches: int = 1) -> float:
    archive = open_archive(path)
    started = time.perf_counter()
    for batch in batches:
        rows = [{"url": b.article["url"], "outcome": "article", "status": 200, "article_id": b.article["id"]}
                for b in batch][:fetches * len(batch)]
        archive.write_batch(batch, rows)
    seconds = time.perf_counter() - started
    archive.close()
    return seconds


def baseline(path: Path, rows: list[dict], batch: int) -> float:
    db = sqlite_utils.Database(path)
    db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = normal")
    started = time.perf_counter()
    for i in range(0, len(rows), batch):
        with db.atomic():
            db["articles"].insert_all(rows[i:i + batch], pk="id")
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def floor(path: Path, made: list, batch: int) -> float:
    """The two full-text indexes alone: the same texts and stems tokenized into FTS5, nothing else stored.

    No store keeping both indexes can beat this on the same machine; the store's
    ratio to it is what the store itself adds (rows, tags, links, indexes, Python).
    """
    db = sqlite_utils.Database(path)
    db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = normal")
    tokenize = "tokenize='unicode61 remove_diacritics 2'"
    db.execute("create table t (id integer primary key, title, lead, body)")
    db.execute(f"create virtual table t_fts using fts5 (title, lead, body, {tokenize}, content='t')")
    db.execute(f"create virtual table s_fts using fts5 (title, lead, body, tags, stems, {tokenize}, content='')")
    texts = [(b.article["id"], b.article["title"], b.article["lead"], b.article["body"]) for b in made]
    search = [tuple(b.search[k] for k in ("id", "title", "lead", "body", "tags", "stems")) for b in made]
    started = time.perf_counter()
    for i in range(0, len(made), batch):
        with db.atomic():
            db.conn.executemany("insert into t values (?, ?, ?, ?)", texts[i:i + batch])
            db.conn.executemany("insert into t_fts (rowid, title, lead, body) values (?, ?, ?, ?)", texts[i:i + batch])
            db.conn.executemany("insert into s_fts (rowid, title, lead, body, tags, stems) values (?, ?, ?, ?, ?, ?)",
                                search[i:i + batch])
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=25)
    args = parser.parse_args(argv)
    n, size = args.articles, args.batch
    made = bundles(n)
    edited = bundles(n, seed=14, fetched_at="2026-12-02T00:00:00+00:00")
    for b in edited:
        b.article["warc_record_id"] = f"<urn:uuid:edit-{b.article['id']}>"
    chunks = [made[i:i + size] for i in range(0, n, size)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        new = store(db, chunks)
        per_article = db.stat().st_size / n - sum(map(text_bytes, made)) / n
        again = store(db, [edited[i:i + size] for i in range(0, n, size)])
        plain = baseline(Path(tmp) / "plain.db", [b.article for b in made], size)
        fts = floor(Path(tmp) / "floor.db", made, size)
        check = sqlite_utils.Database(db)
        found = check.execute("select count(*) from article_search_fts where article_search_fts match 'opérateur'")
        indexed = found.fetchone()[0]
        for index in ("articles_fts", "article_search_fts"):  # raises if an index differs from the stored text
            check.execute(f"insert into {index} ({index}) values ('integrity-check')")
        versions = check["article_versions"].count
        check.close()
    rate, base = n / new, n / plain
    print(f"store, {n:,} articles in batches of {size}   (python {sys.version.split()[0]}, "
          f"sqlite {sqlite_utils.Database(memory=True).sqlite_version})")
    print(f"{'':34}{'articles/s':>12}{'baseline':>12}{'ratio':>8}{'goal':>10}")
    print(f"{'new articles, both FTS indexes':34}{rate:>12,.0f}{base:>12,.0f}{rate / base:>8.2f}{'>= 5,000':>10}")
    print(f"{'every article edited (versions)':34}{n / again:>12,.0f}{base:>12,.0f}{n / again / base:>8.2f}")
    print(f"{'floor: the two FTS indexes alone':34}{n / fts:>12,.0f}{base:>12,.0f}{n / fts / base:>8.2f}")
    print(f"store / floor: {rate / (n / fts):.2f} (what the rows, tags, links, indexes and Python add to the indexes)")
    print(f"bytes per article beyond its text: {per_article:,.0f} (goal <= 10,000); "
          f"text {sum(map(text_bytes, made)) / n:,.0f} bytes")
    print(f"search indexes up to date (FTS5 integrity-check passed): {indexed:,} of {n:,} edited articles found, "
          f"{versions:,} versions kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
