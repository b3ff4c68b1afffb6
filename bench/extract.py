#!/usr/bin/env python
"""Extraction throughput and quality, on two paths, against baselines measured in the same run.

Runs on one core (a plain loop in one process) and prints:

1. **Bladi path**: the replica's article pages (Bladi.net's template eras),
   repeated to --pages pages, in pages per second for
   - bladiscrape: the full layered extraction (bladiscrape.extract.extract)
   - parsel: bare selectors for title, date line and body paragraphs (the
     floor: what any extraction at least has to do)
   - trafilatura: trafilatura.bare_extraction with metadata (a general-purpose peer)
2. **Generic path**: the extraction corpus's pages of other sites' layouts
   (tests/fixtures/extract/corpus_*, not on bladi.net), where the generic
   layer runs: bladiscrape against trafilatura with metadata (what it takes to
   get a body and a date from a page nobody has seen).
3. **Quality** on every article of the corpus, against its hand-written truth
   (inputs/truth.json): body F1 (bag of words), title and day of publication
   right, for bladiscrape and trafilatura side by side.

Usage: python bench/extract.py [--pages 2000] [--generic-pages 500]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bladiscrape.core.text import fold  # noqa: E402
from bladiscrape.extract import extract  # noqa: E402
from fixtures import cases  # noqa: E402

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


def corpus() -> list[tuple[bytes, str, dict]]:
    """(page, url, truth) of every corpus case."""
    found = []
    for case in sorted(cases.CASES_DIR.glob("corpus_*")):
        truth = json.loads((case / "inputs" / "truth.json").read_text(encoding="utf-8"))
        found.append((cases.page(case), cases.meta(case)["url"], truth))
    return found


def run_bladiscrape(body, url):
    result = extract(body, url)
    return result.article.title if result.article else None


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
        body, url = pages[i % len(pages)][:2]
        fn(body, url)
    return count / (time.perf_counter() - start)


# --- quality ----------------------------------------------------------------------


def _words(text: str | None) -> Counter:
    return Counter(re.findall(r"\w+", fold(text or "")))


def f1(got: str | None, want: str) -> float:
    g, w = _words(got), _words(want)
    common = sum((g & w).values())
    if not common:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(w.values())
    return 2 * precision * recall / (precision + recall)


def ours(body, url) -> tuple[str | None, str | None, str | None]:
    """(title, body, day) from bladiscrape."""
    a = extract(body, url).article
    return (a.title, a.body, (a.published_at or "")[:10] or None) if a else (None, None, None)


def theirs(body, url) -> tuple[str | None, str | None, str | None]:
    """(title, body, day) from trafilatura, metadata on."""
    import trafilatura

    doc = trafilatura.bare_extraction(body, url=url, with_metadata=True)
    return (doc.title, doc.text, doc.date) if doc else (None, None, None)


def quality(pages) -> dict[str, dict[str, float]]:
    articles = [(b, u, t) for b, u, t in pages if t["kind"] == "article"]
    scores = {}
    for name, fn in (("bladiscrape", ours), ("trafilatura", theirs)):
        f1s, titles, days = [], 0, 0
        for body, url, truth in articles:
            title, text, day = fn(body, url)
            f1s.append(f1(text, " ".join(truth["body"])))
            titles += title == truth["title"]
            days += day == truth["published_day"]
        scores[name] = {"body F1": sum(f1s) / len(f1s), "title": titles / len(articles), "date": days / len(articles)}
    refused = sum(extract(b, u).kind != "article" for b, u, _ in articles)
    kept_out = sum(extract(b, u).kind == "article" for b, u, t in pages if t["kind"] != "article")
    scores["bladiscrape"]["articles refused"] = refused
    scores["bladiscrape"]["non-articles kept"] = kept_out
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="Bladi path: pages extracted by each")
    parser.add_argument("--trafilatura-pages", type=int, default=None,
                        help="Bladi path: pages for the (slow) trafilatura baseline (default: same as --pages)")
    parser.add_argument("--generic-pages", type=int, default=500, help="generic path: pages extracted by each")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    pages = article_pages()
    if not pages:
        sys.exit("bench: no article pages found in the replica")
    every = corpus()
    generic = [(b, u) for b, u, t in every if not u.startswith(ORIGIN)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"\nBladi path: {len(pages)} distinct article pages from the replica, "
          f"repeated to {args.pages} pages; one core")
    rates = {}
    for name, fn, count in (
        ("bladiscrape", run_bladiscrape, args.pages),
        ("parsel", run_parsel, args.pages),
        ("trafilatura", run_trafilatura, args.trafilatura_pages or args.pages),
    ):
        fn(*pages[0])  # warm caches and imports outside the timing
        rates[name] = measure(fn, pages, count)
        print(f"  {name:12s} {rates[name]:9.1f} pages/s  ({count} pages)")
    print(f"  bladiscrape / trafilatura: {rates['bladiscrape'] / rates['trafilatura']:.1f}x")
    print(f"  bladiscrape / parsel:      {rates['bladiscrape'] / rates['parsel']:.2f}x")

    print(f"\nGeneric path: {len(generic)} corpus pages of other sites' layouts, "
          f"repeated to {args.generic_pages} pages")
    grates = {}
    for name, fn in (("bladiscrape", run_bladiscrape), ("trafilatura", run_trafilatura)):
        fn(*generic[0])
        grates[name] = measure(fn, generic, args.generic_pages)
        print(f"  {name:12s} {grates[name]:9.1f} pages/s")
    print(f"  bladiscrape / trafilatura: {grates['bladiscrape'] / grates['trafilatura']:.2f}x")

    scores = quality(every)
    n = sum(t["kind"] == "article" for _, _, t in every)
    print(f"\nQuality on the corpus's {n} articles and {len(every) - n} non-articles (hand-written truth)")
    print(f"  {'':12s} {'body F1':>8s} {'title':>6s} {'date':>6s}")
    for name, s in scores.items():
        print(f"  {name:12s} {s['body F1']:8.3f} {s['title']:6.2f} {s['date']:6.2f}")
    print(f"  bladiscrape refused {scores['bladiscrape']['articles refused']} articles and kept "
          f"{scores['bladiscrape']['non-articles kept']} non-articles")


if __name__ == "__main__":
    main()
