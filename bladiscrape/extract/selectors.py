"""CSS selectors: translated to XPath once per process, prefiltered per page.

Every selector evaluation costs a scan of (part of) the tree in libxml2. Most
era selectors cannot match a given page (another template), so each
selector's plain needs (class substrings, ids, some tag and attribute names)
are first checked against ``Features`` gathered once per page. The XPath
itself is cssselect's translation, made cheaper for libxml2 without changing
which elements it selects (see ``_Translator`` and ``_to_xpath``).
"""

from __future__ import annotations

import re
from functools import cache

from cssselect import HTMLTranslator
from cssselect.xpath import is_non_whitespace
from lxml import etree

#: Tags a page is checked for once (``scan``): selectors naming one need it.
FEATURE_TAGS = ("article", "main", "time", "abbr", "figure")


class _Translator(HTMLTranslator):
    """cssselect's translation without its ``@class and ...`` existence tests:
    ``contains()`` on a missing attribute (an empty string) is false anyway for
    the non-empty values these branches get, and libxml2 builds a node-set for
    each test (a third of the cost of ``div.a.b``)."""

    def xpath_attrib_includes(self, xpath, name, value):
        if value and is_non_whitespace(value):
            xpath.add_condition(
                f"contains({name}, {self.xpath_literal(value)}) "
                f"and contains(concat(' ', normalize-space({name}), ' '), {self.xpath_literal(' ' + value + ' ')})"
            )
            return xpath
        return super().xpath_attrib_includes(xpath, name, value)

    def xpath_attrib_substringmatch(self, xpath, name, value):
        if value:
            xpath.add_condition(f"contains({name}, {self.xpath_literal(value)})")
            return xpath
        return super().xpath_attrib_substringmatch(xpath, name, value)


class _AncestorTranslator(_Translator):
    """Combinators as ancestor tests on the last element: ``A B`` -> ``B[ancestor::A]``.

    The same elements when evaluated at the root element (every element is
    in its subtree). Much cheaper for titles: a page has one or two ``<h1>``,
    and testing their ancestors beats testing every element's class.
    """

    def xpath_descendant_combinator(self, left, right):
        return right.add_condition(f"ancestor::{left}")

    def xpath_child_combinator(self, left, right):
        return right.add_condition(f"parent::{left}")


_TRANSLATOR, _ANCESTOR_TRANSLATOR = _Translator(), _AncestorTranslator()

# A step whose only tests are on the class (``div.a.b``, ``[class*=x]``)
# reads the class attributes (attribute axis) rather than testing a predicate
# on every element: ~30% faster in libxml2, twice for ``*`` steps.
_CLASS_TEST = r"contains\(@class, '[\w-]+'\)|contains\(concat\(' ', normalize-space\(@class\), ' '\), ' [\w-]+ '\)"
_CLASS_ONLY_STEP = re.compile(rf"(?<=[:/])([\w*]+)\[((?:[()]|\s+and\s+|{_CLASS_TEST})+)\](?=/|$)")


def _class_step(m: re.Match) -> str:
    return f"{m[1]}/@class[{m[2].replace('@class', '.')}]/parent::*"


def _to_xpath(translator: HTMLTranslator, css: str) -> etree.XPath:
    # Relative to the context node, which may match too (descendant-or-self).
    path = translator.css_to_xpath(css, prefix="descendant-or-self::")
    return etree.XPath(_CLASS_ONLY_STEP.sub(_class_step, path))


# Attribute tests, each a whole-tree scan on first use: microdata selectors
# are costly ([itemprop=x] tests every element) and rare; nearly every page
# has some rel (head links), so for rel the value is tested ("tag" is rare);
# datetime only comes with <time>, already a feature tag.
_ATTRIBUTE_NEEDS = re.compile(r"\[(itemprop)\b|\[(rel)[~*]?=([\w-]+)\]")


@cache
def _attribute_test(name: str, value: str | None) -> etree.XPath:
    # (at the root element: every element is a descendant-or-self)
    if value is None:
        return etree.XPath(f"boolean(descendant-or-self::*/@{name})")
    return etree.XPath(f"boolean(descendant-or-self::*/@{name}[contains(., '{value}')])")


class Selector:
    """A CSS selector's XPaths and plain needs."""

    __slots__ = ("xpath", "root_xpath", "classes", "ids", "attrs", "tags")

    def __init__(self, css: str) -> None:
        self.xpath = _to_xpath(_TRANSLATOR, css)
        # At the root: headings (titles) are few, test their ancestors.
        self.root_xpath = _to_xpath(_ANCESTOR_TRANSLATOR, css) if re.search(r"[\s>]h[1-6]$", css) else self.xpath
        self.classes = re.findall(r"\.([\w-]+)", css) + re.findall(r"\[class\*=([\w-]+)\]", css)
        self.ids = re.findall(r"#([\w-]+)", css)
        # (name, value or None): an attribute, or one containing the value
        self.attrs = [(m[0], None) if m[0] else (m[1], m[2]) for m in _ATTRIBUTE_NEEDS.findall(css)]
        self.tags = [t for t in re.findall(r"(?:^|[\s>])([a-z][a-z0-9]*)", css) if t in FEATURE_TAGS]


@cache
def compiled(css: str) -> Selector:
    return Selector(css)


class Features:
    """What a page contains (class and id values joined, ``FEATURE_TAGS`` present),
    for ``select``'s prefilter; attribute tests are made on first use."""

    def __init__(self, root, classes: str, ids: str, tags: set) -> None:
        self.root, self.classes, self.ids, self.tags = root, classes, ids, tags
        self._attrs: dict[tuple, bool] = {}
        self._possible: dict[str, bool] = {}

    def select(self, css: str, context) -> list:
        """Elements matching ``css`` in ``context``'s subtree (itself included)."""
        possible = self._possible.get(css)
        if possible is None:
            possible = self._possible[css] = self._check(compiled(css))
        if not possible:
            return []
        selector = compiled(css)
        return (selector.root_xpath if context is self.root else selector.xpath)(context)

    def _check(self, selector: Selector) -> bool:
        # plain loops: a page checks some twenty selectors, generators cost more than the tests
        for name in selector.classes:
            if name not in self.classes:
                return False
        for name in selector.ids:
            if name not in self.ids:
                return False
        for name in selector.tags:
            if name not in self.tags:
                return False
        for need in selector.attrs:
            if not self._has_attribute(need):
                return False
        return True

    def _has_attribute(self, need: tuple) -> bool:
        known = self._attrs.get(need)
        if known is None:
            known = self._attrs[need] = _attribute_test(*need)(self.root)
        return known
