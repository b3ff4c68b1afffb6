"""The vocabulary of the synthetic site: rubriques, tags, places and text templates.

The texts are test texts, French-looking so that French stemmers, stop-word
lists and date parsers behave as on the real site, but obviously synthetic:
they are assembled from the short lists below and name no real person.

Two vocabularies are kept strictly apart. Telecom articles are written with
``TELECOM_TERMS`` (ANRT, VoIP, Maroc Telecom, Inwi, Méditel, WhatsApp...), so
that a topic scorer finds them; the templates for every other article contain
none of these terms (tests/replica/test_scale.py checks it), so that any
telecom hit on a non-telecom page is the scorer's fault, not the corpus's.
"""

from __future__ import annotations

#: Terms a telecom topic scorer looks for. Non-telecom texts never contain them.
TELECOM_TERMS = ("ANRT", "VoIP", "Maroc Telecom", "Inwi", "Méditel", "Orange Maroc", "WhatsApp",
                 "Skype", "Viber", "opérateur", "télécom", "blocage des appels", "internet mobile",
                 "3G", "4G", "5G", "fibre optique", "abonnés")

#: (slug, title shown on the site, weight in %, place kind, tag pool).
RUBRIQUES = (
    ("maroc", "Maroc", 26, "city",
     ("gouvernement", "parlement", "justice", "police", "securite-routiere", "meteo", "secheresse")),
    ("economie", "Economie", 14, "city",
     ("banques", "immobilier", "emploi", "agriculture", "tourisme", "royal-air-maroc", "douane")),
    ("monde", "Monde", 14, "country", ("gouvernement", "immigration", "justice", "diplomatie")),
    ("maroc-sport", "Sport", 12, "city", ("football", "lions-de-l-atlas", "botola", "athletisme")),
    ("societe", "Société", 12, "city", ("sante", "education", "justice", "ramadan", "police", "logement")),
    ("culture", "Culture", 8, "city", ("musique", "cinema", "festival", "patrimoine")),
    ("marocains-du-monde", "Marocains du monde", 10, "country",
     ("mre", "immigration", "operation-marhaba", "douane", "consulats")),
    ("insolite", "Insolite", 4, "city", ("police", "meteo", "animaux")),
)

#: (slug, name, telecom?). Telecom tags first; their slugs are the tag URLs /mot/<slug>.html.
TAGS = (
    ("maroc-telecom", "Maroc Telecom", True), ("inwi", "Inwi", True), ("meditel", "Méditel", True),
    ("anrt", "ANRT", True), ("telecoms", "Télécoms", True), ("whatsapp", "WhatsApp", True),
    ("voip", "VoIP", True),
    ("casablanca", "Casablanca", False), ("rabat", "Rabat", False), ("tanger", "Tanger", False),
    ("marrakech", "Marrakech", False), ("fes", "Fès", False), ("agadir", "Agadir", False),
    ("oujda", "Oujda", False), ("espagne", "Espagne", False), ("france", "France", False),
    ("belgique", "Belgique", False), ("pays-bas", "Pays-Bas", False), ("italie", "Italie", False),
    ("allemagne", "Allemagne", False), ("gouvernement", "Gouvernement", False),
    ("parlement", "Parlement", False), ("justice", "Justice", False), ("police", "Police", False),
    ("securite-routiere", "Sécurité routière", False), ("meteo", "Météo", False),
    ("secheresse", "Sécheresse", False), ("banques", "Banques", False),
    ("immobilier", "Immobilier", False), ("emploi", "Emploi", False),
    ("agriculture", "Agriculture", False), ("tourisme", "Tourisme", False),
    ("royal-air-maroc", "Royal Air Maroc", False), ("douane", "Douane", False),
    ("immigration", "Immigration", False), ("diplomatie", "Diplomatie", False),
    ("football", "Football", False), ("lions-de-l-atlas", "Lions de l’Atlas", False),
    ("botola", "Botola", False), ("athletisme", "Athlétisme", False), ("sante", "Santé", False),
    ("education", "Éducation", False), ("ramadan", "Ramadan", False), ("logement", "Logement", False),
    ("musique", "Musique", False), ("cinema", "Cinéma", False), ("festival", "Festival", False),
    ("patrimoine", "Patrimoine", False), ("mre", "MRE", False),
    ("operation-marhaba", "Opération Marhaba", False), ("consulats", "Consulats", False),
    ("animaux", "Animaux", False),
)

#: Places; the first ones of each list have a tag of the same slug.
CITIES = ("Casablanca", "Rabat", "Tanger", "Marrakech", "Fès", "Agadir", "Oujda", "Meknès",
          "Tétouan", "Nador", "Kénitra", "El Jadida", "Laâyoune", "Essaouira", "Safi", "Béni Mellal")
#: Countries with their French forms: (name, subject "{le_place}", "{a_place}", "{de_place}").
COUNTRY_FORMS = (
    ("Espagne", "l’Espagne", "en Espagne", "d’Espagne"), ("France", "la France", "en France", "de France"),
    ("Belgique", "la Belgique", "en Belgique", "de Belgique"),
    ("Pays-Bas", "les Pays-Bas", "aux Pays-Bas", "des Pays-Bas"),
    ("Italie", "l’Italie", "en Italie", "d’Italie"), ("Allemagne", "l’Allemagne", "en Allemagne", "d’Allemagne"),
    ("Canada", "le Canada", "au Canada", "du Canada"), ("Sénégal", "le Sénégal", "au Sénégal", "du Sénégal"),
    ("Tunisie", "la Tunisie", "en Tunisie", "de Tunisie"),
    ("Mauritanie", "la Mauritanie", "en Mauritanie", "de Mauritanie"),
    ("Portugal", "le Portugal", "au Portugal", "du Portugal"), ("Suisse", "la Suisse", "en Suisse", "de Suisse"),
)
COUNTRIES = tuple(c[0] for c in COUNTRY_FORMS)
CITY_FORMS = tuple((c, c, f"à {c}", (f"d’{c}" if c[0] in "AEIOUÉ" else f"de {c}")) for c in CITIES)
CLUBS = ("le Raja", "le Wydad", "l’AS FAR", "le FUS", "le MAS", "le Hassania d’Agadir",
         "l’IRT", "la RSB", "l’Olympique de Safi", "le Moghreb de Tétouan")

# Templates: {place} (bare, as a kicker), {le_place}, {a_place}, {de_place}, {n} (2-9), {pct} (2-19),
# {year}, {club}, {club2}, {temp}.
TITLES = {
    "maroc": (
        "{place} : la commune lance un plan de rénovation de la médina",
        "{place} : les habitants réclament un nouveau marché couvert",
        "{place} : un chantier de {n}0 millions de dirhams pour la corniche",
        "Sécheresse : {place} rationne l’eau potable",
        "{place} : la police démantèle une bande de cambrioleurs",
        "Accidents de la route : un bilan lourd près {de_place}",
        "{place} : les travaux du tramway prennent du retard",
        "Le gouvernement annonce un plan d’aide pour la région {de_place}",
        "{place} : ouverture d’un nouvel hôpital régional",
        "Météo : fortes pluies attendues {a_place} ce week-end",
        "{place} : les taxis en grève contre la hausse du gasoil",
        "Parlement : le projet de loi sur les collectivités adopté",
        "{place} : {n} nouvelles lignes de bus pour le centre-ville",
        "Maroc : le prix des fruits et légumes s’envole avant l’Aïd",
        "Canicule : jusqu’à {temp} degrés attendus {a_place}",
        "Justice : un ancien élu {de_place} condamné",
        "{place} : le wali inspecte les chantiers de la ville",
    ),
    "economie": (
        "Tourisme : les arrivées en hausse de {pct} % en {year}",
        "{place} : une nouvelle zone industrielle voit le jour",
        "Bank Al-Maghrib maintient son taux directeur",
        "Royal Air Maroc ouvre une ligne entre {place} et Bruxelles",
        "Agriculture : la récolte de céréales estimée à {n}0 millions de quintaux",
        "Immobilier : les prix reculent {a_place}",
        "Exportations : le secteur automobile atteint un niveau record",
        "Emploi : le taux de chômage grimpe à {pct} %",
        "{place} : l’usine de textile recrute {n}0 ouvriers",
        "Phosphates : un investissement de {n} milliards de dirhams annoncé",
        "Banques : les crédits aux ménages progressent de {pct} %",
        "Douane : les recettes en hausse au premier semestre {year}",
        "Énergie solaire : une centrale de plus près {de_place}",
        "Inflation : les prix à la consommation augmentent de {pct} %",
        "{place} : les commerçants dénoncent la concurrence du secteur informel",
        "Budget {year} : le gouvernement prévoit une croissance de {n} %",
    ),
    "monde": (
        "{place} : le gouvernement annonce des élections anticipées",
        "{place} : la justice rejette le recours de l’opposition",
        "Migrants : {le_place} renforce les contrôles aux frontières",
        "{place} : manifestation contre la réforme des retraites",
        "Diplomatie : le Maroc et {le_place} signent {n} accords de coopération",
        "{place} : inondations dans le sud du pays",
        "{place} : le Premier ministre en visite officielle à Rabat",
        "{place} : le parlement adopte une loi sur l’immigration",
        "Sommet africain : {le_place} plaide pour l’unité du continent",
        "{place} : les prix de l’énergie en forte hausse",
    ),
    "maroc-sport": (
        "Botola : {club} s’impose face à {club2}",
        "Lions de l’Atlas : le sélectionneur dévoile sa liste",
        "Coupe du Trône : {club} file en demi-finale",
        "Athlétisme : un Marocain remporte le marathon {de_place}",
        "Lions de l’Atlas : victoire {n}-1 en match amical",
        "Football : {club} recrute un attaquant international",
        "{place} : le stade rénové rouvre ses portes",
        "Boxe : médaille d’or pour un boxeur {de_place}",
        "Botola : {club} change d’entraîneur",
    ),
    "societe": (
        "Éducation : la rentrée scolaire fixée au {n} septembre",
        "Santé : {n} nouveaux centres de santé dans la région {de_place}",
        "{place} : une association vient en aide aux sans-abri",
        "Ramadan : les horaires de travail aménagés",
        "Baccalauréat : le taux de réussite atteint {pct}0 %",
        "Logement : un programme de {n}00 logements sociaux {a_place}",
        "{place} : les parents d’élèves protestent contre les frais de scolarité",
        "Santé : pénurie de médicaments dans les pharmacies {de_place}",
        "Université : les étudiants {de_place} en grève",
    ),
    "culture": (
        "Festival {de_place} : la programmation dévoilée",
        "Cinéma : un film marocain primé à l’étranger",
        "Musique : une chanteuse {de_place} en tournée en Europe",
        "Patrimoine : la médina {de_place} restaurée",
        "Livre : le salon de Casablanca attend {n}00 exposants",
        "{place} : un nouveau musée consacré à l’art contemporain",
        "Théâtre : une troupe {de_place} remporte le grand prix",
    ),
    "marocains-du-monde": (
        "MRE : les transferts d’argent en hausse de {pct} %",
        "Opération Marhaba : {n}00 000 passagers attendus",
        "{place} : un Marocain élu maire de sa commune",
        "MRE : les billets d’avion plus chers cet été",
        "{place} : la communauté marocaine célèbre l’Aïd",
        "Consulats : nouvelle procédure pour les passeports des MRE",
        "Immigration : {le_place} durcit les conditions du regroupement familial",
        "MRE {de_place} : la rentrée des cours d’arabe",
    ),
    "insolite": (
        "{place} : un âne provoque un embouteillage géant",
        "Insolite : un mariage célébré à dos de chameau",
        "{place} : il retrouve son portefeuille {n} ans après",
        "Un pêcheur {de_place} sort un poisson géant",
        "Insolite : un couscous de {n}00 kilos {a_place}",
    ),
}

#: Rubrique-specific sentences for leads and bodies ({place}, {n}, {pct}, {year}).
SENTENCES = {
    "maroc": ("Les élus {de_place} ont voté le projet lors de la dernière séance du conseil.",
              "Le chantier doit durer {n} mois, selon la commune.",
              "Les habitants {de_place} attendent ces travaux depuis longtemps.",
              "Le ministère de l’Intérieur suit le dossier de près."),
    "economie": ("Le secteur emploie plus de {n}0 000 personnes dans la région {de_place}.",
                 "Les chiffres publiés par le Haut-Commissariat au Plan confirment la tendance.",
                 "La hausse atteint {pct} % par rapport à l’an dernier.",
                 "Les investisseurs restent prudents en attendant le prochain budget."),
    "monde": ("La décision a été annoncée lors d’une conférence de presse {a_place}.",
              "L’opposition dénonce une mesure précipitée.",
              "La communauté marocaine {de_place} suit la situation avec attention.",
              "Des discussions doivent reprendre dans les prochains jours."),
    "maroc-sport": ("Le match s’est joué devant {n}0 000 spectateurs.",
                    "L’entraîneur s’est dit satisfait de l’état d’esprit de ses joueurs.",
                    "La prochaine rencontre aura lieu {a_place} dans deux semaines.",
                    "Les supporters ont salué la performance de l’équipe."),
    "societe": ("Les associations {de_place} saluent une mesure attendue.",
                "Près de {n}00 familles sont concernées, selon les services sociaux.",
                "Le ministère promet un suivi régulier des résultats.",
                "Les parents restent inquiets pour la rentrée."),
    "culture": ("Le public {de_place} a répondu présent dès le premier soir.",
                "L’édition {year} accueille des artistes venus de {n} pays.",
                "L’entrée est gratuite pour les étudiants.",
                "Les organisateurs espèrent attirer un public plus jeune."),
    "marocains-du-monde": ("Les Marocains {de_place} sont nombreux à avoir réagi.",
                           "Le consulat a ouvert des permanences le samedi.",
                           "La mesure concerne près de {n}0 000 personnes.",
                           "Les associations de la diaspora demandent plus de clarté."),
    "insolite": ("La scène a amusé les passants {de_place}.",
                 "Les images ont fait le tour du pays en quelques heures.",
                 "Personne n’a été blessé, précisent les témoins.",
                 "L’histoire se termine bien, selon la presse locale."),
}

GENERIC = (
    "Selon les premières informations, les faits se sont produits en fin de journée.",
    "Les autorités locales ont promis de suivre le dossier de près.",
    "Plusieurs témoins ont raconté la scène à la presse locale.",
    "Le sujet revient régulièrement dans le débat public depuis plusieurs années.",
    "Une enquête a été ouverte pour établir les responsabilités.",
    "Les chiffres doivent encore être confirmés par les services concernés.",
    "Sur place, les avis restent partagés.",
    "Le dossier devrait être examiné lors de la prochaine réunion.",
    "D’autres mesures pourraient suivre dans les prochaines semaines.",
    "Interrogé, un responsable a préféré ne pas commenter.",
    "L’annonce a été accueillie avec satisfaction par les habitants.",
    "Cette décision intervient après plusieurs mois de discussions.",
    "Le bilan définitif sera publié d’ici la fin du mois.",
)
