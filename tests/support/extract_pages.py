"""Small extraction test pages (``tests/pages/``) run through ``extract()``, and what every article satisfies."""

from __future__ import annotations

from bladiscrape.extract import extract
from bladiscrape.model import LAYERS, LINK_KINDS
from support.paths import PAGES

DISLIKE = "https://www.bladi.net/greve-like-operateurs-maroc,44521.html"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def run(name: str, url: str = DISLIKE, headers=None, site=None):
    return extract(page(name), url, headers=headers, site=site)


def article(name: str, url: str = DISLIKE, headers=None, site=None):
    result = run(name, url, headers, site)
    assert result.kind == "article", result.reason
    return result.article


def links(record, kind: str) -> list:
    return [link for link in record.links if link.kind == kind]


def check_invariants(record):
    """What every extracted article must satisfy, whatever the template."""
    assert record.body and record.body == record.body.strip()
    assert "\n\n\n" not in record.body
    lines = [line for p in record.body.split("\n\n") for line in p.split("\n")]
    assert all(line and line == " ".join(line.split()) for line in lines)
    for field, layer in record.extraction.items():
        assert layer.split(":", 1)[0] in LAYERS, (field, layer)
    assert [link.kind for link in record.links] == sorted((ln.kind for ln in record.links), key=LINK_KINDS.index)
    for kind in LINK_KINDS:
        assert [ln.position for ln in links(record, kind)] == list(range(1, len(links(record, kind)) + 1))
    assert all(ln.url.startswith(("http://", "https://")) and "#" not in ln.url for ln in record.links)
