"""The synthetic Bladi.net-sized site (bladiscrape.replica.scale), over real HTTP with urllib.

Checks that about 12 % of ids are holes, that its pages have the SPIP
mechanics (pagination parameters, tag pages, 301s, feed, robots.txt, faults,
ETags), and that what it serves agrees with its ground truth. The model alone
is checked in test_scale_model.py. Figures are printed: run with ``-s``.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape

import pytest

from bladiscrape.replica.scale import ScaleServer, SyntheticSite, respond

Y2016 = (date(2016, 1, 1), date(2016, 12, 31))
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


@pytest.fixture(scope="module")
def server(site):
    with ScaleServer(port=0, site=site, seed=2016) as running:
        print(f"ScaleServer ready in {running.startup_seconds:.3f} s (site reused) at {running.url}")
        yield running


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx comes back as an HTTPError, to be looked at


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(server, target: str, headers: dict | None = None, method: str = "GET"):
    """(status, headers with lower-case names, body) of one request, redirects not followed."""
    request = urllib.request.Request(server.url + target, headers=headers or {}, method=method)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def html(server, target: str) -> str:
    status, headers, body = fetch(server, target)
    assert status == 200, target
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert int(headers["content-length"]) == len(body)
    return body.decode("utf-8")


def french(text: str) -> date:
    day, month, year = text.split()
    return date(int(year), MONTHS.index(month) + 1, 1 if day == "1er" else int(day))


def shown(moment: date) -> str:
    """French date as the site prints it: "8 janvier 2016", "1er mars 2016"."""
    return f"{'1er' if moment.day == 1 else moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def grid_items(page: str) -> list[tuple[int, date]]:
    """(id, date) of the ``div.grid3`` items of a rubrique listing."""
    found = re.findall(r'<div class="grid3 ">\n<a href="[a-z0-9-]+,(\d+)\.html">\n<div class="accueil">'
                       r'(?:<img [^>]*class="imglogo"[^>]*/>)?<span class="accueildate">([^<]+)</span>', page)
    return [(int(i), french(d)) for i, d in found]


# -- the model ----------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_site(site, server):
    twin, other = SyntheticSite(seed=2016), SyntheticSite(seed=7)
    targets = [site.card(44096).path, "/economie.html?debut_suite_rubrique=24", "/mot/voip.html",
               "/spip.php?page=backend", "/"]
    for target in targets:
        assert respond(twin, target).body == respond(site, target).body, target
    # Over HTTP too, twice: same bytes, same ETag.
    first, second = fetch(server, targets[1]), fetch(server, targets[1])
    assert first[2] == second[2] == respond(site, targets[1]).body
    assert first[1]["etag"] == second[1]["etag"]
    assert respond(other, "/economie.html").body != respond(site, "/economie.html").body
    assert [other.exists(i) for i in range(1, 200)] != [site.exists(i) for i in range(1, 200)]


def test_about_twelve_percent_of_ids_are_missing(site, server):
    sample = range(7, site.max_id, 23)  # 5,043 ids spread over the whole range
    missing = sum(not site.exists(i) for i in sample) / len(sample)
    print(f"missing ids: {missing:.1%} of {len(sample)}")
    assert 0.10 <= missing <= 0.14
    absent = next(i for i in range(44100, 44200) if not site.exists(i))
    assert site.article(absent) is None
    status, _, body = fetch(server, f"/article-absent,{absent}.html")
    assert status == 404 and b"Page introuvable" in body
    assert fetch(server, "/no/such/page.html")[0] == 404


def test_home_page_menu_feed_link_and_test_text_marks(site, server):
    page = html(server, "/")
    menu = re.search(r'<ul class="menu-rubriques">(.*?)</ul>', page, re.DOTALL).group(1)
    assert re.findall(r'href="([a-z-]+)\.html"', menu) == [r.slug for r in site.rubriques]
    assert 'href="spip.php?page=backend"' in page
    assert len(re.findall(r'<div class="grid3 ">', page)) == 24
    for target in ("/", "/economie.html", "/mot/inwi.html", site.card(44096).path, "/spip.php?page=recherche&recherche=rabat"):
        text = html(server, target)
        assert '<meta name="bladiscrape:replica" content="test-text" />' in text
        assert "Page de la réplique synthétique de bladiscrape : texte de test ; ce n’est pas une page de Bladi.net." in text


def test_rubrique_pagination(site, server):
    first, second = html(server, "/economie.html"), html(server, "/economie.html?debut_suite_rubrique=12")
    page1, page2 = grid_items(first), grid_items(second)
    assert len(page1) == len(page2) == 12
    assert not {i for i, _ in page1} & {i for i, _ in page2}
    assert [i for i, _ in page2] == site.rubrique_page("economie", 12)
    dates = [d for _, d in page1 + page2]
    assert dates == sorted(dates, reverse=True) and max(d for _, d in page2) <= min(d for _, d in page1)
    assert '<p class="pagination">' in first and '<span class="pages">' in first
    assert '<a class="lien_pagination" href="economie.html?debut_suite_rubrique=24#pagination_suite_rubrique">3</a>' in first
    assert re.search(r'rel="next" href="economie\.html\?debut_suite_rubrique=24#pagination_suite_rubrique"', second)
    last = (len(site.rubrique_ids("economie")) - 1) // 12 * 12
    assert f"debut_suite_rubrique={last}#pagination_suite_rubrique" in first  # the last page is linked
    assert grid_items(html(server, "/economie.html?debut_suite_rubrique=0")) == page1
    assert grid_items(html(server, f"/economie.html?debut_suite_rubrique={last + 12}")) == []


def test_tag_pages_cards_and_their_own_pagination(site, server):
    tag = site.tag("voip")
    first, second = html(server, "/mot/voip.html"), html(server, "/mot/voip.html?debut_articles=20")
    card = re.compile(r'<article class="card"><h3><a href="/[a-z0-9-]+,(\d+)\.html">[^<]+</a></h3>'
                      r'<time datetime="([^"]+)">([^<]+)</time><p>[^<]*</p></article>')
    items1, items2 = card.findall(first), card.findall(second)
    assert len(items1) == len(items2) == 20 and not {i for i, *_ in items1} & {i for i, *_ in items2}
    for article_id, stamp, shown in items1:
        moment = datetime.fromisoformat(stamp)
        assert moment.utcoffset() is not None and moment.replace(tzinfo=None) == site.published(int(article_id))
        assert french(shown) == moment.date()
    assert 'class="lien_pagination" href="/mot/voip.html?debut_articles=40#pagination_articles"' in first
    assert "debut_suite_rubrique" not in first
    generic = html(server, f"/spip.php?page=mot&id_mot={tag.id}&debut_articles=20")
    assert card.findall(generic) == items2
    assert f"spip.php?page=mot&amp;id_mot={tag.id}&amp;debut_articles=40#pagination_articles" in generic
    assert fetch(server, "/mot/no-such-tag.html")[0] == 404


def test_article_pages_by_era(site, server):
    page = html(server, site.card(44096).path)
    assert re.search(r'<div class="magauche pas article">\n<h1>[^<]*VoIP[^<]*</h1>', page)
    assert '<p class="datenews mbs">8 janvier 2016 - 09h30 - Economie - Ecrit par : Bladi.net</p>' in page
    assert re.search(r'<div class="mbs mtm"><strong><p>[^<]+</p></strong></div>', page)
    assert re.search(r'<div class="mtl mbm">\n(<p>[^<]+</p>\n)+</div>', page)
    blocks = ["Suivez bladi.net sur Google News", "Suivez bladi.net sur WhatsApp", "Sujets associés : ",
              "Aller plus loin", "Ces articles devraient vous intéresser :"]
    positions = [page.index(b) for b in blocks]
    assert positions == sorted(positions)
    tags = re.search(r"Sujets associés : (.*?)</div>", page).group(1)
    assert re.fullmatch(r'<a href="mot/[a-z-]+\.html" class="motcle">[^<]+</a>( - <a href="mot/[a-z-]+\.html" class="motcle">[^<]+</a>)*', tags)
    old = next(i for i in range(20000, 20100) if site.exists(i))
    page = html(server, site.card(old).path)
    assert '<div class="texte">' in page and '<h1 class="titre">' in page and "datenews" not in page
    assert f'<p class="info-publi">Publié le {shown(site.published(old))}</p>' in page
    recent = next(i for i in range(100000, 100100) if site.exists(i))
    page = html(server, site.card(recent).path)
    data = json.loads(unescape(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)))
    assert data["@type"] == "NewsArticle" and data["headline"] == site.article(recent).title
    assert datetime.fromisoformat(data["datePublished"]).replace(tzinfo=None) == site.article(recent).published
    assert re.search(r'<p class="datenews mbs">\d', page)
    first_of_month = next(i for i in range(46000, 47000) if site.exists(i) and site.published(i).day == 1)
    assert "<p class=\"datenews mbs\">1er " in html(server, site.card(first_of_month).path)
    wrong = fetch(server, f"/un-autre-titre,{recent}.html")
    assert wrong[0] == 301 and wrong[1]["location"].endswith(site.card(recent).path)


def test_related_links_of_a_telecom_article_point_to_existing_articles(site, server):
    page = html(server, site.card(44096).path)
    block = re.search(r'<div class="allerplusloin mtl">(.*?)\n</div>', page, re.DOTALL).group(1)
    related = [int(i) for i in re.findall(r'<h3 class="mbs"><a href="[a-z0-9-]+,(\d+)\.html">', block)]
    assert 2 <= len(related) <= 4 and related == list(site.article(44096).related)
    for i in related:
        assert fetch(server, site.card(i).path)[0] == 200
    # Mostly telecom articles near in date.
    in_topic = [j for j in site.in_topic_ids(*Y2016) if site.article(j).telecom_kind == "tagged"]
    related = [j for i in in_topic for j in site.article(i).related]
    telecom = [j for j in related if site.article(j).telecom]
    assert len(telecom) > 0.8 * len(related)
    assert all(abs(site.published(j) - site.published(i)) < timedelta(days=120)
               for i in in_topic for j in site.article(i).related if site.article(j).telecom)


def test_spip_article_redirects_and_404(site, server):
    status, headers, _ = fetch(server, "/spip.php?article44096", headers={"Host": "bladi.test:8080"})
    assert status == 301 and headers["location"] == f"http://bladi.test:8080{site.card(44096).path}"
    status, headers, _ = fetch(server, "/spip.php?article44096")
    assert headers["location"] == f"{server.url}{site.card(44096).path}" and int(headers["content-length"]) == 0
    absent = next(i for i in range(44100, 44200) if not site.exists(i))
    assert fetch(server, f"/spip.php?article{absent}")[0] == 404
    assert fetch(server, "/spip.php?page=article&id_article=44096")[0] == 301


def test_rss_feed(site, server):
    status, headers, body = fetch(server, "/spip.php?page=backend")
    assert status == 200 and headers["content-type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(body).find("channel")
    items = channel.findall("item")
    assert len(items) == 20
    assert [item.findtext("link") for item in items] == [server.url + site.card(i).path for i in site.latest(20)]
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True) and all(d.utcoffset() is not None for d in dates)
    assert all(item.findall("category") for item in items)


def test_robots_txt(server):
    status, headers, body = fetch(server, "/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    lines = body.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert sorted(line for line in lines if line.startswith("Disallow:")) == [
        "Disallow: /ecrire/", "Disallow: /local/", "Disallow: /prive/"]


def test_search(site, server):
    page = html(server, "/spip.php?page=recherche&recherche=VoIP")
    lines = re.findall(r'<li><a href="[a-z0-9-]+,(\d+)\.html"><strong>([^<]+)</strong></a> <span class="date">([^<]+)</span></li>', page)
    assert len(lines) == 10
    found = site.search("voip")
    assert [int(i) for i, _, _ in lines] == found[:10]
    for i, title, _ in lines:
        names = " ".join(site.tag(t).name for t in site.article(int(i)).tags)
        assert "voip" in (title + names).casefold()
    assert "debut_resultats=10#pagination_resultats" in page
    page2 = html(server, "/spip.php?page=recherche&recherche=voip&debut_resultats=10")
    assert re.findall(r'<li><a href="[a-z0-9-]+,(\d+)\.html">', page2) == [str(i) for i in found[10:20]]
    started = time.perf_counter()
    assert len(site.search("casablanca")) > 1000
    print(f"search over {site.article_count} titles: {1000 * (time.perf_counter() - started):.1f} ms")
    assert site.search("zzzz") == []


def test_faults_once_and_off_site(site):
    faults = {f.kind: f.path for f in site.faults}
    assert set(faults) == {"500-once", "429-once", "offsite-redirect", "slow"}
    with ScaleServer(site=site) as fresh:
        assert fetch(fresh, faults["500-once"])[0] == 500
        assert fetch(fresh, faults["500-once"])[0] == 200
        status, headers, _ = fetch(fresh, faults["429-once"])
        assert status == 429 and headers["retry-after"] == "1"
        assert fetch(fresh, faults["429-once"])[0] == 200
        status, headers, _ = fetch(fresh, faults["offsite-redirect"])
        assert status == 301 and headers["location"].startswith("http://example.invalid/")
        started = time.perf_counter()
        assert fetch(fresh, faults["slow"])[0] == 200
        assert time.perf_counter() - started >= 1.0
        assert fresh.hits[faults["500-once"]] == 2 and fresh.requests == 6
    with ScaleServer(site=site, faults=False) as calm:
        assert fetch(calm, faults["500-once"])[0] == 200
        assert fetch(calm, faults["offsite-redirect"])[0] == 200


def test_etag_304_head_and_hits(site, server):
    target = site.card(44062).path
    before = server.requests
    status, headers, body = fetch(server, target)
    assert status == 200 and headers["etag"]
    status, again, rest = fetch(server, target, headers={"If-None-Match": headers["etag"]})
    assert status == 304 and rest == b"" and again["etag"] == headers["etag"]
    status, head, rest = fetch(server, target, method="HEAD")
    assert status == 200 and rest == b"" and int(head["content-length"]) == len(body)
    assert server.hits[target] == 3 and server.requests - before == 3


def test_page_generation_speed(site, server):
    targets = []
    for k, i in enumerate(site.ids_between(date(2016, 1, 1), date(2016, 1, 31))[:150]):
        targets.append(site.card(i).path)
        if k % 3 == 0:
            targets.append(f"/{site.rubriques[k % 8].slug}.html?debut_suite_rubrique={12 * k}")
    targets = (targets + ["/mot/football.html?debut_articles=400", "/spip.php?page=backend", "/"] * 20)[:200]
    site.warm_search()
    times = []
    started = time.perf_counter()
    for target in targets:
        t = time.perf_counter()
        assert respond(site, target).status == 200
        times.append(time.perf_counter() - t)
    in_process = time.perf_counter() - started
    started = time.perf_counter()
    for target in targets:
        assert fetch(server, target)[0] == 200
    over_http = time.perf_counter() - started
    times.sort()
    print(f"200 pages: {in_process * 1000:.0f} ms generated in process (median {times[100] * 1000:.2f} ms, "
          f"max {times[-1] * 1000:.2f} ms), {over_http * 1000:.0f} ms over HTTP")
    assert in_process < 5 and over_http < 5
