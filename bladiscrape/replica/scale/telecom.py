"""The telecom coverage: themes, their vocabulary, and how dense they are over time.

This is what discovery is benchmarked on: a crawler asked for 2016 must find
the coverage of the VoIP blocking episode (January 2016: the operators block
Skype, WhatsApp and Viber calls at the ANRT's request; February-March: the
"dislike" campaign against the operators' pages; November 2016: calls work
again) among ~2,700 articles of that year and ~100,000 overall.

Each theme has its tags ("{op}" stands for the operator's tag), its titles and
its sentences; every title carries at least one of ``words.TELECOM_TERMS``.
Which names exist depends on the date: Inwi from 2010, Méditel renamed Orange
Maroc on 8 December 2016, 4G from 2015 and 5G from 2021.
"""

from __future__ import annotations

from datetime import datetime

#: Probability that an article is a telecom one, by 2016 month. Tuned so that
#: seed 2016 gives ~90 in-topic articles in 2016 (of ~2,700), with peaks at the
#: blocking (January), the dislike campaign (February-March) and the unblocking
#: (November): a discovery strategy that samples 2016 uniformly must still find
#: the quiet months' few articles.
DENSITY_2016 = (0.061, 0.042, 0.038, 0.019, 0.015, 0.013, 0.010, 0.010, 0.015, 0.025, 0.042, 0.025)
#: Elsewhere: ~3 % from 2017 (5G, fibre, fines), ~2.5 % before 2016. Together
#: with 2016 that is ~3 % of all articles, "a few percent" as on a general site.
DENSITY_BEFORE, DENSITY_AFTER = 0.025, 0.032

#: Of the telecom articles, the share that carry a telecom tag; the others have
#: none and are found either through an "Aller plus loin" link from a tagged one
#: (``LINKED_SHARE``) or only through listings, search and the feed (the rest).
TAGGED_SHARE, LINKED_SHARE = 0.70, 0.20


def density(moment: datetime) -> float:
    if moment.year == 2016:
        return DENSITY_2016[moment.month - 1]
    return DENSITY_BEFORE if moment.year < 2016 else DENSITY_AFTER


# name -> (tags, titles, sentences)
THEMES = {
    "voip-blocage": (
        ("voip", "anrt", "whatsapp", "{op}"),
        ("Blocage de la VoIP : l’ANRT justifie sa décision",
         "Blocage de la VoIP : les internautes ne décolèrent pas",
         "WhatsApp, Viber et Skype : les appels toujours bloqués au Maroc",
         "Appels sur WhatsApp : l’ANRT rappelle la loi sur les télécoms",
         "VoIP : {op3} se renvoient la balle",
         "Blocage des appels VoIP : une pétition dépasse {n}0 000 signatures",
         "Skype et Viber bloqués : les entreprises s’inquiètent",
         "VoIP : l’ANRT convoque les opérateurs",
         "Blocage des appels sur internet : des députés interpellent l’ANRT",
         "Les étudiants marocains à l’étranger privés d’appels WhatsApp",
         "VoIP : des avocats saisissent la justice contre l’ANRT",
         "{op} défend le blocage des appels VoIP"),
        ("Depuis le début de l’année, les appels via WhatsApp, Skype et Viber ne passent plus sur les réseaux mobiles.",
         "L’ANRT estime que la VoIP gratuite doit être soumise à une licence.",
         "Le blocage des appels VoIP touche aussi les connexions ADSL.",
         "Pour les Marocains résidant à l’étranger, le blocage des appels complique les échanges avec leurs proches.",
         "De nombreux internautes contournent le blocage grâce à un VPN.",
         "{op3} affirment appliquer une décision de l’ANRT.",
         "Les messages écrits sur WhatsApp restent possibles, seuls les appels sont bloqués."),
    ),
    "dislike": (
        ("{op}", "voip", "telecoms"),
        ("Campagne « dislike » : les pages des opérateurs télécoms visées",
         "Grève du « like » : {op3} boudés par les internautes",
         "Boycott des opérateurs : la campagne contre le blocage de la VoIP s’étend",
         "Dislike : {op} perd des milliers de fans en une semaine"),
        ("La campagne « dislike » vise les pages Facebook des opérateurs.",
         "Les internautes appellent aussi à éteindre leur téléphone une heure par jour "
         "pour protester contre le blocage des appels VoIP.",
         "{op} n’a pas répondu aux critiques de ses abonnés.",
         "Le mouvement est né quelques jours après le blocage de WhatsApp, Skype et Viber."),
    ),
    "voip-deblocage": (
        ("voip", "whatsapp", "anrt"),
        ("WhatsApp, Viber et Skype à nouveau accessibles au Maroc ?",
         "Fin du blocage de la VoIP : l’ANRT confirme",
         "COP22 : les appels VoIP débloqués pour les visiteurs",
         "Appels WhatsApp : {op} lève le blocage"),
        ("Les appels via WhatsApp et Skype fonctionnent à nouveau, selon plusieurs abonnés.",
         "L’ANRT n’a pas officiellement annoncé la fin du blocage de la VoIP.",
         "Le déblocage intervient quelques jours avant l’ouverture de la COP22 à Marrakech.",
         "{op3} n’ont fait aucun commentaire."),
    ),
    "resultats": (
        ("{op}", "telecoms"),
        ("{op} : le chiffre d’affaires en hausse de {pct} %",
         "{op} lance une nouvelle offre d’internet mobile",
         "{op} revoit ses forfaits mobiles",
         "Télécoms : {op} gagne {n}00 000 abonnés",
         "{op} annonce un bénéfice en recul de {pct} %"),
        ("{op} compte désormais plus de {n} millions de clients.",
         "Chez {op}, le chiffre d’affaires progresse de {pct} % sur un an.",
         "{op} mise sur la {gen} pour séduire de nouveaux abonnés.",
         "Le marché des télécoms reste dominé par trois opérateurs."),
    ),
    "regulation": (
        ("anrt", "telecoms", "{op}"),
        ("L’ANRT publie son rapport annuel sur le marché des télécoms",
         "Télécoms : l’ANRT sanctionne {op}",
         "L’ANRT lance un appel d’offres pour les licences {gen}",
         "Internet mobile : {n}0 millions d’abonnés selon l’ANRT",
         "Concurrence : l’ANRT rappelle les opérateurs à l’ordre"),
        ("L’Agence nationale de réglementation des télécommunications (ANRT) a publié ses chiffres du trimestre.",
         "Selon l’ANRT, le parc d’abonnés à l’internet mobile progresse de {pct} % sur un an.",
         "Les opérateurs télécoms ont un mois pour se mettre en conformité.",
         "{op} conteste la décision du régulateur."),
    ),
    "reseau": (
        ("{op}", "telecoms"),
        ("Couverture {gen} : {op} étend son réseau {a_place}",
         "Fibre optique : {op} accélère le déploiement {a_place}",
         "{place} : une panne de réseau chez {op} prive les abonnés de téléphone",
         "Télécoms : {n}00 villages bientôt couverts en {gen}"),
        ("{op} annonce la couverture {gen} de {n}0 nouvelles localités.",
         "Les abonnés {de_place} se plaignent de coupures répétées.",
         "L’ANRT suit le plan de couverture des opérateurs.",
         "Le déploiement de la fibre optique reste coûteux pour les opérateurs."),
    ),
    "applis": (
        ("whatsapp", "voip", "telecoms"),
        ("WhatsApp : une panne mondiale perturbe les échanges au Maroc",
         "Appels VoIP : les opérateurs réclament une contribution des applications",
         "Skype, Viber, WhatsApp : les Marocains toujours plus nombreux à téléphoner par internet"),
        ("Les applications de VoIP concurrencent les appels classiques des opérateurs.",
         "WhatsApp revendique plusieurs millions d’utilisateurs au Maroc.",
         "Selon l’ANRT, l’usage de la VoIP progresse chaque année."),
    ),
}
THEME_NAMES = tuple(THEMES)


def theme_weights(moment: datetime) -> tuple[tuple[str, int], ...]:
    """Which themes are written when: the VoIP episode in 2016, business as usual otherwise."""
    if moment.year == 2016:
        month = moment.month
        if month <= 3:
            return (("voip-blocage", 6), ("dislike", 3 if month >= 2 else 0), ("resultats", 1), ("regulation", 1))
        if month <= 9:
            return (("voip-blocage", 4), ("resultats", 2), ("regulation", 2), ("reseau", 1), ("applis", 1))
        return (("voip-deblocage", 4 if month >= 11 or moment.day >= 15 else 0), ("voip-blocage", 2),
                ("resultats", 2), ("regulation", 1), ("reseau", 1))
    return (("resultats", 4), ("regulation", 3), ("reseau", 3), ("applis", 2 if moment.year >= 2010 else 0))


def operators(moment: datetime) -> tuple[tuple[str, str], ...]:
    """(name, tag slug) of the operators at a date: Inwi from 2010, Orange Maroc from 8 Dec 2016."""
    third = ("Orange Maroc", "meditel") if moment >= datetime(2016, 12, 8) else ("Méditel", "meditel")
    if moment.year < 2010:
        return (("Maroc Telecom", "maroc-telecom"), third)
    return (("Maroc Telecom", "maroc-telecom"), ("Inwi", "inwi"), third)


def generation(moment: datetime) -> str:
    return "5G" if moment.year >= 2021 else "4G" if moment.year >= 2015 else "3G"


def slots(moment: datetime, op_index: int) -> dict:
    """Telecom placeholders: {op}, {op3} (the three operators), {gen}."""
    ops = operators(moment)
    names = [name for name, _ in ops]
    op3 = " et ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    return {"op": names[op_index % len(names)], "op3": op3, "gen": generation(moment)}
