"""Requests to a Datasette instance through its own test client (``ds.client``), run with ``asyncio.run``."""

from __future__ import annotations

import asyncio


def get(ds, path: str, **params):
    response = asyncio.run(ds.client.get(page_url(ds, path), params=params or None))
    assert response.status_code == 200, response.text[:500]
    return response


def rows(ds, path: str, **params) -> list[dict]:
    """Rows of a table or canned query (``path`` relative to the database)."""
    data = get(ds, f"{path}.json", _shape="objects", **params).json()
    assert not data.get("error"), data.get("error")
    return data["rows"]


def page_url(ds, path: str) -> str:
    return path if path.startswith("/") else f"{database(ds)}/{path}"


def database(ds) -> str:
    """The database's path, e.g. ``/bladi_test_archive``."""
    return "/" + next(n for n in ds.databases if n != "_internal")


def titles(found: list[dict]) -> list[str]:
    return [r["title"] for r in found]
