"""The replica server itself, over real HTTP: behaviours, charsets, feed, links (its files and truth: test_replica_truth.py)."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest

from bladiscrape.replica import DEMO_START_PATHS
from bladiscrape.replica.server import ROUTES, SITE, start
from support.paths import TRUTH_FILE

TRUTH = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))
SITE_INFO = TRUTH["_site"]
ARTICLES = {url: t for url, t in TRUTH.items() if url != "_site"}
BLADI = "https://www.bladi.net"
CASABLANCA = ZoneInfo("Africa/Casablanca")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def server():
    s = start(port=0)
    # Spend the fail-once 500 here so that module tests see the steady state;
    # the 500 itself is tested on fresh instances below.
    fetch(s, path_of(SITE_INFO["fail_once"]))
    yield s
    s.stop()


def fetch(server, path: str, method: str = "GET"):
    """(status, headers, body) without following redirects."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, headers={"User-Agent": "bladiscrape-tests"})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# -- robots.txt -------------------------------------------------------------------


def test_robots_txt(server):
    status, headers, body = fetch(server, "/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    text = body.decode("utf-8")
    assert "User-agent: *" in text.splitlines()
    rules = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Disallow:")]
    assert rules == SITE_INFO["robots_disallow"]
    disallowed = path_of(SITE_INFO["robots_disallowed"])
    assert any(disallowed.startswith(rule) for rule in rules)
    # ...and an in-topic article links to it in its body (so a crawl would try it).
    assert any(link["to_url"] == SITE_INFO["robots_disallowed"] and link["kind"] == "in_body"
               for t in ARTICLES.values() if t["in_topic"] for link in t["links"])
    # The page exists: only robots.txt keeps a polite crawler away.
    assert fetch(server, disallowed)[0] == 200


# -- redirects, 404, 500 ----------------------------------------------------------


@pytest.mark.parametrize("spip, target", sorted(SITE_INFO["redirects"].items())[:3] + [
    ("https://www.bladi.net/spip.php?article112500", "https://www.bladi.net/maroc-deploiement-5g,112500.html")])
def test_spip_article_redirects_to_slug(server, spip, target):
    status, headers, _ = fetch(server, path_of(spip))
    assert status == 301
    location = urljoin(server.url + "/", headers["location"])
    assert location == server.url + path_of(target)
    assert fetch(server, path_of(target))[0] == 200


def test_spip_article_redirect_ignores_tracking_and_unknown_ids_are_404(server):
    assert fetch(server, "/spip.php?article44521&utm_source=facebook")[0] == 301
    assert fetch(server, "/spip.php?article99999999")[0] == 404
    assert fetch(server, "/spip.php?page=recherche&recherche=ANRT")[0] == 404


@pytest.mark.parametrize("path", [
    path_of(SITE_INFO["not_found"]), path_of(SITE_INFO["unknown_path_example"]), "/nope.html", "/mot/",
    "/_errors/404.html", "/_routes/backend.xml", "/../server.py", "/%2e%2e/server.py",
    "/economie.html?debut_suite_rubrique=240",
])
def test_404(server, path):
    status, headers, body = fetch(server, path)
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8" and b"Page introuvable" in body


def test_not_found_is_linked_from_an_article():
    links = ARTICLES[SITE_INFO["not_found_linked_from"]]["links"]
    assert any(link["to_url"] == SITE_INFO["not_found"] for link in links)
    assert SITE_INFO["not_found"] not in ARTICLES


def test_fail_once_answers_500_then_200_on_each_instance():
    path = path_of(SITE_INFO["fail_once"])
    for _ in range(2):  # per server instance, not once per process
        s = start(port=0)
        try:
            assert fetch(s, path)[0] == 500
            assert fetch(s, path)[0] == 200
            assert fetch(s, path)[0] == 200
            assert s.hits[path] == 3
        finally:
            s.stop()


def test_hits_count_paths_with_query(server):
    before = server.hits["/economie.html?debut_suite_rubrique=12"]
    assert fetch(server, "/economie.html?debut_suite_rubrique=12")[0] == 200
    assert fetch(server, "/economie.html?debut_suite_rubrique=12", method="HEAD")[0] == 200
    assert server.hits["/economie.html?debut_suite_rubrique=12"] == before + 2


# -- charsets -----------------------------------------------------------------------


def charset_url(kind: str) -> str:
    return next(url for label, url in SITE_INFO["charsets"].items() if label.startswith(kind))


def test_default_content_type_is_utf8(server):
    status, headers, body = fetch(server, path_of(SITE_INFO["seed"]))
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    body.decode("utf-8")


def test_latin1_page_declared_by_header_only(server):
    status, headers, body = fetch(server, path_of(charset_url("iso-8859-1")))
    assert status == 200 and headers["content-type"] == "text/html; charset=iso-8859-1"
    assert b"charset=" not in body.lower()  # the header is the only declaration
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("iso-8859-1")
    assert "débloqués" in text and "&#8217;" in text  # SPIP wrote ’ as an entity in Latin-1


def test_cp1252_page_declared_by_meta_only(server):
    status, headers, body = fetch(server, path_of(charset_url("windows-1252")))
    assert status == 200 and headers["content-type"] == "text/html"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252" />' in body
    for char in "’œ€":  # bytes 0x80-0x9f: control characters in Latin-1, letters in cp1252
        assert char.encode("cp1252") in body and char.encode("cp1252")[0] in range(0x80, 0xA0)
    text = body.decode("cp1252")
    assert "mise en œuvre" in text and "290 millions d’€" in text and "«" in text
    assert "\x92" in body.decode("iso-8859-1")  # what a Latin-1 reading would get wrong


# -- the feed ---------------------------------------------------------------------


def test_feed_is_rss2(server):
    status, headers, body = fetch(server, path_of(SITE_INFO["feed"]))
    assert status == 200 and headers["content-type"].startswith("application/rss+xml")
    root = ET.fromstring(body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert len(items) == len(SITE_INFO["feed_items"])
    spip_links = 0
    for item, canonical in zip(items, SITE_INFO["feed_items"], strict=True):
        link = item.findtext("link")
        title, description = item.findtext("title"), item.findtext("description")
        assert link.startswith(("https://www.bladi.net/", "http://www.bladi.net/")) and title
        when = parsedate_to_datetime(item.findtext("pubDate"))
        article = ARTICLES[canonical]
        assert when == datetime.fromisoformat(article["published_at"])
        assert " ".join(title.split()) == article["title"]
        ending = f" - {article['section']} - {', '.join(article['tags'])}"
        assert " ".join(description.split()).endswith(ending)
        if re.fullmatch(r"https://www\.bladi\.net/spip\.php\?article\d+", link):
            spip_links += 1
            status, headers, _ = fetch(server, path_of(link))
            assert status == 301 and headers["location"].endswith(path_of(canonical))
        else:
            assert fetch(server, path_of(link))[0] == 200
    assert spip_links >= 1


# -- listings -------------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.grid3, self.metas = [], 0, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href") is not None:
            self.hrefs.append(a["href"])
        if tag == "div" and "grid3" in (a.get("class") or "").split():
            self.grid3 += 1
        if tag == "meta" and a.get("name"):
            self.metas[a["name"]] = a.get("content")


def parse(body: bytes, encoding: str = "utf-8") -> Links:
    p = Links()
    p.feed(body.decode(encoding))
    return p


def test_economie_paginates_twelve_a_page(server):
    first, second = SITE_INFO["listings"]["economie"]
    page1 = parse(fetch(server, path_of(first))[2])
    page2 = parse(fetch(server, path_of(second))[2])
    assert page1.grid3 == 12 and 1 <= page2.grid3 <= 12
    assert "economie.html?debut_suite_rubrique=12#pagination_suite_rubrique" in page1.hrefs
    assert "economie.html#pagination_suite_rubrique" in page2.hrefs


def test_tag_links_use_one_url_form_and_tag_pages_list_their_articles(server):
    form = re.compile(re.escape(SITE_INFO["tag_url_form"]).replace(re.escape("<slug>"), r"[a-z0-9-]+") + "$")
    for t in ARTICLES.values():
        tags = [link for link in t["links"] if link["kind"] == "tag"]
        assert [link["anchor"] for link in tags] == t["tags"]
        for link in tags:
            assert form.match(link["to_url"]) and SITE_INFO["tags"][link["anchor"]] == link["to_url"]
    for tag_url, listed in SITE_INFO["tag_pages"].items():
        status, _, body = fetch(server, path_of(tag_url))
        assert status == 200
        page = parse(body)
        assert page.grid3 == len(listed)
        name = next(n for n, u in SITE_INFO["tags"].items() if u == tag_url)
        for url in listed:
            assert name in ARTICLES[url]["tags"] and path_of(url) in page.hrefs


# -- every page -----------------------------------------------------------------------


def test_every_truth_url_answers_200_and_says_it_is_a_replica():
    s = start(port=0)  # fresh: the fail-once article must answer 500 first, then 200
    try:
        for url, t in ARTICLES.items():
            status, headers, body = fetch(s, path_of(url))
            if url == SITE_INFO["fail_once"]:
                assert status == 500
                status, headers, body = fetch(s, path_of(url))
            assert status == 200, url
            enc = {"iso-8859-1": "iso-8859-1", "windows-1252": "cp1252"}.get(t["charset"], "utf-8")
            page = parse(body, enc)
            kind = "real-text" if url == SITE_INFO["seed"] else "test-text"
            assert page.metas.get("bladiscrape:replica") == kind, url
            assert b'class="replica-note"' in body
    finally:
        s.stop()


def served_pages() -> list[tuple[str, Path]]:
    """(URL path, file) of every HTML page the replica serves."""
    pages = [("/" if f.name == "index.html" and f.parent == SITE else "/" + f.relative_to(SITE).as_posix(), f)
             for f in SITE.rglob("*.html") if not f.relative_to(SITE).as_posix().startswith("_")]
    pages += [(route, SITE / rel) for route, rel in ROUTES.items() if rel.endswith(".html")]
    return pages


def test_every_link_on_every_page_resolves(server):
    declared_404 = {SITE_INFO["not_found"]}
    external = set(SITE_INFO["external_hosts"])
    charsets = {urlsplit(u).path: t["charset"] for u, t in ARTICLES.items()}
    checked: dict[str, int] = {}
    for path, file in served_pages():
        enc = {"iso-8859-1": "iso-8859-1", "windows-1252": "cp1252"}.get(charsets.get(path), "utf-8")
        for href in parse(file.read_bytes(), enc).hrefs:
            absolute = urljoin(server.url + path, href)
            parts = urlsplit(absolute)
            if parts.hostname in ("www.bladi.net", "bladi.net"):
                absolute = server.url + parts.path + (f"?{parts.query}" if parts.query else "")
                parts = urlsplit(absolute)
            if absolute.startswith(server.url):
                target = path_of(absolute)
                if target not in checked:
                    status, headers, _ = fetch(server, target)
                    if status == 301:
                        status = fetch(server, path_of(urljoin(absolute, headers["location"])))[0]
                    checked[target] = status
                canonical = BLADI + urlsplit(target).path
                assert checked[target] == 200 or (checked[target] == 404 and canonical in declared_404), (path, href)
            else:
                assert parts.hostname in external, (path, href)
    assert len(checked) > 50


def test_url_variants_point_to_existing_articles(server):
    kinds = {urlsplit(v["href"]).scheme + "://" + (urlsplit(v["href"]).netloc or "") for v in SITE_INFO["url_variants"]}
    assert {"https://www.bladi.net", "http://bladi.net", "https://bladi.net", "://"} <= kinds
    assert any("#comments" in v["href"] for v in SITE_INFO["url_variants"])
    assert any("utm_source=facebook&utm_medium=social" in v["href"] for v in SITE_INFO["url_variants"])
    for v in SITE_INFO["url_variants"]:
        assert v.get("article", v["canonical"]) in ARTICLES


def test_demo_start_paths(server):
    assert DEMO_START_PATHS == (path_of(SITE_INFO["seed"]), path_of(SITE_INFO["feed"]))


def test_module_runs_as_a_command():
    proc = subprocess.Popen([sys.executable, "-m", "bladiscrape.replica.server", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        conn = http.client.HTTPConnection(urlsplit(url).hostname, urlsplit(url).port, timeout=10)
        conn.request("GET", "/robots.txt")
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_throttled_answers_are_counted_down_once_each_under_concurrency():
    from concurrent.futures import ThreadPoolExecutor
    from urllib.error import HTTPError
    from urllib.request import urlopen

    from bladiscrape.replica.server import start

    server = start(port=0)
    try:
        server.throttled["/economie.html"] = (5, 1)

        def status(_):
            try:
                with urlopen(server.url + "/economie.html", timeout=10) as response:
                    return response.status
            except HTTPError as e:
                return e.code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(status, range(40)))
        assert statuses.count(429) == 5 and statuses.count(200) == 35
    finally:
        server.stop()
