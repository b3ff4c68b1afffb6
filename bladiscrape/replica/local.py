"""What both replicas share: an HTTP/1.1 server on 127.0.0.1 in a daemon thread, and its handler's skeleton.

The hand-made replica (``server.py``) and the full-scale synthetic one
(``scale/server.py``) differ only in what they answer; starting, stopping,
HEAD and quiet logging are the same, so they live here once.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LocalServer:
    """A threaded HTTP server owned by ``self``: its handlers reach the owner as ``self.server.owner``."""

    thread_name = "bladi-replica"

    def __init__(self, handler: type[BaseHTTPRequestHandler], host: str, port: int, verbose: bool):
        self.verbose = verbose
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, name=self.thread_name, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class ReplicaHandler(BaseHTTPRequestHandler):
    """GET and HEAD answered by ``_answer``; the request log only when the owner is verbose."""

    protocol_version = "HTTP/1.1"  # keep-alive, like a real server; every answer has a Content-Length

    def do_GET(self):
        self._answer(with_body=True)

    def do_HEAD(self):
        self._answer(with_body=False)

    def log_message(self, format, *args):  # `format`: BaseHTTPRequestHandler's signature
        if self.server.owner.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)

    def _answer(self, with_body: bool) -> None:
        raise NotImplementedError
