"""Page kinds: listings, error pages, feeds, incomplete articles and other pages that are not articles.

Inputs are the small pages in ``tests/pages/`` (test inputs, not the replica).
"""

from __future__ import annotations

import pytest

from bladiscrape.extract import extract
from support.extract_pages import DISLIKE, article, check_invariants, links, page, run


@pytest.mark.parametrize(
    "name,url",
    [
        ("listing_rubrique.html", "https://www.bladi.net/economie.html"),  # div.grid3 > a, pagination
        ("listing_tag_grid4.html", "https://www.bladi.net/mot/anrt.html"),  # div.grid4 a, dated teasers
    ],
)
def test_listing_pages_are_not_articles(name, url):
    result = run(name, url)
    assert result.kind == "not_article" and result.article is None
    assert result.reason.startswith("listing page")


def test_a_listing_is_refused_before_its_body_is_looked_for(monkeypatch):
    # The replica's rubric and home pages: their loose containers would be weighed against
    # trafilatura's text (30 ms a page) only for the page to be refused as a listing anyway.
    from pathlib import Path

    from bladiscrape.extract import body

    def weighed(*args):
        raise AssertionError("a listing's body was looked for")

    monkeypatch.setattr(body, "weighed", weighed)
    site = Path(__file__).resolve().parents[2] / "bladiscrape/replica/site"
    for name in ("economie.html", "index.html", "maroc.html", "monde.html"):
        result = extract((site / name).read_bytes(), f"https://www.bladi.net/{name}")
        assert (result.kind, result.reason.split(" (")[0]) == ("not_article", "listing page"), name


def test_listing_with_one_fully_dated_featured_teaser():
    # the only full date line sits inside a teaser: it is not the page's date
    result = run("listing_featured_dated.html", "https://www.bladi.net/maroc.html")
    assert (result.kind, result.reason) == ("not_article", "listing page (5 teasers)")


def test_unrecognised_related_block_stays_out_of_the_body():
    rec = article("unknown_related_block.html", "https://www.bladi.net/voip-appels-retablis,46580.html")
    check_invariants(rec)
    assert rec.extraction["body"] == "fallback"
    assert len(rec.body.split("\n\n")) == 4 and "Résumé" not in rec.body
    assert rec.published_at == "2016-11-03T18:45:00+00:00"  # teaser dates ignored
    assert not rec.links  # related items under an unknown heading are not article links


def test_error_page():
    result = run("error_404.html", "https://www.bladi.net/article-disparu,45000.html")
    assert (result.kind, result.reason) == ("not_article", "error page (Page introuvable)")


def test_article_without_body_is_incomplete():
    result = run("missing_body.html", "https://www.bladi.net/inwi-offre-internet,44700.html")
    assert (result.kind, result.reason) == ("incomplete", "no body found")


def test_article_without_title_is_incomplete():
    html = (
        "<html><body><div class='x'><p>9 mars 2016 - 14h00 - Economie - Ecrit par : Bladi.net</p>"
        + "<p>Le texte de l'article, assez long pour être un vrai paragraphe de corps.</p>" * 3
        + "</div></body></html>"
    )
    result = extract(html.encode(), "https://www.bladi.net/sans-titre,44701.html")
    assert (result.kind, result.reason) == ("incomplete", "no title found")


def test_feeds_are_not_articles():
    feed = page("feed.xml")
    assert run("feed.xml", "https://www.bladi.net/spip.php?page=backend").reason == "feed (RSS/Atom document)"
    by_header = extract(feed, "https://www.bladi.net/spip.php?page=backend", {"Content-Type": "application/rss+xml"})
    assert (by_header.kind, by_header.reason) == ("not_article", "feed (application/rss+xml)")


def test_empty_and_non_html_input():
    assert extract(b"", DISLIKE).kind == "not_article"
    assert extract(b"   \n", DISLIKE).kind == "not_article"


def test_scrapy_style_headers_are_accepted():
    headers = {b"Content-Type": [b"text/html; charset=utf-8"]}
    assert extract(page("era2019_dislike.html"), DISLIKE, headers=headers).kind == "article"


def test_redirect_stub_is_not_an_article():
    html = b'<html><head><meta http-equiv="refresh" content="0; url=blocage-whatsapp-viber-maroc,44096.html"></head><body></body></html>'
    result = extract(html, "https://www.bladi.net/spip.php?article44096")
    assert (result.kind, result.reason) == ("not_article", "redirect to blocage-whatsapp-viber-maroc,44096.html")


def test_related_items_with_bold_titles_and_numeric_date_line():
    body = "".join(f"<p>Paragraphe {i} du corps de l'article sur le blocage des appels VoIP au Maroc.</p>" for i in range(3))
    html = f"""<html><body><div id="main">
      <h2>Les opérateurs rétablissent la VoIP</h2>
      <div>04/11/2016 - 10h05 - Economie - Ecrit par : Bladi.net</div>
      <div>{body}</div>
      <div><span>Aller plus loin</span>
        <a href="/a,46000.html"><b>Premier titre</b><br>Premier résumé.</a>
        <a href="/b,46001.html"><b>Second titre</b><br>Second résumé.</a></div>
    </div></body></html>"""
    rec = extract(html.encode(), "https://www.bladi.net/voip-retablie,46592.html").article
    assert rec.published_at == "2016-11-04T10:05:00+00:00"
    assert rec.title == "Les opérateurs rétablissent la VoIP"
    assert [(ln.anchor, ln.teaser) for ln in links(rec, "further_reading")] == [
        ("Premier titre", "Premier résumé."),
        ("Second titre", "Second résumé."),
    ]
    assert len(rec.body.split("\n\n")) == 3
