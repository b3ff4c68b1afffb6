"""Helpers shared by the test folders (fixtures live in the conftest files).

``pyproject.toml`` puts ``tests/`` on ``sys.path`` (pytest's ``pythonpath``),
so tests import these as ``from support.crawl import run_crawl``, from any
folder and whichever file pytest is asked to run.
"""
