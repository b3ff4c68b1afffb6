"""Render the page files (``pages/*.yml``, read by ``content.py``) into ``site/`` and ``tests/replica_truth.json``.

    python -m tools.replica.build_site

The static files in ``site/`` are what the server serves; this script is only
how they were written (four template eras from one hand-written content table),
kept so that a change to a page and to its ground truth is made in one place.
It never parses HTML: the truth comes from the page files, not from the pages.

``build(site, truth)`` writes elsewhere (the regeneration test builds into a
temporary directory and compares with the committed files).
"""

from __future__ import annotations

import json
import re
import shutil
from functools import partial
from pathlib import Path

from tools.replica.content import FEED, MOST_READ, ROLES, RUBRICS, TAG_SLUGS
from tools.replica.eras import DMETA_PUBLISHED, RENDER
from tools.replica.render import (
    BLADI,
    BY_ID,
    LEGAL,
    LISTING_SIZE,
    NOT_FOUND,
    PAGES,
    ROBOTS,
    SEED,
    SERVER_ERROR,
    SITE,
    TRUTH,
    body_links,
    canonical,
    date_line,
    e,
    feed_xml,
    href_to,
    image_url,
    iso,
    listing_items,
    listing_page,
    pagination,
    para_text,
    plain,
    ref,
    root_rel,
    tag_path,
    url_of,
)


# -------------------------------------------------------- crawl simulation
def simulate(max_depth: int, truth: dict) -> set[str]:
    """Article URLs stored by ``crawl --depth N <seed> <feed>`` under the spider's documented rules.

    Start articles and feed items are depth 0; from an in-topic article at depth d
    its further_reading/recommended/in_body links give depth d+1 (if <= N) and its
    tag pages (requested when d+1 <= N) list their first page's items at d+1.
    Off-topic articles are stored, nothing of theirs is followed.
    """
    tag_items = tag_listing()
    start = [url_of(SEED)] + [url_of(BY_ID[i]) for i, _ in FEED]
    depth = {u: 0 for u in start}
    frontier = list(dict.fromkeys(start))
    disallowed = {url_of(a) for a in PAGES if a.path.startswith("archives/")}
    while frontier:
        nxt = []
        for u in frontier:
            t = truth.get(u)
            if t is None or not t["in_topic"] or depth[u] + 1 > max_depth:
                continue
            targets = [link["to_url"] for link in t["links"] if link["kind"] != "tag"]
            for link in t["links"]:
                if link["kind"] == "tag":
                    targets += [url_of(x) for x in tag_items[link["to_url"]][:LISTING_SIZE]]
            for v in targets:
                if v.startswith(BLADI) and re.search(r",\d+\.html$", v) and v not in depth and v not in disallowed:
                    depth[v] = depth[u] + 1
                    nxt.append(v)
        frontier = nxt
    return {u for u in depth if u in truth}


def tag_listing() -> dict[str, list]:
    return {f"{BLADI}/{tag_path(t)}": listing_items([a for a in PAGES if t in a.tags]) for t in TAG_SLUGS}


# -------------------------------------------------------------------- build
def truth_entry(a) -> dict:
    links = body_links(a)
    links += [{"to_url": canonical(href_to(tag_path(t), root_rel(a)), a.path),
               "kind": "tag", "anchor": plain(t), "teaser": None, "position": i + 1} for i, t in enumerate(a.tags)]
    for kind, items in (("further_reading", a.fr), ("recommended", a.rec)):
        for i, x in enumerate(items):
            t, h = ref(x, a)
            teaser = None if (kind == "recommended" and a.era == "b") else plain(t.teaser)
            links.append({"to_url": canonical(h, a.path), "kind": kind, "anchor": plain(t.title), "teaser": teaser,
                          "position": i + 1})
    return {
        "id": int(a.path.rsplit(",", 1)[1][:-5]),
        "slug": a.path.rsplit("/", 1)[-1].split(",", 1)[0],
        "title": plain(a.title),
        "lead": plain(a.lead),
        "body": plain("\n\n".join(para_text(p) for p in a.body)),
        "published_at": iso(a),
        "published_raw": DMETA_PUBLISHED if a.era == "d" else plain(date_line(a)),
        "section": a.section,
        "author": a.author,
        "tags": [plain(t) for t in a.tags],
        "image_url": image_url(a),
        "in_topic": a.in_topic,
        "era": a.era,
        "charset": a.charset,
        "text": a.text,
        "role": a.role or None,
        "links": links,
    }


def encode(a, text: str) -> bytes:
    if a.charset == "iso-8859-1":
        return text.encode("iso-8859-1", errors="xmlcharrefreplace")  # SPIP wrote &#8217; for ’
    if a.charset == "windows-1252":
        return text.encode("cp1252")
    return text.encode("utf-8")


def _write(root: Path, rel: str, data: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def build(site: Path = SITE, truth: Path = TRUTH) -> dict:
    """Write the whole site into ``site`` (emptied first) and the ground truth into ``truth``."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    write = partial(_write, site)
    for a in PAGES:
        write(a.path, encode(a, RENDER[a.era](a)))
    # Rubrics, home, tags.
    eco = listing_items([a for a in PAGES if a.section == "Economie"])
    assert LISTING_SIZE < len(eco) <= 2 * LISTING_SIZE, len(eco)
    write("economie.html", listing_page("Economie", eco[:LISTING_SIZE], False, pagination("economie.html", 0, 2)))
    write("_routes/economie,debut_suite_rubrique=12.html",
          listing_page("Economie", eco[LISTING_SIZE:], False, pagination("economie.html", 1, 2)))
    for name in ("Maroc", "Monde"):
        items = listing_items([a for a in PAGES if a.section == name])
        assert len(items) <= LISTING_SIZE
        write(RUBRICS[name], listing_page(name, items, False))
    write("index.html", listing_page("À la une", listing_items(PAGES)[:LISTING_SIZE], False))
    for t, slug in TAG_SLUGS.items():
        items = listing_items([a for a in PAGES if t in a.tags])
        assert len(items) <= LISTING_SIZE, t  # one page per tag: no tag pagination in the replica
        write(f"mot/{slug}.html", listing_page(t, items, True, intro=f'<p class="mot-descriptif">Sujet : {e(t)}</p>\n'))
    write("_routes/backend.xml", feed_xml())
    write("robots.txt", ROBOTS)
    write("mentions-legales.html", LEGAL)
    write("_errors/404.html", NOT_FOUND)
    write("_errors/500.html", SERVER_ERROR)
    return write_truth(truth)


def write_truth(path: Path) -> dict:
    truth = {url_of(a): truth_entry(a) for a in sorted(PAGES, key=lambda a: a.path)}
    site_info = site_entry(truth)
    out = {"_site": site_info, **truth}
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def site_entry(truth: dict) -> dict:
    k = lambda i: url_of(BY_ID[i])  # noqa: E731
    r = ROLES
    d3, d2 = simulate(3, truth), simulate(2, truth)
    never = {k(x): BY_ID[x].role for x in r["never_fetch"]}
    variants = []
    for a in PAGES:
        for x in a.fr + a.rec:
            if isinstance(x, tuple):
                variants.append({"on": url_of(a), "href": x[1], "canonical": canonical(x[1], a.path)})
    for key, link in FEED:
        if link:
            variants.append({"on": "https://www.bladi.net/spip.php?page=backend", "href": link,
                             "canonical": canonical(link, "spip.php"), "article": k(key)})
    # Every constraint the integration tests rely on, checked here rather than hoped for.
    chain = [k(x) for x in r["chain"]]
    assert chain[3] in d3 and chain[3] not in d2 and chain[2] in d2 and chain[4] not in d3, (d2, d3)
    assert not set(never) & d3, set(never) & d3
    assert d2 < d3
    return {
        "note": ("Ground truth of the bladiscrape replica, written from the hand-written page files in "
                 "tools/replica/pages/, "
                 "never from an extractor. Keys other than _site are canonical article URLs."),
        "canonical_origin": BLADI,
        "seed": url_of(SEED),
        "feed": f"{BLADI}/spip.php?page=backend",
        "feed_items": [k(i) for i, _ in FEED],
        "home": f"{BLADI}/",
        "listings": {"economie": [f"{BLADI}/economie.html", f"{BLADI}/economie.html?debut_suite_rubrique=12"],
                     "maroc": [f"{BLADI}/maroc.html"], "monde": [f"{BLADI}/monde.html"]},
        "listing_page_size": LISTING_SIZE,
        "tag_url_form": f"{BLADI}/mot/<slug>.html",
        "tags": {t: f"{BLADI}/{tag_path(t)}" for t in TAG_SLUGS},
        "tag_pages": {url: [url_of(x) for x in items] for url, items in tag_listing().items()},
        "fetched_depth3": sorted(d3),
        "fetched_depth2": sorted(d2),
        "chain": chain,
        "never_fetch": sorted(never),
        "never_fetch_why": never,
        "most_read": [k(x) for x in MOST_READ],
        "off_topic_second_level": [k(x) for x in r["off_topic_second_level"]],
        "only_linked_from_off_topic": [k(x) for x in r["only_linked_from_off_topic"]],
        "not_found": k(r["not_found"]),
        "not_found_linked_from": k(r["not_found_linked_from"]),
        "unknown_path_example": f"{BLADI}/cette-page-n-existe-pas,99999.html",
        "fail_once": k(r["fail_once"]),
        "robots_disallowed": k(r["robots_disallowed"]),
        "robots_disallow": ["/ecrire/", "/local/", "/prive/", "/squelettes/", "/archives/"],
        "charsets": {"iso-8859-1 (HTTP header only)": k(r["charset_latin1_header"]),
                     "windows-1252 (<meta> only)": k(r["charset_cp1252_meta"])},
        "redirects": {f"{BLADI}/spip.php?article{a.path.rsplit(',', 1)[1][:-5]}": url_of(a)
                      for a in PAGES},
        "url_variants": variants,
        "external_hosts": ["www.anrt.ma", "www.sgg.gov.ma", "www.facebook.com", "twitter.com",
                           "api.whatsapp.com", "whatsapp.com", "news.google.com"],
        "crawl_model": [
            "start points (seed article, feed items) are depth 0",
            "from an in-topic article at depth d: further_reading, recommended and in_body links to "
            "Bladi.net articles are depth d+1, fetched when d+1 <= --depth",
            "its tag pages are requested when d+1 <= --depth; their items (first page) are depth d+1",
            "off-topic articles are stored; none of their links is followed",
            "robots.txt is obeyed; 'Les plus lus', navigation, share and footer links are not article links",
        ],
        "conventions": [
            "text fields (title, lead, body, anchors, teasers, tags, published_raw): any run of whitespace, "
            "U+00A0 no-break spaces included (the pages keep Bladi's French typography: « like », 'Maroc : ...'), "
            "is one ASCII space; entities are decoded",
            "body: the article text after the lead; paragraphs joined by one blank line; a <br> inside a "
            "paragraph is a single newline (SPIP's autobr: the author's line break); empty paragraphs are dropped",
            "published_raw: the whole date line as displayed (eras a-c); for era d the datePublished value",
            "published_at: local time of the page with the Africa/Casablanca offset then in force",
            "links: in page order, position 1-based within each kind; anchor is the link text; Bladi.net "
            "targets are canonical (https://www.bladi.net, no tracking parameters, no fragment)",
            "recommended items on era b pages have no teaser (null)",
        ],
    }


if __name__ == "__main__":
    out = build()
    s = out["_site"]
    print(f"{len(out) - 1} articles; depth 3: {len(s['fetched_depth3'])}, depth 2: {len(s['fetched_depth2'])}")
