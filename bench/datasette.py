"""Datasette at 100,000 articles: p95 of every page a researcher uses, beside plain Datasette on the same file.

    python bench/datasette.py [--articles 100000] [--requests 20] [--cache DIR]

Builds (once; kept in ``--cache``, by default the system's temporary
directory) an archive of synthetic articles (test texts, ``bench/synthetic.py``)
in the project's own schema: articles, tags, links, fetch rows, both search
indexes, then ``analyse`` for the research tables. Then serves it twice, each
in its own process, warm and requested one at a time:

- **bladiscrape**: ``bladiscrape serve`` (metadata, plugin, settings);
- **plain Datasette**: ``datasette serve --immutable`` on the same file, with
  no metadata, the baseline: the table pages, the row page, the exports, and
  each canned query's SQL run as ``?sql=``.

Each page is requested once to warm it, then ``--requests`` times; the p95 of
those is printed with the goal (250 ms; the search page 100 ms). A page that
answers an error (Datasette's "SQL Interrupted" is an HTTP 400) is marked.
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import yaml
from synthetic import bundles

from bladiscrape.store import open_archive
from bladiscrape.store.counts import refresh_if_stale

REPO = Path(__file__).resolve().parent.parent
#: The store's layout the cached archive was built with: bumped when it changes (2: the text stored once,
#: article_search a view; 3: no links index on (from_id, kind, position)), so a cache built by an earlier
#: version is not measured as if it were this one.
LAYOUT = 3
METADATA = REPO / "bladiscrape/publish/metadata.yml"
#: Parameters for the canned queries that take some.
PARAMS = {"search": {"q": "blocage"}, "term_by_month": {"q": "ANRT"}, "article_capture": {"id": "1500"},
          "voip_2016": {}, "changed_articles": {"id": ""}}


def build(path: Path, n: int) -> None:
    """n articles: 5,000 distinct ones, repeated under new ids (the text is not what is measured)."""
    base = bundles(min(n, 5000))
    archive = open_archive(path)
    started = time.perf_counter()
    for start in range(0, n, 2000):
        batch, fetches = [], []
        for i in range(start, min(n, start + 2000)):
            b = copy.copy(base[i % len(base)])
            aid = 1000 + i
            url = f"https://www.bladi.net/article-de-test-{aid},{aid}.html"
            b.article = {**b.article, "id": aid, "url": url, "slug": f"article-de-test-{aid}",
                         "warc_record_id": f"<urn:uuid:bench-{aid}>", "origin": "https://www.bladi.net"}
            b.search = {**b.search, "id": aid}
            b.links = [{**link, "from_id": aid,
                        "to_id": 1000 + (i * 7 + k * 13) % n,
                        "to_url": f"https://www.bladi.net/article-de-test-{1000 + (i * 7 + k * 13) % n},"
                                  f"{1000 + (i * 7 + k * 13) % n}.html"}
                       for k, link in enumerate(b.links)]
            batch.append(b)
            fetches.append({"url": url, "status": 200, "outcome": "article", "article_id": aid, "run_id": None,
                            "fetched_at": b.article["fetched_at"], "warc_file": "bench.warc.gz",
                            "warc_offset": i * 9000, "warc_length": 9000, "warc_record_id": f"<urn:uuid:bench-{aid}>"})
        archive.write_batch(batch, fetches)
    archive.close()
    stored = time.perf_counter() - started
    subprocess.run([sys.executable, "-m", "bladiscrape", "analyse", "--db", str(path)], check=True,
                   capture_output=True)
    print(f"built {path} ({n:,} articles): stored in {stored:.0f} s, analysed in "
          f"{time.perf_counter() - started - stored:.0f} s, {path.stat().st_size / 1e6:,.0f} MB")


def size_line(path: Path) -> str:
    """Goal 5 on the whole archive: the file, every table, index, search index, research and count table
    included, per article, minus the article's own text (title, lead, body and its tags line, as in
    bench/store.py)."""
    archive = open_archive(path)
    try:
        n, text = archive.db.execute(
            "select count(*), sum(length(cast(a.title as blob)) + length(cast(coalesce(a.lead, '') as blob))"
            " + length(cast(a.body as blob)) + length(cast(coalesce(s.tags, '') as blob)))"
            " from articles a left join article_stems s on s.id = a.id").fetchone()
        free = archive.db.execute("pragma freelist_count").fetchone()[0] * archive.db.execute(
            "pragma page_size").fetchone()[0]
    finally:
        archive.close()
    size = path.stat().st_size
    return (f"whole archive: {(size - text) / n:,.0f} bytes per article beyond its text, every table counted "
            f"(goal <= 10,000); {size / 1e6:,.0f} MB for {n:,} articles, text {text / n:,.0f} bytes an article"
            + (f", {free / n:,.0f} bytes an article of it free pages" if free else ""))


def pages(name: str) -> list[tuple[str, str, str | None]]:
    """(label, bladiscrape path, plain Datasette path or None)."""
    queries = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["archive"].get("queries", {})
    db = f"/{name}"
    out = [
        ("articles table, default page", f"{db}/articles", f"{db}/articles"),
        ("articles ?_search=blocage (facets)", f"{db}/articles?_search=blocage", f"{db}/articles?_search=blocage"),
        # the tags facet's link (Datasette's own ?_through= filter), beside the array filter plain Datasette offers
        ("articles, a tag selected", f"{db}/articles?" + urllib.parse.urlencode(
            {"_through": '{"table": "article_tags", "column": "tag_id", "value": "1"}'}),
         f"{db}/articles?tags__arraycontains=Sujet+de+test+0"),
        ("article page", f"{db}/articles/1500", f"{db}/articles/1500"),
        ("CSV export of a search", f"{db}/articles.csv?_search=blocage&_size=100",
         f"{db}/articles.csv?_search=blocage&_size=100"),
        ("JSON export of a search", f"{db}/articles.json?_search=blocage&_size=100",
         f"{db}/articles.json?_search=blocage&_size=100"),
    ]
    out += [  # the reading pages (plugin routes): no plain-Datasette counterpart
        ("search page, the form", "/-/search", None),
        ("search page ?q=blocage", "/-/search?q=blocage", None),
        ("search page ?q=blocage, 2016, in topic", "/-/search?q=blocage&since=2016&until=2016&in_topic=1", None),
        ("search page, a tag, newest", "/-/search?tag=ANRT&sort=newest", None),
        ("search page, coding sheet CSV", "/-/search?q=ANRT&format=csv", None),
        ("timeline", "/-/timeline", None),
        ("link map", "/-/links", None),
    ]
    for query, spec in queries.items():
        params = {p: "" for p in spec.get("params", [])} | PARAMS.get(query, {})
        plain = {"sql": spec["sql"], **params}
        out.append((f"query {query}", f"{db}/{query}?{urllib.parse.urlencode(params)}",
                    f"{db}?{urllib.parse.urlencode(plain)}"))
    return out


START = r"""
import os, sys, time
from bladiscrape.crawl.frontier import Frontier
from bladiscrape.store import load_known, load_listing_coverage
def rss():  # resident now, in KB (not the high-water mark, which the imports set)
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
before = rss()
started = time.perf_counter()
known = load_known(sys.argv[1], "https://www.bladi.net")
Frontier(site="https://www.bladi.net", depth=2, known=known, coverage={})
load_listing_coverage(sys.argv[1])
seconds = time.perf_counter() - started
print(seconds, (rss() - before) / 1024, len(known))
known.close()
"""


def crawl_start(archive: Path, empty: Path) -> list[tuple[str, float, float, int]]:
    """What a crawl's start costs on this archive and on an empty one: its known articles, read-only."""
    if not empty.exists():
        open_archive(empty).close()
    out = []
    for label, path in (("empty archive", empty), (f"{archive.name}", archive)):
        seconds, mb, n = subprocess.run([sys.executable, "-c", START, str(path)], check=True, capture_output=True,
                                        text=True).stdout.split()
        out.append((label, float(seconds), float(mb), int(n)))
    return out


def serve(command: list[str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=5).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"{command[0]} did not start on port {port}")


def timed(url: str, n: int) -> tuple[float, int]:
    """p95 in ms over n requests (after one warm-up) and the worst HTTP status seen."""
    times, worst = [], 200
    for i in range(n + 1):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as e:
            e.read()
            status = e.code
        if i:
            times.append((time.perf_counter() - started) * 1000)
            worst = max(worst, status)
    times.sort()
    return times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], worst


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "bladiscrape-bench"))
    parser.add_argument("--only", help="time only the pages whose label contains this")
    args = parser.parse_args(argv)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    db = cache / f"archive-{args.articles}-layout{LAYOUT}.db"
    if not db.exists():
        partial = db.with_suffix(f".partial-{os.getpid()}.db")  # two runs building at once do not share a file
        build(partial, args.articles)
        partial.rename(db)
    # A cache analysed before the precomputed counts existed (or before their last change) gets them
    # as the end of a crawl or analyse writes them: the pages are measured as a crawled archive serves them.
    seconds = refresh_if_stale(db)
    if seconds is not None:
        print(f"{db.name}: precomputed counts written in {seconds:.1f} s")
    name = db.stem
    ours_port, plain_port = free_port(), free_port()
    datasette = str(Path(sys.executable).with_name("datasette"))
    servers = [serve([sys.executable, "-m", "bladiscrape", "serve", "--db", str(db), "--port", str(ours_port)],
                     ours_port),
               serve([datasette, "serve", "--immutable", str(db), "--port", str(plain_port)], plain_port)]
    rows = []
    try:
        for label, ours, plain in pages(name):
            if args.only and args.only not in label:
                continue
            mine = timed(f"http://127.0.0.1:{ours_port}{ours}", args.requests)
            base = timed(f"http://127.0.0.1:{plain_port}{plain}", args.requests) if plain else None
            rows.append((label, mine, base))
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    print(f"Datasette, {args.articles:,} articles, p95 of {args.requests} sequential warm requests (ms)")
    print(f"{'page':42}{'bladiscrape':>12}{'plain':>10}{'ratio':>7}{'goal':>7}")
    for label, (p95, status), base in rows:
        goal = 100 if label.startswith("search page") and "CSV" not in label else 250
        flag = "" if status < 400 else f"  HTTP {status}"
        plain = f"{base[0]:>10,.0f}" + ("" if base[1] < 400 else f" (HTTP {base[1]})") if base else f"{'-':>10}"
        ratio = f"{p95 / base[0]:>7.2f}" if base else f"{'':>7}"
        mark = "ok" if p95 <= goal and status < 400 else "OVER"
        print(f"{label:42}{p95:>12,.0f}{plain}{ratio}{goal:>5} {mark}{flag}")
    print(size_line(db))
    starts = crawl_start(db, cache / "empty.db")
    print("crawl start (known articles, frontier, listing coverage), fresh process:")
    for label, seconds, mb, n in starts:
        print(f"  {label:28}{n:>9,} known{seconds:>8.2f} s{mb:>8.1f} MB above the imports")
    print(f"  difference: +{starts[1][1] - starts[0][1]:.2f} s, +{starts[1][2] - starts[0][2]:.1f} MB "
          f"(goal <= +0.3 s, <= +50 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
