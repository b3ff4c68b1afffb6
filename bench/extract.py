#!/usr/bin/env python
"""Extraction throughput on the replica's article pages, against two baselines.

Runs on one core (a plain loop in one process) over the replica's article pages
repeated to at least --pages pages, and prints pages per second for:

- bladiscrape: the full layered extraction (bladiscrape.extract.extract)
- parsel: bare selectors for title, date line and body paragraphs (the floor:
  what any extraction at least has to do)
- trafilatura: trafilatura.bare_extraction with metadata (a general-purpose peer)

Usage: python bench/extract.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bladiscrape.extract import extract  # noqa: E402

SITE_DIR = ROOT / "bladiscrape" / "replica" / "site"
ORIGIN = "https://www.bladi.net/"


def article_pages() -> list[tuple[bytes, str]]:
    pages = []
    for path in sorted(SITE_DIR.rglob("*.html")):
        body = path.read_bytes()
        url = ORIGIN + path.relative_to(SITE_DIR).as_posix()
        if extract(body, url).kind == "article":
            pages.append((body, url))
    return pages


def run_bladiscrape(body, url):
    return extract(body, url).article.title


def run_parsel(body, url):
    from parsel import Selector

    sel = Selector(text=body.decode("utf-8", "replace"))
    title = sel.css("h1::text").get()
    date = sel.css("p.datenews::text, time::text").get()
    text = "\n\n".join(sel.css("div.mtl p::text, article p::text").getall())
    return title, date, text


def run_trafilatura(body, url):
    import trafilatura

    doc = trafilatura.bare_extraction(body, url=url, with_metadata=True)
    return doc.title if doc else None


def measure(fn, pages, count) -> float:
    start = time.perf_counter()
    for i in range(count):
        body, url = pages[i % len(pages)]
        fn(body, url)
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--trafilatura-pages", type=int, default=None,
                        help="pages for the (slow) trafilatura baseline (default: same as --pages)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    pages = article_pages()
    if not pages:
        sys.exit("bench: no article pages found in the replica")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"{len(pages)} distinct article pages from the replica, repeated to {args.pages} pages; one core")
    rates = {}
    for name, fn, count in (
        ("bladiscrape", run_bladiscrape, args.pages),
        ("parsel", run_parsel, args.pages),
        ("trafilatura", run_trafilatura, args.trafilatura_pages or args.pages),
    ):
        fn(*pages[0])  # warm caches and imports outside the timing
        rates[name] = measure(fn, pages, count)
        print(f"{name:12s} {rates[name]:9.1f} pages/s  ({count} pages)")
    print(f"bladiscrape / trafilatura: {rates['bladiscrape'] / rates['trafilatura']:.1f}x")
    print(f"bladiscrape / parsel:      {rates['bladiscrape'] / rates['parsel']:.2f}x")


if __name__ == "__main__":
    main()
