"""Discovery parsers (bladiscrape.discover.listing) on hand-written listing pages and feeds."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bladiscrape.core import feeds
from bladiscrape.core.text import media_type
from bladiscrape.core.urls import article_id, canonical_url
from bladiscrape.discover import listing as discover
from bladiscrape.discover.feeds import is_feed, parse_feed
from bladiscrape.discover.listing import load_seeds, looks_like_listing, parse_listing
from bladiscrape.discover.seeds import load_fallback_rubriques
from bladiscrape.extract import classify
from support import paths

PAGES = paths.PAGES / "discover"
BLADI = "https://www.bladi.net"
REPLICA = "http://127.0.0.1:8765"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def urls(listing) -> list[str]:
    return [i.url for i in listing.items]


# -- grid3 era (classes with trailing spaces) --------------------------------------


@pytest.fixture(scope="module")
def economie():
    return parse_listing(page("economie_page1_grid3.html"), f"{BLADI}/economie.html")


def test_grid3_items_in_order(economie):
    assert urls(economie) == [
        f"{BLADI}/appels-voip-maroc,46592.html",
        f"{BLADI}/maroc-voip-perte-320-millions-dollars,46418.html",  # http://www.bladi.net/...
        f"{BLADI}/inwi-sponsor-maroc-web-awards,44598.html",  # https://bladi.net/...?utm_source=...
        f"{BLADI}/greve-like-operateurs-maroc,44521.html",  # relative
        f"{BLADI}/blocage-whatsapp-viber-maroc,44096.html",  # #comments dropped
    ]


def test_grid3_fields(economie):
    first = economie.items[0]
    assert first.title == "Les appels VoIP de nouveau autorisés au Maroc"
    assert first.published_at == "2016-11-04"
    assert first.published_raw == "4 novembre 2016"
    assert first.teaser == "L'ANRT autorise les opérateurs à rétablir les appels via WhatsApp, Skype et Viber."
    # "1er" and a teaser in a <p>
    last = economie.items[-1]
    assert last.published_at == "2016-01-01"
    assert economie.items[3].teaser == "Des internautes marocains boycottent les opérateurs."


def test_navigation_sidebar_share_and_footer_are_not_items(economie):
    found = " ".join(urls(economie))
    for excluded in ("dossier-du-mois", "mre-douane-ete", "mentions-legales", "facebook", "envoyer", "maroc.html"):
        assert excluded not in found


def test_first_page_next_is_offset_12(economie):
    assert economie.next_url == f"{BLADI}/economie.html?debut_suite_rubrique=12"


# -- 2019 grid4 era, Latin-1, middle page --------------------------------------------


@pytest.fixture(scope="module")
def maroc_2019():
    return parse_listing(page("maroc_2019_grid4_middle.html"), f"{BLADI}/maroc.html?debut_suite_rubrique=24")


def test_grid4_items_deduplicated_with_titles(maroc_2019):
    assert urls(maroc_2019) == [f"{BLADI}/5g-maroc-2030,84300.html", f"{BLADI}/regions-oubliees-internet,84200.html"]
    item = maroc_2019.items[0]
    assert item.title == "Le Maroc accélère son déploiement de la 5G"  # decoded from Latin-1
    assert item.published_at == "2019-12-03"
    assert item.teaser == "Le Maroc s'active pour disposer d'une connexion internet 5G."


def test_middle_page_next_is_smallest_greater_offset(maroc_2019):
    # links to 0, 12, 36, 48, 1764 and to another rubrique's page: 36
    assert maroc_2019.next_url == f"{BLADI}/maroc.html?debut_suite_rubrique=36"


def test_last_page_has_no_next_and_replica_urls_are_canonical():
    listing = parse_listing(page("economie_last_page.html"), f"{REPLICA}/economie.html?debut_suite_rubrique=1764",
                            site=REPLICA)
    assert listing.next_url is None
    assert urls(listing) == [f"{BLADI}/vieil-article,1200.html"]


def test_replica_next_url_is_canonical():
    listing = parse_listing(page("economie_page1_grid3.html"), f"{REPLICA}/economie.html", site=REPLICA)
    assert listing.next_url == f"{BLADI}/economie.html?debut_suite_rubrique=12"
    assert all(u.startswith(BLADI) for u in urls(listing))


# -- generic fallback ---------------------------------------------------------------


@pytest.fixture(scope="module")
def tag_page():
    return parse_listing(page("tag_generic.html"), f"{BLADI}/+-Maroc-Telecom-+.html")


def test_generic_items(tag_page):
    assert urls(tag_page) == [
        f"{BLADI}/controle-fiscal-maroc-telecom,110000.html",
        f"{BLADI}/inwi-condamne-maroc-telecom,100000.html",  # <a><h3>...</h3></a>
        canonical_url("spip.php?article44096", base=BLADI + "/"),
    ]
    assert article_id(tag_page.items[2].url) == 44096
    first = tag_page.items[0]
    assert first.title == "Suite à un contrôle fiscal, Maroc Telecom va payer 600 MDH"
    assert first.published_at == "2023-05-10T10:30:00+01:00"  # <time datetime> in UTC, shown in Casablanca time
    assert first.teaser == "Maroc Telecom et le fisc sont parvenus à un protocole d'accord."
    assert tag_page.items[2].published_at == "2016-01-08"
    assert tag_page.items[2].published_raw == "8 janvier 2016"


def test_generic_skips_menus_sidebars_footers_and_non_articles(tag_page):
    found = " ".join(urls(tag_page))
    for excluded in ("nav-article", "populaire", "pied", "maroc.html", "example.com"):
        assert excluded not in found


def test_rel_next(tag_page):
    assert tag_page.next_url == f"{BLADI}/+-Maroc-Telecom-+.html?debut_articles=10"


def test_relative_dates_need_now():
    html = (b'<div class="grid3"><a href="/a,50000.html"><div class="accueil"><span class="accueildate">'
            b"Il y a 3 heures</span></div><div class='mbs'><h2>T</h2></div></a></div>")
    assert parse_listing(html, BLADI + "/").items[0].published_at is None
    assert parse_listing(html, BLADI + "/").items[0].published_raw == "Il y a 3 heures"
    dated = parse_listing(html, BLADI + "/", now=datetime.fromisoformat("2016-02-28T12:00:00+00:00"))
    assert dated.items[0].published_at == "2016-02-28T09:00:00+00:00"


LATIN1_LISTING = (
    "<!DOCTYPE html><html><head><title>Économie</title></head><body>"
    '<div class="grid3"><a href="/a,50000.html"><div class="accueil"><span class="accueildate">3 février 2016</span>'
    "</div><div class='mbs'><h2>Grève des opérateurs</h2>L’ANRT tranche</div></a>"
    '<a href="/b,50001.html"><div class="accueil"><span class="accueildate">1er août 2016</span>'
    "</div><div class='mbs'><h2>Méditel devient Orange</h2></div></a></div></body></html>"
)


@pytest.mark.parametrize("headers", [
    {"Content-Type": "text/html; charset=iso-8859-1"},
    {b"Content-Type": [b"text/html; charset=ISO-8859-1"]},  # Scrapy's form
    None,  # undeclared, not UTF-8: windows-1252
])
def test_listing_charset_from_http_header_keeps_dates(headers):
    body = LATIN1_LISTING.encode("cp1252")
    assert b"charset" not in body and b"f\xe9vrier" in body
    listing = parse_listing(body, f"{BLADI}/economie.html", headers=headers)
    assert [i.published_at for i in listing.items] == ["2016-02-03", "2016-08-01"]
    assert [i.published_raw for i in listing.items] == ["3 février 2016", "1er août 2016"]
    assert listing.items[0].title == "Grève des opérateurs" and listing.items[0].teaser == "L’ANRT tranche"
    assert looks_like_listing(f"{BLADI}/economie.html", body, headers=headers)


def test_listing_http_charset_wins_over_meta():
    body = LATIN1_LISTING.replace("<head>", '<head><meta charset="iso-8859-1">').encode("utf-8")
    listing = parse_listing(body, f"{BLADI}/economie.html", headers={"Content-Type": "text/html; charset=utf-8"})
    assert listing.items[1].published_at == "2016-08-01" and listing.items[1].title == "Méditel devient Orange"


@pytest.mark.parametrize("body", [b"", b"   ", b"<html><body><p>Rien</p></body></html>"])
def test_empty_listing(body):
    listing = parse_listing(body, BLADI + "/economie.html")
    assert listing.items == [] and listing.next_url is None


# -- feeds ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feed():
    return parse_feed(page("backend_2016.xml"), f"{BLADI}/spip.php?page=backend")


def test_feed_items(feed):
    ids = [article_id(i.url) for i in feed]
    assert ids == [44096, 44521, 45000, 45001, 45500, 46592, 46600]  # example.org skipped
    assert feed[0].url == canonical_url(f"{BLADI}/spip.php?article44096")
    assert feed[1].url == f"{BLADI}/greve-like-operateurs-maroc,44521.html"  # http + utm_ dropped
    assert feed[2].url == canonical_url(f"{BLADI}/spip.php?article45000")  # relative link
    assert feed[0].title == "Le blocage de WhatsApp et Viber venait en fait de ... l’ANRT"
    assert feed[0].categories == ["Economie", "ANRT", "WhatsApp"]
    assert feed[0].description.startswith("Le récent blocage par les opérateurs")
    assert "<p>" not in feed[0].description and feed[0].description.endswith("Economie / ANRT")
    assert feed[1].description == "Pour protester contre le récent blocage des applications d’appels gratuits…"


@pytest.mark.parametrize("index,expected", [
    (0, "2016-01-08T09:30:00+00:00"),  # winter: UTC+0
    (1, "2016-02-28T11:10:00+00:00"),
    (2, "2016-04-25T14:00:00+01:00"),  # summer time, written in +0000
    (3, "2016-04-25T14:00:00+01:00"),  # summer time, written in +0100
    (4, "2016-06-15T12:00:00+00:00"),  # Ramadan: back to UTC+0
    (5, "2016-11-03T18:45:00+00:00"),
    (6, None),  # unreadable pubDate
])
def test_feed_dates_in_casablanca_time(feed, index, expected):
    assert feed[index].published_at == expected


def test_feed_entities_are_never_resolved():
    items = parse_feed(page("feed_entities.xml"), f"{BLADI}/spip.php?page=backend")
    assert len(items) == 1
    assert items[0].title == "Avant après"
    assert items[0].description is None


def test_feed_html_entities_and_broken_xml():
    xml = b"<rss><channel><item><title>caf&eacute; &amp; cr&egrave;me</title><link>/a,1.html</link></item>"
    items = parse_feed(xml, f"{BLADI}/spip.php?page=backend")
    assert items[0].title == "café & crème" and items[0].url == f"{BLADI}/a,1.html"
    assert parse_feed(b"", BLADI) == [] and parse_feed(b"not xml at all", BLADI) == []


FEED = "<rss><channel><item><title>Août, février : l’ANRT</title><link>/a,1.html</link></item></channel></rss>"


@pytest.mark.parametrize("declaration,encoding,headers", [
    ("", "cp1252", {"Content-Type": "application/rss+xml; charset=iso-8859-1"}),  # the header's charset
    ("", "cp1252", None),  # undeclared, not UTF-8: windows-1252
    ('<?xml version="1.0" encoding="iso-8859-1"?>', "cp1252", None),  # 0x92 is "’", not a C1 control
    ('<?xml version="1.0" encoding="iso-8859-1"?>', "cp1252", {"Content-Type": "text/xml; charset=utf-8"}),
    ('<?xml version="1.0" encoding="utf-8"?>', "utf-8", {"Content-Type": "text/xml; charset=iso-8859-1"}),
    ('<?xml version="1.0" encoding="utf-8"?>', "cp1252", None),  # wrong declaration
])
def test_feed_decoding(declaration, encoding, headers):
    [item] = parse_feed((declaration + FEED).encode(encoding), f"{BLADI}/spip.php?page=backend", headers=headers)
    assert item.title == "Août, février : l’ANRT"


def test_atom_feed():
    [item] = parse_feed(page("atom.xml"), f"{BLADI}/feed.atom")
    assert item.url == f"{BLADI}/inwi-sponsor-maroc-web-awards,44598.html"
    assert item.published_at == "2016-03-03T10:00:00+00:00"  # <published>, not <updated>
    assert item.categories == ["Economie", "Inwi"]
    assert item.title == "Blocage VoIP : Inwi n’est plus sponsor"


def test_feed_on_replica_is_canonical():
    items = parse_feed(page("backend_2016.xml"), f"{REPLICA}/spip.php?page=backend", site=REPLICA)
    assert items[2].url == canonical_url(f"{BLADI}/spip.php?article45000")


# -- helpers for the spider --------------------------------------------------------


@pytest.mark.parametrize("url,headers,body,expected", [
    (f"{BLADI}/spip.php?page=backend", {}, b'<?xml version="1.0"?>\n<rss version="2.0">', True),
    (f"{BLADI}/x", {b"Content-Type": [b"application/rss+xml; charset=utf-8"]}, b"", True),
    (f"{BLADI}/x", {"content-type": "application/atom+xml"}, b"", True),
    (f"{BLADI}/x", {}, b"\xef\xbb\xbf<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", True),
    (f"{BLADI}/spip.php?page=backend", {"Content-Type": "text/xml"}, b"", True),
    (f"{BLADI}/economie.html", {"Content-Type": "text/html; charset=utf-8"}, b"<!DOCTYPE html><html>", False),
    (f"{BLADI}/spip.php?page=backend", {"Content-Type": "text/html"}, b"<!DOCTYPE html><html>", False),
    (f"{BLADI}/economie.html", None, b"", False),
])
def test_is_feed(url, headers, body, expected):
    assert is_feed(url, headers, body) is expected


def test_is_feed_with_scrapy_headers():
    from scrapy.http import Headers

    assert is_feed(f"{BLADI}/x", Headers({"Content-Type": "application/rss+xml"}), b"")
    assert not is_feed(f"{BLADI}/x", Headers({"Content-Type": "text/html"}), b"<html>")


# The one detector (core.feeds), on plain data: (headers, body start, url) -> reason.
@pytest.mark.parametrize("headers,head,url,reason", [
    ({}, b'<?xml version="1.0"?>\n<rss version="2.0">', None, "feed (RSS/Atom document)"),
    ({}, b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><!-- c --><rdf:RDF>', None, "feed (RSS/Atom document)"),
    ({}, b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]>\n<rss>', None, "feed (RSS/Atom document)"),
    ({"Content-Type": "application/rss+xml; charset=utf-8"}, b"<rss>", None, "feed (application/rss+xml)"),
    ({"Content-Type": "text/xml"}, b"", None, "feed (text/xml)"),
    ({"Content-Type": "text/html"}, b"<rss>", None, "feed (RSS/Atom document)"),  # the body names its root
    ({"Content-Type": "application/rss+xml"}, b"<!DOCTYPE html><html>", None, None),  # mislabelled page
    ({}, b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN"><html>', None, None),
    ({}, b"<!-- SPIP --><html><p>&lt;rss&gt;</p>", f"{BLADI}/spip.php?page=backend", None),
    ({}, b"", f"{BLADI}/spip.php?page=backend", "feed (SPIP backend URL)"),
    ({"Content-Type": "text/html"}, b"", f"{BLADI}/spip.php?page=backend", None),
    ({"Content-Type": "image/svg+xml"}, b"", None, None),
    (None, b"", None, None),
    ({}, b"<p>Un texte qui parle de <rss> et de <feed> sans en \xeatre un</p>", None, None),
])
def test_feed_detector_rules(headers, head, url, reason):
    assert feeds.feed_reason(headers, head, url) == reason
    assert is_feed(url or f"{BLADI}/x", headers, head) is (reason is not None)


def test_extractor_and_spider_use_the_one_detector():
    text = '\ufeff<?xml version="1.0" encoding="utf-8"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">'
    for headers in (None, {"content-type": "application/atom+xml"}, {"content-type": "text/html"}):
        expected = feeds.feed_reason(headers, text.encode("utf-8"))
        assert expected and classify.feed_reason(text, headers) == expected
        assert is_feed(f"{BLADI}/x", headers, text.encode("utf-8"))
    assert classify.feed_reason("", None, f"{BLADI}/spip.php?page=backend") == "feed (SPIP backend URL)"
    assert classify.feed_reason("<!DOCTYPE html><html>", {"content-type": "application/rss+xml"}) is None


def test_feed_header_lookup_is_case_insensitive():
    from scrapy.http import Headers

    for headers in (Headers({"CONTENT-TYPE": "Application/RSS+XML"}), {b"content-type": [b"application/rss+xml"]}):
        assert media_type(headers) == "application/rss+xml"


def test_looks_like_listing():
    assert looks_like_listing(f"{BLADI}/economie.html", page("economie_page1_grid3.html"))
    assert not looks_like_listing(f"{BLADI}/a,1.html", b"<html><body><h1>Article</h1><p>Texte</p></body></html>")
    assert looks_like_listing(f"{BLADI}/economie.html")
    assert looks_like_listing(f"{BLADI}/maroc.html?debut_suite_rubrique=24")
    assert not looks_like_listing(f"{BLADI}/blocage-whatsapp-viber-maroc,44096.html")


# -- seeds -----------------------------------------------------------------------------


def test_default_seeds():
    seeds = load_seeds()
    # The home page first (its menu gives the rubriques), the feed, the episode's known articles.
    assert seeds[:2] == [f"{BLADI}/", f"{BLADI}/spip.php?page=backend"]
    assert f"{BLADI}/blocage-whatsapp-viber-maroc,44096.html" in seeds
    assert load_fallback_rubriques()[0] == f"{BLADI}/economie.html"
    assert all(s.startswith("https://www.bladi.net/") for s in seeds)
    assert not any("+-" in s or "/mot/" in s for s in seeds)  # unverified guesses stay commented out


def test_seed_file_format(tmp_path):
    path = tmp_path / "seeds.txt"
    path.write_text("# comment\n\nhttps://www.bladi.net/economie.html  # inline comment\n"
                    "https://www.bladi.net/a,1.html#frag\nhttps://www.bladi.net/economie.html\n", encoding="utf-8")
    assert load_seeds(path) == ["https://www.bladi.net/economie.html", "https://www.bladi.net/a,1.html#frag"]
    path.write_text("economie.html\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"seeds.txt:1: not an http\(s\) URL"):
        load_seeds(path)


def test_module_is_pure():
    source = Path(discover.__file__).read_text(encoding="utf-8")
    assert "import scrapy" not in source and "requests" not in source
