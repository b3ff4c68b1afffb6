"""``reparse`` against ``extract()`` alone on the same captures.

    python bench/reparse.py [--pages 2000]

Writes a WARC of ``--pages`` article pages (the synthetic site of
``bench/crawl.py``: the replica's seed page under as many URLs) with the
crawl's own writer, gzip-compressed as served. Then, in this process:

- **extract()**: the WARC's bodies, already read and decoded, through
  ``bladiscrape.extract.extract`` and nothing else (the baseline, timed before
  and after the reparse, the mean of the two);
- **reparse**: ``provenance.reparse.reparse`` into a new archive: the offset
  index, reading and decoding each record, ``process_page`` (extract, topic,
  rows), the batched store with both search indexes and the research rows.

The goal is reparse at 0.6x extract() or better.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawl import page_name, site

from bladiscrape.extract import extract
from bladiscrape.provenance.reader import WarcIndex
from bladiscrape.provenance.reparse import reparse
from bladiscrape.provenance.writer import WarcWriter


def write_warc(directory: Path, pages: int) -> None:
    content = site(pages)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    with WarcWriter(directory, max_bytes=1 << 40) as writer:
        for i in range(pages):
            url = "https://www.bladi.net" + page_name(i)
            writer.write(url, "GET", [("User-Agent", "bench")], 200, None, headers,
                         gzip.compress(content[page_name(i)], mtime=0), start + timedelta(seconds=i))


def extract_rate(captures) -> float:
    started = time.perf_counter()
    for captured in captures:
        extract(captured.body, captured.url)
    return len(captures) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        write_warc(tmp / "warcs", args.pages)
        captures = [entry.read() for entry in WarcIndex([tmp / "warcs"]).in_capture_order()]
        extract(captures[0].body, captures[0].url)  # imports and caches outside the timing
        # extract() timed before and after reparse, so a change of load on a shared machine
        # weighs on the baseline as on the run it is compared with
        alone = extract_rate(captures)
        started = time.perf_counter()
        result = reparse(str(tmp / "archive.db"), [str(tmp / "warcs")])
        rate = args.pages / (time.perf_counter() - started)
        alone = (alone + extract_rate(captures)) / 2
    # The machine is shared: the load beside the figures says how far to trust them.
    print(f"reparse, {args.pages:,} captures, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'':24}{'pages/s':>9}{'baseline':>10}{'ratio':>7}{'goal':>8}")
    print(f"{'extract() alone':24}{alone:>9,.0f}")
    print(f"{'reparse':24}{rate:>9,.0f}{alone:>10,.0f}{rate / alone:>7.2f}{'>= 0.6':>8}")
    print(f"articles stored: {result.articles:,} ({result.counts['new']:,} new)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
