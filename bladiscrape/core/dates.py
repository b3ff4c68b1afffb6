"""French dates and Moroccan local time.

Bladi.net prints dates as Moroccan wall-clock time, e.g. the article date line
``28 février 2016 - 11h10 - Economie - Ecrit par : Bladi.net``. Morocco's
offset changed several times in 2016 (UTC+0 in winter, UTC+1 from 27 March,
back to UTC+0 for Ramadan, about 5 June - 10 July), so offsets always come
from the IANA zone ``Africa/Casablanca`` via zoneinfo, never a fixed offset.

Public helpers (also used by the listing parser):

* ``parse_french_date(text) -> (iso, raw) | None``
* ``parse_listing_date(text, now=None) -> (iso, raw) | None``
* ``parse_date_line(text) -> DateLine | None`` (date + section + author)
* ``parse_instant(value) -> iso | None`` for metadata values (ISO 8601, RFC 822)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from bladiscrape.core.text import fold, norm

CASABLANCA = ZoneInfo("Africa/Casablanca")

#: Folded (lowercase, accentless) month names and the abbreviations listings use.
MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

# Applied to folded text: "1er", "01", "9"; optional weekday before is not part of it.
_DATE_RE = re.compile(
    rf"(?<![\d\w])(?P<day>[0-3]?\d)(?:er|e)?\s+(?P<month>{_MONTH_ALT})\.?\s+(?P<year>(?:19|20)\d\d)(?!\d)"
)
# Time right after the date: "- 11h10", "à 9h05", ", 14:30", "9h" (minutes optional).
_TIME_RE = re.compile(
    r"\s*(?:[-,|/]|a)?\s*(?P<hour>[01]?\d|2[0-3])\s*(?:h|:)\s*(?P<minute>[0-5]\d)?(?::[0-5]\d)?(?!\d)"
)
# "Mis à jour le", "Modifié le", "Actualisé le", "MAJ", "Updated" before a date (folded text).
_UPDATE_RE = re.compile(r"\b(?:mis[e]? a jour|maj|modifie|actualise|dernier(?:e)? (?:mise a jour|modification)"
                        r"|updated|last modified|revise)\b")
_PREFIX_AUTHOR_RE = re.compile(r"\bpar\s+(\S.{1,40}?)\s*,?\s+le\b")
_AUTHOR_RE = re.compile(r"(?:ecrit|redige|publie)\s+par\s*:?")
_DIGIT_RE = re.compile(r"\d")
_SEP_RE = re.compile(r"\s+[-|·•]\s+")
_LEADING_SEPS = " \t-|,:;·•"

#: A date line's date must start within this many characters ("Publié le samedi ").
_MAX_PREFIX = 40
#: Text after the date longer than this is a sentence, not a date line.
_MAX_REST = 160


def local_iso(year: int, month: int, day: int, hour: int | None = None, minute: int | None = None) -> str | None:
    """ISO 8601 for Moroccan wall-clock time; date-only when no time is known."""
    try:
        if hour is None:
            return date(year, month, day).isoformat()
        moment = datetime(year, month, day, hour, minute or 0, tzinfo=CASABLANCA)
    except ValueError:
        return None
    return moment.isoformat(timespec="seconds")


def _match_iso(folded: str, m: re.Match, with_time: bool = True) -> tuple[str | None, int]:
    """ISO value of a date match (and time right after it); returns (iso, end index)."""
    day, month, year = int(m.group("day")), MONTHS[m.group("month")], int(m.group("year"))
    end = m.end()
    if with_time:
        t = _TIME_RE.match(folded, end)
        if t:
            return local_iso(year, month, day, int(t.group("hour")), int(t.group("minute") or 0)), t.end()
    return local_iso(year, month, day), end


def parse_french_date(text: str | None) -> tuple[str, str] | None:
    """The first French date in ``text`` (``28 février 2016 - 11h10``, ``1er aout 2016``).

    Returns ``(iso, raw)``: ``iso`` carries the Casablanca offset when a time
    follows the date, else is ``YYYY-MM-DD``; ``raw`` is the whitespace-normalised text.
    """
    raw = norm(text)
    if not raw:
        return None
    folded = fold(raw)
    for m in _DATE_RE.finditer(folded):
        iso, _ = _match_iso(folded, m)
        if iso:
            return iso, raw
    return None


@dataclass
class DateLine:
    iso: str
    raw: str
    section: str | None
    author: str | None
    #: 3 = Bladi's full line ("... - Ecrit par : ..."), 2 = date with time, 1 = date only,
    #: 0 = the date of an update ("Mis à jour le ..."): the article's date only when no other is shown
    rank: int


def _clean(value: str) -> str | None:
    value = norm(value).strip(_LEADING_SEPS)
    return value or None


def parse_date_line(text: str | None) -> DateLine | None:
    """Parse a date line: ``<day> <mois> <year> - <HH>h<MM> - <Rubrique> - Ecrit par : <author>``.

    The date must open the line (after a short prefix such as ``Publié le``);
    section and author are optional, an empty author gives None.
    """
    raw = norm(text)
    if not raw or not _DIGIT_RE.search(raw, 0, _MAX_PREFIX + 3):  # cheap test before folding
        return None
    folded = fold(raw)
    m = _DATE_RE.search(folded, 0, _MAX_PREFIX + 30) or _NUMERIC_LINE_RE.search(folded, 0, _MAX_PREFIX + 20)
    if not m or m.start() > _MAX_PREFIX or any(c.isdigit() for c in folded[: m.start()]):
        return None
    iso, end = _match_iso(folded, m) if "month" in m.groupdict() else _numeric_iso(folded, m)
    if not iso:
        return None
    if _UPDATE_RE.search(folded, 0, m.start()):
        return DateLine(iso, raw, None, None, 0)
    timed = "T" in iso
    rest, frest = raw[end:], folded[end:]
    section = author = None
    by = _AUTHOR_RE.search(frest)
    if by:
        section = _clean(rest[: by.start()])
        author = _clean(_SEP_RE.split(rest[by.end() :], 1)[0])
        rank = 3
    elif len(rest) > _MAX_REST:
        return None
    else:
        parts = [p for p in (_clean(x) for x in _SEP_RE.split(rest)) if p]
        for part in parts:
            if fold(part).startswith("par "):
                author = _clean(part[4:])
            elif section is None and timed:
                section = part
        rank = 2 if timed else 1
    if author is None:  # "Soumis par X le mar 01/03/2016", "Publié par X le 3 mars 2016"
        by_prefix = _PREFIX_AUTHOR_RE.search(folded, 0, m.start())
        author = _clean(raw[by_prefix.start(1) : by_prefix.end(1)]) if by_prefix else None
    return DateLine(iso, raw, section, author, rank)


# Numeric dates in a date line ("28/02/2016 - 11h10"): four-digit years only.
_NUMERIC_LINE_RE = re.compile(r"(?<![\d/.-])(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>(?:19|20)\d\d)(?!\d)")


def _numeric_iso(folded: str, m: re.Match) -> tuple[str | None, int]:
    day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    t = _TIME_RE.match(folded, m.end())
    if t:
        return local_iso(year, month, day, int(t.group("hour")), int(t.group("minute") or 0)), t.end()
    return local_iso(year, month, day), m.end()


def wall_clock(value: str | None) -> str | None:
    """A metadata instant's own wall-clock time, as Moroccan local ISO: what the
    publisher's clock read (``2016-03-01T00:30:00+01:00`` -> ``2016-03-01T00:30:00+00:00``)."""
    value = norm(value)
    if not value or not _ISO_LIKE.match(value):
        return None
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T", 1).replace("Z", "+00:00"))
    except ValueError:
        return None
    return local_iso(moment.year, moment.month, moment.day, moment.hour, moment.minute) if plausible(moment) else None


def is_update(text: str | None) -> bool:
    """The text dates an update ("Mis à jour le 5 novembre 2016"), not the publication."""
    line = parse_date_line(text)
    return bool(line and line.rank == 0)


# --- metadata instants -------------------------------------------------------

_ISO_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")


#: Years a web page's date can fall in. CMSs print placeholders such as
#: ``0001-01-01T00:00:00Z`` or ``9999-12-31`` for "no date": not dates, and
#: converting them to another offset overflows ``datetime``.
MIN_YEAR, MAX_YEAR = 1990, 2100


def plausible(moment: date) -> bool:
    return MIN_YEAR <= moment.year <= MAX_YEAR


def to_casablanca(moment: datetime) -> str | None:
    """A datetime as Casablanca ISO: aware values are converted, naive ones are
    local; None for a placeholder year (see ``MIN_YEAR``)."""
    if not plausible(moment):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CASABLANCA)
    else:
        moment = moment.astimezone(CASABLANCA)
    return moment.replace(microsecond=0).isoformat(timespec="seconds")



def parse_instant(value: str | None) -> str | None:
    """A metadata date (``2016-04-21T15:20:00Z``, ``2016-04-21``, RFC 822, French text)."""
    value = norm(value)
    if not value:
        return None
    if _ISO_DATE_ONLY.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        return day.isoformat() if plausible(day) else None
    if _ISO_LIKE.match(value):
        candidate = value.replace(" ", "T", 1)
        if re.search(r"[+-]\d{2}$", candidate):  # "+01" -> "+01:00"
            candidate += ":00"
        try:
            return to_casablanca(datetime.fromisoformat(candidate))
        except (ValueError, OverflowError):
            return None
    try:
        return to_casablanca(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    found = parse_french_date(value)
    return found[0] if found else None


# --- listing dates -------------------------------------------------------------

_NUMERIC_RE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")
_RELATIVE_RE = re.compile(r"il y a\s+(\d+)\s*(min|minutes?|h|heures?|j|jours?)\b")


def parse_listing_date(text: str | None, now: datetime | None = None) -> tuple[str, str] | None:
    """A listing teaser date (``span.accueildate``) as ``(iso, raw)``.

    Accepts French dates (full or abbreviated months), ``28/02/2016``
    (optionally ``- 11h10``), ISO dates, and, when ``now`` is given, relative
    forms (``Aujourd'hui 9h05``, ``Hier``, ``Il y a 3 heures``).
    """
    raw = norm(text)
    if not raw:
        return None
    found = parse_french_date(raw)
    if found:
        return found
    folded = fold(raw)
    m = _NUMERIC_RE.search(folded)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year += 2000 if year < 100 else 0
        t = _TIME_RE.match(folded, m.end())
        if t:
            iso = local_iso(year, month, day, int(t.group("hour")), int(t.group("minute") or 0))
        else:
            iso = local_iso(year, month, day)
        return (iso, raw) if iso else None
    iso_match = re.search(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-Z]+)?", raw)
    if iso_match:
        iso = parse_instant(iso_match.group(0))
        return (iso, raw) if iso else None
    if now is not None:
        return _relative(folded, raw, now)
    return None


def _relative(folded: str, raw: str, now: datetime) -> tuple[str, str] | None:
    local = now.astimezone(CASABLANCA) if now.tzinfo else now.replace(tzinfo=CASABLANCA)
    m = _RELATIVE_RE.search(folded)
    if m:
        amount, unit = int(m.group(1)), m.group(2)[0]
        try:
            delta = {"m": timedelta(minutes=amount), "h": timedelta(hours=amount), "j": timedelta(days=amount)}[unit]
            iso = to_casablanca(local - delta)
        except OverflowError:  # "il y a 99999999 jours"
            return None
        return (iso, raw) if iso else None
    for word, days in (("aujourd'hui", 0), ("hier", 1), ("avant-hier", 2)):
        if folded.startswith(word):
            day = (local - timedelta(days=days)).date()
            t = _TIME_RE.search(folded, len(word))
            if t:
                iso = local_iso(day.year, day.month, day.day, int(t.group("hour")), int(t.group("minute") or 0))
            else:
                iso = day.isoformat()
            return (iso, raw) if iso else None
    return None


def utc_now() -> str:
    """Crawl bookkeeping times are UTC, to the second (article dates keep their own offset)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
