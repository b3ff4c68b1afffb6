"""The actors of the episode and their names (``data/actors.yml``), and finding those names in a text.

Matching follows the topic's rules, so a name means the same thing in a score
and in a count: case- and accent-insensitive, punctuation as a space, on word
boundaries, longest alias first ("Orange Maroc" is Méditel). Short aliases
that are ordinary words elsewhere carry a case guard, checked against the
original text: ``upper`` ("IAM", not "iam") or ``capital`` ("Wana", "Tango",
not "le tango").

``fold`` keeps one character for one, and punctuation is replaced character
by character here (not collapsed), so an offset in the matched text is an
offset in the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bladiscrape.core import yamlfile
from bladiscrape.core.text import fold
from bladiscrape.score.alternation import trie_pattern

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "actors.yml"
KINDS = ("operator", "regulator", "government", "person", "app", "platform", "organisation", "court", "event")
CASES = ("upper", "capital")
_ACTOR_KEYS = {"id", "name", "kind", "description", "aliases", "names", "case"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NON_WORD_CHAR = re.compile(r"[\W_]")
_SPACES = re.compile(r"\s+")


class ActorsError(ValueError):
    """An actors file that is missing or does not follow the format."""


@dataclass(frozen=True)
class Alias:
    text: str  # as written in the file
    actor_id: str
    case: str | None = None  # None, "upper" or "capital"

    @property
    def key(self) -> str:
        return match_key(self.text)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    description: str
    aliases: tuple[Alias, ...]  # the name first
    names: tuple[dict, ...] = ()  # {"name", "since", "until"}: the names it went by


@dataclass(frozen=True)
class Match:
    actor_id: str
    start: int
    end: int
    text: str  # the words as written in the text


def match_key(text: str) -> str:
    """The form names are compared in: folded, punctuation as space, runs of spaces as one."""
    return _SPACES.sub(" ", _NON_WORD_CHAR.sub(" ", fold(text))).strip()


def matchable(text: str) -> str:
    """``text`` folded with each punctuation character as one space: same length as ``text``."""
    return _NON_WORD_CHAR.sub(" ", fold(text))


@dataclass
class Actors:
    """Every actor, and one regex over all their aliases."""

    actors: list[Actor]
    source: str = ""
    _by_key: dict[str, Alias] = field(default_factory=dict, repr=False)
    _regex: re.Pattern | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for actor in self.actors:
            for alias in actor.aliases:
                self._by_key.setdefault(alias.key, alias)
        # The longest alias matching at the leftmost position (score/alternation.py). A space
        # in an alias matches any run of spaces, so "Maroc  Telecom" is still Maroc Telecom.
        pattern = trie_pattern(dict.fromkeys(self._by_key, ""), space=" +")
        self._regex = re.compile(r"(?<!\w)" + pattern + r"(?!\w)") if self._by_key else None

    def by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    def resolve(self, name: str) -> str | None:
        """The actor id for an id or any of its names, None when nothing matches."""
        if name in self.by_id():
            return name
        alias = self._by_key.get(match_key(name))
        return alias.actor_id if alias else None

    def find(self, text: str | None) -> Iterator[Match]:
        """Every name of an actor in ``text``, left to right, offsets in ``text``."""
        if not text or self._regex is None:
            return
        for m in self._regex.finditer(matchable(text)):
            alias = self._by_key[_SPACES.sub(" ", m.group(0))]
            written = text[m.start():m.end()]
            if _guard_passes(alias.case, written):
                yield Match(alias.actor_id, m.start(), m.end(), written)


def _guard_passes(case: str | None, written: str) -> bool:
    letters = [c for c in written if c.isalpha()]
    if case == "upper":
        return all(c.isupper() for c in letters)
    if case == "capital":
        return bool(letters) and letters[0].isupper()
    return True


# -- loading ------------------------------------------------------------------


def load_actors(path: str | Path | None = None) -> Actors:
    """The actors defined in ``path`` (default: the packaged ``data/actors.yml``)."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ActorsError(f"actors file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ActorsError(f"cannot read actors file {path}: {e}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ActorsError(f"{path}: invalid YAML{where}: {getattr(e, 'problem', None) or e}") from None
    source = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list) or not data["actors"]:
        raise ActorsError(f"{source}: top level: needs a non-empty list 'actors'")
    actors = [_actor(entry, source, i) for i, entry in enumerate(data["actors"], 1)]
    _check_unique(actors, source)
    return Actors(actors, source)


def _fail(source: str, where: str, message: str):
    raise ActorsError(f"{source}: {where}: {message}")


def _actor(entry, source: str, number: int) -> Actor:
    where = f"actor {number}"
    if not isinstance(entry, dict):
        _fail(source, where, "must be a mapping")
    unknown = sorted(str(k) for k in entry if k not in _ACTOR_KEYS)
    if unknown:
        _fail(source, where, f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(_ACTOR_KEYS))})")
    actor_id = entry.get("id")
    if not isinstance(actor_id, str) or not _ID.match(actor_id):
        _fail(source, where, f"id must be a slug (lower case, digits, '-'), got {actor_id!r}")
    where = f"actor {actor_id}"
    name = entry.get("name")
    if not isinstance(name, str) or not match_key(name):
        _fail(source, where, "name missing")
    if entry.get("kind") not in KINDS:
        _fail(source, f"{where}.kind", f"must be one of {', '.join(KINDS)}, got {entry.get('kind')!r}")
    aliases = [_alias({"alias": name, "case": entry.get("case")}, actor_id, source, where)]
    raw = entry.get("aliases") or []
    if not isinstance(raw, list):
        _fail(source, f"{where}.aliases", "must be a list")
    for item in raw:
        alias = _alias(item, actor_id, source, where)
        if alias.key not in {a.key for a in aliases}:
            aliases.append(alias)
    return Actor(actor_id, name, entry["kind"], str(entry.get("description") or "").strip(), tuple(aliases),
                 _names(entry.get("names"), source, where))


def _alias(item, actor_id: str, source: str, where: str) -> Alias:
    if isinstance(item, dict):
        text, case = item.get("alias"), item.get("case")
        if set(item) - {"alias", "case"}:
            _fail(source, f"{where}.aliases", f"an alias mapping takes 'alias' and 'case', got {sorted(item)}")
    else:
        text, case = item, None
    if not isinstance(text, str) or not match_key(text):
        _fail(source, f"{where}.aliases", f"alias {text!r} has no letters or digits")
    if case is not None and case not in CASES:
        _fail(source, f"{where}.aliases", f"case must be one of {', '.join(CASES)}, got {case!r}")
    return Alias(str(text), actor_id, case)


def _names(raw, source: str, where: str) -> tuple[dict, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(n, dict) and isinstance(n.get("name"), str) for n in raw):
        _fail(source, f"{where}.names", "must be a list of {name, since, until}")
    return tuple({"name": n["name"], "since": _day(n.get("since")), "until": _day(n.get("until"))} for n in raw)


def _day(value) -> str | None:
    return None if value is None else str(value)  # YAML reads 2016-12-08 as a date


def _check_unique(actors: list[Actor], source: str) -> None:
    ids: set[str] = set()
    owners: dict[str, str] = {}
    for actor in actors:
        if actor.id in ids:
            _fail(source, f"actor {actor.id}", "id defined twice")
        ids.add(actor.id)
        for alias in actor.aliases:
            other = owners.setdefault(alias.key, actor.id)
            if other != actor.id:
                _fail(source, f"actor {actor.id}", f"alias {alias.text!r} also belongs to {other!r}")
