"""``extract()`` never raises: any bytes give an article or a reason.

Property-style: hypothesis builds pages from random markup, truncates real
pages at random points, puts hostile dates in every place a date is read
(JSON-LD, meta, ``<time>``, date lines) and nests elements far deeper than a
browser would. ``extract`` has a last-resort guard turning an exception into
the reason ``extraction failed: ...``; these tests fail on that reason too, so
the guard never hides a bug from them.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bladiscrape.extract import FAILED, extract
from bladiscrape.model import PageResult
from fixtures import cases

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
URL = "https://www.bladi.net/test-robustesse,1234.html"
# Text of the tests' own making (test content), long enough to make an article body.
TEXT = "Paragraphe de test écrit pour les tests de robustesse, pas un article du site. " * 3

HOSTILE_DATES = [
    "0001-01-01T00:00:00Z", "0000-00-00 00:00:00", "9999-12-31T23:59:59-12:00", "0001-01-01",
    "-2016-01-01", "2016-02-30T25:61:00Z", "2016-13-45", "1e309", "NaN", "", " ", "null",
    "Mon, 01 Jan 0001 00:00:00 +0100", "Fri, 31 Dec 9999 23:59:59 -1200", "il y a 99999999999 jours",
    "32 février 2016 - 99h99", "1er janvier 0001", "31/02/2016 - 24h00", "2016-01-01T00:00:00+99:99",
    "٢٠١٦-٠١-٠١", "2016-01-01T00:00:00.9999999999999Z", "29 février 2015 - 11h10",
]  # fmt: skip

TAGS = ["div", "p", "span", "a", "h1", "h2", "article", "main", "table", "tr", "td", "li", "ul", "strong",
        "time", "header", "footer", "nav", "br", "script", "meta", "title", "body", "html", "head"]  # fmt: skip


def _ok(result: PageResult) -> None:
    assert isinstance(result, PageResult)
    assert result.kind in ("article", "not_article", "incomplete")
    if result.kind == "article":
        assert result.article is not None and result.article.title and result.article.body
    else:
        assert result.article is None and result.reason
        assert not result.reason.startswith(FAILED), result.reason


def _page(head: str = "", body: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def _fragment(draw_tags: list[tuple[str, str, bool]]) -> str:
    out = []
    for tag, text, close in draw_tags:
        out.append(f"<{tag} class=\"{text[:8]}\">{text}")
        if close:
            out.append(f"</{tag}>")
    return "".join(out)


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    _ok(extract(data, URL))


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(TAGS), st.text(max_size=40), st.booleans()), max_size=60))
def test_random_markup(parts):
    _ok(extract(_page(body=_fragment(parts)).replace(b"</body>", f"<p>{TEXT}</p></body>".encode()), URL))


PAGES = [cases.page(c) for c in sorted(cases.CASES_DIR.iterdir()) if (c / "inputs" / "meta.json").is_file()]


@SETTINGS
@given(st.sampled_from(PAGES), st.floats(min_value=0, max_value=1))
def test_truncated_pages(page, share):
    _ok(extract(page[: int(len(page) * share)], URL))


@SETTINGS
@given(st.sampled_from(HOSTILE_DATES), st.sampled_from(["jsonld", "graph", "meta", "time", "line", "listing"]))
def test_hostile_dates(value, where):
    escaped = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    head, body = "", f"<h1>Titre de test pour une date hostile</h1><p>{TEXT}</p>"
    if where == "jsonld":
        head = f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": "Titre", "datePublished": value, "dateModified": value})}</script>'
    elif where == "graph":
        graph = {"@graph": [{"@type": "WebPage", "datePublished": value}, {"@type": ["Article"], "datePublished": value}]}
        head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    elif where == "meta":
        head = f'<meta property="article:published_time" content="{escaped}"><meta name="date" content="{escaped}">'
    elif where == "time":
        body = f'<article><h1>Titre de test</h1><time datetime="{escaped}">{escaped}</time><p>{TEXT}</p></article>'
    elif where == "line":
        body = f"<h1>Titre de test pour une date</h1><p class=\"datenews\">{escaped} - Economie - Ecrit par : X</p><p>{TEXT}</p>"
    else:
        body = "".join(f'<div class="grid3"><a href="/a,{i}.html"><span class="accueildate">{escaped}</span></a></div>' for i in range(4))
    _ok(extract(_page(head, body), URL))


def test_deep_nesting():
    for tag in ("div", "span", "table", "li", "b"):
        for depth in (300, 5_000, 100_000):
            _ok(extract(_page(body=f"<{tag}>" * depth + f"<p>{TEXT}</p>"), URL))
    deep_json = '<script type="application/ld+json">' + "[" * 100_000 + "</script>"
    _ok(extract(_page(head=deep_json, body=f"<h1>Titre de test</h1><p>{TEXT}</p>"), URL))
    graph = '{"@graph": ' * 3000 + '{"@type": "Article"}' + "}" * 3000
    _ok(extract(_page(head=f'<script type="application/ld+json">{graph}</script>'), URL))


def test_placeholder_dates_give_no_date():
    """``0001-01-01T00:00:00Z`` is a CMS's "no date", not year 1 (and not a crash)."""
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>'
    result = extract(_page(head, f"<h1>Un titre de test assez long</h1><p>{TEXT}</p>"), URL)
    assert result.kind == "article" and result.article is not None
    assert result.article.published_at is None
