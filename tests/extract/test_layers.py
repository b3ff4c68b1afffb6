"""Each extraction layer alone, the precedence between layers, and decoding.

Inputs are the small pages in ``tests/pages/`` (test inputs, not the replica):
different template eras and variants of Bladi.net article pages.
"""

from __future__ import annotations

import re

from bladiscrape.core.decode import decode
from bladiscrape.extract import PARSER_VERSION, extract
from support.extract_pages import DISLIKE, article, check_invariants, links, page


def test_parser_version():
    assert isinstance(PARSER_VERSION, str) and re.fullmatch(r"\d+\.\d+", PARSER_VERSION)


# --- layer 2: the 2019 era selectors (bladi-site.md) -----------------------------------


def test_era_2019_selectors():
    rec = article("era2019_dislike.html")
    check_invariants(rec)
    assert rec.title.startswith("Les Marocains font la grève du « like »")
    assert rec.lead.startswith("Pour protester contre le récent blocage")
    assert rec.published_at == "2016-02-28T11:10:00+00:00"
    assert rec.published_raw == "28 février 2016 - 11h10 - Economie - Ecrit par : Bladi.net"
    assert (rec.section, rec.author) == ("Economie", "Bladi.net")
    assert rec.image_url == "https://www.bladi.net/img/cache-vignettes/L800xH500/arton44521-fc9ce.webp"
    assert (rec.url, rec.id, rec.slug) == (DISLIKE, 44521, "greve-like-operateurs-maroc")
    for field in ("title", "lead", "body", "published_at", "section", "author", "image_url"):
        assert rec.extraction[field] == "selectors:2019", field


def test_body_excludes_boilerplate_and_lead():
    rec = article("era2019_dislike.html")
    paragraphs = rec.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("La protestation est symbolique")
    assert paragraphs[-1].endswith("pour les trois opérateurs nationaux.")
    for junk in ("Suivez bladi.net", "Google News", "Publicité", "Partager", "Sujets associés",
                 "Aller plus loin", "devraient vous intéresser", "Replica", "Les plus lus", rec.lead):
        assert junk not in rec.body  # fmt: skip


def test_links_by_kind():
    rec = article("era2019_dislike.html")
    in_body = links(rec, "in_body")
    # Bladi.net links canonical (tracking and fragment gone), external ones cleaned only.
    assert [(ln.url, ln.anchor) for ln in in_body] == [
        ("https://www.bladi.net/maroc-telecom-bilan,44501.html", "Maroc Telecom"),
        ("https://www.anrt.ma/communiques?id=12&utm_campaign=x", "ANRT"),
    ]
    tags = links(rec, "tag")
    assert [ln.anchor for ln in tags] == rec.tags
    assert rec.tags == [
        "Maroc Telecom", "Meditel", "Agence nationale de réglementation des télécommunications (ANRT)",
        "Télécoms", "Inwi", "Facebook", "WhatsApp",
    ]  # fmt: skip
    assert tags[0].url == "https://www.bladi.net/mot/maroc-telecom.html"
    further = links(rec, "further_reading")
    assert [ln.url for ln in further] == [
        "https://www.bladi.net/appels-voip-maroc,46592.html",
        "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html",
        "https://www.bladi.net/maroc-voip-perte-320-millions-dollars,46418.html",  # was http://www.bladi.net
        "https://www.bladi.net/inwi-sponsor-maroc-web-awards,44598.html",  # was https://bladi.net
    ]
    assert further[0].anchor == "WhatsApp, Viber et Skype débloqués au Maroc"
    assert further[0].teaser.startswith("Les appels via les messageries VOIP")
    recommended = links(rec, "recommended")
    assert [ln.anchor for ln in recommended][0] == "Taxes en hausse au Maroc : les téléphones coûteront plus cher"
    # the listing date inside a recommendation is not part of its teaser
    assert recommended[2].teaser.startswith("Le tribunal de commerce de Rabat")
    everything = {ln.url for ln in rec.links}
    for never in ("/maroc.html", "/mre-douane-ete,120001.html", "/contact.html", "facebook.com", "twitter.com",
                  "news.google.com", "whatsapp.com"):
        assert not any(never in url for url in everything), never  # fmt: skip


# --- layers 3 and 4 alone: the same page with unknown markup ----------------------------


def test_unknown_template_falls_back_to_patterns_and_densest_block():
    known = article("era2019_dislike.html")
    rec = article("unknown_template_classes.html")
    check_invariants(rec)
    assert rec.extraction["title"] == rec.extraction["published_at"] == "pattern"
    assert rec.extraction["lead"] == "pattern"  # the bold paragraph before the body
    assert rec.extraction["body"] == "fallback"
    assert rec.extraction["tags"] == "pattern"
    for field in ("title", "lead", "body", "published_at", "published_raw", "section", "author", "tags"):
        assert getattr(rec, field) == getattr(known, field), field
    assert [(ln.kind, ln.url, ln.anchor, ln.teaser) for ln in rec.links] == [
        (ln.kind, ln.url, ln.anchor, ln.teaser) for ln in known.links
    ]


def test_pattern_layer_on_old_table_markup_in_latin1():
    rec = article("latin1_meta_pattern.html", "http://www.bladi.net/meditel-orange-maroc,46700.html")
    check_invariants(rec)
    assert rec.title == "Méditel devient officiellement Orange Maroc"  # bold text before the date line
    assert rec.published_at == "2016-08-01T09:05:00+01:00"  # "1er aout 2016 - 9h05", summer time
    assert rec.published_raw == "1er aout 2016 - 9h05 - Economie - Ecrit par :"
    assert (rec.section, rec.author, rec.lead) == ("Economie", None, None)
    assert rec.extraction["title"] == rec.extraction["section"] == "pattern"
    assert rec.extraction["body"] == "fallback"
    # <br><br>-separated text becomes paragraphs; cp1252 quotes under an iso-8859-1 label
    assert rec.body.split("\n\n")[0].startswith("L’opérateur Méditel a été rebaptisé « Orange Maroc »")
    assert len(rec.body.split("\n\n")) == 3
    assert rec.tags == ["Méditel", "Orange"]
    # "Ces articles devraient vous intéresser" without colon, as <p><b>
    assert [(ln.anchor, ln.teaser) for ln in links(rec, "recommended")] == [
        ("Maroc Telecom : résultats semestriels", "Le chiffre d’affaires progresse malgré le blocage de la VoIP."),
        ("Inwi étend sa 4G", "L’opérateur couvre désormais 60 villes."),
    ]
    assert rec.url == "https://www.bladi.net/meditel-orange-maroc,46700.html"


# --- other eras -----------------------------------------------------------------------


def test_spip_skeleton_era():
    rec = article("spip_dist_summer.html", "http://bladi.net/zibouh-tribunal-voip,45210.html")
    check_invariants(rec)
    assert rec.extraction["title"] == rec.extraction["body"] == rec.extraction["lead"] == "selectors:spip"
    assert rec.lead.startswith("Un avocat d'Oujda, Me Mourad Zibouh")
    # abbr.published carries the UTC instant; the visible text has no time
    assert rec.published_at == "2016-04-21T16:20:00+01:00"
    assert (rec.section, rec.author) == ("Justice", "Karim B.")  # breadcrumb, vcard
    assert rec.tags == ["ANRT", "VoIP", "Justice"]
    assert "Une décision contestée" in rec.body  # intertitle kept
    # a single <br> is a line break inside the paragraph, not a new paragraph
    assert "invoquées par le régulateur.\nIl demande l'annulation" in rec.body
    assert "forum" not in rec.body and "Ce forum est modéré" not in rec.body
    assert [ln.url for ln in links(rec, "in_body")] == [
        "https://www.anrt.ma/",
        "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html",
    ]
    assert [ln.teaser for ln in links(rec, "further_reading")][1] == "Du rififi au sein de Maroc Web Awards."
    assert not any("a,1.html" in ln.url for ln in rec.links)  # "Les plus commentés"
    assert rec.url == "https://www.bladi.net/zibouh-tribunal-voip,45210.html"


def test_html5_era_from_a_replica_origin():
    url = "http://127.0.0.1:8123/voip-bloquee-ramadan,45800.html"
    rec = article("html5_ramadan.html", url, site="http://127.0.0.1:8123")
    check_invariants(rec)
    assert rec.url == "https://www.bladi.net/voip-bloquee-ramadan,45800.html"  # relative canonical, replica origin
    assert rec.published_at == "2016-06-20T09:40:00+00:00"  # Ramadan: UTC+0
    assert (rec.section, rec.author) == ("Société", "Salma E.")
    assert rec.extraction["title"] == "selectors:html5"
    assert rec.lead.startswith("Les appels WhatsApp, Skype et Viber restent impossibles")
    assert "Note de réplique" not in rec.body and "Suivez bladi.net" not in rec.body
    assert "Illustration" not in rec.body
    assert rec.body.endswith("regrette un internaute.")
    assert rec.tags == ["VoIP", "Ramadan"]  # "SUJETS ASSOCIÉS :", duplicate dropped
    assert [ln.url for ln in links(rec, "further_reading")] == [  # "ALLER PLUS LOIN"
        "https://www.bladi.net/appels-voip-maroc,46592.html",
        "https://www.bladi.net/anrt-directeur-limoge,46500.html",
    ]
    assert links(rec, "further_reading")[1].teaser == "Azzeddine El Mountassir Billah quitte la tête du régulateur."
    assert [ln.anchor for ln in links(rec, "recommended")] == [
        "Transferts des MRE : nouveau record",
        "Le Maroc accélère son déploiement de la 5G",
    ]
    assert all(ln.url.startswith("https://www.bladi.net/") for ln in rec.links if ln.kind != "in_body")
    assert not any(h in ln.url for ln in rec.links for h in ("/x,1.html", "facebook", "wa.me", "/societe.html"))


# --- layer 1 alone -----------------------------------------------------------------------


def test_jsonld_only_page():
    rec = article("jsonld_only.html", "https://www.bladi.net/appels-voip-maroc,46592.html")
    check_invariants(rec)
    assert set(rec.extraction.values()) <= {"jsonld", "fallback"}
    assert rec.extraction["url"] == "fallback"
    assert rec.title == "Appels VoIP : l'ANRT lève le blocage avant la COP22"  # entity decoded
    assert rec.published_at == "2016-11-04T10:05:00+00:00"
    assert rec.published_raw == "2016-11-04T10:05:00Z"
    assert (rec.section, rec.author) == ("Economie", "Bladi.net, Yassine A.")
    assert rec.tags == ["VoIP", "ANRT", "COP22", "Skype"]
    assert rec.image_url == "https://www.bladi.net/IMG/arton46592.jpg"
    # the description opens articleBody: it is the lead, and the body starts after it
    assert rec.lead == "Les opérateurs marocains peuvent de nouveau laisser passer les appels VoIP."
    assert rec.body.split("\n\n") == [
        "L'Agence nationale de réglementation des télécommunications a levé, ce vendredi, l'interdiction "
        "qui frappait les appels passés via Skype, WhatsApp ou Viber sur les réseaux mobiles.",
        "Cette décision intervient quelques jours avant l'ouverture de la COP22 à Marrakech.",
    ]


def test_opengraph_only_page():
    rec = article("opengraph_only.html", "https://www.bladi.net/anrt-justifie-blocage,44120.html")
    check_invariants(rec)
    assert rec.title == "Skype, Viber, WhatsApp : l'ANRT justifie le blocage"  # " - Bladi.net" removed
    assert rec.published_at == "2016-04-21T16:20:00+01:00"  # article:published_time in UTC
    assert rec.published_raw == "2016-04-21T15:20:00Z"
    assert rec.section == "Economie"
    assert rec.author is None  # article:author is a profile URL
    assert rec.tags == ["ANRT", "Skype"]  # "anrt" is the same tag
    assert rec.image_url == "https://www.bladi.net/IMG/arton44120.jpg?1452254000"
    for field in ("title", "published_at", "section", "tags", "image_url"):
        assert rec.extraction[field] == "meta", field
    assert rec.extraction["body"] == "fallback"
    # the truncated og:description repeats the first paragraph: never a lead
    assert rec.lead is None
    assert rec.body.startswith("Le régulateur invoque la loi 24-96")
    assert "Accueil" not in rec.body and len(rec.body.split("\n\n")) == 3


# --- precedence -------------------------------------------------------------------------------


def test_precedence_between_layers():
    rec = article("precedence_layers.html", "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html?utm_source=tw")
    assert rec.extraction == {
        "title": "jsonld",  # over og:title, the era's h1 and <title>
        "published_at": "jsonld",  # over article:published_time and the date line
        "published_raw": "jsonld",
        "section": "meta",  # JSON-LD has none; over the date line's "Economie"
        "author": "selectors:2019",  # neither JSON-LD nor meta; from the era's date line
        "tags": "jsonld",  # keywords over the "Sujets associés" links
        "body": "jsonld",
        "image_url": "meta",
        "url": "meta",
    }
    assert rec.title == "Le blocage de WhatsApp et Viber venait en fait de ... l'ANRT"
    assert rec.published_at == "2016-01-08T09:30:00+00:00"
    assert rec.section == "Section meta"
    assert rec.author == "Yassine A."
    assert rec.tags == ["WhatsApp", "Viber", "ANRT"]
    assert [ln.anchor for ln in links(rec, "tag")] == ["WhatsApp", "Viber", "Maroc Telecom"]
    # articleBody is the page's text in one line: the page's paragraph breaks are kept
    assert len(rec.body.split("\n\n")) == 2
    # canonical link http://bladi.net/...?utm_source=fb -> canonical form
    assert rec.url == "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html"


def test_selectors_win_over_patterns_for_the_same_date_line():
    rec = article("era2019_dislike.html")
    assert rec.extraction["published_at"] == "selectors:2019"
    assert article("unknown_template_classes.html").extraction["published_at"] == "pattern"


# --- decoding ------------------------------------------------------------------------------


def test_iso_8859_1_declared_by_meta_is_decoded_as_windows_1252():
    rec = article("latin1_meta_pattern.html", "http://www.bladi.net/meditel-orange-maroc,46700.html")
    assert "’" in rec.body and "\x92" not in rec.body and "\ufffd" not in rec.body


def test_windows_1252_declared_by_meta_charset():
    rec = article("cp1252_meta_spip.html", "https://www.bladi.net/voip-320-millions,46400.html")
    assert "300 millions d’€" in rec.lead and rec.lead.endswith("six mois…")
    assert "cœurs" in rec.body and "œuvres" in rec.body
    assert rec.published_at == "2016-12-19T18:30:00+00:00"  # "decembre" without accent
    assert rec.author == "Rédaction"


def test_http_charset_wins_over_meta():
    html = page("era2019_dislike.html").replace(b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">')
    assert "grÃ¨ve" in decode(html)[0]  # the meta label alone gives mojibake
    text, encoding = decode(html, {"content-type": "text/html; charset=UTF-8"})
    assert encoding == "utf-8" and "grève" in text
    right = extract(html, DISLIKE, headers={"content-type": "text/html; charset=UTF-8"})
    assert right.article.title == article("era2019_dislike.html").title


def test_bom_wins_over_meta_and_utf8_is_the_default():
    html = page("era2019_dislike.html")
    with_bom = b"\xef\xbb\xbf" + html.replace(b'<meta charset="utf-8">', b'<meta charset="windows-1252">')
    assert extract(with_bom, DISLIKE).article.title == article("era2019_dislike.html").title
    undeclared = html.replace(b'<meta charset="utf-8">', b"")
    assert extract(undeclared, DISLIKE).article.title == article("era2019_dislike.html").title


def test_undeclared_non_utf8_bytes_fall_back_to_windows_1252():
    html = page("cp1252_meta_spip.html").replace(b'<meta charset="windows-1252">', b"")
    rec = extract(html, "https://www.bladi.net/voip-320-millions,46400.html").article
    assert "cœurs" in rec.body and "\ufffd" not in rec.body
