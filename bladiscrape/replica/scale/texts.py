"""Assemble an article's title, lead and paragraphs from the vocabulary.

``core`` is the small tuple computed for every id (see site.py): the texts
only add words. Titles use their own generator (salt ``TITLE``) so that the
search index can compute every title without generating 100,000 bodies.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from . import telecom, words
from .clock import Rng

TITLE, BODY = 3, 4
_STOP = frozenset("le la les l d de des du un une et en a au aux pour sur par s qu que qui se son sa ses "
                  "dans avec ce cette ces il elle est sont plus ne pas y".split())


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


def _slots(rng: Rng, moment: datetime, rubrique: str, place: str, op_index: int, is_telecom: bool) -> dict:
    clubs = words.CLUBS
    club = rng.below(len(clubs))
    values = {
        "place": place, "n": rng.between(2, 9), "pct": rng.between(2, 19), "year": moment.year,
        "club": clubs[club], "club2": clubs[(club + 1 + rng.below(len(clubs) - 1)) % len(clubs)],
        "temp": rng.between(40, 47),
    }
    if is_telecom:
        values.update(telecom.slots(moment, op_index))
    return values


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def place_of(rubrique_index: int, place_index: int) -> str:
    kind = words.RUBRIQUES[rubrique_index][3]
    places = words.CITIES if kind == "city" else words.COUNTRIES
    return places[place_index % len(places)]


def title(seed: int, article_id: int, core: tuple) -> str:
    minutes, rub, kind, theme, op_index, place_index, _tags = core
    from .clock import to_datetime

    moment = to_datetime(minutes)
    rng = Rng(seed, article_id, TITLE)
    rubrique = words.RUBRIQUES[rub][0]
    place = place_of(rub, place_index)
    if kind:
        templates = telecom.THEMES[telecom.THEME_NAMES[theme]][1]
    else:
        templates = words.TITLES[rubrique]
    template = rng.choice(templates)
    return _capital(template.format_map(_slots(rng, moment, rubrique, place, op_index, bool(kind))))


def lead_and_body(seed: int, article_id: int, core: tuple, moment: datetime) -> tuple[str, tuple[str, ...]]:
    """The lead (chapo) and 3-5 body paragraphs of 2-3 sentences."""
    _minutes, rub, kind, theme, op_index, place_index, _tags = core
    rng = Rng(seed, article_id, BODY)
    rubrique = words.RUBRIQUES[rub][0]
    values = _slots(rng, moment, rubrique, place_of(rub, place_index), op_index, bool(kind))
    if kind:
        own = telecom.THEMES[telecom.THEME_NAMES[theme]][2]
        pools = (own, own, words.GENERIC)
    else:
        own = words.SENTENCES[rubrique]
        pools = (own, words.GENERIC)
    lead = " ".join(s.format_map(values) for s in rng.sample(own, 2 if rng.chance(0.5) else 1))
    paragraphs = []
    for _ in range(rng.between(3, 5)):
        sentences = [rng.choice(rng.choice(pools)) for _ in range(rng.between(2, 3))]
        # No sentence twice in a row: readers (and de-duplicating extractors) notice.
        unique = list(dict.fromkeys(sentences))
        paragraphs.append(" ".join(_capital(s.format_map(values)) for s in unique))
    return _capital(lead), tuple(paragraphs)
