"""Web-poet style fixtures: ``tests/fixtures/extract/<case>/{inputs/page.html, inputs/meta.json, output.json}``.

Each case's extraction must equal its ``output.json``. New cases come from
``tests/fixtures/make_case.py <html-file-or-replica-url> <case>`` and are
reviewed by hand before being committed.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from pathlib import Path

import pytest

from bladiscrape.extract import extract

CASES_DIR = Path(__file__).parent / "fixtures" / "extract"
CASES = sorted(p for p in CASES_DIR.iterdir() if (p / "output.json").is_file()) if CASES_DIR.is_dir() else []


def _pretty(data) -> list[str]:
    return json.dumps(data, ensure_ascii=False, indent=2).splitlines()


def test_cases_exist():
    assert CASES, f"no fixture cases under {CASES_DIR}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture(case: Path):
    meta = json.loads((case / "inputs" / "meta.json").read_text(encoding="utf-8"))
    body = (case / "inputs" / "page.html").read_bytes()
    expected = json.loads((case / "output.json").read_text(encoding="utf-8"))
    result = dataclasses.asdict(extract(body, meta["url"], headers=meta.get("headers") or None, site=meta.get("site")))
    if result != expected:
        diff = "\n".join(difflib.unified_diff(_pretty(expected), _pretty(result), "output.json", "extracted", lineterm=""))
        pytest.fail(f"{case.name}: extraction differs from output.json\n{diff}", pytrace=False)
