"""Peak memory of reading WARC files back: the offset index, and every record read once.

    python bench/warc_memory.py [--pages 2000] [--kb 100]

Writes a WARC of N pages (each a gzip-compressed HTML body of about K KB, as
served) with ``provenance.writer.WarcWriter``, then measures, each in a fresh
subprocess, the peak resident set size (``ru_maxrss``; "growth" is above the
interpreter's own high-water mark once the reader is imported) and, in a
second run, the peak of Python allocations (``tracemalloc``, "py peak") of:

* ``baseline``: the interpreter with the reader imported, reading the whole file's
  bytes once (what holding one copy of the WARC costs);
* ``index``: building ``WarcIndex`` (one streaming pass, payloads dropped);
* ``iterate``: reading every record from the index, in capture order, as
  ``reparse`` does (each record read on demand, then let go);
* ``all bodies``: what the reader did before the index: a list of every record
  with its bodies (``list(iter_responses(...))``).

Figures are printed; nothing is asserted (peak RSS depends on the machine).
"""

from __future__ import annotations

import argparse
import gzip
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEASURE = r"""
import resource, sys, tracemalloc
from bladiscrape.provenance.reader import WarcIndex, iter_responses
path, what, traced = sys.argv[1], sys.argv[2], sys.argv[3] == "traced"
if traced:
    tracemalloc.start()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if what == "baseline":
    n = len(open(path, "rb").read())
elif what == "index":
    n = len(WarcIndex([path]).entries)
elif what == "iterate":
    n = sum(len(entry.read().body) for entry in WarcIndex([path]).in_capture_order())
elif what == "all bodies":
    n = len(list(iter_responses([path])))
peak = tracemalloc.get_traced_memory()[1] // 1024 if traced else 0
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, peak)
"""


def page(rng: random.Random, size: int) -> bytes:
    """An HTML page of about ``size`` bytes of words (compresses like text, ~3:1)."""
    words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(2000)]
    out, length = [b"<html><head><title>bench</title></head><body><p>"], 0
    while length < size:
        word = rng.choice(words)
        out.append(word + b" ")
        length += len(word) + 1
    out.append(b"</p></body></html>")
    return b"".join(out)


def write_warc(directory: Path, pages: int, kb: int) -> Path:
    from bladiscrape.provenance.writer import WarcWriter

    rng = random.Random(1)
    bodies = [gzip.compress(page(rng, kb * 1024), mtime=0) for _ in range(20)]  # 20 distinct, reused
    start = datetime(2024, 5, 1, tzinfo=UTC)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    with WarcWriter(directory, max_bytes=1 << 40) as writer:
        for i in range(pages):
            writer.write(f"https://www.bladi.net/page-{i},{i}.html", "GET", [("User-Agent", "bench")], 200,
                         None, headers, bodies[i % len(bodies)], start + timedelta(seconds=pages - i))
    return directory / writer.files[0]


def measure(path: Path, what: str, traced: bool) -> tuple[int, int, int]:
    """(RSS high-water mark before, after, Python-allocation peak), in KB."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path), what, "traced" if traced else "rss"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    return tuple(int(x) for x in out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--kb", type=int, default=100, help="decoded size of each page, in KB")
    parser.add_argument("--skip-all-bodies", action="store_true", help="do not measure the old way")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_warc(Path(tmp), args.pages, args.kb)
        size = path.stat().st_size
        print(f"WARC: {args.pages} pages of ~{args.kb} KB decoded, file {size / 2**20:.1f} MB (gzip)")
        print(f"{'':12} {'peak RSS':>10} {'growth':>10} {'py peak':>10}")
        runs = ["baseline", "index", "iterate"] + ([] if args.skip_all_bodies else ["all bodies"])
        for what in runs:
            before, peak, _ = measure(path, what, traced=False)  # ru_maxrss is in KB on Linux
            traced = measure(path, what, traced=True)[2]
            print(f"{what:12} {peak / 1024:>8.1f}MB {(peak - before) / 1024:>8.1f}MB {traced / 1024:>8.1f}MB")


if __name__ == "__main__":
    main()
