"""The actors file and the name matcher: every rule with a French sentence that must match and one that must not."""

from __future__ import annotations

import pytest

from bladiscrape.score.actors import ActorsError, load_actors, match_key


@pytest.fixture(scope="module")
def actors():
    return load_actors()


def found(actors, text: str) -> list[tuple[str, str]]:
    return [(m.actor_id, m.text) for m in actors.find(text)]


# (rule, sentence that must match -> (actor, text as written), sentence that must not name that actor)
RULES = [
    ("case and accents aside", "MÉDITEL annonce une hausse de ses tarifs.", ("meditel", "MÉDITEL"),
     "La Méditerranée borde le nord du Maroc."),
    ("apostrophes and elisions", "Le communiqué de l’ANRT est tombé hier soir.", ("anrt", "ANRT"),
     "Les ANRTistes ne sont pas un groupe connu."),
    ("hyphens as spaces", "Itissalat Al-Maghrib reste l'opérateur historique.",
     ("maroc-telecom", "Itissalat Al-Maghrib"), "Al Maghrib est un quotidien de Casablanca."),
    ("longest match first", "Orange Maroc lance une offre de fibre.", ("meditel", "Orange Maroc"),
     "Une orange pressée et un café, s'il vous plaît."),
    ("a new name counts for the old actor", "Médi Telecom change de nom le 8 décembre.",
     ("meditel", "Médi Telecom"), "Medi1 TV diffuse le match ce soir."),
    ("IAM only in capitals", "Le chiffre d'affaires d'IAM progresse de 2 %.", ("maroc-telecom", "IAM"),
     "Je me dis que iam n'est pas un mot français."),
    ("Wana only as a word", "Wana, l'ancien nom d'Inwi, avait été lancé en 2007.", ("inwi", "Wana"),
     "Wanadoo était un fournisseur d'accès français."),
    ("Wana with its capital", "Le réseau de Wana Corporate couvre le pays.", ("inwi", "Wana Corporate"),
     "Il chante « ya wana » en boucle."),
    ("Tango the app, not the dance", "Les appels via Tango sont coupés.", ("tango", "Tango"),
     "Ils ont dansé le tango toute la nuit."),
    ("on word boundaries", "Skype ne passe plus depuis lundi.", ("skype", "Skype"),
     "Les skypeurs du dimanche se plaignent."),
    ("a director-general under another spelling", "Azedine El Montassir Billah a été limogé.",
     ("azzeddine-el-mountassir-billah", "Azedine El Montassir Billah"), "Billah est un prénom courant."),
    ("laws by their number", "La loi n° 24-96 encadre les télécoms.", ("law-24-96", "loi n° 24-96"),
     "La loi 24-97 n'a rien à voir."),
    ("the campaign in guillemets", "La grève du « like » a duré trois jours.",
     ("opeunlike", "grève du « like"), "La grève des taxis a duré trois jours."),
]


@pytest.mark.parametrize(("rule", "positive", "expected", "negative"), RULES, ids=[r[0] for r in RULES])
def test_each_rule_matches_and_refuses(actors, rule, positive, expected, negative):
    assert expected in found(actors, positive)
    assert expected[0] not in {actor for actor, _ in found(actors, negative)}


def test_facebook_messenger_is_messenger_only(actors):
    assert found(actors, "Facebook Messenger bloque les appels.") == [("messenger", "Facebook Messenger")]


def test_offsets_are_offsets_in_the_original_text(actors):
    text = "Selon l’Agence nationale de réglementation des télécommunications, Méditel..."
    for match in actors.find(text):
        assert text[match.start:match.end] == match.text


def test_every_alias_of_every_actor_counts_for_its_actor(actors):
    for actor in actors.actors:
        for alias in actor.aliases:
            written = alias.text.upper() if alias.case == "upper" else alias.text
            sentence = f"Hier, {written} a répondu."
            # Punctuation around a name is not part of it: "#OpeUnlike" is found as "OpeUnlike".
            assert (actor.id, match_key(written)) in {(a, match_key(t)) for a, t in found(actors, sentence)}, alias


def test_the_file_lists_the_known_actors_and_meditels_rebranding(actors):
    by_id = actors.by_id()
    for actor_id in ("maroc-telecom", "inwi", "meditel", "anrt", "azzeddine-el-mountassir-billah", "azelarab-hassibi",
                     "abdelilah-benkirane", "moulay-hafid-elalamy", "whatsapp", "google-duo", "facebook",
                     "marouane-lamharzi-alaoui", "maroc-web-awards", "bilal-jaouhari", "marocopedia", "amine-raghib",
                     "mourad-zibouh", "oujda-administrative-court", "rabat-administrative-court", "decree-2-16-347",
                     "brookings", "darrell-west"):
        assert actor_id in by_id, actor_id
    assert {"name": "Orange Maroc", "since": "2016-12-08", "until": None} in by_id["meditel"].names
    assert actors.resolve("orange maroc") == "meditel" and actors.resolve("inwi") == "inwi"
    assert actors.resolve("Orange") is None


@pytest.mark.parametrize(("text", "message"), [
    ("actors: [{id: a, name: A, kind: operator}, {id: b, name: B, kind: operator, aliases: [A]}]",
     "alias 'A' also belongs to 'a'"),
    ("actors: [{id: a, name: A, kind: fruit}]", "kind: must be one of"),
    ("actors: [{id: A B, name: A, kind: app}]", "id must be a slug"),
    ("actors: [{id: a, name: A, kind: app, aliases: [{alias: X, case: lower}]}]", "case must be one of"),
    ("actors: []", "non-empty list"),
])
def test_a_bad_file_is_refused_in_one_line(tmp_path, text, message):
    path = tmp_path / "actors.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ActorsError, match=message) as info:
        load_actors(path)
    assert "\n" not in str(info.value)
