"""Start URLs: the seed list (``data/seeds.txt`` by default), one URL a line."""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds.txt"


def load_seeds(path: str | Path | None = None) -> list[str]:
    """Start URLs, one a line; blank lines and ``#`` comments are skipped."""
    path = Path(path) if path else DEFAULT_SEEDS
    seeds = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
        if not line:
            continue
        if not re.match(r"^https?://[^\s/]+", line):
            raise ValueError(f"{path}:{number}: not an http(s) URL: {line!r}")
        if line not in seeds:
            seeds.append(line)
    return seeds


DEFAULT_RUBRIQUES = DEFAULT_SEEDS.parent / "rubriques.txt"


def load_fallback_rubriques(path: str | Path | None = None) -> list[str]:
    """The rubriques to start from when the home page's menu gives none (same format as the seed list)."""
    return load_seeds(path or DEFAULT_RUBRIQUES)
