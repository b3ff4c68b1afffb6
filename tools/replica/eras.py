"""The replica's article templates: four eras of Bladi.net markup over the same content.

(a) 2019-2021 as described by public scrapers; (b) an older SPIP skeleton;
(c) a newer html5 template; (d) a page whose article fields exist only as
structured metadata. (b)-(d) are invented, plausible markup.
"""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from tools.replica.content import RUBRICS
from tools.replica.render import (
    BLADI,
    GN,
    WA,
    date_words,
    e,
    href_to,
    image_url,
    iso,
    local_dt,
    most_read,
    nav_items,
    note,
    para_html,
    para_text,
    q,
    ref,
    root_rel,
    share,
    tag_path,
    time_words,
    url_of,
)


# ------------------------------------------------------------ era a (2019-2021)
def head_common(a, charset_meta: str, extra: str = "") -> str:
    kind = "real-text" if a.text == "real" else "test-text"
    return (f"<head>\n{charset_meta}\n<title>{e(a.title)} - Bladi.net</title>\n"
            f'<meta name="bladiscrape:replica" content="{kind}" />\n'
            f'<meta name="description" content="{q(a.teaser)}" />\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1" />\n{extra}'
            f'<link rel="alternate" type="application/rss+xml" title="Bladi.net" '
            f'href="{"/" if root_rel(a) else ""}spip.php?page=backend" />\n'
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
    img = (f'<div class="illustration mbs"><img src="{r(a.image)}" class="imglogo" alt="" width="800" height="500" />'
           '</div>\n' if a.image else "")
    shares = "".join(f'<a href="{q(h)}" class="partage-{n.lower()}" rel="nofollow" target="_blank">{n}</a> '
                     for h, n in share(a))
    side = "\n".join(f'<li><a href="{q(h)}">{e(t)}</a></li>' for h, t in most_read(root_rel(a)))
    blocks = ""
    if a.tags:
        blocks += f'<div class="sujets mtm">Sujets associés : {tags}</div>\n'
    if a.fr:
        blocks += f'<div class="allerplusloin mtl">\n<h2 class="titre-bloc">Aller plus loin</h2>\n{fr}\n</div>\n'
    if a.rec:
        blocks += ('<div class="interesser mtl">\n'
                   '<h2 class="titre-bloc">Ces articles devraient vous intéresser :</h2>\n'
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



# --------------------------------------------------------- era b (old SPIP)
def render_b(a) -> str:
    r = lambda p: href_to(p, root_rel(a))  # noqa: E731
    body = "\n".join(f"<p>{para_html(p)}</p>" for p in a.body)
    author = (f'<span class="auteurs">Ecrit par : <span class="vcard author fn">{e(a.author)}</span></span>'
              if a.author else '<span class="auteurs">Ecrit par :</span>')
    tags = " - ".join(f'<a href="{r(tag_path(t))}" rel="tag">{e(t)}</a>' for t in a.tags)
    fr = "\n".join(f'<li class="item"><a href="{q(h)}" class="titre">{e(t.title)}</a>\n'
                   f'<div class="introduction">{e(t.teaser)}</div></li>'
                   for t, h in (ref(x, a) for x in a.fr))
    rec = "\n".join(f'<li class="item"><a href="{q(h)}">{e(t.title)}</a></li>' for t, h in (ref(x, a) for x in a.rec))
    blocks = ""
    if a.tags:
        blocks += f'<div class="mots"><p>Sujets associés : {tags}</p></div>\n'
    if a.fr:
        blocks += ('<div class="menu menu_articles">\n<h2>Aller plus loin</h2>\n'
                   f'<ul class="liste-items">\n{fr}\n</ul>\n</div>\n')
    if a.rec:
        blocks += ('<div class="menu menu_interesser">\n<h2>Ces articles devraient vous intéresser :</h2>\n'
                   f'<ul class="liste-items">\n{rec}\n</ul>\n</div>\n')
    surtitre = f'<p class="surtitre">{e(a.surtitre)}</p>\n' if a.surtitre else ""
    chapo = f'<div class="chapo"><p>{e(a.lead)}</p></div>\n' if a.lead else ""
    img = (f'<div class="illustration"><img class="spip_logo spip_logos" src="{r(a.image)}" alt="" '
           'width="500" height="330" /></div>\n' if a.image else "")
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

    def card(t, h, teaser=True):
        return (f'<article class="card "><h3 class="card-title"><a href="{q(h)}">{e(t.title)}</a></h3>'
                f'<p class="card-teaser">{e(t.teaser)}</p></article>')

    fr = "\n".join(card(t, h) for t, h in (ref(x, a) for x in a.fr))
    rec = "\n".join(card(t, h) for t, h in (ref(x, a) for x in a.rec))
    blocks = ""
    if a.tags:
        blocks += ('<div class="article-tags"><span class="article-tags-label">Sujets associés : </span>\n'
                   f'<ul class="tags">\n{tags}\n</ul></div>\n')
    if a.fr:
        blocks += ('<section class="article-related">\n<h2 class="section-title">Aller plus loin</h2>\n'
                   f'<div class="cards">\n{fr}\n</div>\n</section>\n')
    if a.rec:
        blocks += ('<section class="article-reco">\n'
                   '<h2 class="section-title">Ces articles devraient vous intéresser :</h2>\n'
                   f'<div class="cards cards--small">\n{rec}\n</div>\n</section>\n')
    author = (f'<span class="article-author">Ecrit par : {e(a.author)}</span>'
              if a.author else '<span class="article-author">Ecrit par :</span>')
    img = (f'<figure class="article-figure"><img src="{r(a.image)}" alt="" width="800" height="500" loading="eager" />'
           '</figure>\n' if a.image else "")
    lead = f'<div class="article-intro"><p>{e(a.lead)}</p></div>\n' if a.lead else ""
    shares = "\n".join(f'<a href="{q(h)}" class="share share--{n.lower()}" rel="nofollow noopener" '
                       f'target="_blank">{n}</a>' for h, n in share(a))
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
