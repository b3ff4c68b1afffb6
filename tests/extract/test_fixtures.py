"""Web-poet style fixtures: ``tests/fixtures/extract/<case>/{inputs/meta.json, output.json}``.

Each case's extraction must equal its ``output.json``. A case's page is its own
``inputs/page.html`` or, for pages of the replica and the frozen test pages,
the corpus file named by ``"source"`` in ``inputs/meta.json`` (see
``fixtures/cases.py``). New cases come from
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
from fixtures import cases

CASES = sorted(p for p in cases.CASES_DIR.iterdir() if (p / "output.json").is_file())


def _pretty(data) -> list[str]:
    return json.dumps(data, ensure_ascii=False, indent=2).splitlines()


def test_cases_exist():
    assert CASES, f"no fixture cases under {cases.CASES_DIR}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture(case: Path):
    meta = cases.meta(case)
    body = cases.page(case, meta)
    expected = json.loads((case / "output.json").read_text(encoding="utf-8"))
    result = dataclasses.asdict(extract(body, meta["url"], headers=meta.get("headers") or None, site=meta.get("site")))
    if result != expected:
        diff = "\n".join(difflib.unified_diff(_pretty(expected), _pretty(result), "output.json", "extracted", lineterm=""))
        pytest.fail(f"{case.name}: extraction differs from output.json\n{diff}", pytrace=False)


def test_one_copy_of_each_page():
    """No case copies a page that lives in a corpus: it names the file instead."""
    corpus = {}
    for root in cases.CORPORA:
        for f in (cases.ROOT / root).rglob("*"):
            if f.is_file():
                corpus.setdefault(f.read_bytes(), f.relative_to(cases.ROOT).as_posix())
    copies = {c.name: corpus[(c / "inputs" / "page.html").read_bytes()] for c in CASES
              if (c / "inputs" / "page.html").is_file() and (c / "inputs" / "page.html").read_bytes() in corpus}
    assert copies == {}


def test_sources_are_checked(tmp_path):
    case = tmp_path / "x"
    (case / "inputs").mkdir(parents=True)
    (case / "inputs" / "page.html").write_bytes(b"<html></html>")
    with pytest.raises(ValueError, match="keep one"):
        cases.page(case, {"source": "tests/pages/era2019_dislike.html"})
    with pytest.raises(ValueError, match="not under"):
        cases.page(tmp_path, {"source": "tests/pages/../../pyproject.toml"})


def test_make_case_names_corpus_pages_and_copies_the_others(tmp_path, monkeypatch, replica):
    from fixtures import make_case

    monkeypatch.setattr(make_case, "CASES", tmp_path)
    committed = cases.CASES_DIR / "replica_46592_b"
    path = "/appels-voip-maroc,46592.html"
    # From the running replica, as the replica cases were made: the served page is named, not copied.
    make_case.main([replica.url + path, "served", "--url", "https://www.bladi.net" + path])
    # From the site file itself, with the header the server sends.
    make_case.main([str(cases.ROOT / "bladiscrape/replica/site" / path[1:]), "file",
                    "--header", "Content-Type: text/html; charset=iso-8859-1"])
    for made in ("served", "file"):
        assert not (tmp_path / made / "inputs" / "page.html").exists()
        assert (tmp_path / made / "inputs" / "meta.json").read_bytes() == (committed / "inputs" / "meta.json").read_bytes()
        assert (tmp_path / made / "output.json").read_bytes() == (committed / "output.json").read_bytes()
    page = tmp_path / "elsewhere.html"
    page.write_bytes(b"<html><body><h1>Titre</h1><p>Texte.</p></body></html>")
    make_case.main([str(page), "own"])
    assert (tmp_path / "own" / "inputs" / "page.html").read_bytes() == page.read_bytes()
    assert "source" not in cases.meta(tmp_path / "own")
