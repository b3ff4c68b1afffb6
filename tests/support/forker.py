"""Crawl processes that start in milliseconds, to be killed at chosen moments.

A kill test needs many real crawl processes, each killed with ``SIGKILL`` at
a moment observed from outside. Starting ``python -m bladiscrape crawl`` costs
most of a second of imports each time, so this server imports the crawler
once and forks a child per command: the child is a real, separate process
running ``bladiscrape.cli.main(argv)``, and the test kills it by its pid.

    with Forker(batch_size=2) as forker:
        pid = forker.start(["crawl", "--db", ...], log)
        ... os.kill(pid, signal.SIGKILL) ...
        forker.wait(pid)  # the exit status, negative for a signal

``batch_size`` makes the archive commit every few items, so that kills land
between commits (the default batch holds 25 items, more than a small test
crawl makes).

The server runs as ``python -m support.forker`` with ``tests/`` on the path,
reading one command a line on stdin and answering one line on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


class Forker:
    def __init__(self, batch_size: int = 2):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
        self.proc = subprocess.Popen([sys.executable, "-m", "support.forker", str(batch_size)], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def _ask(self, command: dict) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fork server died")
        return json.loads(line)

    def start(self, argv: list[str], log: Path, *, errors: Path | None = None, cwd: Path | None = None,
              setup: tuple | None = None) -> int:
        """Fork a child running ``bladiscrape <argv>`` in ``cwd``: stdout into ``log``, stderr into
        ``errors`` (or ``log`` too); its pid. ``setup``: ``("module:function", *args)``, called in the
        child first (to inject a fault, see ``support.writefaults``)."""
        return self._ask({"argv": argv, "log": str(log), "errors": str(errors or log),
                          "cwd": str(cwd) if cwd else None, "setup": list(setup or [])})["pid"]

    def wait(self, pid: int) -> int:
        return self._ask({"wait": pid})["status"]

    def run(self, argv: list[str], log: Path, **where) -> int:
        return self.wait(self.start(argv, log, **where))

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def __enter__(self) -> Forker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _child(command: dict, batch_size: int) -> None:
    argv = command["argv"]
    for target, name in ((1, command["log"]), (2, command["errors"])):
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | (os.O_APPEND if target == 2 else os.O_TRUNC), 0o644)
        os.dup2(fd, target)
        os.close(fd)
    if command.get("cwd"):
        os.chdir(command["cwd"])
    status = 70
    try:
        import bladiscrape.crawl.settings as settings
        from bladiscrape.cli import main

        settings.BLADI_BATCH_SIZE = batch_size  # type: ignore[attr-defined]
        if command.get("setup"):
            import importlib

            target, *args = command["setup"]
            module, function = target.split(":")
            getattr(importlib.import_module(module), function)(*args)
        status = main(argv)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 1
    except BaseException:  # a crash is the test's finding: show it in the log
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


#: Packages whose modules a crawl loads (Scrapy loads its components by name, lazily).
PRELOADED = ("bladiscrape", "scrapy.core", "scrapy.downloadermiddlewares", "scrapy.spidermiddlewares",
             "scrapy.extensions", "scrapy.pipelines", "scrapy.utils")


def _preload() -> None:
    """Import what every crawl imports, once: each child inherits it instead of paying for it."""
    import importlib
    import pkgutil
    import warnings

    warnings.simplefilter("ignore")  # deprecated modules warn when imported
    for name in PRELOADED:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, name + "."):
            if ".tests" in module.name or module.name.endswith("__main__"):
                continue
            try:
                importlib.import_module(module.name)
            except Exception:  # an optional backend (http2, botocore...) not installed
                continue
    warnings.resetwarnings()


def serve(batch_size: int) -> None:
    _preload()

    for line in sys.stdin:
        command = json.loads(line)
        if "wait" in command:
            _, status = os.waitpid(command["wait"], 0)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            answer: dict = {"status": code}
        else:
            pid = os.fork()
            if pid == 0:
                _child(command, batch_size)
            answer = {"pid": pid}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
