"""The README documents every command and option of the CLI, and every archive column."""

import re

import pytest

from bladiscrape.cli import build_parser
from bladiscrape.store.schema import ARTICLE_COLUMNS, FETCH_COLUMNS, RUN_COLUMNS
from support.paths import README as README_FILE

README = README_FILE.read_text(encoding="utf-8")


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_readme_starts_with_demo_and_test():
    head = README[:1500]
    assert "make demo" in head and "make test" in head


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_subcommand_and_option_is_documented(name):
    assert f"bladiscrape {name}" in README
    for action in subcommands()[name]._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert flag in README, f"{flag} of `bladiscrape {name}` is not in the README"


@pytest.mark.parametrize("columns", [ARTICLE_COLUMNS, FETCH_COLUMNS, RUN_COLUMNS])
def test_every_column_is_documented(columns):
    for column in columns:
        assert re.search(rf"`{column}`", README), f"column {column} is not documented"
