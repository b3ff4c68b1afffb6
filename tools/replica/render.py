"""Shared pieces of the replica's pages: dates, links, notes; listings, the feed, fixed pages.

Used by ``build_site`` only (article templates are in ``eras.py``).
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from tools.replica.content import ARTICLES, FEED, MOST_READ, RUBRICS, TAG_SLUGS

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "bladiscrape" / "replica" / "site"
TRUTH = ROOT / "tests" / "replica_truth.json"
BLADI = "https://www.bladi.net"
TZ = ZoneInfo("Africa/Casablanca")
BY_ID = {a.id: a for a in ARTICLES}
SEED = next(a for a in ARTICLES if a.text == "real")
PAGES = [a for a in ARTICLES if a.exists]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
NO_ACCENT = {"février": "fevrier", "août": "aout", "décembre": "decembre"}
LISTING_SIZE = 12

SEED_NOTE = ("Page de la réplique hors ligne de bladiscrape. Le titre, la date et le texte de cet article sont "
             "ceux de Bladi.net (28 février 2016) ; la mise en page, les liens et les autres pages sont des "
             "reconstitutions.")
TEST_NOTE = ("Texte de test écrit pour la réplique hors ligne de bladiscrape ; ce n’est pas un article de "
             "Bladi.net.")
LINKED_NOTE = " Seuls le titre et le chapeau sont repris de Bladi.net (liens de l’article du 28 février 2016)."
PAGE_NOTE = ("Page de la réplique hors ligne de bladiscrape : liste reconstituée, textes de test ; ce n’est pas "
             "une page de Bladi.net.")
TRACKING = ("utm_",)

e = lambda s: html.escape(s, quote=False)  # noqa: E731
q = lambda s: html.escape(s, quote=True)  # noqa: E731


# ----------------------------------------------------------------- helpers
def local_dt(a) -> datetime:
    return datetime(*a.when, tzinfo=TZ)


def iso(a) -> str:
    return local_dt(a).isoformat()


def date_words(a, accents: bool | None = None) -> str:
    """"8 janvier 2016", "1er mars 2016"; ``accents`` None follows the page's own spelling."""
    y, m, d = a.when[:3]
    month = MONTHS[m - 1]
    if (a.no_accent if accents is None else not accents):
        month = NO_ACCENT.get(month, month)
    return f"{'1er' if d == 1 else d} {month} {y}"


def time_words(a) -> str:
    hour = a.when[3]
    return f"{hour if a.short_hour else f'{hour:02d}'}h{a.when[4]:02d}"


def date_line(a) -> str:
    author = f" {a.author}" if a.author else ""
    return f"{date_words(a)} - {time_words(a)} - {a.section} - Ecrit par :{author}"


def canonical(href: str, page_path: str) -> str:
    """Canonical form of a link (a hand-written twin of urls.canonical_url, for the truth file)."""
    parts = urlsplit(urljoin(f"{BLADI}/{page_path}", href))
    if parts.hostname in ("www.bladi.net", "bladi.net"):
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.startswith(TRACKING)], safe=",")
        return urlunsplit(("https", "www.bladi.net", parts.path, query, ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def url_of(a) -> str:
    return f"{BLADI}/{a.path}"


def root_rel(a) -> bool:
    """Era c and pages below the root write root-relative links ("/x.html"); the others bare ones."""
    return a.era == "c" or "/" in a.path


def href_to(target_path: str, from_root_rel: bool) -> str:
    if not target_path:  # the home page
        return "/" if from_root_rel else "./"
    return f"/{target_path}" if from_root_rel else target_path


def ref(item, a):
    """(target article, href as written on page ``a``) for an fr/rec entry."""
    if isinstance(item, tuple):
        return BY_ID[item[0]], item[1]
    target = BY_ID[item]
    return target, href_to(target.path, root_rel(a))


PARA_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def para_html(p: str) -> str:
    out, pos = [], 0
    for m in PARA_LINK.finditer(p):
        out.append(e(p[pos:m.start()]))
        cls = 'class="spip_out" rel="external"' if m.group(2).startswith("http") else 'class="spip_in"'
        out.append(f'<a href="{q(m.group(2))}" {cls}>{e(m.group(1))}</a>')
        pos = m.end()
    out.append(e(p[pos:]))
    return "".join(out).replace("\n", '<br class="autobr">\n')


def para_text(p: str) -> str:
    return PARA_LINK.sub(lambda m: m.group(1), p)


def plain(s: str | None) -> str | None:
    """Text as the truth records it: no-break spaces (French typography on the pages) are plain spaces."""
    return s.replace("\u00a0", " ").replace("\u202f", " ") if s is not None else None


def body_links(a) -> list[dict]:
    links = []
    for p in a.body:
        for m in PARA_LINK.finditer(p):
            links.append({"to_url": canonical(m.group(2), a.path), "kind": "in_body", "anchor": plain(m.group(1)),
                          "teaser": None, "position": len(links) + 1})
    return links


def tag_path(name: str) -> str:
    return f"mot/{TAG_SLUGS[name]}.html"


def image_url(a) -> str | None:
    return f"{BLADI}/{a.image}" if a.image else None


def note(a) -> str:
    if a.text == "real":
        return SEED_NOTE
    linked = {x if isinstance(x, int) else x[0] for x in SEED.fr + SEED.rec}
    return TEST_NOTE + (LINKED_NOTE if a.id in linked else "")


def share(a) -> list[tuple[str, str]]:
    u = quote(url_of(a), safe="")
    t = quote(a.title, safe="")
    return [(f"https://www.facebook.com/sharer/sharer.php?u={u}", "Facebook"),
            (f"https://twitter.com/intent/tweet?url={u}&text={t}", "X"),
            (f"https://api.whatsapp.com/send?text={t}%20{u}", "WhatsApp")]


GN = ("https://news.google.com/publications/replica-bladinet?hl=fr", "Bladi.net Google News",
      "Suivez bladi.net sur Google News")
WA = ("https://whatsapp.com/channel/replica-bladinet", "Bladi.net sur WhatsApp", "Suivez bladi.net sur WhatsApp")


def most_read(a_root_rel: bool) -> list[tuple[str, str]]:
    return [(href_to(BY_ID[i].path, a_root_rel), BY_ID[i].title) for i in MOST_READ]


def listing_items(articles) -> list:
    return sorted((x for x in articles if x.exists and x.listed), key=local_dt, reverse=True)

def nav_items(rr: bool) -> str:
    return "\n".join(f'<li><a href="{href_to(p, rr)}">{e(n)}</a></li>' for n, p in RUBRICS.items())


# ------------------------------------------------------------ listing pages
def listing_page(title: str, items, rr: bool, pagination: str = "", intro: str = "") -> str:
    r = lambda p: href_to(p, rr)  # noqa: E731
    blocks = []
    for x in items:
        img = f'<img src="{r(x.image)}" class="imglogo" alt="" width="300" height="188" />' if x.image else ""
        blocks.append(f'<div class="grid3 ">\n<a href="{r(x.path)}">\n<div class="accueil">{img}'
                      f'<span class="accueildate">{date_words(x, accents=True)}</span></div>\n'
                      f'<div class="mbs">\n<h2>{e(x.title)}</h2>\n{e(x.teaser)}\n</div>\n</a>\n</div>')
    side = "\n".join(f'<li><a href="{q(h)}">{e(t)}</a></li>' for h, t in most_read(rr))
    items_html = "\n".join(blocks)
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="fr">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(title)} - Bladi.net</title>
<meta name="bladiscrape:replica" content="test-text" />
<link rel="alternate" type="application/rss+xml" title="Bladi.net" href="{r('spip.php?page=backend')}" />
</head>
<body class="page_rubrique">
<div class="replica-banner" role="note"><p class="replica-note">{e(PAGE_NOTE)}</p></div>
<div class="page ">
<div class="header ">
<div class="line"><a href="{r('')}" class="logo"><img src="{r('squelettes/img/logo-bladi.png')}" alt="Bladi.net" /></a></div>
<ul class="menu-rubriques">
{nav_items(rr)}
</ul>
</div>
<div class="line mtm">
<div class="magauche pas">
<h1 class="titre-rubrique">{e(title)}</h1>
{intro}<div class="line liste-articles">
{items_html}
</div>
{pagination}</div>
<div class="madroite pas">
<div class="lespluslus">
<h2 class="titre-bloc">Les plus lus</h2>
<ul>
{side}
</ul>
</div>
</div>
</div>
<div class="footer ">
<p>© 2000-2025 Bladi.net - <a href="{r('mentions-legales.html')}">Mentions légales</a></p>
</div>
</div>
</body>
</html>
"""


def pagination(base: str, current: int, pages: int) -> str:
    parts = []
    for n in range(pages):
        link = base if n == 0 else f"{base}?debut_suite_rubrique={n * LISTING_SIZE}"
        if n == current:
            parts.append(f'<strong class="on">{n + 1}</strong>')
        else:
            parts.append(f'<a href="{link}#pagination_suite_rubrique" class="lien_pagination">{n + 1}</a>')
    if current < pages - 1:
        parts.append(f'<a href="{base}?debut_suite_rubrique={(current + 1) * LISTING_SIZE}#pagination_suite_rubrique" '
                     'class="lien_pagination suivant">&gt;</a>')
    sep = '<span class="sep"> | </span>'
    return f'<p class="pagination"><a id="pagination_suite_rubrique"></a>{sep.join(parts)}</p>\n'


# ------------------------------------------------------------------ the feed
def feed_xml() -> str:
    items = []
    for key, link in FEED:
        a = BY_ID[key]
        link = link or url_of(a)
        desc = f"{a.teaser} - {a.section} - {', '.join(a.tags)}"
        cats = "".join(f"<dc:subject>{e(t)}</dc:subject>\n" for t in a.tags)
        items.append(f"""<item xml:lang="fr">
<title>{e(a.title)}</title>
<link>{e(link)}</link>
<guid isPermaLink="true">{e(link)}</guid>
<dc:date>{local_dt(a).astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")}</dc:date>
<pubDate>{format_datetime(local_dt(a))}</pubDate>
<dc:format>text/html</dc:format>
<dc:language>fr</dc:language>
<dc:creator>{e(a.author or "")}</dc:creator>
<category>{e(a.section)}</category>
{cats}<description>{e(desc)}</description>
</item>""")
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel xml:lang="fr">
<title>Bladi.net (réplique hors ligne bladiscrape, textes de test)</title>
<link>https://www.bladi.net/</link>
<description>Réplique hors ligne de Bladi.net pour les tests de bladiscrape : seuls le titre et le texte de l’article du 28 février 2016 sont réels.</description>
<language>fr</language>
<generator>SPIP - www.spip.net</generator>
{body}
</channel>
</rss>
"""


ROBOTS = """# Replica of Bladi.net for bladiscrape's offline tests (not the live site's robots.txt).
User-agent: *
Disallow: /ecrire/
Disallow: /local/
Disallow: /prive/
Disallow: /squelettes/
Disallow: /archives/
"""

NOT_FOUND = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Page introuvable - Bladi.net</title>
<meta name="bladiscrape:replica" content="test-text">
</head>
<body class="page_404">
<div class="replica-banner" role="note"><p class="replica-note">Page d’erreur de la réplique hors ligne de bladiscrape.</p></div>
<h1>Page introuvable</h1>
<p>La page demandée n’existe pas ou a été supprimée.</p>
<p><a href="/">Retour à l’accueil</a> - <a href="/economie.html">Economie</a></p>
</body>
</html>
"""

SERVER_ERROR = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Erreur 500</title></head>
<body><h1>Erreur 500</h1><p>Le serveur de la réplique simule une panne passagère : réessayez.</p></body></html>
"""

LEGAL = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Mentions légales - Bladi.net</title>
<meta name="bladiscrape:replica" content="test-text">
</head>
<body class="page_page">
<div class="replica-banner" role="note"><p class="replica-note">Page de la réplique hors ligne de bladiscrape ; ce n’est pas une page de Bladi.net.</p></div>
<div class="page ">
<h1>Mentions légales</h1>
<p>Cette réplique sert aux tests de bladiscrape. Elle est servie sur 127.0.0.1 et ne reproduit de Bladi.net que le texte d’un article du 28 février 2016, cité à des fins de recherche.</p>
<p><a href="/">Accueil</a></p>
</div>
</body>
</html>
"""


