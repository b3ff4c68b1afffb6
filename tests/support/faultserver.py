"""A fault-injection HTTP server on 127.0.0.1: the synthetic site, with routes that misbehave on purpose.

Every path answers as the synthetic site does (``replica.scale.server.respond``,
memoised: a page is rendered once per server, so a test that crawls the same
pages many times pays for them once), except the paths given a ``Fault``,
which answer with that fault instead:

    server = FaultServer(site, {"/a,1.html": Fault("status", statuses=(503, 200), retry_after="1")})

Faults by kind (``Fault.kind``):

- ``status``: the statuses in turn, one per request (the last one repeats), with ``retry_after``;
- ``hang``: no answer for ``seconds``; ``drip``: the body a few bytes at a time, ``seconds`` apart;
- ``reset``: the connection closed with no answer; ``truncate``: half the body, then closed;
- ``empty``: a 200 with no body; ``type``: the page served as ``content_type``;
- ``gzip_bomb``: ``size`` bytes of zeros, gzip-compressed, as the page;
- ``body``: ``body`` bytes as the page (charsets, hostile markup, XML entity attacks), as ``content_type``;
- ``redirect``: a 301 to ``location``.

With ``random_rate`` (and ``seed``), any other request answers, at that rate,
one of the transient faults of ``RANDOM_FAULTS`` (which a crawler retries),
counted by kind in ``injected`` (``bench/soak.py``).

``hits`` counts requests by path-with-query, as the other replicas do.
"""

from __future__ import annotations

import gzip
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from bladiscrape.replica.scale.server import Response, respond
from bladiscrape.replica.scale.site import SyntheticSite

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Fault:
    kind: str
    statuses: tuple[int, ...] = ()
    retry_after: str | None = None
    seconds: float = 0.0
    content_type: str = HTML
    body: bytes = b""
    size: int = 0
    location: str = ""


#: Faults a polite crawler retries, drawn at random by ``random_rate`` (a hang outlasts ``--timeout 1``).
RANDOM_FAULTS = {
    "500": Fault("status", statuses=(500,)), "503": Fault("status", statuses=(503,)),
    "429": Fault("status", statuses=(429,), retry_after="0"), "reset": Fault("reset"),
    "truncated": Fault("truncate"), "hang": Fault("hang", seconds=1.5),
}


class FaultServer:
    def __init__(self, site: SyntheticSite, faults: dict[str, Fault] | None = None, *,
                 random_rate: float = 0.0, seed: int = 2016):
        self.site = site
        self.faults = dict(faults or {})
        self.random_rate = random_rate
        self._random = random.Random(seed)
        self.injected: Counter = Counter()  # random faults served, by kind
        self.hits: Counter = Counter()
        self._lock = threading.Lock()
        self._render = lru_cache(maxsize=None)(lambda target, host: respond(site, target, host))
        self._httpd = _Quiet(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def count(self, target: str) -> int:
        """Count a request; how many times this target was asked, this one included."""
        with self._lock:
            self.hits[target] += 1
            return self.hits[target]

    def draw(self, target: str) -> Fault | None:
        """A random transient fault for this request, at ``random_rate`` (never for robots.txt)."""
        if not self.random_rate or target == "/robots.txt":
            return None
        with self._lock:
            if self._random.random() >= self.random_rate:
                return None
            kind = self._random.choice(sorted(RANDOM_FAULTS))
            self.injected[kind] += 1
        return RANDOM_FAULTS[kind]

    def page(self, target: str, host: str) -> Response:
        return self._render(target, host)

    def requests(self) -> int:
        with self._lock:
            return sum(self.hits.values())

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a crawler killed mid-request resets its connections: expected here


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "BladiFaults/1.0"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        owner: FaultServer = self.server.owner  # type: ignore[attr-defined]
        nth = owner.count(self.path)
        fault = owner.faults.get(self.path) or owner.faults.get(urlsplit(self.path).path) or owner.draw(self.path)
        host = self.headers.get("Host") or f"127.0.0.1:{owner.port}"
        if fault is None:
            status, body, ctype, headers = owner.page(self.path, host)
            self.send(status, body, ctype, headers)
            self.wfile.write(body)
        else:
            self.inject(fault, nth, owner.page(self.path, host))

    def send(self, status: int, body: bytes, ctype: str = HTML, headers: dict | None = None,
             length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def inject(self, fault: Fault, nth: int, page: Response) -> None:
        kind = fault.kind
        if kind == "status":
            status = fault.statuses[min(nth, len(fault.statuses)) - 1]
            if status == 200:
                self.send(200, page.body, page.content_type, page.headers)
                self.wfile.write(page.body)
                return
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self.send(status, b"fault", HTML, headers)
            self.wfile.write(b"fault")
        elif kind == "hang":
            time.sleep(fault.seconds)
            self.close_connection = True
        elif kind == "drip":
            self.send(200, page.body, page.content_type)
            for start in range(0, len(page.body), 64):
                self.wfile.write(page.body[start:start + 64])
                self.wfile.flush()
                time.sleep(fault.seconds)
        elif kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.close_connection = True
        elif kind == "truncate":
            self.send(200, page.body, page.content_type)
            self.wfile.write(page.body[: len(page.body) // 2])
            self.close_connection = True
        elif kind == "empty":
            self.send(200, b"", page.content_type)
        elif kind == "type":
            self.send(200, page.body, fault.content_type)
            self.wfile.write(page.body)
        elif kind == "gzip_bomb":
            bomb = gzip_bomb(fault.size)
            self.send(200, bomb, HTML, {"Content-Encoding": "gzip"})
            self.wfile.write(bomb)
        elif kind == "body":
            self.send(200, fault.body, fault.content_type)
            self.wfile.write(fault.body)
        elif kind == "redirect":
            self.send(301, b"", HTML, {"Location": fault.location})
        else:
            raise ValueError(f"unknown fault {kind!r}")


@lru_cache(maxsize=4)
def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of zeros, gzip-compressed: one member per MB, concatenated (valid gzip; 1 GB is 1 MB)."""
    member = gzip.compress(bytes(1 << 20), compresslevel=9)
    whole, rest = divmod(size, 1 << 20)
    return member * whole + (gzip.compress(bytes(rest)) if rest else b"")
