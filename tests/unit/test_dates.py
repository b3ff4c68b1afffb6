"""French dates and Africa/Casablanca offsets (2016: DST from 27 March, Ramadan break)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bladiscrape.core.dates import (
    local_iso,
    parse_date_line,
    parse_french_date,
    parse_instant,
    parse_listing_date,
)

# --- French month names --------------------------------------------------------

MONTHS = [
    ("janvier", "01"), ("février", "02"), ("mars", "03"), ("avril", "04"),
    ("mai", "05"), ("juin", "06"), ("juillet", "07"), ("août", "08"),
    ("septembre", "09"), ("octobre", "10"), ("novembre", "11"), ("décembre", "12"),
]  # fmt: skip


@pytest.mark.parametrize("name,number", MONTHS)
def test_all_twelve_months(name, number):
    iso, raw = parse_french_date(f"15 {name} 2016")
    assert iso == f"2016-{number}-15"
    assert raw == f"15 {name} 2016"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("12 fevrier 2016", "2016-02-12"),
        ("12 FÉVRIER 2016", "2016-02-12"),
        ("3 aout 2016", "2016-08-03"),
        ("19 decembre 2016", "2016-12-19"),
        ("1er janvier 2016", "2016-01-01"),
        ("1er août 2016", "2016-08-01"),
        ("01 mars 2016", "2016-03-01"),
        ("Dimanche 28 février 2016", "2016-02-28"),
        ("28 févr. 2016", "2016-02-28"),
    ],
)
def test_accents_case_ordinals_and_abbreviations(text, expected):
    assert parse_french_date(text)[0] == expected


def test_date_without_time_stays_date_only():
    assert parse_french_date("8 janvier 2016") == ("2016-01-08", "8 janvier 2016")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("8 janvier 2016 - 09h30", "2016-01-08T09:30:00+00:00"),
        ("8 janvier 2016 - 9h05", "2016-01-08T09:05:00+00:00"),
        ("8 janvier 2016 à 9h", "2016-01-08T09:00:00+00:00"),
        ("8 janvier 2016, 14:45", "2016-01-08T14:45:00+00:00"),
    ],
)
def test_times_single_digit_hours_and_separators(text, expected):
    assert parse_french_date(text)[0] == expected


def test_invalid_or_missing_dates():
    assert parse_french_date("31 février 2016") is None
    assert parse_french_date("Le blocage de WhatsApp") is None
    assert parse_french_date("") is None
    assert parse_french_date(None) is None


# --- Casablanca offsets in 2016 ----------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        # winter: UTC+0
        ("28 février 2016 - 11h10", "2016-02-28T11:10:00+00:00"),
        ("26 mars 2016 - 12h00", "2016-03-26T12:00:00+00:00"),
        # summer time from Sunday 27 March 2016 (02:00 -> 03:00)
        ("27 mars 2016 - 12h00", "2016-03-27T12:00:00+01:00"),
        ("21 avril 2016 - 16h20", "2016-04-21T16:20:00+01:00"),
        ("4 juin 2016 - 12h00", "2016-06-04T12:00:00+01:00"),
        # Ramadan 2016: back to UTC+0, about 5 June - 10 July
        ("6 juin 2016 - 12h00", "2016-06-06T12:00:00+00:00"),
        ("20 juin 2016 - 09h40", "2016-06-20T09:40:00+00:00"),
        ("9 juillet 2016 - 12h00", "2016-07-09T12:00:00+00:00"),
        # summer time again after Ramadan, until 30 October
        ("11 juillet 2016 - 12h00", "2016-07-11T12:00:00+01:00"),
        ("1er août 2016 - 9h05", "2016-08-01T09:05:00+01:00"),
        ("29 octobre 2016 - 12h00", "2016-10-29T12:00:00+01:00"),
        ("31 octobre 2016 - 12h00", "2016-10-31T12:00:00+00:00"),
        ("4 novembre 2016 - 10h05", "2016-11-04T10:05:00+00:00"),
    ],
)
def test_offsets_follow_the_zone_database(text, expected):
    assert parse_french_date(text)[0] == expected


def test_local_iso():
    assert local_iso(2016, 3, 27, 12, 0) == "2016-03-27T12:00:00+01:00"
    assert local_iso(2016, 3, 27) == "2016-03-27"
    assert local_iso(2016, 2, 30) is None


# --- metadata instants ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2016-04-21T15:20:00Z", "2016-04-21T16:20:00+01:00"),  # UTC -> Moroccan summer time
        ("2016-04-21T15:20:00+00:00", "2016-04-21T16:20:00+01:00"),
        ("2016-04-21T17:20:00+02:00", "2016-04-21T16:20:00+01:00"),  # Paris summer time
        ("2016-06-20T09:40:00Z", "2016-06-20T09:40:00+00:00"),  # Ramadan: UTC+0
        ("2016-02-28T11:10:00.123Z", "2016-02-28T11:10:00+00:00"),
        ("2016-04-21T16:20:00", "2016-04-21T16:20:00+01:00"),  # naive: already local time
        ("2016-04-21 16:20", "2016-04-21T16:20:00+01:00"),
        ("2016-04-21T16:20:00+0100", "2016-04-21T16:20:00+01:00"),
        ("2016-01-08", "2016-01-08"),  # date only stays date only
        ("Fri, 04 Nov 2016 10:05:00 +0000", "2016-11-04T10:05:00+00:00"),  # RFC 822 (RSS)
        ("28 février 2016 - 11h10", "2016-02-28T11:10:00+00:00"),
    ],
)
def test_metadata_instants_are_converted_to_casablanca(value, expected):
    assert parse_instant(value) == expected


def test_unparseable_metadata():
    assert parse_instant("hier") is None
    assert parse_instant("") is None


# --- the article date line -------------------------------------------------------------


def test_full_date_line():
    line = parse_date_line("28 février 2016 - 11h10 - Economie - Ecrit par : Bladi.net")
    assert line.iso == "2016-02-28T11:10:00+00:00"
    assert line.raw == "28 février 2016 - 11h10 - Economie - Ecrit par : Bladi.net"
    assert (line.section, line.author, line.rank) == ("Economie", "Bladi.net", 3)


def test_date_line_with_empty_author_no_accents_and_1er():
    line = parse_date_line("1er aout 2016 - 9h05 - Maroc - Ecrit par :")
    assert line.iso == "2016-08-01T09:05:00+01:00"
    assert (line.section, line.author) == ("Maroc", None)


def test_date_line_whitespace_is_normalised():
    line = parse_date_line("  8 janvier 2016\n -  09h30 -\u00a0Economie - Ecrit par :  Yassine A. ")
    assert line.raw == "8 janvier 2016 - 09h30 - Economie - Ecrit par : Yassine A."
    assert (line.section, line.author) == ("Economie", "Yassine A.")


def test_date_line_variants():
    assert parse_date_line("20 juin 2016 - 9h40 - Société").section == "Société"
    line = parse_date_line("Publié le 21 avril 2016, par Karim B.")
    assert (line.iso, line.section, line.author, line.rank) == ("2016-04-21", None, "Karim B.", 1)
    assert parse_date_line("20 juin 2016 - 9h40 · Par Salma E.").author == "Salma E."


def test_numeric_date_line():
    line = parse_date_line("21/04/2016 - 16h20 - Economie - Ecrit par : Bladi.net")
    assert (line.iso, line.section, line.author) == ("2016-04-21T16:20:00+01:00", "Economie", "Bladi.net")


def test_a_sentence_is_not_a_date_line():
    sentence = (
        "Le 2 juin 2016, un décret a été publié au Bulletin officiel pour donner une base légale au "
        "blocage des appels passés via les applications de voix sur IP, selon plusieurs juristes interrogés."
    )
    assert parse_date_line(sentence) is None
    assert parse_date_line("Selon la loi 24-96 du 7 août 1997") is None


# --- listing dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("28 février 2016", "2016-02-28"),
        ("28/02/2016", "2016-02-28"),
        ("28/02/16", "2016-02-28"),
        ("28.02.2016 - 11h10", "2016-02-28T11:10:00+00:00"),
        ("21/04/2016 à 16:20", "2016-04-21T16:20:00+01:00"),
        ("2016-02-28", "2016-02-28"),
        ("1er juin 2016 - 8h00", "2016-06-01T08:00:00+01:00"),
    ],
)
def test_listing_dates(text, expected):
    iso, raw = parse_listing_date(text)
    assert iso == expected
    assert raw == text


def test_relative_listing_dates_need_a_reference_time():
    now = datetime(2016, 4, 21, 15, 20, tzinfo=UTC)  # 16:20 in Casablanca
    assert parse_listing_date("Il y a 3 heures") is None
    assert parse_listing_date("Il y a 3 heures", now=now)[0] == "2016-04-21T13:20:00+01:00"
    assert parse_listing_date("Aujourd'hui 9h05", now=now)[0] == "2016-04-21T09:05:00+01:00"
    assert parse_listing_date("Hier", now=now)[0] == "2016-04-20"
    assert parse_listing_date("bientôt") is None


# --- hostile and ambiguous dates (issue 10) ---------------------------------------


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00", "0001-01-01", "1900-01-01"])
def test_placeholder_instants_are_no_dates(value):
    assert parse_instant(value) is None


def test_update_lines_rank_below_publication_lines():
    from bladiscrape.core.dates import is_update

    update = parse_date_line("Mis à jour le 5 novembre 2016 à 10h20")
    assert update is not None and update.rank == 0 and is_update(update.raw)
    assert parse_date_line("Publié le 3 novembre 2016").rank == 1
    assert not is_update("Publié le 3 novembre 2016 - mis à jour le 5 novembre 2016")


def test_author_before_the_date():
    line = parse_date_line("Soumis par Hicham Tazi le mar 01/03/2016 - 00:30")
    assert line is not None and line.author == "Hicham Tazi" and line.iso == "2016-03-01T00:30:00+00:00"


def test_wall_clock_keeps_the_publishers_day():
    from bladiscrape.core.dates import wall_clock

    assert parse_instant("2016-03-01T00:30:00+01:00") == "2016-02-29T23:30:00+00:00"
    assert wall_clock("2016-03-01T00:30:00+01:00") == "2016-03-01T00:30:00+00:00"
    assert wall_clock("0001-01-01T00:00:00Z") is None
