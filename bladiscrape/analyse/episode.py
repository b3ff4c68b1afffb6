"""The 2016 timeline (``data/episode_2016.yml``) and which archived articles cover each event.

``event_links`` states the rule documented in the data file: an article
*reports* an event when it is dated within the event's window (``date`` to
``end_date`` plus ``REPORT_DAYS``), names one of its actors and one of its key
terms; it *mentions* it when it is dated after the window and names two of its
actors (its one actor, for an event with one) and two different key terms. ``score`` is half the share of the
event's actors named plus half the share of its terms found.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from bladiscrape.core import yamlfile
from bladiscrape.model import publication_day
from bladiscrape.score.actors import Actors, match_key, matchable

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "episode_2016.yml"
KINDS = ("decision", "protest", "statement", "legal", "business", "study", "personnel", "unblocking")
REPORT_DAYS = 3
_KEYS = {"id", "date", "end_date", "title", "description", "kind", "actors", "terms", "sources"}


class EpisodeError(ValueError):
    """An events file that is missing or does not follow the format."""


@dataclass(frozen=True)
class Event:
    id: str
    date: dt.date
    end_date: dt.date | None
    title: str
    description: str
    kind: str
    actors: tuple[str, ...]
    terms: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def window_end(self) -> dt.date:
        return (self.end_date or self.date) + timedelta(days=REPORT_DAYS)

    def row(self) -> dict:
        return {"id": self.id, "date": self.date.isoformat(),
                "end_date": self.end_date.isoformat() if self.end_date else None,
                "title": self.title, "description": self.description, "kind": self.kind,
                "actors": json.dumps(list(self.actors)), "sources": json.dumps(list(self.sources)),
                "terms": json.dumps(list(self.terms), ensure_ascii=False)}


def _term_regex(term: str) -> re.Pattern:
    """What finding ``term`` in a ``matchable`` text means: its words in a row, the last one a prefix for ``word*``."""
    stem = term.endswith("*")
    words = match_key(term.rstrip("*")).split(" ")
    body = r" +".join(map(re.escape, words))
    return re.compile(r"(?<!\w)" + body + ("" if stem else r"(?!\w)"))


@dataclass(frozen=True)
class Term:
    """A key term as words (``match_key``'s), the last one a prefix when the term ends in ``*``."""

    words: tuple[str, ...]
    stem: bool
    regex: re.Pattern  # the same rule, for a term the words cannot state (no letters or digits)

    @classmethod
    def of(cls, term: str) -> Term:
        return cls(tuple(match_key(term.rstrip("*")).split(" ")), term.endswith("*"), _term_regex(term))


class Words:
    """The words of a ``matchable`` text, to look key terms up in them.

    A matchable text holds word characters and spaces only, so the regex of a
    term (``_term_regex``) matches exactly where the term's words are words of
    the text in a row (the last one a prefix for a stem): a set look-up, or a
    bisection for a stem, instead of one regex search of the whole text per
    term and event. ``tests/unit`` checks both give the same answer.
    """

    def __init__(self, text: str):
        self.text = text
        self.words = text.split()
        self.vocabulary = set(self.words)
        self._sorted: list[str] | None = None

    def has(self, term: Term) -> bool:
        if "" in term.words:
            return term.regex.search(self.text) is not None
        first, *rest = term.words
        if not rest:
            return self._has_prefix(first) if term.stem else first in self.vocabulary
        if first not in self.vocabulary:
            return False
        *middle, last = rest
        n, words = len(rest), self.words
        for i in (i for i, word in enumerate(words) if word == first and i + n < len(words)):
            if all(words[i + 1 + k] == word for k, word in enumerate(middle)) and (
                    words[i + n].startswith(last) if term.stem else words[i + n] == last):
                return True
        return False

    def _has_prefix(self, prefix: str) -> bool:
        if self._sorted is None:
            self._sorted = sorted(self.vocabulary)
        i = bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)


class Episode:
    def __init__(self, events: list[Event], source: str = ""):
        self.events = events
        self.source = source
        self._terms = {e.id: [Term.of(t) for t in e.terms] for e in events}

    def event_links(self, article: Mapping, named: set[str]) -> list[dict]:
        """The ``event_articles`` rows of one article, given the actor ids it names."""
        day = publication_day(article.get("published_at"))
        if day is None:
            return []
        words: Words | None = None  # the text's words, read at the first event it may report or mention
        rows = []
        for event in self.events:
            if day < event.date:
                continue
            actors = named & set(event.actors)
            relation = "reports" if day <= event.window_end else "mentions"
            if len(actors) < (1 if relation == "reports" else min(2, len(event.actors))):
                continue
            if words is None:
                fields = (article.get("title"), article.get("lead"), article.get("body"))
                words = Words(matchable(" ".join(filter(None, fields))))
            terms = sum(1 for term in self._terms[event.id] if words.has(term))
            if terms < (1 if relation == "reports" else 2):
                continue
            score = 0.5 * len(actors) / len(event.actors) + 0.5 * terms / max(1, len(event.terms))
            rows.append({"event_id": event.id, "article_id": article["id"], "relation": relation,
                         "score": round(score, 3)})
        return rows


def load_episode(path: str | Path | None = None, actors: Actors | None = None) -> Episode:
    """The events of ``path`` (default: the packaged file); their actors must be in ``actors``."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise EpisodeError(f"cannot read events file {path}: {str(e).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise EpisodeError(f"{path}: needs a list 'events'")
    known = {a.id for a in actors.actors} if actors else None
    events = [_event(entry, str(path), known) for entry in data["events"]]
    if len({e.id for e in events}) != len(events):
        raise EpisodeError(f"{path}: an event id is used twice")
    return Episode(sorted(events, key=lambda e: (e.date, e.id)), str(path))


def _event(entry, source: str, known: set[str] | None) -> Event:
    if not isinstance(entry, dict) or set(entry) - _KEYS or not isinstance(entry.get("id"), str):
        raise EpisodeError(f"{source}: each event is a mapping with an id and only {', '.join(sorted(_KEYS))}")
    where = f"{source}: event {entry['id']}"
    if entry.get("kind") not in KINDS:
        raise EpisodeError(f"{where}: kind must be one of {', '.join(KINDS)}")
    start, end = _date(entry.get("date"), where), entry.get("end_date")
    actors = tuple(entry.get("actors") or ())
    unknown = [a for a in actors if known is not None and a not in known]
    if unknown or not actors:
        raise EpisodeError(f"{where}: actors must be ids of the actors file (unknown: {', '.join(unknown) or '-'})")
    return Event(entry["id"], start, _date(end, where) if end else None, str(entry.get("title") or ""),
                 str(entry.get("description") or "").strip(), entry["kind"], actors,
                 tuple(str(t) for t in entry.get("terms") or ()), tuple(entry.get("sources") or ()))


def _date(value, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise EpisodeError(f"{where}: date must be YYYY-MM-DD, got {value!r}") from None
