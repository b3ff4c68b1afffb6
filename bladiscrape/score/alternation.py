"""One regex for many names, the longest name found first, written as a trie of their characters.

A plain alternation of names sorted longest first (``a b c|a b|x``) gives the
longest name that matches at a position, but Python's ``re`` tries every
alternative at every word start: with a hundred aliases that was most of the
cost of the topic score and of the actor mentions. Written as a trie
(``a(?: b(?: c|)|...)``), it tries one branch per character. Its answer is the
same: names here are word characters and single spaces, so at most one branch
of a node can match the next character, and a node tries its branches before
ending there, so the first match found is the deepest, i.e. the longest name
(``tests/unit/test_alternation.py`` compares both on real and generated texts).
"""

from __future__ import annotations

import re
from collections.abc import Mapping


def trie_pattern(names: Mapping[str, str], space: str = " ") -> str:
    """The alternation of ``names`` (name -> what must follow it, e.g. ``(?!\\w)`` or ``""``), longest first.

    ``space`` is what a space of a name matches (``" +"``: any run of spaces).
    Names are word characters and single spaces (``match_key``, ``normalise``).
    """
    root: dict = {}
    for name, end in names.items():
        node = root
        for char in name:
            node = node.setdefault(char, {})
        node[None] = end
    return _emit(root, space) if root else "(?!)"


def _emit(node: dict, space: str) -> str:
    branches = [(space if char == " " else re.escape(char)) + _emit(child, space)
                for char, child in sorted((c, n) for c, n in node.items() if c is not None)]
    if None in node:  # ending here is tried last: every longer name first
        branches.append(node[None])
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
