"""``reparse`` against ``extract()`` alone on the same captures, in one process and with workers.

    python bench/reparse.py [--pages 2000] [--runs 3]

Writes a WARC of ``--pages`` article pages (the synthetic site of
``bench/crawl.py``: the replica's seed page under as many URLs) with the
crawl's own writer, gzip-compressed as served. Then, in this process:

- **extract()**: the WARC's bodies, already read and decoded, through
  ``bladiscrape.extract.extract`` and nothing else, in this one process (the
  baseline, timed before and after each reparse);
- **reparse, 1 worker**: ``provenance.reparse.reparse`` into a new archive, all
  in this process: the offset index, reading and decoding each record,
  ``process_page`` (extract, topic, rows), the batched store with both search
  indexes and the research rows;
- **reparse, N workers**: the same with ``--workers``' default (the CPUs this
  process may use, at most 4): reading and ``process_page`` in N processes, the
  store here.

Each is run ``--runs`` times (3) and given its best rate: on a shared machine
one run can be twice as slow as the next. Each run's ratio against the
extract() runs beside it is printed too. The goal is reparse at 0.6x
extract() or better; the baseline is one process, so the workers' ratio says
what the CPUs give, not that one process got faster.
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

from bladiscrape.core import runtime
from bladiscrape.extract import extract
from bladiscrape.provenance.reader import WarcIndex
from bladiscrape.provenance.reparse import reparse
from bladiscrape.provenance.workers import default_workers
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
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    # As `bladiscrape reparse` sets it (cli.py); the extract() baseline runs in this process under
    # the same collector settings, so the ratio compares the two paths and not two settings.
    runtime.for_long_run()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        write_warc(tmp / "warcs", args.pages)
        captures = [entry.read() for entry in WarcIndex([tmp / "warcs"]).in_capture_order()]
        extract(captures[0].body, captures[0].url)  # imports and caches outside the timing
        # extract() timed before and after each reparse, so a change of load on a shared
        # machine weighs on the baseline as on the runs it is compared with
        workers = default_workers()
        ways = {"reparse, 1 worker": 1, f"reparse, {workers} workers": workers}
        # extract() timed before and after each reparse, so a change of load on a shared
        # machine weighs on the baseline as on the runs it is compared with
        alone, rates = [extract_rate(captures)], {way: [] for way in ways}
        for run in range(args.runs):
            for way, n in ways.items():
                started = time.perf_counter()
                result = reparse(str(tmp / f"archive-{run}-{n}.db"), [str(tmp / "warcs")], workers=n)
                rates[way].append(args.pages / (time.perf_counter() - started))
                alone.append(extract_rate(captures))
    # The machine is shared: the load beside the figures says how far to trust them, and
    # each side is given its best run (the least disturbed one).
    print(f"reparse, {args.pages:,} captures, best of {args.runs} runs, {len(os.sched_getaffinity(0))} CPUs "
          f"available, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'':24}{'pages/s':>9}{'baseline':>10}{'ratio':>7}{'goal':>8}")
    print(f"{'extract() alone':24}{max(alone):>9,.0f}   (one process)")
    beside = [(before + after) / 2 for before, after in zip(alone, alone[1:], strict=False)]
    for i, (way, runs) in enumerate(rates.items()):
        print(f"{way:24}{max(runs):>9,.0f}{max(alone):>10,.0f}{max(runs) / max(alone):>7.2f}{'>= 0.6':>8}")
        each = " ".join(f"{rate / beside[run * len(rates) + i]:.2f}" for run, rate in enumerate(runs))
        print(f"{'':4}each run against the extract() runs beside it: {each}")
    print(f"articles stored: {result.articles:,} ({result.counts['new']:,} new); the baseline is one process, "
          f"so the {workers}-worker ratio counts {workers} CPUs' work against one's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
