"""HTML of the synthetic site: the page chrome and the article pages of each era.

Bladi.net changed templates over the years, and an extractor tuned on one
era must not silently fail on another, so the article markup depends on the
publication date (``Article.era``):

- "spip" (2003-2015): an older SPIP skeleton, ``h1.titre``,
  ``p.info-publi`` ("Publié le 8 janvier 2012"), ``div.chapo``, ``div.texte``;
- "classic" (2016-2021): the markup known from scrapers of the live site,
  ``div.magauche.pas.article h1``, ``p.datenews.mbs`` ("8 janvier 2016 -
  09h30 - Economie - Ecrit par : Bladi.net"), ``div.mbs.mtm strong p``,
  ``div.mtl.mbm > p``, then "Suivez bladi.net sur Google News", "... sur
  WhatsApp", "Sujets associés : ", "Aller plus loin", "Ces articles devraient
  vous intéresser :";
- "jsonld" (2022-): the classic markup plus a JSON-LD NewsArticle, and hours
  printed without a leading zero ("9h05").

Pages never depend on the request (links are relative, the canonical link is
root-relative), so the same seed gives the same bytes on any port; only the
RSS feed, whose links must be absolute, takes the origin.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from .clock import aware, french_date, french_time, mix
from .site import Article, Card, SyntheticSite, known

NOTE = "Page de la réplique synthétique de bladiscrape : texte de test ; ce n’est pas une page de Bladi.net."
GOOGLE_NEWS = "https://news.google.com/publications/replica-bladinet?hl=fr"
WHATSAPP_CHANNEL = "https://whatsapp.com/channel/replica-bladinet"

_SEARCH_FORM = ('<form class="formulaire_recherche" action="/spip.php" method="get">'
                '<input type="hidden" name="page" value="recherche" />'
                '<input type="search" name="recherche" placeholder="Rechercher" /></form>')


def page(site: SyntheticSite, title: str, body_class: str, main: str, head: str = "", root: str = "") -> str:
    """The chrome shared by every HTML page: head, test-text note, menu, search form, footer.

    Links are relative, as SPIP prints them (``economie.html``); pages below
    the root (``/mot/...``) pass ``root="/"`` so that they resolve the same.
    """
    menu = "\n".join(f'<li><a href="{root}{r.slug}.html">{escape(r.title)}</a></li>' for r in site.rubriques)
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="fr">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{escape(title)} - Bladi.net</title>
<meta name="bladiscrape:replica" content="test-text" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
{head}<link rel="alternate" type="application/rss+xml" title="Bladi.net" href="/spip.php?page=backend" />
</head>
<body class="{body_class}">
<div class="replica-banner" role="note"><p class="replica-note">{NOTE}</p></div>
<div class="page ">
<div class="header ">
<div class="line"><a href="/" class="logo"><img src="/squelettes/img/logo-bladi.png" alt="Bladi.net" /></a></div>
<ul class="menu-rubriques">
{menu}
</ul>
{_SEARCH_FORM}
</div>
<div class="line mtm">
{main}
</div>
<div class="footer ">
<p>© 2000-2025 Bladi.net (réplique synthétique) - <a href="/spip.php?page=backend">Flux RSS</a></p>
</div>
</div>
</body>
</html>
"""


def image(site: SyntheticSite, article_id: int) -> str:
    """The listing thumbnail: most articles have one, some (1 in 8) none."""
    if not mix(site.seed, article_id, 7) & 7:
        return ""
    return f'<img src="IMG/arton{article_id}.jpg" class="imglogo" alt="" width="300" height="188" />'


def article_page(site: SyntheticSite, a: Article) -> str:
    rubrique = known(site.rubrique(a.rubrique), a.rubrique)
    tags = [known(site.tag(t), t) for t in a.tags]
    related = [c for c in map(site.card, a.related) if c]
    recommended = [c for c in map(site.card, a.recommended) if c]
    main = (_spip_era if a.era == "spip" else _classic_era)(a, rubrique.title, tags, related, recommended)
    description = escape(a.teaser)
    head = (f'<meta name="description" content="{description}" />\n'
            f'<link rel="canonical" href="{a.path}" />\n')
    if a.era != "spip":
        head += (f'<meta property="og:type" content="article" />\n'
                 f'<meta property="og:title" content="{escape(a.title)}" />\n'
                 f'<meta property="og:description" content="{description}" />\n')
    if a.era == "jsonld":
        head += _json_ld(a, rubrique.title, tags)
    return page(site, a.title, "page_article", main, head)


def _json_ld(a: Article, rubrique: str, tags) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
        "datePublished": aware(a.published).isoformat(), "articleSection": rubrique,
        "keywords": ", ".join(t.name for t in tags), "mainEntityOfPage": a.path,
        "author": {"@type": "Organization", "name": "Bladi.net"},
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>\n'


def _link(c: Card) -> str:
    return f"{c.slug},{c.id}.html"


def _classic_era(a: Article, rubrique: str, tags, related, recommended) -> str:
    when = a.published
    line = (f"{french_date(when)} - {french_time(when, padded=a.era == 'classic')} - {escape(rubrique)}"
            " - Ecrit par : Bladi.net")
    share = quote(a.path, safe="")
    out = [
        '<div class="magauche pas article">',
        f"<h1>{escape(a.title)}</h1>",
        f'<p class="datenews mbs">{line}</p>',
        (f'<div class="partage mbs"><a href="https://www.facebook.com/sharer/sharer.php?u={share}" '
         'class="partage-facebook" '
         f'rel="nofollow" target="_blank">Facebook</a> <a href="https://api.whatsapp.com/send?text={share}" '
         'class="partage-whatsapp" rel="nofollow" target="_blank">WhatsApp</a></div>'),
        f'<div class="mbs mtm"><strong><p>{escape(a.lead)}</p></strong></div>',
        '<div class="contenu-article">',
        '<div class="mtl mbm">',
        *(f"<p>{escape(p)}</p>" for p in a.body),
        "</div>",
        "</div>",
        (f'<div class="suivre mbm"><a href="{GOOGLE_NEWS}" target="_blank" rel="noopener">'
         '<img src="squelettes/img/google-news.svg" '
         'alt="" width="30" height="30" /> Suivez bladi.net sur Google News</a></div>'),
        (f'<div class="suivre mbm"><a href="{WHATSAPP_CHANNEL}" target="_blank" rel="noopener">'
         '<img src="squelettes/img/whatsapp.svg" '
         'alt="" width="30" height="30" /> Suivez bladi.net sur WhatsApp</a></div>'),
    ]
    if tags:
        links = " - ".join(f'<a href="mot/{t.slug}.html" class="motcle">{escape(t.name)}</a>' for t in tags)
        out.append(f'<div class="sujets mtm">Sujets associés : {links}</div>')
    if related:
        out.append('<div class="allerplusloin mtl">\n<h2 class="titre-bloc">Aller plus loin</h2>')
        out += (f'<div class="item-lie mbm"><h3 class="mbs"><a href="{_link(c)}">{escape(c.title)}</a></h3>'
                f'<p class="intro">{escape(c.teaser)}</p></div>' for c in related)
        out.append("</div>")
    if recommended:
        out.append('<div class="interesser mtl">\n'
                   '<h2 class="titre-bloc">Ces articles devraient vous intéresser :</h2>\n'
                   '<ul class="liste-interesser">')
        out += (f'<li><a href="{_link(c)}" class="titre-interesser">{escape(c.title)}</a><p>{escape(c.teaser)}</p></li>'
                for c in recommended)
        out.append("</ul>\n</div>")
    out.append("</div>")
    return "\n".join(out)


def _spip_era(a: Article, rubrique: str, tags, related, recommended) -> str:
    out = [
        f'<div id="contenu" class="article" data-rubrique="{a.rubrique}">',
        '<div class="cartouche">',
        f'<p class="surtitre"><a href="{a.rubrique}.html">{escape(rubrique)}</a></p>',
        f'<h1 class="titre">{escape(a.title)}</h1>',
        f'<p class="info-publi">Publié le {french_date(a.published)}</p>',
        "</div>",
        f'<div class="chapo"><p>{escape(a.lead)}</p></div>',
        '<div class="texte">',
        *(f"<p>{escape(p)}</p>" for p in a.body),
        "</div>",
    ]
    if tags:
        links = ", ".join(f'<a href="mot/{t.slug}.html" rel="tag">{escape(t.name)}</a>' for t in tags)
        out.append(f'<div class="mots"><h2>Mots-clés</h2><p>{links}</p></div>')
    if related:
        out.append('<div class="menu_articles">\n<h2>Aller plus loin</h2>\n<ul>')
        out += (f'<li><a href="{_link(c)}">{escape(c.title)}</a><div class="introduction">{escape(c.teaser)}</div></li>'
                for c in related)
        out.append("</ul>\n</div>")
    if recommended:
        out.append('<div class="menu_interesser">\n<h2>Ces articles devraient vous intéresser :</h2>\n<ul>')
        out += (f'<li><a href="{_link(c)}">{escape(c.title)}</a></li>' for c in recommended)
        out.append("</ul>\n</div>")
    out.append("</div>")
    return "\n".join(out)


def error_page(site: SyntheticSite, status: int = 404) -> str:
    title = "Page introuvable" if status == 404 else "Erreur du serveur"
    main = (f'<div class="magauche pas erreur"><h1>{title}</h1>'
            f'<p>La page demandée n’existe pas ou plus (erreur {status}).</p>'
            '<p><a href="/">Retour à l’accueil</a></p></div>')
    return page(site, title, f"page_erreur page_{status}", main, '<meta name="robots" content="noindex" />\n')
