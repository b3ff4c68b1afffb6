"""Which actors an article names, how often, and where first: the ``mentions`` rows of one article.

Mentions are counted over title, lead and body together. ``first_offset`` is a
character offset in ``lead + "\\n\\n" + body`` (the text a reader sees under
the title), None when the name is only in the title; ``snippet`` is the
sentence of the first mention (of the title when that is the only one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bladiscrape.score.actors import Actors

#: Where a sentence ends: a stop, a question or exclamation mark followed by space, or a paragraph break.
_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")
SNIPPET_MAX = 300


def reading_text(lead: str | None, body: str | None) -> str:
    """The text offsets count in: the lead, a blank line, the body (as the page shows them)."""
    return f"{lead or ''}\n\n{body or ''}"


def mention_rows(article: Mapping, actors: Actors) -> list[dict]:
    """One row per actor the article names (``article``: an ``articles`` row)."""
    found: dict[str, dict] = {}
    title = article.get("title") or ""
    for match in actors.find(title):
        row = found.setdefault(match.actor_id, _row(article["id"], match.actor_id))
        row["count"] += 1
        row["in_title"] = 1
    text = reading_text(article.get("lead"), article.get("body"))
    for match in actors.find(text):
        row = found.setdefault(match.actor_id, _row(article["id"], match.actor_id))
        row["count"] += 1
        if row["first_offset"] is None:
            row["first_offset"] = match.start
            row["snippet"] = sentence_at(text, match.start)
    for row in found.values():
        if row["snippet"] is None:
            row["snippet"] = title[:SNIPPET_MAX]
    return sorted(found.values(), key=lambda r: r["actor_id"])


def _row(article_id: int, actor_id: str) -> dict:
    return {"article_id": article_id, "actor_id": actor_id, "count": 0, "in_title": 0,
            "first_offset": None, "snippet": None}


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` holding ``offset``, trimmed, at most SNIPPET_MAX characters."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, offset):
        start = m.end()
    end_match = _SENTENCE_END.search(text, offset)
    end = end_match.end() if end_match else len(text)
    sentence = text[start:end].strip()
    if len(sentence) <= SNIPPET_MAX:
        return sentence
    # A long sentence: a window around the name, cut at spaces.
    local = offset - start - (len(text[start:end]) - len(text[start:end].lstrip()))
    left = max(0, local - SNIPPET_MAX // 2)
    return ("…" if left else "") + sentence[left:left + SNIPPET_MAX].strip() + "…"
