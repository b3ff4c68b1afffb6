"""Build a small, realistic archive for the publication tests.

``build_archive(path, records)`` writes ArticleRecords the way a crawl does
(``normalise.to_bundle`` then ``Archive.write_batch``) and logs one crawl run.
It keeps no WARC files (like ``crawl --no-warc``): the provenance columns stay
empty; tests/publish/test_datasette_provenance.py crawls the replica for those.

``sample_records()``: the seed article — real Bladi.net text (28 February
2016), copied here so the tests need nothing outside the repository — and nine
short test articles from 2016 to 2024. Where the seed page's related-article
blocks show an article, its title and lead are the title and teaser shown
there; all other texts (every body but the seed's) are test texts, not
Bladi.net's. Article numbers not known from the site facts are assumed, in the
right range for their date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bladiscrape.core.urls import article_id, slug
from bladiscrape.model import ArticleRecord, Link
from bladiscrape.store import open_archive
from bladiscrape.store.rows import to_bundle

CASABLANCA = ZoneInfo("Africa/Casablanca")
BASE = "https://www.bladi.net/"
SEED_TITLE = "Les Marocains font la grève du « like » pour protester contre le blocage de WhatsApp et Viber"
SEED_URL = BASE + "greve-like-operateurs-maroc,44521.html"  # the seed article, as in the replica
SEED_BODY = """Pour protester contre le récent blocage des applications d’appels gratuits (VoIP) de type WhatsApp, Viber ou encore Skype, des internautes marocains ont décidé de boycotter les opérateurs télécoms en « dislikant » leur page Facebook.

La protestation est symbolique, mais elle commence à payer si l’on en croit une application analysant le nombre de « likes » perdus depuis le début de cette manifestation. Ainsi, Maroc Telecom, Inwi et Méditel perdraient plusieurs centaines de « j’aime » par minute depuis le début de ce boycott numérique.

A noter toutefois que les données sont difficiles à analyser étant donné la possibilité pour les trois opérateurs de se fournir en « likes » en les achetant.

Cette protestation fait suite au blocage total des appels téléphoniques via ces applications en 3G, 4G et depuis cette semaine par Wifi. Il n’est donc plus théoriquement possible de passer des appels vocaux ou vidéos depuis ces logiciels en utilisant l’un des trois opérateurs.

Ce blocage est en réalité une décision de l’ANRT, qui a justifié cette mesure par l’absence de licences pour les applications concernées au Maroc, engendrant ainsi des pertes substantielles de chiffre d’affaires pour les trois opérateurs nationaux."""
SEED_TAGS = ["Maroc Telecom", "Meditel", "Agence nationale de réglementation des télécommunications (ANRT)",
             "Télécoms", "Inwi", "Facebook", "WhatsApp"]
ANRT = SEED_TAGS[2]

# Article URLs, by the short names the records below use.
U = {
    "anrt": BASE + "blocage-whatsapp-viber-maroc,44096.html",
    "seed": SEED_URL,
    "awards": BASE + "blocage-voip-inwi-maroc-web-awards,44598.html",
    "elections": BASE + "elections-legislatives-pjd,46310.html",
    "320m": BASE + "maroc-voip-perte-320-millions,46420.html",
    "unblocked": BASE + "appels-voip-maroc,46592.html",
    "growth": BASE + "croissance-economique-maroc-ralentit,58012.html",
    "regions": BASE + "maroc-regions-oubliees-internet,93215.html",
    "tax": BASE + "maroc-telecom-controle-fiscal-600-mdh,97804.html",
    "5g": BASE + "maroc-5g-coupe-du-monde-2030,108903.html",
    "lawsuit": BASE + "inwi-condamner-maroc-telecom,70011.html",  # linked, never archived
}


@dataclass
class Topic:
    """Stands in for topic.TopicResult (score, in_topic, terms)."""

    score: float
    in_topic: bool
    terms: dict = field(default_factory=dict)


def _date(y, m, d, hh=10, mm=0) -> str:
    return datetime(y, m, d, hh, mm, tzinfo=CASABLANCA).isoformat()


def _links(kind: str, *targets: tuple[str, str]) -> list[Link]:
    return [Link(url=U[name], kind=kind, anchor=anchor, position=i) for i, (name, anchor) in enumerate(targets, 1)]


def _record(name, title, when, body, *, lead=None, section="Economie", tags=(), links=(), in_topic=True):
    url = U[name]
    return ArticleRecord(
        url=url, id=article_id(url), slug=slug(url), title=title, body=body, lead=lead,
        published_at=_date(*when), published_raw=None, section=section, author="Bladi.net",
        tags=list(tags), links=list(links), extraction={"title": "test", "body": "test"},
    ), Topic(score=3.0 if in_topic else 0.2, in_topic=in_topic)


def seed_record():
    record, topic = _record(
        "seed", SEED_TITLE, (2016, 2, 28, 11, 10), SEED_BODY, tags=SEED_TAGS,
        links=_links("further_reading", ("unblocked", "WhatsApp, Viber et Skype débloqués au Maroc"),
                     ("anrt", "Le blocage de WhatsApp et Viber venait en fait de ... l’ANRT"),
                     ("320m", "Le Maroc n’aurait pas dû bloquer la VOIP, il a perdu 320 millions de dollars en 6 mois"),
                     ("awards", "Blocage VoIP : Inwi n’est plus sponsor de Maroc Web Awards"))
        + _links("recommended", ("tax", "Suite à un contrôle fiscal, Maroc Telecom va payer 600 MDH"),
                 ("lawsuit", "Inwi fait condamner Maroc Telecom"),
                 ("5g", "Le Maroc accélère sur la 5G en vue de la coupe du monde 2030"),
                 ("regions", "Maroc : ces régions oubliées de l’internet")),
    )
    record.published_raw = "28 février 2016 - 11h10 - Economie - Ecrit par : Bladi.net"
    return record, topic


def sample_records():
    """(ArticleRecord, Topic) pairs: the seed plus nine test articles."""
    return [
        _record("anrt", "Le blocage de WhatsApp et Viber venait en fait de ... l’ANRT", (2016, 1, 8, 9, 30),
                "Le directeur de Maroc Telecom affirme que l’ordre de bloquer les appels VoIP est venu de l’ANRT. "
                "L’agence cite la loi 24-96 et sa décision de 2004 sur les licences.",
                lead="Le récent blocage par les opérateurs téléphoniques marocains des principales applications "
                     "de voix sur IP comme WhatsApp ou Viber venait en fait de l’Agence Nationale de...",
                tags=["Maroc Telecom", ANRT, "WhatsApp", "Viber"]),
        seed_record(),
        _record("awards", "Blocage VoIP : Inwi n’est plus sponsor de Maroc Web Awards", (2016, 3, 3, 15, 5),
                "Après le retrait de plusieurs candidats protestant contre le blocage de la VoIP, Inwi renonce "
                "à parrainer les Maroc Web Awards.",
                lead="Du rififi au sein de Maroc Web Awards.", tags=["Inwi", "Internet", "WhatsApp"],
                links=_links("in_body", ("seed", SEED_TITLE), ("anrt", "l’ANRT"))),
        _record("elections", "Élections législatives : le PJD arrive en tête", (2016, 10, 8, 8, 0),
                "Les élections législatives du 7 octobre ont placé le PJD en tête. La participation est restée faible.",
                section="Maroc", tags=["Elections", "PJD"], in_topic=False),
        _record("320m", "Le Maroc n’aurait pas dû bloquer la VOIP, il a perdu 320 millions de dollars en 6 mois",
                (2016, 10, 19, 18, 45),
                "Selon une étude de la Brookings Institution, l’interdiction des appels VoIP a coûté au Maroc "
                "320 millions de dollars en six mois.",
                lead="La facture est chère, très chère.", tags=[ANRT, "Skype", "WhatsApp"],
                links=_links("in_body", ("anrt", "blocage décidé par l’ANRT"))),
        _record("unblocked", "WhatsApp, Viber et Skype débloqués au Maroc", (2016, 11, 4, 12, 0),
                "L’ANRT autorise de nouveau les appels par WhatsApp, Viber et Skype, quelques jours avant la COP22.",
                lead="Les appels via les messageries VOIP de type WhatsApp ou Skype seraient à nouveau possibles "
                     "depuis quelques jours. Ce déblocage a été confirmé par la l’ANRT.",
                tags=[ANRT, "WhatsApp", "Viber", "Skype"],
                links=_links("further_reading", ("anrt", "Le blocage de WhatsApp et Viber venait en fait de ... l’ANRT"),
                             ("seed", SEED_TITLE), ("320m", "Le Maroc n’aurait pas dû bloquer la VOIP"))),
        _record("growth", "La croissance économique du Maroc ralentit", (2019, 7, 15, 14, 20),
                "Le Haut-Commissariat au Plan revoit à la baisse la croissance économique attendue pour l’année.",
                tags=["Economie", "HCP"], in_topic=False),
        _record("regions", "Maroc : ces régions oubliées de l’internet", (2022, 6, 10, 16, 0),
                "Une partie du territoire reste sans couverture : les opérateurs de télécommunications et l’ANRT "
                "promettent d’étendre les réseaux.",
                lead="Ghita Mezzour a révélé la part du territoire marocain sans couverture internet.",
                section="Maroc", tags=["Internet", ANRT, "Télécoms"]),
        _record("tax", "Suite à un contrôle fiscal, Maroc Telecom va payer 600 MDH", (2023, 1, 20, 11, 0),
                "Maroc Telecom et le fisc ont signé un protocole d’accord de 600 millions de dirhams.",
                tags=["Maroc Telecom", "Impôts"]),
        _record("5g", "Le Maroc accélère sur la 5G en vue de la coupe du monde 2030", (2024, 3, 12, 9, 15),
                "Le ministère de la Transition numérique gérera les télécommunications pendant la coupe du monde "
                "2030 ; l’ANRT prépare l’attribution des fréquences 5G.",
                tags=["Télécoms", "5G", ANRT], links=_links("in_body", ("regions", "régions oubliées"))),
    ]


def build_archive(path, records=None, site: str = "https://www.bladi.net") -> Path:
    """Write ``records`` ((ArticleRecord, topic) pairs) and one crawl run into ``path``."""
    records = sample_records() if records is None else records
    archive = open_archive(path)
    try:
        run_id = archive.start_run("2025-01-01T10:00:00+00:00", {"urls": [SEED_URL], "site": site, "depth": 2},
                                   {"ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 1.0}, "bladiscrape test")
        bundles = [to_bundle(r, t, "2025-01-01T10:01:00+00:00", "test") for r, t in records]
        fetches = [{"run_id": run_id, "url": r.url, "status": 200, "fetched_at": "2025-01-01T10:01:00+00:00",
                    "bytes": 1000, "outcome": "article" if t.in_topic else "off_topic",
                    "article_id": r.id, "depth": 1} for r, t in records]
        counts = archive.write_batch(bundles, fetches)
        requests = len(records) + 1
        stats = {"downloader/request_count": requests, "finish_reason": "finished"}
        archive.finish_run(run_id, finished_at="2025-01-01T10:02:00+00:00", stats=json.dumps(stats),
                           articles_new=counts["new"], articles_updated=counts["updated"],
                           articles_unchanged=counts["unchanged"], errors=0, finish_reason="finished",
                           requests=requests,
                           requests_per_new_article=round(requests / counts["new"], 2) if counts["new"] else None)
    finally:
        archive.close()
    return Path(path)
