"""Soak: a crawl of thousands of pages where 5 % of the answers carry a random fault.

    python bench/soak.py [--pages 5000] [--rate 0.05] [--seed 2016]

Serves the full-scale synthetic site through the tests' fault-injection
server (``tests/support/faultserver.py``) on 127.0.0.1. Each request other
than robots.txt answers, at ``--rate``, one transient fault drawn at random
(500, 503, 429 with ``Retry-After: 0``, a reset connection, a truncated body,
a hang that outlasts ``--timeout 1``), the kind a polite crawler retries.
The crawl reads rubriques from their first page (``--depth 0``, enough pages
of them for ``--pages`` requests) at ``--delay 0`` with WARC capture on.

The baseline is the same crawl of the same server with no fault, measured in
the same run. Printed: pages (responses), faults injected by kind, articles
archived against the baseline's (every article the baseline reached must be
archived: missing ones are listed), retries, requests, wall time and peak
memory (the crawl process's maximum resident set), with ratios to the baseline.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bladiscrape.replica.scale.site import RUBRIQUE_PAGE, SyntheticSite
from support.faultserver import FaultServer

# The child's own high-water mark (VmHWM): Linux carries ru_maxrss across fork and
# exec, so getrusage in the child would report this process's size if it were larger.
PEAK = ("import re, runpy, sys\nsys.argv = ['bladiscrape', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('bladiscrape', run_name='__main__')\n"
        "finally:\n    hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "    print('PEAK', hwm, file=sys.stderr)")


def crawl(site: SyntheticSite, folder: Path, pages: int, rate: float, seed: int) -> dict:
    rubriques = [r.slug for r in site.rubriques]
    per = math.ceil(pages / (RUBRIQUE_PAGE + 1) / len(rubriques))  # listing pages per rubrique
    db = folder / "archive.db"
    with FaultServer(site, random_rate=rate, seed=seed) as server:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", PEAK, "crawl", "--db", str(db), "--site", server.url, "--delay", "0",
             "--timeout", "1", "--depth", "0", "--max-pages", str(per),
             *(f"{server.url}/{slug}.html" for slug in rubriques)], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        injected = dict(server.injected)
    if result.returncode != 0:
        raise SystemExit(f"the crawl failed ({result.returncode}): {result.stderr[-2000:]}")
    peak = [line for line in result.stderr.splitlines() if line.startswith("PEAK ")][-1]
    conn = sqlite3.connect(db)
    try:
        stats = json.loads(conn.execute("select stats from crawl_runs").fetchone()[0])
        articles = {row[0] for row in conn.execute("select url from articles")}
        errors = conn.execute("select count(*) from fetches where outcome = 'error'").fetchone()[0]
    finally:
        conn.close()
    return {"seconds": seconds, "peak_mb": int(peak.split()[1]) / 1024, "injected": injected,
            "pages": stats.get("downloader/response_count", 0), "requests": stats.get("downloader/request_count", 0),
            "retries": stats.get("retry/count", 0), "articles": articles, "errors": errors}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args(argv)
    site = SyntheticSite()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "base").mkdir()
        (Path(tmp) / "soak").mkdir()
        base = crawl(site, Path(tmp) / "base", args.pages, 0.0, args.seed)
        soak = crawl(site, Path(tmp) / "soak", args.pages, args.rate, args.seed)
    missing = sorted(base["articles"] - soak["articles"])
    print(f"soak: {args.rate:.0%} random faults, seed {args.seed}, {args.pages} pages asked")
    print(f"  pages (responses)   {soak['pages']:>7}   baseline {base['pages']:>7}")
    print(f"  requests            {soak['requests']:>7}   baseline {base['requests']:>7}  "
          f"x{soak['requests'] / base['requests']:.3f}")
    faults = ", ".join(f"{kind} {n}" for kind, n in sorted(soak["injected"].items()))
    print(f"  faults injected     {sum(soak['injected'].values()):>7}   ({faults})")
    print(f"  retries             {soak['retries']:>7}   baseline {base['retries']:>7}")
    print(f"  fetch errors        {soak['errors']:>7}   baseline {base['errors']:>7}")
    print(f"  articles            {len(soak['articles']):>7}   baseline {len(base['articles']):>7}  "
          f"missing {len(missing)}")
    print(f"  wall time           {soak['seconds']:>6.0f}s   baseline {base['seconds']:>6.0f}s  "
          f"x{soak['seconds'] / base['seconds']:.2f}")
    print(f"  peak memory         {soak['peak_mb']:>5.0f}MB   baseline {base['peak_mb']:>5.0f}MB  "
          f"x{soak['peak_mb'] / base['peak_mb']:.2f}")
    for url in missing[:20]:
        print(f"  missing: {url}")
    return 0 if not missing else 1


if __name__ == "__main__":
    sys.exit(main())
