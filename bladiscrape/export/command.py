"""``bladiscrape export coding-sheet|graph|jsonl|citations``: write a selection of the archive to a file.

Bad input (a missing archive, a bad date, an ``-o`` that cannot be written)
gets one line and exit 2 before anything is written; the output is written to
a temporary file beside ``-o`` and renamed into place, so an export that fails
half-way leaves no partial file either.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from bladiscrape.export import citations, graph, jsonl, sheet
from bladiscrape.store import ArchiveError, check_archive
from bladiscrape.store.exports import Selection, graph_rows, select_articles


class ExportError(Exception):
    """Bad input, worded for the user."""


def run(args) -> int:
    try:
        check_archive(args.db)
        out = _output(args.output)
        selection = _selection(args)
        message = _export(args, selection, out)
    except (ArchiveError, ExportError) as e:
        print(f"bladiscrape: error: {e}", file=sys.stderr)
        return 2
    if message:
        print(message, file=sys.stderr)
    return 0


def _export(args, selection: Selection, out: Path | None) -> str:
    what = args.what
    if what == "graph":
        nodes, links = graph_rows(args.db)
        g = graph.build(nodes, links)
        if out is None:
            graph.write_stream(g, args.format, sys.stdout)
            return ""
        written = _atomic([out] + ([graph.nodes_path(out)] if args.format == "csv" else []),
                          lambda paths: graph.write(g, args.format, paths))
        return f"Wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} edges -> {', '.join(map(str, written))}"
    articles = select_articles(args.db, selection)
    if what == "coding-sheet":
        encoding, writer = sheet.ENCODING, sheet.write
    elif what == "jsonl":
        encoding, writer = "utf-8", jsonl.write
    else:
        encoding, fmt = "utf-8", args.format

        def writer(rows, f):
            return citations.write(rows, fmt, f)

    if out is None:
        if encoding == sheet.ENCODING:
            sys.stdout.write("\ufeff")  # the BOM a spreadsheet needs, on a redirected stdout too
        writer(articles, sys.stdout)
        return ""
    counts: list[int] = []

    def write_file(paths: list[Path]) -> None:
        with open(paths[0], "w", encoding=encoding, newline="") as f:
            counts.append(writer(articles, f))

    _atomic([out], write_file)
    return f"Wrote {counts[0]} articles -> {out}"


def _selection(args) -> Selection:
    since, until = (_day(getattr(args, name, None), name) for name in ("since", "until"))
    if since and until and since > until:
        raise ExportError(f"--since {since} is after --until {until}")
    return Selection(query=getattr(args, "query", None) or None, since=since, until=until,
                     in_topic=bool(getattr(args, "in_topic", False)))


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ExportError(f"--{name} {value!r}: expected a date as YYYY-MM-DD") from None


def _output(value: str | None) -> Path | None:
    """``-o``: None for stdout; refused when its directory is missing or not writable, or it is a directory."""
    if not value or value == "-":
        return None
    path = Path(value)
    if path.is_dir():
        raise ExportError(f"-o {path} is a directory")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: directory {parent} does not exist")
    if (path.exists() and not os.access(path, os.W_OK)) or not _can_create(parent):
        raise ExportError(f"cannot write {path}")
    return path


def _can_create(parent: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".bladiscrape-check-"):
            return True
    except OSError:
        return False


def _atomic(paths: list[Path], write: Callable[[list[Path]], object]) -> list[Path]:
    """Write every file under a temporary name, then rename them all into place."""
    with _temporaries(paths) as temporaries:
        write(temporaries)
        for temporary, path in zip(temporaries, paths, strict=True):
            os.replace(temporary, path)
    return paths


@contextmanager
def _temporaries(paths: list[Path]):
    temporaries = [p.with_name(f".{p.name}.part") for p in paths]
    try:
        yield temporaries
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
