"""The crawl with politeness off: the project beside bare Scrapy, same site, same concurrency.

    python bench/crawl.py [--pages 2000] [--concurrency 1] [--runs 3]

Writes a synthetic site of ``--pages`` article pages (the replica's seed page
with its related-article links pointing at other pages of the site, five per
page) and serves it from memory by a static server in its own process on
127.0.0.1. Then, each crawl in a fresh process, over the same pages:

- **bladiscrape**: ``bladiscrape crawl --delay 0`` with WARC capture;
- **replay**: ``bladiscrape crawl --replay`` from that crawl's WARC files;
- **scrapy+parsel+sqlite**, the baseline: bare Scrapy following the same
  links, extracting title, date, body and links with parsel and inserting
  them into SQLite in batches of 25 (the crawl's batch size);
- **scrapy+parsel+sqlite, replay**: the same, answered from the same WARC files;
- **scrapy no-op**: bare Scrapy following the links and nothing else.

Rates are pages over Scrapy's own ``elapsed_time_seconds`` (process start-up
is not counted). The goal is 0.7x the baseline for both the crawl and the replay.
The five crawls are run ``--runs`` times (3), in turn, and each is given its
best rate: on a shared machine one run of a crawl of ten seconds can be a
third slower than the next, the baselines' as much as the project's. Each
run's own ratios are printed too.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "bladiscrape/replica/site/blocage-whatsapp-viber-maroc,44096.html"
FIRST_ID = 200_000
FANOUT = 5
_ARTICLE_HREF = re.compile(r'href="(?:https?://(?:www\.)?bladi\.net)?/?[a-z0-9-]+,\d+\.html(?:#\w+)?"')
_TAG_HREF = re.compile(r'href="/mot/[^"]+"')


def page_name(i: int) -> str:
    return f"/article-de-mesure-{i},{FIRST_ID + i}.html"


def site(pages: int) -> dict[str, bytes]:
    """Page path -> bytes: page i links to pages FANOUT*i+1 ... FANOUT*i+FANOUT (a tree: each reached once)."""
    seed = SEED.read_text(encoding="utf-8")
    out = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    for i in range(pages):
        children = [FANOUT * i + k for k in range(1, FANOUT + 1) if FANOUT * i + k < pages]
        targets = iter(children + [i] * 20)  # links beyond the children point back at the page itself
        html = seed.replace("blocage-whatsapp-viber-maroc,44096", page_name(i)[1:-5])
        head, body = html.split("</head>", 1)  # the canonical link keeps the page's own URL
        body = _ARTICLE_HREF.sub(lambda _m, t=targets: f'href="{page_name(next(t))}"', body)
        body = _TAG_HREF.sub('href="#"', body)  # tag pages would be requests the baseline does not make
        out[page_name(i)] = (head + "</head>" + body).encode("utf-8")
    return out


def serve(pages: int, port_file: Path) -> None:
    content = site(pages)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # headers and body in one write: no delayed-ACK stall per response
        disable_nagle_algorithm = True

        def do_GET(self):
            body = content.get(self.path.split("?")[0])
            self.send_response(200 if body else 404)
            body = body or b"not found"
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_file.write_text(str(server.server_address[1]))
    server.serve_forever()


# -- the baselines: bare Scrapy ---------------------------------------------------
def baseline(url: str, db: Path, mode: str, concurrency: int, replay: str | None) -> None:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    conn = sqlite3.connect(db)
    conn.execute("create table articles (id integer primary key, url text, title text, published text, body text)")
    conn.execute("create table links (from_id integer, to_url text, position integer)")
    rows: list[tuple] = []
    links: list[tuple] = []

    def flush():
        with conn:
            conn.executemany("insert or replace into articles values (?, ?, ?, ?, ?)", rows)
            conn.executemany("insert into links values (?, ?, ?)", links)
        rows.clear()
        links.clear()

    class Bare(scrapy.Spider):
        name = "bare"
        start_urls = [url]

        def parse(self, response):
            hrefs = [href for href in response.css(".article-body a::attr(href), .card-title a::attr(href)").getall()
                     if _ARTICLE_HREF.match(f'href="{href}"')]
            if mode == "parsel":
                aid = int(re.search(r",(\d+)\.html", response.url).group(1))
                rows.append((aid, response.url, response.css("h1::text").get(),
                             response.css(".article-meta time::attr(datetime)").get(),
                             "\n\n".join(p.xpath("string()").get() for p in response.css(".article-body p"))))
                links.extend((aid, href, position) for position, href in enumerate(hrefs, 1))
                if len(rows) >= 25:
                    flush()
            for href in hrefs:
                yield response.follow(href)

        def closed(self, reason):
            flush()

    settings = {"CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
                "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "WARNING",
                "TELNETCONSOLE_ENABLED": False}
    if replay:
        settings["DOWNLOADER_MIDDLEWARES"] = {f"{__name__}.WarcAnswers": 950}
        settings["BENCH_WARCS"] = replay
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Bare)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"pages": stats.get("response_received_count", 0),
                      "seconds": stats.get("elapsed_time_seconds")}))


class WarcAnswers:
    """The replay baseline: answers every request from an offset index of the WARC files (warcio)."""

    def __init__(self, paths: str):
        from warcio.archiveiterator import ArchiveIterator

        self.index: dict[str, tuple[Path, int]] = {}
        for path in sorted(Path(paths).glob("*.warc.gz")):
            with open(path, "rb") as f:
                it = ArchiveIterator(f)
                for record in it:
                    if record.rec_type == "response":
                        self.index[record.rec_headers.get_header("WARC-Target-URI")] = (path, it.get_record_offset())

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("BENCH_WARCS"))

    def process_request(self, request, spider=None):
        from scrapy.http import HtmlResponse
        from warcio.archiveiterator import ArchiveIterator

        found = self.index.get(request.url)
        if found is None:
            return HtmlResponse(request.url, status=404, body=b"", request=request)
        with open(found[0], "rb") as f:
            f.seek(found[1])
            record = next(iter(ArchiveIterator(f)))
            body = record.content_stream().read()
            status = int(record.http_headers.get_statuscode())
        return HtmlResponse(request.url, status=status, body=body, request=request, encoding="utf-8")


# -- the runs ---------------------------------------------------------------------------
def project(db: Path, site_url: str, start: str, concurrency: int, warcs: Path, replay: bool) -> dict:
    args = [sys.executable, "-m", "bladiscrape", "crawl", "--db", str(db), "--site", site_url, "--delay", "0",
            "--depth", "20"]
    args += ["--replay", str(warcs)] if replay else ["--warc-dir", str(warcs)]
    if concurrency > 1:
        args += ["--concurrency", str(concurrency)]
    subprocess.run([*args, start], check=True, capture_output=True, text=True)
    conn = sqlite3.connect(db)
    try:
        stats = json.loads(conn.execute("select stats from crawl_runs order by id desc").fetchone()[0])
        articles = conn.execute("select count(*) from articles").fetchone()[0]
    finally:
        conn.close()
    return {"pages": stats.get("response_received_count", 0), "seconds": stats["elapsed_time_seconds"],
            "articles": articles}


def bare(db: Path, start: str, mode: str, concurrency: int, replay: Path | None = None) -> dict:
    args = [sys.executable, __file__, "--baseline", mode, "--db", str(db), "--concurrency", str(concurrency), start]
    if replay:
        args += ["--warcs", str(replay)]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", choices=("noop", "parsel"), help=argparse.SUPPRESS)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--warcs", help=argparse.SUPPRESS)
    parser.add_argument("url", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.pages, Path(args.serve))
        return 0
    if args.baseline:
        baseline(args.url, Path(args.db), args.baseline, args.concurrency, args.warcs)
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        port_file = tmp / "port"
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(port_file), "--pages", str(args.pages)])
        try:
            while not port_file.exists() or not port_file.read_text():
                time.sleep(0.05)
            site_url = f"http://127.0.0.1:{port_file.read_text()}"
            start = site_url + page_name(0)
            each = [crawls(tmp / f"run-{i}", site_url, start, args.concurrency) for i in range(args.runs)]
        finally:
            server.terminate()
            server.wait()
    report(each, args.pages, args.concurrency)
    return 0


def crawls(tmp: Path, site_url: str, start: str, c: int) -> dict[str, dict]:
    """One run of the five crawls; the replays read the WARC files this run's crawl wrote."""
    tmp.mkdir()
    return {
        "scrapy no-op": bare(tmp / "noop.db", start, "noop", c),
        "scrapy+parsel+sqlite": bare(tmp / "parsel.db", start, "parsel", c),
        "bladiscrape, WARC on": project(tmp / "crawl.db", site_url, start, c, tmp / "warcs", False),
        "bladiscrape --replay": project(tmp / "replay.db", site_url, start, c, tmp / "warcs", True),
        "scrapy+parsel+sqlite, replay": bare(tmp / "parsel-replay.db", start, "parsel", c, tmp / "warcs"),
    }


#: (crawl, its baseline, goal) in the order printed.
ROWS = (("scrapy no-op", None, ""), ("scrapy+parsel+sqlite", None, ""),
        ("bladiscrape, WARC on", "scrapy+parsel+sqlite", ">= 0.7"),
        ("scrapy+parsel+sqlite, replay", None, ""),
        ("bladiscrape --replay", "scrapy+parsel+sqlite, replay", ">= 0.7"))


def report(each: list[dict[str, dict]], pages: int, c: int) -> None:
    rates = [{name: run["pages"] / run["seconds"] for name, run in runs.items()} for runs in each]
    best = {name: max(r[name] for r in rates) for name in rates[0]}
    # The machine is shared: the load beside the figures says how far to trust them.
    print(f"crawl, {pages:,} pages, concurrency {c}, --delay 0, best of {len(each)} runs, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'':32}{'pages':>7}{'pages/s':>9}{'baseline':>10}{'ratio':>7}{'goal':>7}")
    for name, base, goal in ROWS:
        ratio = f"{best[name] / best[base]:.2f}" if base else ""
        baseline = f"{best[base]:>10,.0f}" if base else f"{'':>10}"
        print(f"{name:32}{each[0][name]['pages']:>7,}{best[name]:>9,.0f}{baseline}{ratio:>7}{goal:>7}")
        if base:
            print(f"    each run: {' '.join(f'{r[name] / r[base]:.2f}' for r in rates)}")
    print(f"articles stored: crawl {min(runs['bladiscrape, WARC on']['articles'] for runs in each):,}, "
          f"replay {min(runs['bladiscrape --replay']['articles'] for runs in each):,} (the fewest of any run)")


if __name__ == "__main__":
    sys.exit(main())
