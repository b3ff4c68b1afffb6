"""Serve the synthetic site over real HTTP on 127.0.0.1, pages generated on request.

    python -m bladiscrape.replica.scale.server --port 8000 [--seed 2016] [--no-faults]

Nothing is stored: each request is routed by ``respond()`` (a pure function
of the site and the request target, also usable without a socket) and its
page generated in well under 10 ms. Why a server and not files: 100,000
articles and their listings would be gigabytes of fixtures, and a crawler
benchmark needs real HTTP (keep-alive, redirects, status codes, timing).

URL forms (relative to the origin):

    /                                          home: menu, newest articles, RSS link
    /<slug>,<id>.html                          article (301 to the right slug; 404 if missing)
    /<rubrique>.html[?debut_suite_rubrique=N]  rubrique listing, 12 a page
    /mot/<tag>.html[?debut_articles=N]         tag page, 20 a page
    /spip.php?page=mot&id_mot=N[&debut_articles=N]   the same tag page
    /spip.php?page=recherche&recherche=W[&debut_resultats=N]   search, 10 a page
    /spip.php?page=backend                     RSS 2.0, 20 newest
    /spip.php?articleN, /spip.php?page=article&id_article=N   301 to the slug URL
    /robots.txt

With ``faults=True`` (the default) the server also misbehaves a little, as
live sites do (``site.faults`` lists where): one article answers 500 at its
first request, one 429 with ``Retry-After: 1``, one redirects off-site to
``http://example.invalid/`` (a crawler must not follow it), one listing page
takes a second. HTML answers carry an ETag and honour ``If-None-Match``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import threading
import time
from collections import Counter
from typing import NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from ..local import LocalServer, ReplicaHandler
from . import listings, pages
from .site import SyntheticSite, known

HTML = "text/html; charset=utf-8"
_ARTICLE = re.compile(r"/([a-z0-9-]+),(\d+)\.html")
_RUBRIQUE = re.compile(r"/([a-z0-9-]+)\.html")
_TAG = re.compile(r"/mot/([a-z0-9-]+)\.html")
_SPIP_ARTICLE = re.compile(r"article(\d+)")
SLOW_SECONDS, RETRY_AFTER = 1.0, 1
OFFSITE = "http://example.invalid"


class Response(NamedTuple):
    status: int
    body: bytes
    content_type: str
    headers: dict


def _offset(params: dict, name: str) -> int:
    value = params.get(name, ["0"])[0]
    return int(value) if value.isdigit() else 0


def _html(site: SyntheticSite, status: int, text: str | None = None) -> Response:
    body = text if text is not None else pages.error_page(site, status)
    return Response(status, body.encode("utf-8"), HTML, {})


def _redirect(host: str, path: str) -> Response:
    return Response(301, b"", HTML, {"Location": f"http://{host}{path}"})


def respond(site: SyntheticSite, target: str, host: str = "127.0.0.1") -> Response:
    """The answer to ``GET target`` (path with query), without faults. ``host``: for absolute URLs."""
    parts = urlsplit(target.split("#", 1)[0])
    path, query = unquote(parts.path) or "/", parts.query
    params = parse_qs(query, keep_blank_values=True)
    if path == "/":
        return _html(site, 200, listings.home_page(site))
    if path == "/robots.txt":
        return Response(200, listings.ROBOTS.encode(), "text/plain; charset=utf-8", {})
    if path == "/spip.php":
        return _spip(site, query, params, host)
    match = _ARTICLE.fullmatch(path)
    if match:
        article_id = int(match.group(2))
        card = site.card(article_id)
        if card is None:
            return _html(site, 404)
        if card.slug != match.group(1):
            return _redirect(host, card.path)
        return _html(site, 200, pages.article_page(site, known(site.article(article_id), article_id)))
    match = _TAG.fullmatch(path)
    if match and site.tag(match.group(1)):
        return _html(site, 200, listings.tag_page(site, match.group(1), _offset(params, "debut_articles")))
    match = _RUBRIQUE.fullmatch(path)
    if match and site.rubrique(match.group(1)):
        return _html(site, 200, listings.rubrique_page(site, match.group(1), _offset(params, "debut_suite_rubrique")))
    return _html(site, 404)


def _spip(site: SyntheticSite, query: str, params: dict, host: str) -> Response:
    """SPIP's single script: ``spip.php?articleN`` and ``spip.php?page=...``."""
    match = _SPIP_ARTICLE.fullmatch(query.split("&", 1)[0])
    page = params.get("page", [""])[0]
    if match or page == "article":
        raw = match.group(1) if match else params.get("id_article", [""])[0]
        card = site.card(int(raw)) if raw.isdigit() else None
        return _redirect(host, card.path) if card else _html(site, 404)
    if page == "backend":
        body = listings.feed(site, f"http://{host}")
        return Response(200, body.encode("utf-8"), "application/rss+xml; charset=utf-8", {})
    if page == "recherche":
        words = params.get("recherche", [""])[0]
        return _html(site, 200, listings.search_page(site, words, _offset(params, "debut_resultats")))
    if page == "mot":
        raw = params.get("id_mot", [""])[0]
        tag = site.tag_by_id(int(raw)) if raw.isdigit() else None
        if tag:
            start = _offset(params, "debut_articles")
            return _html(site, 200, listings.tag_page(site, tag.slug, start, generic_form=True))
    return _html(site, 404)


class _Handler(ReplicaHandler):
    server_version = "BladiScaleReplica/1.0"

    def _answer(self, with_body: bool) -> None:
        owner: ScaleServer = self.server.owner  # type: ignore[attr-defined]
        owner._count(self.path)
        host = self.headers.get("Host") or f"127.0.0.1:{owner.port}"
        try:
            response = owner._fault(self.path, host) or respond(owner.site, self.path, host)
        except Exception as error:  # a bug must still give an answer, not a dropped connection
            self.log_error("error answering %r: %r", self.path, error)
            response = _html(owner.site, 500)
        status, body, ctype, headers = response
        if status == 200:
            etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
            headers = {**headers, "ETag": etag}
            asked = self.headers.get("If-None-Match", "")
            if any(tag.strip().removeprefix("W/") in (etag, "*") for tag in asked.split(",") if tag.strip()):
                status, with_body = 304, False  # RFC 9110: Content-Length stays that of the 200
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)


class ScaleServer(LocalServer):
    """The synthetic site on 127.0.0.1; ``hits`` counts requests by path-with-query, as sent."""

    thread_name = "bladi-scale-replica"

    def __init__(self, port: int = 0, seed: int = 2016, faults: bool = True, host: str = "127.0.0.1",
                 site: SyntheticSite | None = None, verbose: bool = False):
        started = time.perf_counter()
        self.site = site if site is not None and site.seed == seed else SyntheticSite(seed)
        self.faults = self.site.faults if faults else ()
        self.hits: Counter = Counter()
        self.requests = 0
        self._lock = threading.Lock()
        self._spent: set[str] = set()  # once-only faults already served
        super().__init__(_Handler, host, port, verbose)
        #: Seconds from the constructor's start to a server ready to accept (index included).
        self.startup_seconds = time.perf_counter() - started

    def _count(self, target: str) -> None:
        with self._lock:
            self.hits[target] += 1
            self.requests += 1

    def _fault(self, target: str, host: str) -> Response | None:
        if not self.faults:
            return None
        path = urlsplit(target).path
        for fault in self.faults:
            if fault.kind == "slow":
                if _same_listing(target, fault.path):
                    time.sleep(SLOW_SECONDS)
                continue
            if path != fault.path:
                continue
            if fault.kind == "offsite-redirect":
                return Response(301, b"", HTML, {"Location": OFFSITE + fault.path})
            with self._lock:
                first = fault.path not in self._spent
                self._spent.add(fault.path)
            if first and fault.kind == "500-once":
                return _html(self.site, 500)
            if first and fault.kind == "429-once":
                return Response(429, pages.error_page(self.site, 429).encode("utf-8"), HTML,
                                {"Retry-After": str(RETRY_AFTER)})
        return None



def _same_listing(target: str, fault_target: str) -> bool:
    """Same path and same offset (``?debut_suite_rubrique=0`` is the bare page)."""
    a, b = urlsplit(target.split("#", 1)[0]), urlsplit(fault_target)
    if a.path != b.path:
        return False
    qa, qb = parse_qs(a.query), parse_qs(b.query)
    return _offset(qa, "debut_suite_rubrique") == _offset(qb, "debut_suite_rubrique")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bladiscrape.replica.scale.server",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--no-faults", action="store_true", help="no 500/429/off-site redirect/slow page")
    args = parser.parse_args(argv)
    server = ScaleServer(args.port, seed=args.seed, faults=not args.no_faults, host=args.host, verbose=True)
    print(f"Synthetic Bladi.net-sized site (test texts, seed {args.seed}, {server.site.article_count} articles, "
          f"ready in {server.startup_seconds:.1f} s) at {server.url}/", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
