"""Relevance of an article to the archive's topic (telecoms, ANRT, the 2016 VoIP block).

The definition lives in a YAML file (``data/topic.yml`` by default, which
documents the format and the weights). The score is additive and auditable:

* text is folded (lower case, no accents) and punctuation becomes a space, so
  "l’ANRT" and "Itissalat Al-Maghrib" match "ANRT" and "Itissalat Al Maghrib";
* all aliases are tried at once, leftmost-longest, so overlapping terms are
  not counted twice ("Facebook Messenger" is Messenger only);
* per term and field: ``field_weight * (1 + ln(count))``, summed over fields
  and multiplied by the term's weight: repeats count less and less;
* per group: capped at ``cap``; the caps of ``weak`` groups together stay below
  the threshold (checked when loading), so weak terms alone are never enough.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bladiscrape.core import yamlfile
from bladiscrape.core.text import fold
from bladiscrape.model import TopicResult
from bladiscrape.score.actors import Actors, ActorsError, load_actors
from bladiscrape.score.alternation import trie_pattern

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "topic.yml"
FIELDS = ("title", "tags", "lead", "body", "section")
DEFAULT_FIELD_WEIGHTS = {"title": 3.0, "tags": 3.0, "lead": 2.0, "body": 1.0, "section": 1.5}

_TOP_KEYS = {"threshold", "fields", "groups"}
_GROUP_KEYS = {"cap", "weak", "match", "terms"}
_TERM_KEYS = {"weight", "aliases", "whole_word", "actor"}
_NON_WORD = re.compile(r"[\W_]+")


class TopicError(ValueError):
    """A topic file that is missing or does not follow the format."""


@dataclass(frozen=True)
class Term:
    key: str  # the name reported in TopicResult.terms
    group: str
    weight: float
    aliases: tuple[str, ...]  # normalised, the name included
    whole_word: bool = True


@dataclass(frozen=True)
class Group:
    name: str
    cap: float | None
    weak: bool
    match: str  # "text" or "tag"
    terms: tuple[Term, ...]


def normalise(text: str) -> str:
    """Folded text with every run of punctuation/space as one space."""
    return _NON_WORD.sub(" ", fold(text)).strip()


class Topic:
    def __init__(self, threshold: float, field_weights: dict[str, float], groups: list[Group], source: str = ""):
        self.threshold = threshold
        self.field_weights = field_weights
        self.groups = groups
        self.source = source
        self._text_terms: dict[str, Term] = {}  # normalised alias -> term
        self._tag_terms: dict[str, Term] = {}
        for group in groups:
            target = self._tag_terms if group.match == "tag" else self._text_terms
            for term in group.terms:
                for alias in term.aliases:
                    target[alias] = term
        self._regex = _alias_regex(self._text_terms) if self._text_terms else None

    def score(self, title, lead, body, tags, section=None) -> TopicResult:
        counts: dict[Term, dict[str, int]] = {}
        tags = [tags] if isinstance(tags, str) else list(tags or [])
        texts = {"title": [title], "lead": [lead], "body": [body], "section": [section], "tags": tags}
        for name, values in texts.items():
            for value in values:
                if value:
                    self._count(normalise(value), name, counts)
        return self._result(counts)

    def _count(self, text: str, field_name: str, counts) -> None:
        if self._regex:
            for match in self._regex.finditer(text):
                _bump(counts, self._text_terms[match.group(0)], field_name)
        if field_name == "tags" and text in self._tag_terms:
            _bump(counts, self._tag_terms[text], field_name)

    def _result(self, counts: dict[Term, dict[str, int]]) -> TopicResult:
        group_points: dict[str, float] = {}
        for term, per_field in counts.items():
            evidence = sum(self.field_weights[f] * (1 + math.log(n)) for f, n in per_field.items())
            group_points[term.group] = group_points.get(term.group, 0.0) + term.weight * evidence
        total = 0.0
        for group in self.groups:
            points = group_points.get(group.name, 0.0)
            total += min(points, group.cap) if group.cap is not None else points
        total = round(total, 4)  # no 4.9999999 against a threshold of 5
        terms = {
            term.key: {
                "count": sum(per_field.values()),
                "weight": term.weight,
                "fields": [f for f in FIELDS if f in per_field],
            }
            for term, per_field in sorted(counts.items(), key=lambda kv: kv[0].key)
        }
        return TopicResult(score=total, in_topic=total >= self.threshold, terms=terms)


def _bump(counts, term: Term, field_name: str) -> None:
    per_field = counts.setdefault(term, {})
    per_field[field_name] = per_field.get(field_name, 0) + 1


def _alias_regex(aliases: dict[str, Term]) -> re.Pattern:
    # The longest alias matching at the leftmost position, each with its own end (score/alternation.py).
    ends = {alias: r"(?!\w)" if term.whole_word else "" for alias, term in aliases.items()}
    return re.compile(r"(?<!\w)" + trie_pattern(ends))


# -- loading ------------------------------------------------------------------


def load_topic(path: str | Path | None = None, actors: str | Path | None = None) -> Topic:
    """The topic defined in ``path`` (default: the packaged ``data/topic.yml``).

    A term with ``actor: <id>`` takes every name of that actor from the actors
    file (``actors``, default: the packaged ``data/actors.yml``), so a spelling
    added there counts for the score too.
    """
    path = Path(path) if path else DEFAULT_PATH
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TopicError(f"topic file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise TopicError(f"cannot read topic file {path}: {e}") from None
    try:
        data = yamlfile.safe_load(raw)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise TopicError(f"{path}: invalid YAML{where}: {problem}") from None
    return _build(data, str(path), _ActorNames(actors))


class _ActorNames:
    """The actors file, read only when a term refers to an actor."""

    def __init__(self, path: str | Path | None):
        self.path = path
        self._actors: Actors | None = None

    def names(self, actor_id: str, source: str, where: str) -> list[str]:
        if self._actors is None:
            try:
                self._actors = load_actors(self.path)
            except ActorsError as e:
                raise TopicError(f"{source}: {where}: {e}") from None
        actor = self._actors.by_id().get(str(actor_id))
        if actor is None:
            raise TopicError(f"{source}: {where}.actor: no actor {actor_id!r} in {self._actors.source}")
        return [alias.text for alias in actor.aliases]


def _fail(source: str, where: str, message: str):
    raise TopicError(f"{source}: {where}: {message}")


def _number(value, source: str, where: str, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (positive and value <= 0):
        _fail(source, where, f"must be a {'positive ' if positive else ''}number, got {value!r}")
    return float(value)


def _check_keys(value, allowed: set[str], source: str, where: str) -> dict:
    if not isinstance(value, dict):
        _fail(source, where, f"must be a mapping, got {type(value).__name__}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        _fail(source, where, f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")
    return value


def _build(data, source: str, actors: _ActorNames) -> Topic:
    _check_keys(data, _TOP_KEYS, source, "top level")
    if "threshold" not in data:
        _fail(source, "threshold", "missing")
    threshold = _number(data["threshold"], source, "threshold")
    weights = dict(DEFAULT_FIELD_WEIGHTS)
    for name, value in _check_keys(data.get("fields") or {}, set(FIELDS), source, "fields").items():
        weights[name] = _number(value, source, f"fields.{name}", positive=False)
    groups_data = data.get("groups")
    if not isinstance(groups_data, dict) or not groups_data:
        _fail(source, "groups", "missing or empty: define at least one group of terms")
    groups = [_build_group(str(name), g, source, actors) for name, g in groups_data.items()]
    _check_unique(groups, source)
    weak_caps = sum(g.cap for g in groups if g.weak and g.cap is not None)  # (a weak group has a cap)
    if weak_caps >= threshold:
        _fail(source, "weak groups", f"caps add up to {weak_caps:g}, must stay below the threshold {threshold:g}")
    return Topic(threshold, weights, groups, source)


def _build_group(name: str, data, source: str, actors: _ActorNames) -> Group:
    where = f"groups.{name}"
    _check_keys(data, _GROUP_KEYS, source, where)
    cap = _number(data["cap"], source, f"{where}.cap") if data.get("cap") is not None else None
    weak = data.get("weak", False)
    if not isinstance(weak, bool):
        _fail(source, f"{where}.weak", f"must be true or false, got {weak!r}")
    if weak and cap is None:
        _fail(source, f"{where}.cap", "a weak group needs a cap")
    match = data.get("match", "text")
    if match not in ("text", "tag"):
        _fail(source, f"{where}.match", f"must be 'text' or 'tag', got {match!r}")
    terms_data = data.get("terms")
    if not isinstance(terms_data, dict) or not terms_data:
        _fail(source, f"{where}.terms", "missing or empty")
    terms = tuple(_build_term(str(t), d, name, match, source, f"{where}.terms.{t}", actors)
                  for t, d in terms_data.items())
    return Group(name, cap, weak, match, terms)


def _build_term(name: str, data, group: str, match: str, source: str, where: str, actors: _ActorNames) -> Term:
    _check_keys(data, _TERM_KEYS, source, where)
    if "weight" not in data:
        _fail(source, f"{where}.weight", "missing")
    weight = _number(data["weight"], source, f"{where}.weight")
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int, float)) for a in aliases):
        _fail(source, f"{where}.aliases", "must be a list of strings")
    whole_word = data.get("whole_word", True)
    if not isinstance(whole_word, bool):
        _fail(source, f"{where}.whole_word", f"must be true or false, got {whole_word!r}")
    if data.get("actor") is not None:
        aliases = [*aliases, *actors.names(data["actor"], source, where)]
    normalised = []
    for alias in [name, *aliases]:
        norm = normalise(str(alias))
        if not norm:
            _fail(source, where, f"alias {alias!r} has no letters or digits")
        if norm not in normalised:
            normalised.append(norm)
    key = f"tag:{name}" if match == "tag" else name
    return Term(key, group, weight, tuple(normalised), whole_word)


def _check_unique(groups: list[Group], source: str) -> None:
    keys: set[str] = set()
    owners: dict[tuple[str, str], str] = {}
    for group in groups:
        for term in group.terms:
            if term.key in keys:
                _fail(source, f"groups.{group.name}.terms", f"term {term.key!r} is defined twice")
            keys.add(term.key)
            for alias in term.aliases:
                other = owners.setdefault((group.match, alias), term.key)
                if other != term.key:
                    _fail(source, f"groups.{group.name}.terms.{term.key}", f"alias {alias!r} also belongs to {other!r}")
