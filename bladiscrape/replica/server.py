"""Serve the replica of Bladi.net (``site/``) over real HTTP on 127.0.0.1, stdlib only.

    python -m bladiscrape.replica.server --port 8000

URL -> file: ``/economie.html`` is ``site/economie.html``, ``/`` is
``site/index.html``. URLs with a query string are looked up in ``ROUTES``
(files under ``site/_routes/``); ``utm_*``-style tracking parameters are
ignored first, as the live site ignores them. Folders starting with ``_``
are never served directly.

Behaviours the crawler is tested against (see README.md): robots.txt,
the RSS feed, ``spip.php?articleN`` -> 301 to the slug URL, real 404s, one
article answering 500 once per server instance, and per-page charsets.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import threading
import time
from collections import Counter
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .local import LocalServer, ReplicaHandler

SITE = Path(__file__).resolve().parent / "site"

# Pages that SPIP serves from one script with a query string; one file each.
ROUTES = {
    "/spip.php?page=backend": "_routes/backend.xml",
    "/economie.html?debut_suite_rubrique=12": "_routes/economie,debut_suite_rubrique=12.html",
}

# A transient server error: the first request for this path on a server
# instance answers 500, later ones 200 (exercises the crawler's retries).
FAIL_ONCE = frozenset({"/inwi-sponsor-maroc-web-awards,44598.html"})

# Charset announced in the Content-Type header (default utf-8). None: a header
# without charset, so only the page's <meta http-equiv> tells (windows-1252).
CHARSETS = {
    "/appels-voip-maroc,46592.html": "iso-8859-1",
    "/maroc-voip-perte-320-millions-dollars,46418.html": None,
}

TYPES = {".html": "text/html", ".xml": "application/rss+xml", ".txt": "text/plain"}
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|xtor$)", re.I)
_ID_FILE = re.compile(r",(\d+)\.html$")


def _article_files() -> dict[int, str]:
    """Article id -> URL path, for SPIP's ``spip.php?articleN`` redirects."""
    ids = {}
    for path in SITE.rglob("*.html"):
        rel = path.relative_to(SITE).as_posix()
        match = _ID_FILE.search(rel)
        if match and not rel.startswith("_"):
            ids[int(match.group(1))] = "/" + rel
    return ids


ARTICLE_IDS = _article_files()


class _Handler(ReplicaHandler):
    server_version = "BladiReplica/1.0"

    def _answer(self, with_body: bool):
        replica: ReplicaServer = self.server.owner  # type: ignore[attr-defined]
        first_time = replica._count(self.path)
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        # Raw pieces, not parse_qsl: "article44096" has no "=" and must stay as written.
        query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0]))
        replica.user_agents[self.headers.get("User-Agent", "")] += 1
        if path in replica.slow:
            time.sleep(replica.slow[path])  # a server that hangs: the crawler's timeout must fire
        throttled = replica.take_throttle(path)
        if throttled:
            return self._send(429, b"Too Many Requests", "text/plain; charset=utf-8", with_body,
                              {"Retry-After": str(throttled[1])})
        if path in FAIL_ONCE and first_time:
            return self._send(500, _read("_errors/500.html"), "text/html; charset=utf-8", with_body)
        if path == "/spip.php" and re.fullmatch(r"article\d+", query):
            target = ARTICLE_IDS.get(int(query[len("article"):]))
            if target:
                # Absolute Location on the replica's own origin, as SPIP answers with its own host.
                host = self.headers.get("Host") or f"127.0.0.1:{replica.port}"
                return self._send(301, b"", "text/html; charset=utf-8", with_body,
                                  {"Location": f"http://{host}{target}"})
        if path in replica.gone:
            return self._send(410, _read("_errors/404.html"), "text/html; charset=utf-8", with_body)
        rel = ROUTES.get(f"{path}?{query}") if query else _static(path)
        if rel is None or not (SITE / rel).is_file():
            return self._send(404, _read("_errors/404.html"), "text/html; charset=utf-8", with_body)
        ctype = TYPES.get(Path(rel).suffix, "application/octet-stream")
        if ctype == "text/html":
            charset = CHARSETS.get(path, "utf-8")
            ctype += f"; charset={charset}" if charset else ""
        elif ctype == "application/rss+xml":
            ctype += "; charset=utf-8"
        body, modified = replica.changed.get(path) or (_read(rel), (SITE / rel).stat().st_mtime)
        # Validators, so conditional re-crawls (If-None-Match) get a 304 like on a real server.
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        validators = {"ETag": etag, "Last-Modified": formatdate(modified, usegmt=True)}
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", ctype, False, validators)
        self._send(200, body, ctype, with_body, validators)

    def _send(self, status, body: bytes, ctype: str, with_body: bool, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)


def _static(path: str) -> str | None:
    """The file for a query-less path, refusing anything outside site/ or under _ folders."""
    if path == "/":
        return "index.html"
    parts = path.lstrip("/").split("/")
    if "\x00" in path or any(p in ("", ".", "..") or p.startswith(("_", ".")) for p in parts):
        return None
    return "/".join(parts)


def _read(rel: str) -> bytes:
    return (SITE / rel).read_bytes()


class ReplicaServer(LocalServer):
    """A replica on 127.0.0.1; ``hits`` counts requests by path-with-query (as sent)."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1", verbose: bool = False):
        self.hits: Counter = Counter()
        #: Test hooks: pages edited (path -> (body, mtime)) or gone (410) since the server started.
        self.changed: dict[str, tuple[bytes, float]] = {}
        self.gone: set[str] = set()
        #: path -> (how many more 429 answers, Retry-After seconds); and who asked.
        self.throttled: dict[str, tuple[int, int]] = {}
        self.user_agents: Counter = Counter()
        self.slow: dict[str, float] = {}  # path -> seconds to wait before answering
        self._lock = threading.Lock()
        super().__init__(_Handler, host, port, verbose)

    def _count(self, path_with_query: str) -> bool:
        """Count a request; True when it is the first for its path (query ignored) on this instance."""
        path = urlsplit(path_with_query).path
        with self._lock:
            first = not any(urlsplit(k).path == path for k in self.hits)
            self.hits[path_with_query] += 1
        return first

    def take_throttle(self, path: str) -> tuple[int, int] | None:
        """One 429 answer owed to ``path``, if any, counted down under the lock (the server is threaded)."""
        with self._lock:
            owed = self.throttled.get(path)
            if not owed or owed[0] <= 0:
                return None
            self.throttled[path] = (owed[0] - 1, owed[1])
            return owed

    def change_page(self, path: str, body: bytes) -> None:
        """Serve ``body`` at ``path`` from now on (an article edited by the publisher)."""
        self.changed[path] = (body, time.time())



def start(port: int = 0) -> ReplicaServer:
    """Serve the replica in a daemon thread; ``port=0`` picks a free port."""
    return ReplicaServer(port).start()


def serve_forever(port: int = 8000) -> None:
    """Serve in the foreground until Ctrl-C (``bladiscrape replica``)."""
    server = ReplicaServer(port, verbose=True)
    print(f"Replica of Bladi.net (test texts, see bladiscrape/replica/README.md) at {server.url}/", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bladiscrape.replica.server", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    serve_forever(parser.parse_args(argv).port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
