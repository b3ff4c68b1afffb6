"""The replica's content, written by hand: one entry per article page.

``build_site.py`` renders these entries into ``site/`` (HTML in four template
eras) and into ``tests/replica_truth.json``. Nothing here or there reads HTML
back: the ground truth is what was written below, not what an extractor finds.

Texts: the seed article (``S``) is Bladi.net's own text of 28 February 2016,
verbatim. The titles and teasers of the 14 articles it links to are Bladi.net's
too (as shown on the seed page). Every other text (all bodies but the seed's,
every other title and teaser) is a short test text written for the replica.

Paragraph mini-markup (bodies only): ``[anchor](href)`` is an in-body link,
``\\n`` inside a paragraph is a ``<br>`` line break.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Art:
    key: str
    path: str  # URL path without the leading slash
    title: str
    when: tuple  # Moroccan local time shown on the page: (y, m, d, H, M)
    section: str
    era: str  # a (2019-2021), b (old SPIP skeleton), c (2023+), d (structured metadata only)
    teaser: str  # listing/feed/related-block text (SPIP "introduction")
    lead: str | None
    body: list[str]
    tags: list[str]
    fr: list = field(default_factory=list)  # "Aller plus loin": keys or (key, href)
    rec: list = field(default_factory=list)  # "Ces articles devraient vous intéresser :"
    author: str | None = "Bladi.net"
    in_topic: bool = True
    image: str | None = None  # site path of the article image
    charset: str = "utf-8"  # "iso-8859-1" (HTTP header only) or "windows-1252" (<meta> only)
    short_hour: bool = False  # "9h05" rather than "09h05"
    no_accent: bool = False  # "decembre", "aout", "fevrier" in the date line
    surtitre: str | None = None  # era b kicker above the title (not part of the title)
    listed: bool = True  # appears on rubric/tag listings
    exists: bool = True  # False: linked but answers 404
    role: str = ""  # why the page is there (README, truth)
    trailing_br: bool = False  # last body paragraph ends with a stray <br>
    empty_p: bool = False  # an empty <p></p> sits among the body paragraphs


TAG_SLUGS = {
    "Maroc Telecom": "maroc-telecom",
    "Meditel": "meditel",
    "Agence nationale de réglementation des télécommunications (ANRT)":
        "agence-nationale-de-reglementation-des-telecommunications-anrt",
    "Télécoms": "telecoms",
    "Inwi": "inwi",
    "Facebook": "facebook",
    "WhatsApp": "whatsapp",
    "Skype": "skype",
    "Maroc Web Awards": "maroc-web-awards",
    "Azzeddine El Mountassir Billah": "azzeddine-el-mountassir-billah",
    "Orange Maroc": "orange-maroc",
    "Mourad Zibouh": "mourad-zibouh",
    "Justice": "justice",
    "Abdeslam Ahizoune": "abdeslam-ahizoune",
    "Dégroupage": "degroupage",
    "Impôts": "impots",
    "Internet": "internet",
    "5G": "5g",
    "Racisme": "racisme",
    "Belgique": "belgique",
    "Mariage": "mariage",
    "Fibre optique": "fibre-optique",
    "MRE": "mre",
    "Football": "football",
    "Météo": "meteo",
}
ANRT = "Agence nationale de réglementation des télécommunications (ANRT)"

ARTICLES = [
    # ---------------------------------------------------------------- the seed
    Art(
        "S", "greve-like-operateurs-maroc,44521.html",
        "Les Marocains font la grève du «\u00a0like\u00a0» pour protester contre le blocage de WhatsApp et Viber",
        (2016, 2, 28, 11, 10), "Economie", "a",
        teaser="Pour protester contre le récent blocage des applications d’appels gratuits (VoIP) de type "
               "WhatsApp, Viber ou encore Skype, des internautes marocains ont décidé de boycotter les "
               "opérateurs télécoms en...",
        lead="Pour protester contre le récent blocage des applications d’appels gratuits (VoIP) de type "
             "WhatsApp, Viber ou encore Skype, des internautes marocains ont décidé de boycotter les "
             "opérateurs télécoms en «\u00a0dislikant\u00a0» leur page Facebook.",
        body=[
            "La protestation est symbolique, mais elle commence à payer si l’on en croit une application "
            "analysant le nombre de «\u00a0likes\u00a0» perdus depuis le début de cette manifestation. Ainsi, Maroc "
            "Telecom, Inwi et Méditel perdraient plusieurs centaines de «\u00a0j’aime\u00a0» par minute depuis le début "
            "de ce boycott numérique.",
            "A noter toutefois que les données sont difficiles à analyser étant donné la possibilité pour les "
            "trois opérateurs de se fournir en «\u00a0likes\u00a0» en les achetant.",
            "Cette protestation fait suite au blocage total des appels téléphoniques via ces applications en "
            "3G, 4G et depuis cette semaine par Wifi. Il n’est donc plus théoriquement possible de passer des "
            "appels vocaux ou vidéos depuis ces logiciels en utilisant l’un des trois opérateurs.",
            "Ce blocage est en réalité une décision de l’ANRT, qui a justifié cette mesure par l’absence de "
            "licences pour les applications concernées au Maroc, engendrant ainsi des pertes substantielles "
            "de chiffre d’affaires pour les trois opérateurs nationaux.",
        ],
        tags=["Maroc Telecom", "Meditel", ANRT, "Télécoms", "Inwi", "Facebook", "WhatsApp"],
        fr=["A", "K", "M", "W"],
        rec=["R1", "R2",
             ("R3", "https://www.bladi.net/maroc-telecom-controle-fiscal-600-mdh,105500.html"),
             ("R4", "http://bladi.net/inwi-condamner-maroc-telecom,109300.html"),
             ("R5", "https://bladi.net/maroc-5g-coupe-du-monde-2030,107300.html#comments"),
             ("R6", "maroc-regions-oubliees-internet,100300.html?utm_source=facebook&utm_medium=social"),
             "R7", "R8", "R9", "R10"],
        image="IMG/arton44521.jpg",
        role="seed: real Bladi.net text (title, date line, five paragraphs, tags, related titles/teasers)",
    ),
    # ------------------------------------------- the seed's "Aller plus loin"
    Art(
        "A", "appels-voip-maroc,46592.html",
        "WhatsApp, Viber et Skype débloqués au Maroc",
        (2016, 11, 4, 9, 5), "Economie", "b", short_hour=True, charset="iso-8859-1", surtitre="Télécoms",
        teaser="Les appels via les messageries VOIP de type WhatsApp ou Skype seraient à nouveau possibles "
               "depuis quelques jours. Ce déblocage a été confirmé par la l’ANRT.",
        lead="Les appels via les messageries VOIP de type WhatsApp ou Skype seraient à nouveau possibles "
             "depuis quelques jours. Ce déblocage a été confirmé par la l’ANRT.",
        body=[
            "Après dix mois de blocage sur les réseaux 3G, 4G puis ADSL, les abonnés de Maroc Telecom, Inwi "
            "et Méditel constatent que les appels vocaux et vidéo passent de nouveau par ces applications.",
            "Selon l’Agence nationale de réglementation des télécommunications, les opérateurs ont été "
            "autorisés à rétablir ces services à quelques jours de l’ouverture de la COP22 à Marrakech. "
            "Aucune explication détaillée n’a été donnée sur ce revirement.",
            "Les associations de consommateurs, qui réclamaient la levée de la mesure depuis janvier, "
            "saluent une bonne nouvelle mais demandent des garanties pour l’avenir.",
        ],
        tags=["WhatsApp", "Skype", ANRT],
        fr=["B", ("K", "http://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html"), "S"],
        rec=["R3", "R9"],
        role="chain A (depth 1); ISO-8859-1 declared by the HTTP header only",
    ),
    Art(
        "K", "blocage-whatsapp-viber-maroc,44096.html",
        "Le blocage de WhatsApp et Viber venait en fait de ... l’ANRT",
        (2016, 1, 8, 9, 30), "Economie", "c",
        teaser="Le récent blocage par les opérateurs téléphoniques marocains des principales applications de "
               "voix sur IP comme WhatsApp ou Viber venait en fait de l’Agence Nationale de...",
        lead="Le récent blocage par les opérateurs téléphoniques marocains des principales applications de "
             "voix sur IP comme WhatsApp ou Viber venait en fait de l’Agence Nationale de Réglementation des "
             "Télécommunications (ANRT).",
        body=[
            "Dans un communiqué, [l’ANRT](https://www.anrt.ma/) explique que ces applications ne disposent pas "
            "de licence pour fournir un service de téléphonie au Maroc, comme l’exige la loi 24-96.",
            "Le patron de Maroc Telecom avait déjà indiqué que la décision ne venait pas des opérateurs. Les "
            "premières coupures dataient du début de la semaine, comme nous l’écrivions "
            "[mardi](skype-whatsapp-viber-bloques-maroc,44031.html).",
            "Le texte du [communiqué de l’agence](archives/communique-anrt-voip,44090.html) cite aussi la "
            "décision de l’ANRT du 6 avril 2004.",
        ],
        tags=[ANRT, "WhatsApp", "Maroc Telecom"],
        fr=["G", "DEAD", ("S", "https://bladi.net/greve-like-operateurs-maroc,44521.html#comments")],
        rec=["R6", "R1"],
        image="img/cache-vignettes/L800xH500/arton44096-7c1e2.webp",
        role="in-body links: a Bladi article, an external site, a robots-disallowed page; links to a 404",
    ),
    Art(
        "M", "maroc-voip-perte-320-millions-dollars,46418.html",
        "Le Maroc n’aurait pas dû bloquer la VOIP, il a perdu 320 millions de dollars en 6 mois",
        (2016, 10, 19, 14, 50), "Economie", "a", charset="windows-1252",
        teaser="La facture est chère, très chère. Si l’on se fie aux résultats d’une étude publiée mercredi, le "
               "Maroc aurait perdu plus de 300 millions de dollars depuis l’interdiction de la...",
        lead="La facture est chère, très chère. Si l’on se fie aux résultats d’une étude publiée mercredi, le "
             "Maroc aurait perdu plus de 300 millions de dollars depuis l’interdiction de la VoIP.",
        body=[
            "L’étude, publiée par la Brookings Institution, évalue à 320 millions de dollars, soit environ 290 "
            "millions d’€, le coût du blocage sur six mois.",
            "Pour ses auteurs, la mesure mise en œuvre par l’ANRT a freiné le commerce en ligne et pénalisé les "
            "entreprises qui utilisent Skype ou WhatsApp pour joindre leurs clients.",
            "Au cœur du débat, le « manque à gagner » des opérateurs : Maroc Telecom, Inwi et Méditel "
            "défendent leur chiffre d’affaires sur les appels internationaux.",
        ],
        tags=[ANRT, "Skype", "Télécoms"],
        fr=["A", "B", "RAM"],
        rec=["R2", "R7"],
        image="IMG/arton46418.jpg",
        role="windows-1252 declared only by <meta http-equiv>, served without charset",
    ),
    Art(
        "W", "inwi-sponsor-maroc-web-awards,44598.html",
        "Blocage VoIP\u00a0: Inwi n’est plus sponsor de Maroc Web Awards",
        (2016, 3, 3, 14, 25), "Economie", "c", author=None,
        teaser="Du rififi au sein de Maroc Web Awards. Après la décision de plusieurs participants de retirer "
               "leur candidature pour la prochaine compétition, le partenaire officiel indique...",
        lead="Du rififi au sein de Maroc Web Awards. Après la décision de plusieurs participants de retirer "
             "leur candidature pour la prochaine compétition, le partenaire officiel indique qu’il se retire.",
        body=[
            "Inwi, sponsor de l’événement depuis plusieurs éditions, a annoncé mercredi qu’il ne soutiendrait "
            "pas l’édition 2016.",
            "Des blogueurs et des agences avaient annoncé leur retrait pour protester contre le blocage des "
            "appels VoIP par les opérateurs, décidé par l’ANRT.",
        ],
        tags=["Inwi", "Maroc Web Awards"],
        fr=["S", "N", "DMETA"],
        rec=["R5"],
        role="answers 500 the first time it is requested on a server instance; 'Ecrit par :' with no author",
    ),
    # ------------------------------------ the chain seed -> A -> B -> C -> D -> E
    Art(
        "B", "anrt-directeur-general-limoge,46470.html",
        "ANRT\u00a0: le directeur général Azzeddine El Mountassir Billah limogé",
        (2016, 10, 25, 18, 40), "Maroc", "c",
        teaser="Le directeur général de l’Agence nationale de réglementation des télécommunications (ANRT), "
               "Azzeddine El Mountassir Billah, a été démis de ses fonctions mardi...",
        lead="Le directeur général de l’Agence nationale de réglementation des télécommunications (ANRT), "
             "Azzeddine El Mountassir Billah, a été démis de ses fonctions mardi.",
        body=[
            "Son départ intervient quelques jours après la publication d’une étude estimant à 320 millions de "
            "dollars le manque à gagner lié au blocage des appels VoIP au Maroc.",
            "L’agence était en première ligne depuis janvier, lorsqu’elle avait demandé aux opérateurs Maroc "
            "Telecom, Inwi et Méditel de couper les appels passés via WhatsApp, Viber ou Skype.",
            "Aucun nom n’a encore été avancé pour sa succession.",
        ],
        tags=["Azzeddine El Mountassir Billah"],
        fr=["C", "A", "M"],
        rec=["R6"],
        image="img/cache-vignettes/L800xH500/arton46470-9b3e1.webp",
        role="chain B (depth 2)",
    ),
    Art(
        "C", "meditel-devient-orange-maroc,46890.html",
        "Méditel devient officiellement Orange Maroc",
        (2016, 12, 8, 10, 0), "Economie", "a", no_accent=True,
        teaser="Le deuxième opérateur télécoms du pays change de nom. Méditel s’appelle désormais Orange Maroc...",
        lead="Le deuxième opérateur télécoms du pays change de nom. Méditel s’appelle désormais Orange Maroc, "
             "du nom de son actionnaire français.",
        body=[
            "Le changement de marque a été annoncé jeudi à Casablanca. Les boutiques, les offres mobiles et "
            "internet ainsi que le réseau passent sous les couleurs d’Orange dans les prochaines semaines.",
            "Pour les abonnés, rien ne change dans l’immédiat : les numéros, les forfaits et les cartes SIM "
            "restent valables.",
            "L’opérateur, comme Maroc Telecom et Inwi, avait été critiqué cette année pour le blocage des "
            "appels sur WhatsApp et Skype, levé début novembre.",
        ],
        tags=["Orange Maroc"],
        fr=["D", "B", "A"],
        rec=[("R4", "http://bladi.net/inwi-condamner-maroc-telecom,109300.html")],
        image="IMG/arton46890.jpg",
        role="chain C (depth 3: fetched by --depth 3, not by --depth 2); date line without accents",
    ),
    Art(
        "D", "voip-avocat-plainte-anrt,44690.html",
        "Blocage de la VoIP : un avocat porte l’affaire devant la justice",
        (2016, 3, 15, 16, 30), "Maroc", "b",
        teaser="Un avocat d’Oujda, Mourad Zibouh, a saisi le tribunal administratif de la ville pour contester "
               "le blocage des appels...",
        lead="Un avocat d’Oujda, Mourad Zibouh, a saisi le tribunal administratif de la ville pour contester le "
             "blocage des appels VoIP.",
        body=[
            "La requête vise l’Agence nationale de réglementation des télécommunications, à l’origine de la "
            "décision, ainsi que les trois opérateurs Maroc Telecom, Inwi et Méditel.",
            "Le plaignant estime que la mesure prive les abonnés d’un service qu’ils paient dans leur forfait "
            "internet.",
        ],
        tags=["Mourad Zibouh", "Justice"],
        fr=["E", "C"],
        role="chain D (depth 4): never fetched with --depth 3",
    ),
    Art(
        "E", "voip-tribunal-oujda-incompetent,45240.html",
        "VoIP\u00a0: le tribunal d’Oujda renvoie la plainte contre l’ANRT à Rabat",
        (2016, 5, 12, 12, 15), "Maroc", "c",
        teaser="Le tribunal administratif d’Oujda s’est déclaré incompétent pour juger la plainte déposée "
               "contre le blocage des appels VoIP...",
        lead="Le tribunal administratif d’Oujda s’est déclaré incompétent pour juger la plainte déposée contre "
             "le blocage des appels VoIP.",
        body=[
            "Le dossier est transmis au tribunal administratif de Rabat, compétent pour les décisions de "
            "l’ANRT, dont le siège se trouve dans la capitale.",
            "L’avocat à l’origine de la plainte dit vouloir poursuivre la procédure.",
        ],
        tags=["Mourad Zibouh", "Justice"],
        fr=["D"],
        role="chain E (depth 5): never fetched with --depth 3",
    ),
    # ------------------------------------------- other in-topic 2016 pages
    Art(
        "G", "skype-whatsapp-viber-bloques-maroc,44031.html",
        "Skype, WhatsApp et Viber : les appels bloqués au Maroc",
        (2016, 1, 5, 17, 45), "Economie", "b", author="Nadia Lamrani",
        teaser="Depuis quelques jours, les abonnés marocains ne parviennent plus à passer d’appels via Skype, "
               "WhatsApp ou Viber sur les réseaux...",
        lead="Depuis quelques jours, les abonnés marocains ne parviennent plus à passer d’appels via Skype, "
             "WhatsApp ou Viber sur les réseaux mobiles.",
        body=[
            "Les messages écrits passent toujours, mais les appels vocaux et vidéo échouent sur les connexions "
            "3G et 4G de Maroc Telecom, Inwi et Méditel.\nLes appels en Wi-Fi fonctionnent encore.",
            "Contactés, les opérateurs n’ont pas souhaité commenter. Plusieurs Marocains résidant à l’étranger "
            "disent ne plus pouvoir joindre leur famille comme avant.",
        ],
        tags=["Skype", "WhatsApp"],
        fr=["K", "H"],
        role="author other than Bladi.net; <br> inside a paragraph",
    ),
    Art(
        "H", "maroc-telecom-ahizoune-blocage-voip,44062.html",
        "Blocage de la VoIP : Maroc Telecom renvoie la balle à l’ANRT",
        (2016, 1, 7, 13, 5), "Economie", "a",
        teaser="Le président du directoire de Maroc Telecom, Abdeslam Ahizoune, affirme que l’opérateur n’a "
               "fait qu’appliquer une décision...",
        lead="Le président du directoire de Maroc Telecom, Abdeslam Ahizoune, affirme que l’opérateur n’a fait "
             "qu’appliquer une décision du régulateur.",
        body=[
            "Interrogé sur la coupure des appels WhatsApp, Viber et Skype, il a indiqué que l’ordre venait de "
            "l’Agence nationale de réglementation des télécommunications.",
            "Inwi et Méditel, également concernés, n’ont pas réagi.",
        ],
        tags=["Abdeslam Ahizoune"],
        fr=["K", "G"],
        empty_p=True,
        role="reached via G (depth 2); an empty <p> among the body paragraphs",
    ),
    Art(
        "N", "maroc-web-awards-candidats-retrait,44560.html",
        "Maroc Web Awards : des candidats se retirent pour dénoncer le blocage de la VoIP",
        (2016, 3, 1, 12, 0), "Economie", "b",
        teaser="Plusieurs sites et blogueurs marocains retirent leur candidature aux Maroc Web Awards pour "
               "protester contre le blocage...",
        lead="Plusieurs sites et blogueurs marocains retirent leur candidature aux Maroc Web Awards pour "
             "protester contre le blocage des appels VoIP.",
        body=[
            "Le mouvement fait suite à la campagne de « dislike » lancée ce week-end contre les pages Facebook "
            "de Maroc Telecom, Inwi et Méditel.",
            "Les candidats demandent aux opérateurs et à l’ANRT de rétablir les appels sur WhatsApp, Viber et "
            "Skype.",
        ],
        tags=["Maroc Web Awards", "Facebook"],
        fr=["S", "W"],
        role="'1er' in the date line",
    ),
    Art(
        "DMETA", "voip-operateurs-parlement,45010.html",
        "VoIP : les opérateurs défendent le blocage devant les députés",
        (2016, 4, 21, 16, 20), "Economie", "d",
        teaser="Les dirigeants des opérateurs télécoms ont été entendus par une commission parlementaire sur le "
               "blocage des appels...",
        lead=None,
        body=[
            "Les dirigeants des opérateurs télécoms ont été entendus jeudi par une commission parlementaire sur "
            "le blocage des appels VoIP.",
            "Ils ont rappelé que la décision relevait de l’ANRT et que les applications concernées ne disposent "
            "pas de licence au Maroc.",
            "Plusieurs députés ont demandé un calendrier pour un éventuel déblocage.",
        ],
        tags=["Télécoms", ANRT],
        fr=["S", "K"],
        image="img/logo/voip-operateurs-parlement.jpg",
        role="fields only in JSON-LD/OpenGraph; datePublished 2016-04-21T15:20:00Z = 16h20 summer time",
    ),
    Art(
        "RAM", "decret-voip-base-legale,45560.html",
        "Blocage de la VoIP\u00a0: un décret lui donne une base légale",
        (2016, 6, 20, 9, 40), "Maroc", "a",
        teaser="Publié au Bulletin officiel début juin, le décret 2.16.347 est présenté comme la base juridique "
               "du blocage des appels...",
        lead="Publié au Bulletin officiel début juin, le décret 2.16.347 est présenté comme la base juridique du "
             "blocage des appels VoIP.",
        body=[
            "Le texte encadre les services de télécommunications soumis à licence. Pour ses détracteurs, il "
            "vient régulariser après coup une mesure appliquée depuis janvier par l’ANRT.",
            "Le décret peut être consulté sur le site du "
            "[Secrétariat général du gouvernement](http://www.sgg.gov.ma/).",
        ],
        tags=[ANRT, "Télécoms"],
        fr=["K", "M"],
        trailing_br=True,
        role="Ramadan 2016: Morocco back on UTC+0 (09h40 = 09:40Z)",
    ),
    Art(
        "ARCH", "archives/communique-anrt-voip,44090.html",
        "Communiqué de l’ANRT sur les appels VoIP",
        (2016, 1, 7, 19, 20), "Economie", "b", listed=False,
        teaser="L’Agence nationale de réglementation des télécommunications rappelle que la fourniture de "
               "services de téléphonie au public est soumise à licence...",
        lead=None,
        body=[
            "L’Agence nationale de réglementation des télécommunications rappelle que la fourniture de services "
            "de téléphonie au public est soumise à licence, conformément à la loi 24-96.",
            "Elle précise que sa décision du 6 avril 2004 s’applique aux appels passés par internet.",
        ],
        tags=[ANRT],
        fr=["K"],
        role="under /archives/, disallowed by robots.txt; linked from K's body",
    ),
    Art(
        "DEAD", "voip-operateurs-reponse,44080.html",
        "Les opérateurs répondent aux critiques sur le blocage de la VoIP",
        (2016, 1, 7, 16, 0), "Economie", "a", exists=False,
        teaser="Maroc Telecom, Inwi et Méditel ont publié un communiqué commun pour répondre aux critiques des "
               "internautes...",
        lead=None, body=[], tags=[],
        role="linked from K's 'Aller plus loin' but deleted: 404",
    ),
    # ------------------------------------------------ 2020-2024 telecom pages
    Art(
        "J", "maroc-telecom-inwi-appel-jugement,109700.html",
        "Condamné à payer 6,3 milliards de dirhams à Inwi, Maroc Telecom fait appel",
        (2024, 10, 7, 17, 10), "Economie", "c",
        teaser="L’opérateur historique conteste le jugement du tribunal de commerce de Rabat qui l’a condamné à "
               "verser 6,3 milliards de dirhams...",
        lead="L’opérateur historique conteste le jugement du tribunal de commerce de Rabat qui l’a condamné à "
             "verser 6,3 milliards de dirhams à Wana Corporate (Inwi).",
        body=[
            "Maroc Telecom a annoncé avoir fait appel. L’opérateur estime que le montant fixé par le tribunal "
            "ne repose pas sur une évaluation fiable du préjudice.",
            "Le litige porte sur l’accès au réseau fixe et au dégroupage, que l’ANRT encadre depuis plusieurs "
            "années.",
        ],
        tags=["Dégroupage"],
        fr=["R4", "J2"],
        rec=["R3"],
        role="depth 2 (via R4)",
    ),
    Art(
        "J2", "anrt-sanction-maroc-telecom,71850.html",
        "Concurrence : l’ANRT inflige une amende record à Maroc Telecom",
        (2020, 1, 17, 11, 35), "Economie", "b",
        teaser="Le régulateur des télécoms reproche à Maroc Telecom des pratiques anticoncurrentielles sur le "
               "marché du dégroupage...",
        lead="Le régulateur des télécoms reproche à Maroc Telecom des pratiques anticoncurrentielles sur le "
             "marché du dégroupage.",
        body=[
            "Saisie par Inwi, l’Agence nationale de réglementation des télécommunications a prononcé une "
            "sanction financière contre l’opérateur historique.",
            "Maroc Telecom dispose d’un délai pour se conformer aux décisions de l’agence sur l’accès à sa "
            "boucle locale.",
        ],
        tags=["Dégroupage"],
        fr=["J", "R4"],
        image="IMG/arton71850.jpg",
        role="depth 3 only (via J or the Dégroupage tag page)",
    ),
    # ---------------------------------- the seed's recommendations (2023-2025)
    Art(
        "R1", "taxes-hausse-maroc-telephones,102400.html",
        "Taxes en hausse au Maroc\u00a0: les téléphones coûteront plus cher",
        (2023, 10, 23, 11, 30), "Economie", "c",
        teaser="Le gouvernement marocain prévoit d’augmenter le droit d’importation appliqué aux smartphones. "
               "Par conséquent, les prix de ces appareils pourraient augmenter de façon significative.",
        lead="Le gouvernement marocain prévoit d’augmenter le droit d’importation appliqué aux smartphones. "
             "Par conséquent, les prix de ces appareils pourraient augmenter de façon significative.",
        body=[
            "La mesure figure dans le projet de loi de finances 2024. Elle concerne les téléphones mobiles "
            "importés, qui représentent l’essentiel du marché marocain.",
            "Les opérateurs Maroc Telecom, Inwi et Orange Maroc, qui vendent des smartphones avec leurs "
            "forfaits, craignent un ralentissement du passage à la 4G et à la 5G.",
        ],
        tags=["Télécoms", "Impôts"],
        fr=["R7"],
        rec=["R3", "S"],
    ),
    Art(
        "R2", "haine-marocains-prison-ferme-valence,104750.html",
        "Haine envers les Marocains\u00a0: prison ferme prononcée par la justice",
        (2024, 2, 9, 10, 20), "Monde", "c", in_topic=False,
        teaser="Le parquet de Valence spécialisé dans les délits de haine a requis trois ans de détention "
               "contre un homme accusé de diffusion d’informations mensongères sur les réseaux sociaux ciblant "
               "les musulmans, notamment Marocains.",
        lead="Le parquet de Valence spécialisé dans les délits de haine a requis trois ans de détention contre "
             "un homme accusé de diffusion d’informations mensongères sur les réseaux sociaux ciblant les "
             "musulmans, notamment Marocains.",
        body=[
            "Le tribunal a finalement prononcé une peine de prison ferme. L’homme publiait sur Facebook et "
            "d’autres réseaux sociaux de fausses informations visant la communauté musulmane de la région.",
            "Les associations marocaines de Valence, parties civiles, saluent une décision qui doit selon elles "
            "servir d’exemple.",
        ],
        tags=["Justice", "Racisme"],
        fr=["V2"],
        rec=["R9"],
        role="off-topic recommendation (mentions Facebook and social networks in passing)",
    ),
    Art(
        "R3", "maroc-telecom-controle-fiscal-600-mdh,105500.html",
        "Suite à un contrôle fiscal, Maroc Telecom va payer 600 MDH",
        (2024, 3, 14, 9, 40), "Economie", "a", short_hour=True,
        teaser="Maroc Telecom et le fisc sont parvenus à un protocole d’accord pour le règlement d’un montant "
               "de 600 millions de dirhams, suite à un contrôle fiscal effectué en juin 2022.",
        lead="Maroc Telecom et le fisc sont parvenus à un protocole d’accord pour le règlement d’un montant de "
             "600 millions de dirhams, suite à un contrôle fiscal effectué en juin 2022.",
        body=[
            "L’opérateur indique que le montant sera comptabilisé dans ses résultats de l’exercice en cours et "
            "n’affectera pas ses investissements dans les réseaux.",
            "Le contrôle portait sur plusieurs exercices et sur différents impôts, dont l’impôt sur les "
            "sociétés et la TVA.",
        ],
        tags=["Maroc Telecom", "Impôts"],
        fr=["R4"],
        rec=["R6"],
        image="IMG/arton105500.jpg",
        role="Ramadan 2024: UTC+0 although Morocco is otherwise on UTC+1 since 2018",
    ),
    Art(
        "R4", "inwi-condamner-maroc-telecom,109300.html",
        "Inwi fait condamner Maroc Telecom",
        (2024, 9, 25, 15, 0), "Economie", "a",
        teaser="Le tribunal de commerce de Rabat vient de condamner Itissalat Al-Maghrib (IAM-Maroc Telecom) à "
               "verser 6,3 milliards de dirhams à son concurrent Wana (inwi) qui lui reproche des pratiques "
               "« anticoncurrentielles ». Un coup dur pour l’opérateur historique...",
        lead="Le tribunal de commerce de Rabat vient de condamner Itissalat Al-Maghrib (IAM-Maroc Telecom) à "
             "verser 6,3 milliards de dirhams à son concurrent Wana (inwi) qui lui reproche des pratiques "
             "« anticoncurrentielles ».",
        body=[
            "Un coup dur pour l’opérateur historique, qui devra aussi supporter les frais de la procédure.",
            "Inwi accusait Maroc Telecom d’avoir freiné l’accès de ses concurrents au dégroupage de la boucle "
            "locale, malgré les décisions de l’ANRT.",
        ],
        tags=["Inwi", "Maroc Telecom", "Télécoms"],
        fr=["R3", "J"],
        rec=["R5"],
    ),
    Art(
        "R5", "maroc-5g-coupe-du-monde-2030,107300.html",
        "Le Maroc accélère sur la 5G en vue de la coupe du monde 2030",
        (2024, 6, 6, 12, 45), "Economie", "c",
        teaser="Le ministère de la Transition numérique et de la réforme de l’administration aura à charge la "
               "gestion des télécommunications lors de la coupe du monde 2030. Ainsi en a décidé le Comité "
               "marocain d’organisation du tournoi.",
        lead="Le ministère de la Transition numérique et de la réforme de l’administration aura à charge la "
             "gestion des télécommunications lors de la coupe du monde 2030. Ainsi en a décidé le Comité "
             "marocain d’organisation du tournoi.",
        body=[
            "Le ministère devra coordonner le travail des opérateurs et de l’ANRT pour garantir la couverture "
            "des stades, des aéroports et des villes hôtes.",
            "L’attribution des fréquences 5G est attendue dans les prochains mois.",
        ],
        tags=["5G", "Télécoms"],
        fr=["R10"],
        rec=["R6"],
        image="img/cache-vignettes/L800xH500/arton107300-5d0a4.webp",
    ),
    Art(
        "R6", "maroc-regions-oubliees-internet,100300.html",
        "Maroc\u00a0: ces régions oubliées de l’internet",
        (2023, 7, 17, 8, 15), "Maroc", "a", short_hour=True,
        teaser="Lors d’un débat organisé par le Parti Authenticité et Modernité (PAM), Ghita Mezzour, ministre "
               "de la transition numérique et de la réforme de l’administration, a révélé la part du territoire "
               "marocain sans couverture internet.",
        lead="Lors d’un débat organisé par le Parti Authenticité et Modernité (PAM), Ghita Mezzour, ministre de "
             "la transition numérique et de la réforme de l’administration, a révélé la part du territoire "
             "marocain sans couverture internet.",
        body=[
            "Des milliers de localités rurales n’ont toujours pas accès au haut débit mobile. Le programme de "
            "service universel doit étendre la couverture 4G de Maroc Telecom, Inwi et Orange Maroc à ces "
            "zones.",
            "La ministre a reconnu des retards dans le déploiement et promis un nouveau calendrier.",
        ],
        tags=["Internet", "Télécoms"],
        fr=["R5"],
        rec=["R3"],
    ),
    Art(
        "R7", "maroc-taxe-prix-telephones,103300.html",
        "Maroc\u00a0: une taxe fait exploser le prix des téléphones",
        (2023, 12, 4, 16, 10), "Economie", "c",
        teaser="La commission des Finances à la Chambre des conseillers a revu à la baisse le droit "
               "d’importation appliqué aux smartphones. Ce qui semble être une bonne nouvelle s’avère très "
               "désavantageux pour les distributeurs locaux et les consommateurs.",
        lead="La commission des Finances à la Chambre des conseillers a revu à la baisse le droit d’importation "
             "appliqué aux smartphones. Ce qui semble être une bonne nouvelle s’avère très désavantageux pour "
             "les distributeurs locaux et les consommateurs.",
        body=[
            "Les distributeurs ont constitué leurs stocks avec l’ancien taux et doivent désormais vendre face à "
            "des importations moins taxées.",
            "Dans les boutiques des opérateurs télécoms, les prix des smartphones d’entrée de gamme ont déjà "
            "bougé, selon plusieurs revendeurs.",
        ],
        tags=["Télécoms", "Impôts"],
        fr=["R1"],
        rec=["R10"],
    ),
    Art(
        "R8", "excuses-meryame-kitir,101150.html",
        "Les excuses de Meryame Kitir à\u00a0ceux qu’elle aurait pu «\u00a0blesser involontairement\u00a0»",
        (2023, 8, 28, 19, 0), "Monde", "b", in_topic=False, no_accent=True,
        teaser="Après deux mois de silence, Meryame Kitir, ancienne ministre belge de la Coopération, s’est "
               "adressée dimanche à ses collègues et autres avec lesquels elle a collaboré durant son mandat au "
               "sein du gouvernement belge.",
        lead="Après deux mois de silence, Meryame Kitir, ancienne ministre belge de la Coopération, s’est "
             "adressée dimanche à ses collègues et autres avec lesquels elle a collaboré durant son mandat au "
             "sein du gouvernement belge.",
        body=[
            "Dans un message publié sur Facebook, l’ancienne ministre revient sur son départ du gouvernement et "
            "présente ses excuses à ceux qu’elle aurait pu « blesser involontairement ».",
            "Elle remercie ses anciens collaborateurs et dit vouloir tourner la page.",
        ],
        tags=["Belgique"],
        fr=["K2"],
        rec=["X1", "R2"],
        role="off-topic recommendation; its links (one to an in-topic page) must not be followed",
    ),
    Art(
        "R9", "maroc-racisme-mariages-mixtes,100650.html",
        "Maroc\u00a0: Une vague de racisme contre les mariages mixtes\u00a0?",
        (2023, 8, 4, 14, 35), "Maroc", "c", in_topic=False,
        teaser="Des activistes marocains se sont insurgés ces derniers jours sur les réseaux sociaux contre le "
               "fait que de plus en plus de femmes marocaines se marient avec des personnes originaires des pays "
               "d’Afrique subsaharienne. Les défenseurs des droits humains...",
        lead="Des activistes marocains se sont insurgés ces derniers jours sur les réseaux sociaux contre le "
             "fait que de plus en plus de femmes marocaines se marient avec des personnes originaires des pays "
             "d’Afrique subsaharienne.",
        body=[
            "Les défenseurs des droits humains dénoncent des publications racistes, partagées sur Facebook et "
            "TikTok, et rappellent que le mariage est un choix personnel.",
            "Des associations appellent les autorités à réagir face aux discours de haine.",
        ],
        tags=["Racisme", "Mariage"],
        fr=["MM2"],
        rec=["R8"],
        role="off-topic recommendation",
    ),
    Art(
        "R10", "maroc-deploiement-5g,112500.html",
        "Le Maroc accélère son déploiement de la 5G",
        (2025, 2, 12, 10, 30), "Economie", "c",
        teaser="Le Maroc s’active pour disposer d’une connexion internet 5G avant 2030, année où il "
               "co-organisera la Coupe du monde 2030 avec l’Espagne et le Portugal.",
        lead="Le Maroc s’active pour disposer d’une connexion internet 5G avant 2030, année où il co-organisera "
             "la Coupe du monde 2030 avec l’Espagne et le Portugal.",
        body=[
            "L’ANRT prépare l’appel d’offres pour l’attribution des licences 5G aux opérateurs Maroc Telecom, "
            "Inwi et Orange Maroc.",
            "Les premières villes couvertes devraient être celles qui accueilleront des matchs.",
        ],
        tags=["5G", ANRT],
        fr=["R5"],
        rec=["R1"],
        image="img/cache-vignettes/L800xH500/arton112500-e81f0.webp",
        role="in the feed as spip.php?article112500 (301 to this URL)",
    ),
    # ----------------------------------------------------- feed-only pages
    Art(
        "F1", "anrt-abonnes-internet-mobile,115350.html",
        "Internet mobile : le nombre d’abonnés continue de progresser selon l’ANRT",
        (2025, 6, 3, 11, 20), "Economie", "c",
        teaser="Le parc d’abonnés à l’internet mobile a encore augmenté au premier trimestre, selon le dernier "
               "tableau de bord de l’ANRT...",
        lead="Le parc d’abonnés à l’internet mobile a encore augmenté au premier trimestre, selon le dernier "
             "tableau de bord de l’ANRT.",
        body=[
            "La 4G représente désormais la grande majorité des connexions. Maroc Telecom reste en tête, devant "
            "Orange Maroc et Inwi.",
            "Le régulateur souligne aussi la hausse des abonnements à la fibre optique.",
            "Les chiffres détaillés sont publiés sur le [site de l’agence](https://www.anrt.ma/).",
        ],
        tags=[ANRT, "Internet"],
        fr=["R10", "R5"],
        rec=["R3"],
        image="img/cache-vignettes/L800xH500/arton115350-0c4d2.webp",
        role="reached only from the feed",
    ),
    Art(
        "F2", "marhaba-2025-ports,115310.html",
        "Marhaba 2025 : les ports se préparent à l’arrivée des MRE",
        (2025, 6, 2, 16, 5), "Maroc", "c", in_topic=False,
        teaser="Les autorités portuaires annoncent des renforts pour l’opération Marhaba, qui accueille chaque "
               "été les Marocains résidant à l’étranger...",
        lead="Les autorités portuaires annoncent des renforts pour l’opération Marhaba, qui accueille chaque été "
             "les Marocains résidant à l’étranger.",
        body=[
            "Des traversées supplémentaires sont prévues à Tanger Med et à Nador. Les informations pratiques "
            "sont relayées sur les réseaux sociaux, notamment sur Facebook.",
            "Les voyageurs sont invités à réserver leur traversée à l’avance.",
        ],
        tags=["MRE"],
        fr=["F2b"],
        role="off-topic, reached only from the feed: fetched, its links not followed",
    ),
    # ------------------------------------------ pages that are never fetched
    Art(
        "V2", "valence-proces-messages-haineux,104150.html",
        "Valence : un homme jugé pour des messages haineux contre les musulmans",
        (2024, 1, 12, 15, 0), "Monde", "c", in_topic=False,
        teaser="Un habitant de la région de Valence comparaît pour des publications visant les musulmans...",
        lead="Un habitant de la région de Valence comparaît pour des publications visant les musulmans et les "
             "Marocains.",
        body=[
            "Le parquet spécialisé dans les délits de haine a ouvert l’enquête après des signalements "
            "d’associations.",
            "Le procès doit reprendre dans les prochaines semaines.",
        ],
        tags=["Justice", "Racisme"],
        fr=["R2"],
        role="second level behind an off-topic page (R2)",
    ),
    Art(
        "K2", "belgique-meryame-kitir-quitte-gouvernement,99640.html",
        "Belgique : Meryame Kitir quitte le gouvernement",
        (2023, 6, 20, 18, 30), "Monde", "b", in_topic=False,
        teaser="La ministre belge de la Coopération au développement, Meryame Kitir, a annoncé qu’elle quittait "
               "ses fonctions...",
        lead="La ministre belge de la Coopération au développement, Meryame Kitir, a annoncé qu’elle quittait "
             "ses fonctions.",
        body=[
            "Le Premier ministre a salué son travail. Un successeur doit être désigné par son parti dans les "
            "prochains jours.",
            "La nouvelle a été largement commentée sur les réseaux sociaux en Belgique et au Maroc.",
        ],
        tags=["Belgique"],
        fr=["R8"],
        role="second level behind an off-topic page (R8)",
    ),
    Art(
        "MM2", "mariages-mixtes-maroc-chiffres,100120.html",
        "Mariages mixtes : ce que disent les chiffres",
        (2023, 7, 10, 11, 0), "Maroc", "c", in_topic=False,
        teaser="Le nombre de mariages entre Marocains et étrangers progresse, selon les derniers chiffres...",
        lead="Le nombre de mariages entre Marocains et étrangers progresse, selon les derniers chiffres du "
             "ministère de la Justice.",
        body=[
            "Les unions avec des ressortissants d’Afrique subsaharienne restent minoritaires mais en hausse.",
            "Les démarches administratives demeurent longues, selon les couples interrogés.",
        ],
        tags=["Mariage"],
        fr=["R9"],
        role="second level behind an off-topic page (R9)",
    ),
    Art(
        "X1", "orange-maroc-fibre-optique-offre,100900.html",
        "Orange Maroc étend son offre de fibre optique",
        (2023, 8, 10, 10, 10), "Economie", "c",
        teaser="L’opérateur annonce le raccordement de nouveaux quartiers à la fibre optique à Casablanca, Rabat "
               "et Tanger...",
        lead="L’opérateur annonce le raccordement de nouveaux quartiers à la fibre optique à Casablanca, Rabat "
             "et Tanger.",
        body=[
            "Orange Maroc affirme vouloir doubler le nombre de foyers éligibles d’ici la fin de l’année, face à "
            "Maroc Telecom et Inwi.",
            "L’ANRT publie chaque trimestre l’évolution du nombre d’abonnés à l’internet fixe.",
        ],
        tags=["Fibre optique"],
        fr=["R6"],
        role="in topic, but linked only from an off-topic page (R8): never fetched",
    ),
    Art(
        "F2b", "operation-marhaba-bilan,115000.html",
        "Opération Marhaba : un bilan record l’an dernier",
        (2025, 5, 15, 10, 0), "Maroc", "c", in_topic=False,
        teaser="Des millions de Marocains résidant à l’étranger ont transité par les ports du Royaume lors de "
               "la dernière opération Marhaba...",
        lead="Des millions de Marocains résidant à l’étranger ont transité par les ports du Royaume lors de la "
             "dernière opération Marhaba.",
        body=[
            "La Fondation Mohammed V pour la solidarité a dressé le bilan de l’opération.",
            "L’édition 2025 s’annonce tout aussi chargée.",
        ],
        tags=["MRE"],
        fr=["F2"],
        role="second level behind an off-topic feed item (F2)",
    ),
    Art(
        "P1", "mre-billets-avion-ete-2025,115400.html",
        "MRE : les prix des billets d’avion s’envolent pour l’été",
        (2025, 6, 4, 9, 0), "Monde", "c", in_topic=False,
        teaser="Les Marocains résidant à l’étranger qui préparent leur retour estival constatent une forte "
               "hausse des tarifs aériens...",
        lead="Les Marocains résidant à l’étranger qui préparent leur retour estival constatent une forte hausse "
             "des tarifs aériens.",
        body=[
            "Les compagnies invoquent la demande et le prix du carburant.",
            "Des vols supplémentaires sont annoncés vers Tanger, Nador et Oujda.",
        ],
        tags=["MRE"],
        fr=["P2"],
        role="'Les plus lus' sidebar target only",
    ),
    Art(
        "P2", "mondial-2030-grand-stade-travaux,115200.html",
        "Mondial 2030 : les travaux du grand stade de Benslimane avancent",
        (2025, 5, 28, 18, 45), "Maroc", "c", in_topic=False,
        teaser="Le chantier du futur grand stade, près de Casablanca, franchit une nouvelle étape...",
        lead="Le chantier du futur grand stade, près de Casablanca, franchit une nouvelle étape.",
        body=[
            "L’enceinte doit accueillir plus de cent mille spectateurs.",
            "Les autorités visent une livraison avant la fin de la décennie.",
        ],
        tags=["Football"],
        fr=["P3"],
        role="'Les plus lus' sidebar target only",
    ),
    Art(
        "P3", "canicule-temperatures-45-degres,115100.html",
        "Canicule : des températures jusqu’à 45 degrés attendues",
        (2025, 5, 20, 13, 30), "Maroc", "c", in_topic=False,
        teaser="La Direction générale de la météorologie annonce une vague de chaleur sur plusieurs provinces...",
        lead="La Direction générale de la météorologie annonce une vague de chaleur sur plusieurs provinces.",
        body=[
            "Les températures pourraient atteindre 45 degrés dans l’intérieur du pays.",
            "Les autorités recommandent d’éviter les sorties aux heures les plus chaudes.",
        ],
        tags=["Météo"],
        fr=["P1"],
        role="'Les plus lus' sidebar target only",
    ),
]

#: The "Les plus lus" sidebar on article and listing pages (never to be followed).
MOST_READ = ["P1", "P2", "P3"]

#: RSS items, newest first: (key, link as written in the feed).
FEED = [
    ("F1", None),
    ("F2", None),
    ("R10", "https://www.bladi.net/spip.php?article112500"),
    ("R5", None),
    ("R7", "http://www.bladi.net/maroc-taxe-prix-telephones,103300.html"),
]

RUBRICS = {"Maroc": "maroc.html", "Economie": "economie.html", "Monde": "monde.html"}
