import pytest

from bladiscrape.core.urls import article_id, canonical_url, is_bladi, slug, to_site

SITE = "http://127.0.0.1:8123"
CANON = "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html"


@pytest.mark.parametrize("variant", [
    "http://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html",
    "https://bladi.net/blocage-whatsapp-viber-maroc,44096.html",
    "http://bladi.net/blocage-whatsapp-viber-maroc,44096.html#comments",
    "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html?utm_source=facebook&utm_medium=social",
    "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html?fbclid=abc&xtor=RSS-1",
    "HTTPS://WWW.BLADI.NET/blocage-whatsapp-viber-maroc,44096.html",
    SITE + "/blocage-whatsapp-viber-maroc,44096.html",
])
def test_variants_share_one_canonical_url(variant):
    assert canonical_url(variant, site=SITE) == CANON


def test_relative_links_resolve_against_the_page():
    assert canonical_url("blocage-whatsapp-viber-maroc,44096.html", base=SITE + "/economie.html", site=SITE) == CANON
    assert canonical_url("../blocage-whatsapp-viber-maroc,44096.html", base="https://www.bladi.net/a/b.html") == CANON


def test_meaningful_query_parameters_are_kept():
    assert canonical_url("https://bladi.net/spip.php?page=backend&utm_campaign=x") == "https://www.bladi.net/spip.php?page=backend"
    assert canonical_url("https://bladi.net/spip.php?article44096") == "https://www.bladi.net/spip.php?article44096"
    assert canonical_url("/economie.html?debut_suite_rubrique=12#pagination_suite_rubrique",
                         base="https://www.bladi.net/") == "https://www.bladi.net/economie.html?debut_suite_rubrique=12"


def test_other_hosts_are_not_bladi():
    assert canonical_url("https://www.anrt.ma/communique.html") is None
    assert canonical_url("https://notbladi.net/x,1.html") is None
    assert canonical_url(SITE + "/x,1.html") is None  # the replica counts only when it is --site
    assert not is_bladi("mailto:contact@bladi.net")


def test_article_ids_and_slugs():
    assert article_id(CANON) == 44096
    assert article_id("https://www.bladi.net/spip.php?article44598") == 44598
    assert article_id("https://www.bladi.net/meditel-clients.html") is None
    assert article_id("https://www.bladi.net/economie.html") is None
    assert slug(CANON) == "blocage-whatsapp-viber-maroc"
    assert slug("https://www.bladi.net/meditel-clients.html") == "meditel-clients"


def test_to_site_keeps_path_and_query():
    assert to_site("https://www.bladi.net/spip.php?page=backend", SITE) == SITE + "/spip.php?page=backend"
