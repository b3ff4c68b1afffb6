"""Refusals, chrome and teasers judged by what a page holds, not by words in it.

Every page here is written for these tests (test content, not real articles).
"""

from __future__ import annotations

import pytest

from bladiscrape.extract import extract
from bladiscrape.extract.classify import error_reason

URL = "https://exemple-test.ma/actualite/un-article-de-test"
PARA = ("Ceci est un paragraphe de test, écrit pour la suite de tests du projet et non tiré d'un "
        "article réel : il a la longueur d'un paragraphe de presse ordinaire, numéro {n}.")


def paras(n: int, start: int = 1) -> str:
    return "".join(f"<p>{PARA.format(n=i)}</p>" for i in range(start, start + n))


def page(body: str, title: str = "Un titre d'article de test") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


@pytest.mark.parametrize("title", [
    "Le terrorisme au Maroc", "La terreur à Casablanca", "Les erreurs de la police",
    "Erreur judiciaire à Rabat", "Accès refusé aux journalistes étrangers", "Il n'existe pas de solution simple",
    "Les 404 jours de la crise",
])  # fmt: skip
def test_news_titles_are_not_error_pages(title):
    assert error_reason(title) is None
    result = extract(page(f"<h1>{title}</h1>{paras(4)}", title), URL)
    assert result.kind == "article", result.reason
    assert result.article is not None and result.article.title == title


@pytest.mark.parametrize("title", [
    "Erreur 404", "Page introuvable", "404 Not Found", "Erreur 404 - Page non trouvée", "Cette page n'existe pas",
    "403 Forbidden", "Service indisponible", "Oups ! Page introuvable", "Erreur - Exemple",
])  # fmt: skip
def test_error_titles(title):
    assert error_reason(title)
    result = extract(page(f"<h1>{title}</h1><p>Retour à l'accueil.</p>", title), URL)
    assert result.kind == "not_article" and result.reason.startswith("error page")


def test_article_in_chrome_named_containers_keeps_its_text():
    """Elementor's content widget, a layout wrapper named after its sidebar, a "menu" in a class."""
    body = (
        '<div class="l-sidebar-fixed"><div class="elementor-widget elementor-widget-theme-post-title">'
        "<h1>Un titre d'article de test</h1></div>"
        f'<div class="elementor-widget elementor-widget-theme-post-content hidden-contents-menu">{paras(5)}</div>'
        '<div class="sidebar"><ul><li><a href="/a">Lien de barre latérale un</a></li>'
        '<li><a href="/b">Lien de barre latérale deux</a></li></ul></div></div>'
    )
    result = extract(page(body), URL)
    assert result.kind == "article", result.reason
    got = result.article.body.split("\n\n")
    assert got == [PARA.format(n=i) for i in range(1, 6)]


def test_inline_read_also_heading_keeps_the_paragraphs():
    body = (
        f"<h1>Un titre d'article de test</h1><div class=\"texte-article\">{paras(2)}"
        '<h3><a href="/autre-article-de-test">À lire aussi : un autre article de test</a></h3>'
        f"{paras(3, start=3)}</div>"
    )
    result = extract(page(body), URL)
    assert result.kind == "article", result.reason
    assert [PARA.format(n=i) for i in range(1, 6)] == [
        p for p in result.article.body.split("\n\n") if p.startswith("Ceci est")
    ]


def test_undated_article_beside_teasers_is_an_article():
    """One linked teaser heading used to make an undated page a listing, whatever its prose."""
    teaser = '<div class="bloc"><h3><a href="/autre,12.html">Un autre article de test</a></h3><p>Résumé court.</p></div>'
    result = extract(page(f"<h1>Un titre d'article de test</h1><div>{paras(5)}</div>{teaser}"), URL)
    assert result.kind == "article", result.reason


def test_listing_of_teasers_stays_a_listing():
    items = "".join(
        f'<div class="item"><h2><a href="/article-{i},{i}.html">Titre de test numéro {i}</a></h2>'
        f"<p>Un résumé de test pour l'élément {i} de la liste, deux lignes au plus.</p></div>"
        for i in range(10)
    )
    result = extract(page(f"<h1>Rubrique de test</h1><div class=\"liste\">{items}</div>"), URL)
    assert result.kind == "not_article" and result.reason.startswith("listing page")


def test_prose_without_any_marker_is_an_article():
    """No date, no metadata, no known template, no article-shaped URL: the prose decides."""
    result = extract(page(f"<h1>Un titre d'article de test</h1>{paras(5)}"), "https://exemple-test.ma/page")
    assert result.kind == "article", result.reason
    short = extract(page("<h1>Contact</h1><p>Écrivez-nous à cette adresse de test.</p>"), "https://exemple-test.ma/page")
    assert short.kind == "not_article"
