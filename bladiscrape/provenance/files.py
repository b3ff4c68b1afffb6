"""Which WARC files a list of paths names: files named, and those found in directories named.

The reader (``reader.py``) reads records; this module only finds the files
and refuses, before anything is written, names that are not WARC files and
files that hold no WARC record.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

WARC_SUFFIXES = (".warc", ".warc.gz")


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def warc_files(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """(path, name) of the WARC files named or found in directories named; ValueError otherwise.

    ``name`` is what finds the file again from what was given: its path relative
    to the directory named (``2016/x.warc.gz``), or the name of a file named.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: list[tuple[Path, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and _is_warc(p))
            if not inside:
                raise ValueError(f"{path}: no WARC files (.warc, .warc.gz) in this directory")
            found.extend((p, p.relative_to(path).as_posix()) for p in inside)
        elif not path.exists():
            raise ValueError(f"{path}: no such file or directory")
        elif not _is_warc(path):
            raise ValueError(f"{path}: not a WARC file (expected .warc or .warc.gz)")
        else:
            found.append((path, path.name))
    unique: dict[Path, tuple[Path, str]] = {}
    for path, name in found:  # each file once, where first named
        unique.setdefault(path.resolve(), (path, name))
    return list(unique.values())


def iter_warc_paths(paths: Iterable[str | Path]) -> list[Path]:
    """WARC files named, or found (recursively, sorted) in directories named; ValueError otherwise."""
    return [path for path, _ in warc_files(paths)]


def check_warc_files(paths: Iterable[str | Path]) -> list[Path]:
    """``iter_warc_paths``, and each file's first record read: ValueError for a file that holds no WARC.

    A name ending in ``.warc.gz`` proves nothing; a file that does not open as
    WARC must be refused before anything is written, not found out mid-crawl.
    An empty file (a crawl killed before its first record) holds nothing and passes.
    """
    found = iter_warc_paths(paths)
    for path in found:
        try:
            with open(path, "rb") as fh:
                if not fh.read(1):
                    continue
                fh.seek(0)
                # Not arc2warc: warcio reads any line of text as an old ARC header.
                record = next(iter(ArchiveIterator(fh)), None)
                if record is None or record.format != "warc":
                    raise ArchiveLoadFailed("no WARC record")
        except (ArchiveLoadFailed, StatusAndHeadersParserException, OSError, EOFError, ValueError):
            # warcio's message quotes the bytes it read: not for a terminal.
            raise ValueError(f"{path}: not a WARC file (no WARC record at its start)") from None
    return found
