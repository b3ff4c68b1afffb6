"""The one site-furniture vocabulary (bladiscrape.core.furniture), on plain strings."""

from __future__ import annotations

import re

import pytest

from bladiscrape.core import furniture as f
from bladiscrape.core.text import fold
from bladiscrape.discover.listing import parse_listing
from bladiscrape.extract.text import heading_key, is_boilerplate

GROUPS = {
    name: getattr(f, name)
    for name in ("NAVIGATION", "SIDEBARS", "FOOTERS", "SHARING", "POPULAR", "RELATED", "ADS", "COMMENTS",
                 "OVERLAYS", "ATTACHMENTS", "REPLICA_NOTES", "SITE_HEADERS", "LISTING_LAYOUT")
}  # fmt: skip


@pytest.mark.parametrize("name", GROUPS)
def test_every_group_is_read_by_a_step(name):
    for word in GROUPS[name]:
        re.compile(word)
        assert word in f.LISTING_WORDS or word in f.CHROME_WORDS or word in f.SITE_HEADERS, (name, word)


# -- class and id names --------------------------------------------------------------


@pytest.mark.parametrize("value,chrome", [
    ("share-bar", True), ("partage-facebook", True), ("Sidebar", True), ("col main-nav", True),
    ("pub-inline", True), ("div-gpt-ad-inarticle-1", True), ("advertisement", True), ("sponsored_box", True),
    ("spip_documents_left", True), ("spip_doc_descriptif", True), ("replica-note", True), ("most plus-lus", True),
    ("site-header", True), ("header", True), ("masthead", True),
    ("info-publi", False), ("public", False), ("article-header", False), ("post-header", False),
    ("article-content", False), ("subheader", False), ("col-droite", False), ("side", False), ("", False),
])  # fmt: skip
def test_extraction_chrome_names(value, chrome):
    assert f.is_chrome_name(value) is chrome


@pytest.mark.parametrize("token,furniture", [
    ("sidebar-right", True), ("main-nav", True), ("col-droite", True), ("les-plus-lus", True), ("pluslus", True),
    ("menu_articles", True), ("pied", True), ("post-header", True), ("related-posts", True), ("partages", True),
    ("has-sidebar", False), ("no-menu", False), ("article-side-note", False), ("grid3", False),
    ("navigateur", False), ("most-read", False), ("", False), ("--", False),
])  # fmt: skip
def test_discovery_furniture_names(token, furniture):
    assert f.is_listing_furniture_name(token) is furniture


def test_named_differences_between_the_steps():
    # Discovery reads only a name's ends, so it may use layout words extraction must not.
    for word in f.LISTING_LAYOUT:
        assert f.is_listing_furniture_name(f"col-{word}") and not f.is_chrome_name(f"col-{word}")
    # Extraction reads every part, so it finds an ad inside a longer name; discovery leaves ads alone.
    assert f.is_chrome_name("div-gpt-ad-inarticle-1") and not f.is_listing_furniture_name("div-gpt-ad-inarticle-1")
    # "header": at either end for discovery, a whole token only for extraction.
    assert f.is_listing_furniture_name("post-header") and not f.is_chrome_name("post-header")
    assert "form" in f.CHROME_TAGS and "form" not in f.FURNITURE_TAGS and f.FURNITURE_TAGS < f.CHROME_TAGS


# -- headings ------------------------------------------------------------------------

EXTRACTION_HEADINGS = {
    "Sujets associés :": "tag", "Aller plus loin": "further", "Ces articles devraient vous intéresser :": "recommended",
    "Les plus lus": "sidebar", "Articles les plus commentés": "sidebar", "À la une": "sidebar",
    "Derniers articles": "sidebar", "Dernières infos": "sidebar", "Suivez Bladi.net sur Google News": "follow",
}  # fmt: skip


@pytest.mark.parametrize("text", EXTRACTION_HEADINGS)
def test_extraction_headings_and_their_prefilter(text):
    key = heading_key(text)
    kind = (
        "tag" if key.startswith(f.TAG_HEADING)
        else "further" if key == f.FURTHER_HEADING
        else "recommended" if key == f.RECOMMENDED_HEADING
        else "sidebar" if f.SIDEBAR_HEADING_RE.fullmatch(key)
        else "follow" if f.FOLLOW_PHRASE in fold(text)
        else None
    )  # fmt: skip
    assert kind == EXTRACTION_HEADINGS[text]
    # The prefilter (run on lowercased text, accents kept) must let every heading through.
    lowered = text.lower()
    assert f.HEADING_HINT_RE.search(lowered) and any(hint in lowered for hint in f.HEADING_HINTS)


@pytest.mark.parametrize("heading,listing,extraction", [
    ("Les plus lus", True, True),
    ("Articles les plus partagés cette semaine", True, True),
    ("À lire aussi", True, False),  # discovery only
    ("Tendances", True, False),
    ("Tendances du marché", False, False),
    ("Derniers commentaires", True, False),
    ("Sujets associés", True, False),  # extraction reads it as the tag block, not as a sidebar
    ("À la une", False, True),  # on a home page, the listing itself
    ("Derniers articles", False, True),
    ("Économie", False, False),
])
def test_sidebar_headings(heading, listing, extraction):
    assert f.is_listing_sidebar_heading(fold(heading)) is listing
    assert bool(f.SIDEBAR_HEADING_RE.fullmatch(heading_key(heading))) is extraction


@pytest.mark.parametrize("text,boilerplate", [
    ("Partager", True), ("WhatsApp", True), ("Publicité", True), ("Suivez bladi.net sur WhatsApp", True),
    ("Sujets associés : Maroc Telecom", True), ("Les plus lus", True), ("L'ANRT tranche", False),
])  # fmt: skip
def test_share_words_and_headings_are_boilerplate_lines(text, boilerplate):
    assert is_boilerplate(text) is boilerplate


# -- both steps read it --------------------------------------------------------------


def test_discovery_skips_related_and_share_blocks():
    html = (
        '<ul class="liste-articles"><li><h3><a href="/a,50000.html">Article listé</a></h3></li></ul>'
        '<ul class="related-posts"><li><h3><a href="/b,50001.html">Un autre article</a></h3></li></ul>'
        '<ul class="partages"><li><h3><a href="/c,50002.html">Partager</a></h3></li></ul>'
    ).encode()
    assert [i.url for i in parse_listing(html, "https://www.bladi.net/economie.html").items] == [
        "https://www.bladi.net/a,50000.html"
    ]
