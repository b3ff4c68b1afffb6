"""Assemble an article's title, lead and paragraphs from the vocabulary.

``core`` is the small tuple computed for every id (see site.py): the texts
only add words. Titles use their own generator (salt ``TITLE``) so that the
search index can compute every title without generating 100,000 bodies.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from datetime import datetime

from . import telecom, words
from .clock import Rng, to_datetime, to_minutes

TITLE, BODY = 3, 4
_STOP = frozenset((
    "le", "la", "les", "l", "d", "de", "des", "du", "un", "une", "et", "en", "a", "au", "aux", "pour", "sur",
    "par", "s", "qu", "que", "qui", "se", "son", "sa", "ses", "dans", "avec", "ce", "cette", "ces", "il",
    "elle", "est", "sont", "plus", "ne", "pas", "y",
))


def fold(text: str) -> str:
    """Lower case, no accents, apostrophes as spaces: what search and slugs compare."""
    text = text.replace("’", " ").replace("'", " ").replace("œ", "oe").replace("Œ", "oe")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def slugify(title: str, max_words: int = 7) -> str:
    """SPIP-like URL slug: folded title words, stop words dropped."""
    out = []
    for word in "".join(c if c.isalnum() else " " for c in fold(title)).split():
        if word not in _STOP:
            out.append(word)
            if len(out) == max_words:
                break
    return "-".join(out) or "article"


def couper(text: str, limit: int = 150) -> str:
    """SPIP's ``couper``: cut at a word boundary and add "..." when the text is longer."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def _slots(rng: Rng, year: int, place: tuple, telecom_slots: dict | None) -> dict:
    """Template placeholders, all drawn from one 64-bit number (cheap: titles of 100k ids are made)."""
    r, clubs = rng.next(), words.CLUBS
    club = r % 10
    values = {
        "place": place[0], "le_place": place[1], "a_place": place[2], "de_place": place[3],
        "n": 2 + (r >> 4) % 8, "pct": 2 + (r >> 8) % 18, "year": year,
        "club": clubs[club], "club2": clubs[(club + 1 + (r >> 16) % 9) % 10], "temp": 40 + (r >> 24) % 8,
    }
    if telecom_slots:
        values.update(telecom_slots)
    return values


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def place_of(rubrique_index: int, place_index: int) -> tuple[str, str, str, str]:
    """(place, le_place, a_place, de_place) of the article's place (a city or a country)."""
    forms = words.CITY_FORMS if words.RUBRIQUES[rubrique_index][3] == "city" else words.COUNTRY_FORMS
    return forms[place_index % len(forms)]


_YEAR_STARTS = [to_minutes(datetime(y, 1, 1)) for y in range(2000, 2031)]
_TITLES = tuple(words.TITLES[r[0]] for r in words.RUBRIQUES)


def title(seed: int, article_id: int, core: tuple) -> str:
    minutes, rub, kind, theme, op_index, place_index, _tags = core
    rng = Rng(seed, article_id, TITLE)
    if kind:
        moment = to_datetime(minutes)
        template, year = rng.choice(telecom.THEMES[telecom.THEME_NAMES[theme]][1]), moment.year
        tel = telecom.slots(moment, op_index)
    else:
        template, tel = rng.choice(_TITLES[rub]), None
        if "{" not in template:
            return template
        year = 1999 + bisect_right(_YEAR_STARTS, minutes)
    return _capital(template.format_map(_slots(rng, year, place_of(rub, place_index), tel)))


def lead_and_body(seed: int, article_id: int, core: tuple, moment: datetime,
                  with_body: bool = True) -> tuple[str, tuple[str, ...]]:
    """The lead (chapo) and 3-5 body paragraphs of 2-3 sentences (none if not ``with_body``)."""
    _minutes, rub, kind, theme, op_index, place_index, _tags = core
    rng = Rng(seed, article_id, BODY)
    rubrique = words.RUBRIQUES[rub][0]
    values = _slots(rng, moment.year, place_of(rub, place_index), telecom.slots(moment, op_index) if kind else None)
    if kind:
        own = telecom.THEMES[telecom.THEME_NAMES[theme]][2]
        pools: tuple[tuple[str, ...], ...] = (own, own, words.GENERIC)
    else:
        own = words.SENTENCES[rubrique]
        pools = (own, words.GENERIC)
    lead = " ".join(s.format_map(values) for s in rng.sample(own, 2 if rng.chance(0.5) else 1))
    if not with_body:
        return _capital(lead), ()
    paragraphs = []
    for _ in range(rng.between(3, 5)):
        sentences = [rng.choice(rng.choice(pools)) for _ in range(rng.between(2, 3))]
        # No sentence twice in one paragraph: readers (and de-duplicating extractors) notice.
        unique = list(dict.fromkeys(sentences))
        paragraphs.append(" ".join(_capital(s.format_map(values)) for s in unique))
    return _capital(lead), tuple(paragraphs)
