"""Render ``content.py`` into ``site/`` and ``tests/replica_truth.json``.

    python -m bladiscrape.replica.build_site

The static files in ``site/`` are what the server serves; this script is only
how they were written (four template eras from one hand-written content table),
kept so that a change to a page and to its ground truth is made in one place.
It never parses HTML: the truth comes from ``content.py``, not from the pages.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from .content import ARTICLES, FEED, MOST_READ, RUBRICS, TAG_SLUGS

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
TRUTH = HERE.parents[1] / "tests" / "replica_truth.json"
BLADI = "https://www.bladi.net"
TZ = ZoneInfo("Africa/Casablanca")
BY_KEY = {a.key: a for a in ARTICLES}
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
        return BY_KEY[item[0]], item[1]
    target = BY_KEY[item]
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
    if a.key == "S":
        return SEED_NOTE
    linked = {x if isinstance(x, str) else x[0] for x in BY_KEY["S"].fr + BY_KEY["S"].rec}
    return TEST_NOTE + (LINKED_NOTE if a.key in linked else "")


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
    return [(href_to(BY_KEY[k].path, a_root_rel), BY_KEY[k].title) for k in MOST_READ]


def listing_items(articles) -> list:
    return sorted((x for x in articles if x.exists and x.listed), key=local_dt, reverse=True)


# ------------------------------------------------------------ era a (2019-2021)
def head_common(a, charset_meta: str, extra: str = "") -> str:
    kind = "real-text" if a.key == "S" else "test-text"
    return (f"<head>\n{charset_meta}\n<title>{e(a.title)} - Bladi.net</title>\n"
            f'<meta name="bladiscrape:replica" content="{kind}" />\n'
            f'<meta name="description" content="{q(a.teaser)}" />\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1" />\n{extra}'
            f'<link rel="alternate" type="application/rss+xml" title="Bladi.net" href="{"/" if root_rel(a) else ""}spip.php?page=backend" />\n'
            "</head>\n")


def og(a) -> str:
    out = (f'<link rel="canonical" href="{url_of(a)}" />\n<meta property="og:type" content="article" />\n'
           f'<meta property="og:title" content="{q(a.title)}" />\n'
           f'<meta property="og:description" content="{q(a.teaser)}" />\n'
           f'<meta property="og:url" content="{url_of(a)}" />\n')
    if a.image:
        out += f'<meta property="og:image" content="{image_url(a)}" />\n'
    return out


def charset_meta(a) -> str:
    if a.charset == "iso-8859-1":
        return "<!-- charset: see the HTTP Content-Type header -->"
    return f'<meta http-equiv="Content-Type" content="text/html; charset={a.charset}" />'


def render_a(a) -> str:
    r = lambda p: href_to(p, root_rel(a))  # noqa: E731
    body = "\n".join(f"<p>{para_html(p)}</p>" for p in a.body)
    if a.empty_p:
        first, _, rest = body.partition("\n")
        body = f"{first}\n<p></p>\n{rest}"
    if a.trailing_br:
        body = body[: -len("</p>")] + "<br></p>"
    tags = " - ".join(f'<a href="{r(tag_path(t))}" class="motcle">{e(t)}</a>' for t in a.tags)
    fr = "\n".join(f'<div class="item-lie mbm"><h3 class="mbs"><a href="{q(h)}">{e(t.title)}</a></h3>'
                   f'<p class="intro">{e(t.teaser)}</p></div>' for t, h in (ref(x, a) for x in a.fr))
    rec = "\n".join(f'<li><a href="{q(h)}" class="titre-interesser">{e(t.title)}</a><p>{e(t.teaser)}</p></li>'
                    for t, h in (ref(x, a) for x in a.rec))
    img = f'<div class="illustration mbs"><img src="{r(a.image)}" class="imglogo" alt="" width="800" height="500" /></div>\n' if a.image else ""
    shares = "".join(f'<a href="{q(h)}" class="partage-{n.lower()}" rel="nofollow" target="_blank">{n}</a> ' for h, n in share(a))
    side = "\n".join(f'<li><a href="{q(h)}">{e(t)}</a></li>' for h, t in most_read(root_rel(a)))
    blocks = ""
    if a.tags:
        blocks += f'<div class="sujets mtm">Sujets associés : {tags}</div>\n'
    if a.fr:
        blocks += f'<div class="allerplusloin mtl">\n<h2 class="titre-bloc">Aller plus loin</h2>\n{fr}\n</div>\n'
    if a.rec:
        blocks += (f'<div class="interesser mtl">\n<h2 class="titre-bloc">Ces articles devraient vous intéresser :</h2>\n'
                   f'<ul class="liste-interesser">\n{rec}\n</ul>\n</div>\n')
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="fr" class="ltr fr no-js">
{head_common(a, charset_meta(a), og(a))}<body class="page_article">
<div class="replica-banner" role="note"><p class="replica-note">{e(note(a))}</p></div>
<div class="page ">
<div class="header ">
<div class="line"><a href="{r('')}" class="logo"><img src="{r('squelettes/img/logo-bladi.png')}" alt="Bladi.net" /></a></div>
<ul class="menu-rubriques">
{nav_items(root_rel(a))}
</ul>
</div>
<div class="line mtm">
<div class="magauche pas article">
<h1>{e(a.title)}</h1>
<p class="datenews mbs">{date_words(a)} - {time_words(a)} - <a href="{r(RUBRICS[a.section])}">{e(a.section)}</a> - Ecrit par :{' ' + e(a.author) if a.author else ''}</p>
<div class="partage mbs">{shares}</div>
<div class="mbs mtm"><strong><p>{e(a.lead)}</p></strong></div>
{img}<div class="contenu-article">
<div class="mtl mbm">
{body}
</div>
</div>
<div class="suivre mbm"><a href="{q(GN[0])}" target="_blank" rel="noopener"><img src="{r('squelettes/img/google-news.svg')}" alt="{GN[1]}" width="30" height="30" /> {GN[2]}</a></div>
<div class="suivre mbm"><a href="{q(WA[0])}" target="_blank" rel="noopener"><img src="{r('squelettes/img/whatsapp.svg')}" alt="{WA[1]}" width="30" height="30" /> {WA[2]}</a></div>
{blocks}</div>
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
<p>© 2000-2025 Bladi.net - <a href="{r('mentions-legales.html')}">Mentions légales</a> - <a href="https://www.facebook.com/bladinet" rel="nofollow">Facebook</a></p>
</div>
</div>
</body>
</html>
"""


def nav_items(rr: bool) -> str:
    return "\n".join(f'<li><a href="{href_to(p, rr)}">{e(n)}</a></li>' for n, p in RUBRICS.items())


# --------------------------------------------------------- era b (old SPIP)
def render_b(a) -> str:
    r = lambda p: href_to(p, root_rel(a))  # noqa: E731
    body = "\n".join(f"<p>{para_html(p)}</p>" for p in a.body)
    author = f'<span class="auteurs">Ecrit par : <span class="vcard author fn">{e(a.author)}</span></span>' if a.author else '<span class="auteurs">Ecrit par :</span>'
    tags = " - ".join(f'<a href="{r(tag_path(t))}" rel="tag">{e(t)}</a>' for t in a.tags)
    fr = "\n".join(f'<li class="item"><a href="{q(h)}" class="titre">{e(t.title)}</a>\n<div class="introduction">{e(t.teaser)}</div></li>'
                   for t, h in (ref(x, a) for x in a.fr))
    rec = "\n".join(f'<li class="item"><a href="{q(h)}">{e(t.title)}</a></li>' for t, h in (ref(x, a) for x in a.rec))
    blocks = ""
    if a.tags:
        blocks += f'<div class="mots"><p>Sujets associés : {tags}</p></div>\n'
    if a.fr:
        blocks += f'<div class="menu menu_articles">\n<h2>Aller plus loin</h2>\n<ul class="liste-items">\n{fr}\n</ul>\n</div>\n'
    if a.rec:
        blocks += f'<div class="menu menu_interesser">\n<h2>Ces articles devraient vous intéresser :</h2>\n<ul class="liste-items">\n{rec}\n</ul>\n</div>\n'
    surtitre = f'<p class="surtitre">{e(a.surtitre)}</p>\n' if a.surtitre else ""
    chapo = f'<div class="chapo"><p>{e(a.lead)}</p></div>\n' if a.lead else ""
    img = f'<div class="illustration"><img class="spip_logo spip_logos" src="{r(a.image)}" alt="" width="500" height="330" /></div>\n' if a.image else ""
    side = "\n".join(f'<li><a href="{q(h)}">{e(t)}</a></li>' for h, t in most_read(root_rel(a)))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr" lang="fr" dir="ltr">
{head_common(a, charset_meta(a))}<body class="page_article">
<div class="replica-banner" role="note"><p class="replica-note">{e(note(a))}</p></div>
<div id="page">
<div id="entete">
<a rel="start home" href="{r('')}" title="Accueil" class="accueil"><img src="{r('squelettes/img/logo-bladi.gif')}" alt="Bladi.net" /></a>
<ul class="menu-rubriques">
{nav_items(root_rel(a))}
</ul>
</div>
<div id="conteneur">
<div id="contenu">
<p class="arbo"><a href="{r('')}">Accueil</a> &gt; <a href="{r(RUBRICS[a.section])}">{e(a.section)}</a></p>
<div class="cartouche">
{surtitre}<h1 class="titre">{e(a.title)}</h1>
<p class="info-publi"><abbr class="published" title="{iso(a)}">{date_words(a)} - {time_words(a)}</abbr> - {e(a.section)} - {author}</p>
</div>
{chapo}{img}<div class="texte">
{body}
</div>
<div class="suivre"><a href="{q(GN[0])}"><img src="{r('squelettes/img/google-news.gif')}" alt="{GN[1]}" /> {GN[2]}</a></div>
<div class="suivre"><a href="{q(WA[0])}"><img src="{r('squelettes/img/whatsapp.gif')}" alt="{WA[1]}" /> {WA[2]}</a></div>
{blocks}</div>
</div>
<div id="navigation">
<div class="pluslus">
<h2>Les plus lus</h2>
<ul>
{side}
</ul>
</div>
</div>
<div id="pied">
<p>© Bladi.net - <a href="{r('mentions-legales.html')}">Mentions légales</a> - <a href="{r('spip.php?page=backend')}" rel="alternate">RSS</a></p>
</div>
</div>
</body>
</html>
"""


# ------------------------------------------------------------ era c (2023+)
def render_c(a) -> str:
    r = lambda p: href_to(p, root_rel(a))  # noqa: E731
    paras = [f"<p>{para_html(p)}</p>" for p in a.body]
    if len(paras) > 1:  # an ad slot between the first two paragraphs, as on current pages
        paras.insert(1, '<div class="pub-inline" aria-hidden="true"><div id="div-gpt-ad-inarticle-1"></div></div>')
    body = "\n".join(paras)
    tags = "\n".join(f'<li><a href="{r(tag_path(t))}" class="tag">{e(t)}</a></li>' for t in a.tags)
    card = lambda t, h, teaser=True: (f'<article class="card "><h3 class="card-title"><a href="{q(h)}">{e(t.title)}</a></h3>'  # noqa: E731
                                       f'<p class="card-teaser">{e(t.teaser)}</p></article>')
    fr = "\n".join(card(t, h) for t, h in (ref(x, a) for x in a.fr))
    rec = "\n".join(card(t, h) for t, h in (ref(x, a) for x in a.rec))
    blocks = ""
    if a.tags:
        blocks += f'<div class="article-tags"><span class="article-tags-label">Sujets associés : </span>\n<ul class="tags">\n{tags}\n</ul></div>\n'
    if a.fr:
        blocks += f'<section class="article-related">\n<h2 class="section-title">Aller plus loin</h2>\n<div class="cards">\n{fr}\n</div>\n</section>\n'
    if a.rec:
        blocks += f'<section class="article-reco">\n<h2 class="section-title">Ces articles devraient vous intéresser :</h2>\n<div class="cards cards--small">\n{rec}\n</div>\n</section>\n'
    author = f'<span class="article-author">Ecrit par : {e(a.author)}</span>' if a.author else '<span class="article-author">Ecrit par :</span>'
    img = f'<figure class="article-figure"><img src="{r(a.image)}" alt="" width="800" height="500" loading="eager" /></figure>\n' if a.image else ""
    lead = f'<div class="article-intro"><p>{e(a.lead)}</p></div>\n' if a.lead else ""
    shares = "\n".join(f'<a href="{q(h)}" class="share share--{n.lower()}" rel="nofollow noopener" target="_blank">{n}</a>' for h, n in share(a))
    side = "\n".join(f'<li><a href="{q(h)}">{e(t)}</a></li>' for h, t in most_read(True))
    return f"""<!doctype html>
<html lang="fr">
{head_common(a, '<meta charset="utf-8">', og(a))}<body class="page-article">
<div class="replica-banner" role="note"><p class="replica-note">{e(note(a))}</p></div>
<header class="site-header">
<a href="/" class="site-logo"><img src="/squelettes/img/logo-bladi.svg" alt="Bladi.net" width="160" height="40"></a>
<nav class="site-nav" aria-label="Rubriques"><ul>
{nav_items(True)}
</ul></nav>
</header>
<main id="main" class="site-main">
<article class="article-full " data-id="{a.path.rsplit(',', 1)[-1][:-5]}">
<header class="article-header">
<nav class="breadcrumb" aria-label="Fil d'Ariane"><a href="/">Accueil</a> / <a href="/{RUBRICS[a.section]}">{e(a.section)}</a></nav>
<h1 class="article-title">{e(a.title)}</h1>
<div class="article-meta"><time datetime="{iso(a)}">{date_words(a)} - {time_words(a)}</time> - <a href="/{RUBRICS[a.section]}" class="article-rubrique">{e(a.section)}</a> - {author}</div>
<div class="share-bar">
{shares}
</div>
</header>
{img}{lead}<div class="article-content">
<div class="article-body">
{body}
</div>
</div>
<div class="article-follow">
<a href="{q(GN[0])}" class="follow follow--gnews"><img src="/squelettes/img/google-news.svg" alt="{GN[1]}" width="24" height="24"> {GN[2]}</a>
<a href="{q(WA[0])}" class="follow follow--whatsapp"><img src="/squelettes/img/whatsapp.svg" alt="{WA[1]}" width="24" height="24"> {WA[2]}</a>
</div>
{blocks}</article>
<aside class="sidebar">
<section class="most-read">
<h2 class="section-title">Les plus lus</h2>
<ol>
{side}
</ol>
</section>
</aside>
</main>
<footer class="site-footer">
<p>© 2000-2025 Bladi.net · <a href="/mentions-legales.html">Mentions légales</a> · <a href="https://www.facebook.com/bladinet" rel="nofollow">Facebook</a></p>
</footer>
</body>
</html>
"""


# ------------------------------------------- era d (structured metadata only)
DMETA_PUBLISHED = "2016-04-21T15:20:00Z"  # = 16h20 in Casablanca (summer time, UTC+1)
DMETA_MODIFIED = "2016-04-22T08:05:00Z"


def render_d(a) -> str:
    assert local_dt(a).astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ") == DMETA_PUBLISHED
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url_of(a)},
        "headline": a.title, "description": a.teaser,
        "image": {"@type": "ImageObject", "url": image_url(a), "width": 800, "height": 500},
        "datePublished": DMETA_PUBLISHED, "dateModified": DMETA_MODIFIED,
        "author": {"@type": "Organization", "name": a.author},
        "publisher": {"@type": "Organization", "name": "Bladi.net",
                      "logo": {"@type": "ImageObject", "url": f"{BLADI}/squelettes/img/logo-bladi.png"}},
        "articleSection": a.section, "keywords": ", ".join(a.tags), "inLanguage": "fr",
        "articleBody": "\n\n".join(para_text(p) for p in a.body),
    }
    metas = "".join(f'<meta property="article:tag" content="{q(t)}">\n' for t in a.tags)
    extra = (og(a) + f'<meta property="og:site_name" content="Bladi.net">\n'
             f'<meta property="article:published_time" content="{DMETA_PUBLISHED}">\n'
             f'<meta property="article:modified_time" content="{DMETA_MODIFIED}">\n'
             f'<meta property="article:section" content="{q(a.section)}">\n{metas}'
             f'<meta property="article:author" content="{q(a.author)}">\n'
             f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False, indent=1)}</script>\n')
    paras = "\n".join(f"<div>{para_html(p)}</div>" for p in a.body)
    tags = " - ".join(f'<a href="{tag_path(t)}">{e(t)}</a>' for t in a.tags)
    fr = "\n".join(f'<div><div><a href="{q(h)}">{e(t.title)}</a></div><div>{e(t.teaser)}</div></div>'
                   for t, h in (ref(x, a) for x in a.fr))
    return f"""<!DOCTYPE html>
<html lang="fr">
{head_common(a, '<meta charset="utf-8">', extra)}<body>
<div class="replica-banner" role="note"><p class="replica-note">{e(note(a))}</p></div>
<div id="app">
<div><div><a href="./">Bladi.net</a></div></div>
<div>
<div>
<div>{e(a.title)}</div>
<div>
{paras}
</div>
<div>Sujets associés : {tags}</div>
<div>
<div>Aller plus loin</div>
{fr}
</div>
</div>
</div>
<div><div>© Bladi.net</div></div>
</div>
</body>
</html>
"""


RENDER = {"a": render_a, "b": render_b, "c": render_c, "d": render_d}


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
        parts.append(f'<a href="{base}?debut_suite_rubrique={(current + 1) * LISTING_SIZE}#pagination_suite_rubrique" class="lien_pagination suivant">&gt;</a>')
    sep = '<span class="sep"> | </span>'
    return f'<p class="pagination"><a id="pagination_suite_rubrique"></a>{sep.join(parts)}</p>\n'


# ------------------------------------------------------------------ the feed
def feed_xml() -> str:
    items = []
    for key, link in FEED:
        a = BY_KEY[key]
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


# -------------------------------------------------------- crawl simulation
def simulate(max_depth: int, truth: dict) -> set[str]:
    """Article URLs stored by ``crawl --depth N <seed> <feed>`` under the spider's documented rules.

    Start articles and feed items are depth 0; from an in-topic article at depth d
    its further_reading/recommended/in_body links give depth d+1 (if <= N) and its
    tag pages (requested when d+1 <= N) list their first page's items at d+1.
    Off-topic articles are stored, nothing of theirs is followed.
    """
    tag_items = tag_listing()
    start = [url_of(BY_KEY["S"])] + [url_of(BY_KEY[k]) for k, _ in FEED]
    depth = {u: 0 for u in start}
    frontier = list(dict.fromkeys(start))
    disallowed = {url_of(a) for a in PAGES if a.path.startswith("archives/")}
    while frontier:
        nxt = []
        for u in frontier:
            t = truth.get(u)
            if t is None or not t["in_topic"] or depth[u] + 1 > max_depth:
                continue
            targets = [l["to_url"] for l in t["links"] if l["kind"] != "tag"]
            for l in t["links"]:
                if l["kind"] == "tag":
                    targets += [url_of(x) for x in tag_items[l["to_url"]][:LISTING_SIZE]]
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
        "text": "real" if a.key == "S" else "test",
        "role": a.role or None,
        "links": links,
    }


def encode(a, text: str) -> bytes:
    if a.charset == "iso-8859-1":
        return text.encode("iso-8859-1", errors="xmlcharrefreplace")  # SPIP wrote &#8217; for ’
    if a.charset == "windows-1252":
        return text.encode("cp1252")
    return text.encode("utf-8")


def write(rel: str, data: bytes | str) -> None:
    path = SITE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def build() -> dict:
    if SITE.exists():
        shutil.rmtree(SITE)
    SITE.mkdir()
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
    return write_truth()


def write_truth() -> dict:
    truth = {url_of(a): truth_entry(a) for a in sorted(PAGES, key=lambda a: a.path)}
    site_info = site_entry(truth)
    out = {"_site": site_info, **truth}
    TRUTH.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def site_entry(truth: dict) -> dict:
    k = lambda key: url_of(BY_KEY[key])  # noqa: E731
    d3, d2 = simulate(3, truth), simulate(2, truth)
    never = {k(x): BY_KEY[x].role for x in ("P1", "P2", "P3", "V2", "K2", "MM2", "F2b", "X1", "ARCH", "D", "E")}
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
    chain = [k(x) for x in ("S", "A", "B", "C", "D", "E")]
    assert chain[3] in d3 and chain[3] not in d2 and chain[2] in d2 and chain[4] not in d3, (d2, d3)
    assert not set(never) & d3, set(never) & d3
    assert d2 < d3
    return {
        "note": ("Ground truth of the bladiscrape replica, written from replica/content.py (hand-written), "
                 "never from an extractor. Keys other than _site are canonical article URLs."),
        "canonical_origin": BLADI,
        "seed": k("S"),
        "feed": f"{BLADI}/spip.php?page=backend",
        "feed_items": [url_of(BY_KEY[key]) for key, _ in FEED],
        "home": f"{BLADI}/",
        "listings": {"economie": [f"{BLADI}/economie.html", f"{BLADI}/economie.html?debut_suite_rubrique=12"],
                     "maroc": [f"{BLADI}/maroc.html"], "monde": [f"{BLADI}/monde.html"]},
        "listing_page_size": LISTING_SIZE,
        "tag_url_form": f"{BLADI}/mot/<slug>.html",
        "tags": {t: f"{BLADI}/{tag_path(t)}" for t in TAG_SLUGS},
        "tag_pages": {f"{BLADI}/{tag_path(t)}": [url_of(x) for x in items]
                      for t, items in zip(TAG_SLUGS, tag_listing().values())},
        "fetched_depth3": sorted(d3),
        "fetched_depth2": sorted(d2),
        "chain": chain,
        "never_fetch": sorted(never),
        "never_fetch_why": never,
        "most_read": [k(x) for x in MOST_READ],
        "off_topic_second_level": [k(x) for x in ("V2", "K2", "MM2", "F2b")],
        "only_linked_from_off_topic": [k("X1")],
        "not_found": k("DEAD"),
        "not_found_linked_from": k("K"),
        "unknown_path_example": f"{BLADI}/cette-page-n-existe-pas,99999.html",
        "fail_once": k("W"),
        "robots_disallowed": k("ARCH"),
        "robots_disallow": ["/ecrire/", "/local/", "/prive/", "/squelettes/", "/archives/"],
        "charsets": {"iso-8859-1 (HTTP header only)": k("A"), "windows-1252 (<meta> only)": k("M")},
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
