"""Listing pages: home, rubriques, tags, search, the RSS feed, robots.txt.

Three listing markups on purpose, because the live site has more than one
and SPIP names each loop's pagination parameter after the loop:

- rubriques: ``div.grid3 `` cards, 12 a page, ``?debut_suite_rubrique=N``;
- tags (``/mot/<slug>.html`` and ``/spip.php?page=mot&id_mot=N``):
  ``article.card`` with ``<time datetime>``, 20 a page, ``?debut_articles=N``;
- search: ``<li>`` lines, 10 a page, ``&debut_resultats=N``.

Pagination follows SPIP's default model: the first page, two pages either
side of the current one, the last page, and "<" / ">" links with
``rel="prev"`` / ``rel="next"``; an offset past the end gives an empty page
(200), as SPIP does.
"""

from __future__ import annotations

from collections.abc import Callable
from email.utils import format_datetime
from html import escape
from urllib.parse import quote_plus

from .clock import aware, french_date
from .pages import image, page
from .site import FEED_SIZE, RUBRIQUE_PAGE, SEARCH_PAGE, TAG_PAGE, Card, SyntheticSite, known

ROBOTS = "User-agent: *\nDisallow: /ecrire/\nDisallow: /prive/\nDisallow: /local/\n"
HOME_SIZE = 24


def pagination(start: int, total: int, size: int, url: Callable[[int], str], anchor: str) -> str:
    pages = max(1, -(-total // size))
    current = start // size
    shown = sorted({0, pages - 1, *(p for p in range(current - 2, current + 3) if 0 <= p < pages)})
    parts, previous = [], None
    for p in shown:
        if previous is not None:
            parts.append('<span class="sep"> | </span>' if p == previous + 1
                         else '<span class="sep"> | </span><span class="tbc">...</span><span class="sep"> | </span>')
        parts.append(f'<strong class="on">{p + 1}</strong>' if p == current
                     else f'<a class="lien_pagination" href="{url(p * size)}">{p + 1}</a>')
        previous = p
    prev_link = (f'<a class="lien_pagination precedent" rel="prev" href="{url(max(0, start - size))}">&lt;</a>'
                 if start > 0 else "")
    next_link = (f'<a class="lien_pagination suivant" rel="next" href="{url(start + size)}">&gt;</a>'
                 if start + size < total else "")
    return (f'<p class="pagination"><a id="{anchor}"></a>{prev_link}<span class="pages">{"".join(parts)}</span>'
            f"{next_link}</p>")


def _url_maker(base: str, param: str, anchor: str) -> Callable[[int], str]:
    """``economie.html?debut_suite_rubrique=24#pagination_suite_rubrique``; no parameter for page 1."""
    joiner = "&amp;" if "?" in base else "?"

    def url(offset: int) -> str:
        return f"{base}{joiner}{param}={offset}#{anchor}" if offset else f"{base}#{anchor}"

    return url


def grid_item(site: SyntheticSite, c: Card, root: str = "") -> str:
    return (f'<div class="grid3 ">\n<a href="{root}{c.slug},{c.id}.html">\n'
            f'<div class="accueil">{image(site, c.id)}'
            f'<span class="accueildate">{french_date(c.published)}</span></div>\n'
            f'<div class="mbs">\n<h2>{escape(c.title)}</h2>\n{escape(c.teaser)}\n</div>\n</a>\n</div>')


def home_page(site: SyntheticSite) -> str:
    items = "\n".join(grid_item(site, known(site.card(i), i)) for i in site.latest(HOME_SIZE))
    main = ('<div class="magauche pas">\n<h1 class="titre-rubrique">À la une</h1>\n'
            f'<div class="line liste-articles">\n{items}\n</div>\n'
            '<p class="rss"><a href="spip.php?page=backend" type="application/rss+xml">'
            'Flux RSS des derniers articles</a></p>\n</div>')
    return page(site, "Bladi.net, l’actualité du Maroc", "page_sommaire", main)


def rubrique_page(site: SyntheticSite, slug: str, start: int) -> str:
    rubrique = known(site.rubrique(slug), slug)
    ids = site.rubrique_ids(slug)
    items = "\n".join(grid_item(site, known(site.card(i), i)) for i in site.rubrique_page(slug, start))
    nav = pagination(start, len(ids), RUBRIQUE_PAGE,
                     _url_maker(f"{slug}.html", "debut_suite_rubrique", "pagination_suite_rubrique"),
                     "pagination_suite_rubrique")
    main = (f'<div class="magauche pas">\n<h1 class="titre-rubrique">{escape(rubrique.title)}</h1>\n'
            f'<div class="line liste-articles">\n{items}\n</div>\n{nav}\n</div>')
    return page(site, rubrique.title, "page_rubrique", main, f'<link rel="canonical" href="/{slug}.html" />\n')


def tag_page(site: SyntheticSite, slug: str, start: int, generic_form: bool = False) -> str:
    """A tag's articles; ``generic_form``: served as ``spip.php?page=mot&id_mot=N`` (same items)."""
    tag = known(site.tag(slug), slug)
    base = f"/spip.php?page=mot&amp;id_mot={tag.id}" if generic_form else f"/mot/{slug}.html"
    cards = []
    for i in site.tag_page(slug, start):
        c = known(site.card(i), i)
        cards.append(f'<article class="card"><h3><a href="/{c.slug},{c.id}.html">{escape(c.title)}</a></h3>'
                     f'<time datetime="{aware(c.published).isoformat()}">{french_date(c.published)}</time>'
                     f"<p>{escape(c.teaser)}</p></article>")
    nav = pagination(start, len(site.tag_ids(slug)), TAG_PAGE,
                     _url_maker(base, "debut_articles", "pagination_articles"), "pagination_articles")
    main = (f'<div class="magauche pas mot">\n<h1 class="titre-mot">{escape(tag.name)}</h1>\n'
            f'<div class="liste-mot">\n' + "\n".join(cards) + f"\n</div>\n{nav}\n</div>")
    return page(site, tag.name, "page_mot", main, f'<link rel="canonical" href="/mot/{slug}.html" />\n', root="/")


def search_page(site: SyntheticSite, query: str, start: int) -> str:
    found = site.search(query)
    lines = []
    for i in found[max(0, start):max(0, start) + SEARCH_PAGE]:
        c = known(site.card(i), i)
        lines.append(f'<li><a href="{c.slug},{c.id}.html"><strong>{escape(c.title)}</strong></a> '
                     f'<span class="date">{french_date(c.published)}</span></li>')
    base = "spip.php?page=recherche&amp;recherche=" + escape(quote_plus(query))
    nav = pagination(start, len(found), SEARCH_PAGE, _url_maker(base, "debut_resultats", "pagination_resultats"),
                     "pagination_resultats") if found else ""
    main = (f'<div class="magauche pas recherche">\n'
            f'<h1 class="titre-recherche">Résultats de la recherche « {escape(query)} »</h1>\n'
            f'<p class="nb-resultats">{len(found)} résultat{"s" if len(found) != 1 else ""}</p>\n'
            f'<ul class="liste-resultats">\n' + "\n".join(lines) + f"\n</ul>\n{nav}\n</div>")
    return page(site, f"Recherche : {query}", "page_recherche", main, '<meta name="robots" content="noindex" />\n')


def feed(site: SyntheticSite, origin: str) -> str:
    """RSS 2.0 of the ``FEED_SIZE`` newest articles; links absolute on ``origin`` (the request's host)."""
    items = []
    for i in site.latest(FEED_SIZE):
        a = known(site.article(i), i)
        link = f"{origin}{a.path}"
        when = aware(a.published)
        categories = [known(site.rubrique(a.rubrique), a.rubrique).title] + [known(site.tag(t), t).name for t in a.tags]
        items.append("\n".join([
            '<item xml:lang="fr">',
            f"<title>{escape(a.title, quote=False)}</title>",
            f"<link>{escape(link, quote=False)}</link>",
            f'<guid isPermaLink="true">{escape(link, quote=False)}</guid>',
            f"<pubDate>{format_datetime(when)}</pubDate>",
            f"<dc:date>{when.isoformat()}</dc:date>",
            "<dc:creator>Bladi.net</dc:creator>",
            *(f"<category>{escape(name, quote=False)}</category>" for name in categories),
            f"<description>{escape(a.teaser, quote=False)}</description>",
            "</item>",
        ]))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel xml:lang="fr">\n'
            "<title>Bladi.net (réplique synthétique bladiscrape, textes de test)</title>\n"
            f"<link>{escape(origin, quote=False)}/</link>\n"
            "<description>Réplique synthétique de Bladi.net pour les tests de bladiscrape : "
            "textes de test, ce ne sont pas des articles de Bladi.net.</description>\n"
            "<language>fr</language>\n<generator>SPIP - www.spip.net</generator>\n"
            + "\n".join(items) + "\n</channel>\n</rss>\n")
