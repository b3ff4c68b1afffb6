"""The article being extracted: one typed slot per field, each with the layer it came from.

The field steps (``extract.article``) fill a ``Draft`` with ``first``: the
first layer whose candidate has a value wins, and its name travels with the
value as a ``Field``. ``Draft.record`` turns the finished draft into the
``ArticleRecord`` that leaves extraction, the layers into ``extraction``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from bladiscrape.core import urls
from bladiscrape.model import ArticleRecord, Link

T = TypeVar("T")

#: A layer's candidate for a field: a value, or a callable computing it (so a
#: costly layer runs only when the layers before it found nothing).
Candidate = tuple[str, object]


@dataclass(frozen=True)
class Field(Generic[T]):
    """A field's value and the layer that produced it (``jsonld``, ``selectors:2019``...)."""

    value: T
    layer: str


def first(candidates: Iterable[Candidate]) -> Field | None:
    """The first (layer, value) candidate with a (truthy) value, as a ``Field``.

    Callable values are called in turn, only until one yields something.
    """
    for layer, value in candidates:
        if callable(value):
            value = value()
        if value:
            return Field(value, layer)
    return None


@dataclass
class Draft:
    """An article's fields as extraction finds them; ``None``: not found (yet)."""

    url: Field[str]
    title: Field[str] | None = None
    lead: Field[str] | None = None
    body: Field[str] | None = None
    published_at: Field[str] | None = None
    published_raw: Field[str] | None = None
    section: Field[str] | None = None
    author: Field[str] | None = None
    tags: Field[list[str]] | None = None
    image_url: Field[str] | None = None
    #: Links are not attributed to a layer: each kind has one source.
    links: list[Link] = field(default_factory=list)

    def missing(self) -> str | None:
        """The first required field not found (``title``, then ``body``), else None."""
        if not _value(self.title):
            return "title"
        if not _value(self.body):
            return "body"
        return None

    def layers(self) -> dict[str, str]:
        """Field name -> layer, for the fields found, sorted by name."""
        slots = {
            "url": self.url,
            "title": self.title,
            "lead": self.lead,
            "body": self.body,
            "published_at": self.published_at,
            "published_raw": self.published_raw,
            "section": self.section,
            "author": self.author,
            "tags": self.tags,
            "image_url": self.image_url,
        }
        return {name: slot.layer for name, slot in sorted(slots.items()) if slot}

    def record(self) -> ArticleRecord:
        """The finished article; title and body must have been found."""
        missing = self.missing()
        if missing or self.title is None or self.body is None:
            raise ValueError(f"draft has no {missing}")
        url = self.url.value
        return ArticleRecord(
            url=url,
            id=urls.article_id(url),
            slug=urls.slug(url),
            title=self.title.value,
            body=self.body.value,
            lead=_value(self.lead),
            published_at=_value(self.published_at),
            published_raw=_value(self.published_raw),
            section=_value(self.section),
            author=_value(self.author),
            tags=self.tags.value if self.tags else [],
            image_url=_value(self.image_url),
            links=self.links,
            extraction=self.layers(),
        )


def _value(slot: Field[T] | None) -> T | None:
    return slot.value if slot else None
