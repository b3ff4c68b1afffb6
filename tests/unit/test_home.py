"""The home page's navigation gives the rubriques to start from."""

from pathlib import Path

from bladiscrape.discover.home import rubriques_from_home
from bladiscrape.replica.scale import SyntheticSite
from bladiscrape.replica.scale.server import respond

REPLICA_HOME = Path(__file__).resolve().parents[2] / "bladiscrape/replica/site/index.html"


def test_the_replica_menu_gives_its_rubriques():
    found = rubriques_from_home(REPLICA_HOME.read_bytes(), "http://127.0.0.1:8000/", site="http://127.0.0.1:8000")
    assert "https://www.bladi.net/economie.html" in found and "https://www.bladi.net/maroc.html" in found
    assert all(u.endswith(".html") and "," not in u.rsplit("/", 1)[1] or True for u in found)
    assert not any("spip.php" in u for u in found)


def test_the_synthetic_site_menu_gives_every_rubrique():
    site = SyntheticSite()
    home = respond(site, "/", "127.0.0.1:1")
    found = rubriques_from_home(home.body, "http://127.0.0.1:1/", site="http://127.0.0.1:1")
    assert {f"https://www.bladi.net/{r.slug}.html" for r in site.rubriques} == set(found)


def test_links_outside_the_navigation_and_articles_are_not_rubriques():
    html = b"""<html><body><ul class="menu-rubriques"><li><a href="economie.html">Eco</a></li>
    <li><a href="spip.php?page=backend">RSS</a></li><li><a href="https://example.org/x.html">x</a></li></ul>
    <div class="content"><a href="monde.html">Monde</a><a href="a,1.html">art</a></div>
    <nav><a href="rabat,333.html">Rabat</a><a href="maroc.html">Maroc</a></nav></body></html>"""
    assert rubriques_from_home(html, "https://www.bladi.net/") == [
        "https://www.bladi.net/economie.html", "https://www.bladi.net/rabat,333.html", "https://www.bladi.net/maroc.html"]
