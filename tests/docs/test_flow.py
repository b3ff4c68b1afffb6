"""The tree is the diagram: README's flow table, the package docstring and the folders agree,
and each step imports only what lies below it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import bladiscrape

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "bladiscrape"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def tree() -> set[str]:
    """Sub-packages (``name/``) and step modules named in the flow (``process.py``, ``model.py``)."""
    folders = {f"{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    return folders | {"process.py", "model.py"}


def readme_flow() -> set[str]:
    section = README.split("## How data flows", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`bladiscrape/([\w]+/|[\w]+\.py)`", section))


def docstring_flow() -> set[str]:
    return set(re.findall(r"^\s{4}([\w]+/|[\w]+\.py)\s", bladiscrape.__doc__, flags=re.M)) | set(
        re.findall(r"``([\w]+/|[\w]+\.py)``", bladiscrape.__doc__))


def test_readme_docstring_and_tree_name_the_same_steps():
    assert readme_flow() == tree(), "README's flow table and the package tree differ"
    assert docstring_flow() == tree(), "the package docstring and the package tree differ"


@pytest.mark.parametrize("folder", sorted(p for p in tree() if p.endswith("/")))
def test_each_folder_says_its_purpose_in_one_line(folder):
    doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
    assert doc, f"bladiscrape/{folder}__init__.py has no docstring"
    assert len(doc.splitlines()[0]) <= 120 and doc.splitlines()[0].endswith("."), doc.splitlines()[0]


# What each part may import from the package: nothing upward, nothing sideways.
PURE = {"core", "model"}
ALLOWED = {
    "core": {"core"},
    "model": {"model"},
    "extract": PURE | {"extract"},
    "discover": PURE | {"discover", "score"},  # choosing what to fetch scores titles and teasers
    "score": PURE | {"score"},
    "store": PURE | {"store"},
    "process": PURE | {"extract", "score", "store"},
    "provenance": PURE | {"provenance", "process", "extract", "score", "store", "options", "analyse"},
    "analyse": PURE | {"analyse", "score", "store"},  # reads and writes the archive through store/research.py
    "export": PURE | {"export", "analyse", "store"},
    "publish": PURE | {"publish", "store", "export"},  # the search page serves the coding sheet of export/
    "replica": {"replica"},
}
FRAMEWORKS = {"scrapy": "crawl", "twisted": "crawl", "datasette": "publish"}


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def part_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.name != "__init__.py" else "__init__"


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    part = part_of(path)
    for name in imports(path):
        top = name.split(".")[0]
        if top in FRAMEWORKS:
            assert part == FRAMEWORKS[top], f"{path.relative_to(ROOT)} imports {name}: only {FRAMEWORKS[top]}/ may"
        if top == "bladiscrape" and part in ALLOWED and name != "bladiscrape":
            target = name.split(".")[1]
            assert target in ALLOWED[part], f"{path.relative_to(ROOT)} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_store_opens_sqlite_files(path):
    if part_of(path) == "store":
        return
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"sqlite3\.connect\(|sqlite_utils\.Database\(|mode=ro", text), path.relative_to(ROOT)
