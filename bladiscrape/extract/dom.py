"""Parsing and the per-page context shared by the layers.

The document is parsed once with lxml. ``Page`` holds the tree, the URLs, the
selector prefilter (``selectors.Features``) and the set of "chrome" subtrees
(navigation, sidebars, share buttons, ads, replica notes) that are never
article text; both come from one ``scan`` of the class and id attributes.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from bladiscrape.core import furniture, urls
from bladiscrape.extract.selectors import FEATURE_TAGS, Features

_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True, collect_ids=False
)


def parse(text: str, data: bytes | None = None):
    """The root element of ``text`` (``data``: its UTF-8, when at hand), or None
    for an empty/unparseable document."""
    if data is None:
        data = text.encode("utf-8", "replace")
    if not data.strip():
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def in_set(el, roots) -> bool:
    """True when ``el`` or one of its ancestors is in ``roots``."""
    if not roots:
        return False
    while el is not None:
        if el in roots:
            return True
        el = el.getparent()
    return False


# --- chrome -----------------------------------------------------------------

# Class/id words and tags of site furniture: core.furniture (CHROME_WORDS, CHROME_TAGS).
_CHROME_TAGS = furniture.CHROME_TAGS
# A "chrome" subtree holding a title-like <h1> (a site logo's h1 is short) or
# the title and several paragraphs is a misnamed wrapper of the article: keep it.
_MAIN_LIKE = etree.XPath(
    "boolean(.//h1[string-length(normalize-space()) >= 15]) or (boolean(.//h1) and count(.//p) >= 3)"
)
# A subtree holding several long paragraphs with no link in them holds prose:
# an article's text, whatever its class says (Elementor's
# "elementor-widget-theme-post-content", layout wrappers such as
# "l-sidebar-fixed", "hidden-contents-menu"). Menus, share bars, teaser
# lists and "most read" boxes hold links or short lines, not this.
_PROSE = etree.XPath(
    "count(.//p[string-length(normalize-space()) >= $least][not(.//a)][not(ancestor::a)]) >= $count",
)
#: What ``_PROSE`` asks for: this many paragraphs of at least this many characters.
PROSE_PARAGRAPHS, PROSE_LENGTH = 3, 120
#: Chrome by its tag whatever it holds: navigation and footers.
_ALWAYS_CHROME_TAGS = frozenset(("nav", "footer"))
_CLASS_ATTRS = etree.XPath("//body//@class")
_ID_ATTRS = etree.XPath("//body//@id")

# Class or id value -> has a chrome token. A site's pages share their values
# (templates), so verdicts are kept across pages (bounded).
_CHROME_VALUES: dict[str, bool] = {}
MAX_CHROME_VALUES = 20_000


def _chrome_like(values: list) -> list:
    """Elements holding one of the attribute ``values`` (lxml smart strings) with a chrome token."""
    verdicts = _CHROME_VALUES
    if len(verdicts) > MAX_CHROME_VALUES:
        verdicts.clear()
    found = set()
    for value in dict.fromkeys(values):  # values repeat within a page too (teasers, menu items)
        verdict = verdicts.get(value)
        if verdict is None:
            # a plain copy as the key: a smart string would keep its whole tree alive
            verdict = verdicts[str(value)] = furniture.is_chrome_name(value)
        if verdict:
            found.add(value)
    return [value.getparent() for value in values if value in found] if found else []


def _inside_article(el) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("article", "main"):
            return True
    return False


def _covered(el, chrome: set, covered: set) -> bool:
    """``el`` lies in a chrome subtree; ``covered`` remembers the elements on
    the way up (menu items share their list), chrome only grows."""
    path: list[etree._Element] = []
    while el is not None:
        if el in chrome or el in covered:
            covered.update(path)
            return True
        path.append(el)
        el = el.getparent()
    return False


def _holds_prose(el) -> bool:
    """A misnamed container of the article's text (judged by content, see ``_PROSE``)."""
    return el.tag not in _ALWAYS_CHROME_TAGS and bool(_PROSE(el, least=PROSE_LENGTH, count=PROSE_PARAGRAPHS))


def scan(root) -> tuple[Features, set]:
    """Selector features and chrome roots: one XPath over class attributes, one over ids.

    A chrome subtree inside another may be left out of the set: every use
    tests an element's ancestors too (``in_set``) or walks from outside.
    """
    classes, ids = _CLASS_ATTRS(root), _ID_ATTRS(root)
    tags, candidates = set(), []
    for el in root.iter(*_CHROME_TAGS, *FEATURE_TAGS):  # one pass for both
        if el.tag in _CHROME_TAGS:
            candidates.append(el)
        else:
            tags.add(el.tag)
    candidates += _chrome_like(classes) + _chrome_like(ids)
    chrome: set = set()
    covered: set = set()
    for el in candidates:
        # Inside a chrome subtree already (nav > ul.menu > li...): skip the XPath.
        if el.tag in ("body", "html") or _covered(el, chrome, covered):
            continue
        # An article's own <header> (title, date) is not the site's.
        if el.tag == "header" and _inside_article(el):
            continue
        if _holds_prose(el):
            continue
        # (no <h1> inside: not main-like, known without the XPath)
        if next(el.iterdescendants("h1"), None) is None or not _MAIN_LIKE(el):
            chrome.add(el)
    return Features(root, " ".join(classes), " ".join(ids), tags), chrome


# --- text nodes ---------------------------------------------------------------

_BODY_TEXTS = etree.XPath("//body//text()")


def _nodes_matching(texts: list, joined: str, regex: re.Pattern, literals: tuple) -> list:
    """``texts`` whose part of ``joined`` (NUL-separated) holds a literal and a ``regex`` match."""
    spans: dict[int, int] = {}  # start -> end of the nodes holding a literal
    for literal in literals:
        k = joined.find(literal)
        while k != -1:
            start = joined.rfind("\x00", 0, k) + 1
            end = joined.find("\x00", k)
            end = len(joined) if end == -1 else end
            spans[start] = end
            k = joined.find(literal, end)
    # (a match never spans a NUL: searching a node's span alone finds the same)
    return [
        texts[joined.count("\x00", 0, start)]
        for start, end in sorted(spans.items()) if regex.search(joined, start, end)
    ]


# --- URLs ---------------------------------------------------------------------

_NOT_WEB_RE = re.compile(r"(?i)(javascript|mailto|tel|data|sms|whatsapp):")
# "/a,1.html", "a,1.html", "mot/x.html": no scheme, query, fragment, "//" or dot-segments.
_PLAIN_HREF_RE = re.compile(r"^(?!//)(?!(?:.*/)?\.\.?(?:/|$))[^\s?#:\\]+$")
# "https://www.bladi.net/a,1.html#x": canonical_url keeps such a path, sets the
# canonical origin and drops the fragment (no query, params, whitespace or controls).
_BLADI_ABSOLUTE_RE = re.compile(
    r"(?i:https?://(?:www\.)?bladi\.net)(/[^\s?#;\\\x00-\x1f\x7f]*)(?:#[^\s\x00-\x1f\x7f]*)?"
)


def canonical_url(url: str, base: str | None = None, site: str | None = None) -> str | None:
    """``urls.canonical_url``, without URL parsing for absolute Bladi.net URLs (most links)."""
    m = _BLADI_ABSOLUTE_RE.fullmatch(url)
    if m:
        return urls.CANONICAL_ORIGIN + m.group(1)
    return urls.canonical_url(url, base=base, site=site)


def _base_href(root) -> str:
    """``string(//head/base/@href)``, without an XPath scan of the whole tree."""
    for base in root.iter("base"):
        href = base.get("href")
        parent = base.getparent()
        if href is not None and parent is not None and parent.tag == "head":
            return href
    return ""


class Page:
    """One parsed page and its URL context."""

    def __init__(self, root, url: str, site: str | None, html: str = "") -> None:
        self.root = root
        self.url = url
        # The crawled origin counts as Bladi.net; a page fetched from an unknown
        # origin is taken to be a replica of it.
        self.site = site or urls.origin(url)
        base = _base_href(root)
        self.base = urljoin(url, base.strip()) if base.strip() else url
        self.body = root.find("body")
        if self.body is None:
            self.body = root
        self.features, self.chrome = scan(root)
        self.self_url: str | None = None  # the page's canonical URL, set by the extractor
        self._absolute: dict[str, str | None] = {}
        self._texts: list | None = None
        self._joined: dict[int | None, tuple[list, str]] = {}
        base_parts = urlsplit(self.base)
        self._base_dir = (
            urls.CANONICAL_ORIGIN + (base_parts.path or "/").rsplit("/", 1)[0] + "/"
            if urls.is_bladi(self.base, self.site)
            else None
        )

    def select(self, css: str, context=None) -> list:
        """Elements matching the CSS selector in ``context`` (default: the whole page)."""
        return self.features.select(css, self.root if context is None else context)

    def texts_matching(self, regex: re.Pattern, max_len: int | None = None, literals: tuple = ()) -> list:
        """Body text nodes (at most ``max_len`` long) where ``regex`` matches their lowercased text.

        Results are lxml smart strings (``.getparent()``, ``.is_tail``). One
        regex pass over the joined, lowercased text is far cheaper than an
        XPath predicate per node (libxml2's translate() is slow on non-ASCII);
        leaving out the long nodes (paragraphs) when only short ones can do
        shortens that pass. ``literals``: substrings one of which every match
        contains; then only the nodes holding one are searched (``str.find``
        skips text much faster than a regex tried at every position).
        """
        if max_len not in self._joined:
            if self._texts is None:
                self._texts = _BODY_TEXTS(self.root)
            texts = self._texts if max_len is None else [t for t in self._texts if len(t) <= max_len]
            self._joined[max_len] = texts, "\x00".join(texts).lower()  # lxml text never contains NUL
        texts, joined = self._joined[max_len]
        if literals:
            return _nodes_matching(texts, joined, regex, literals)
        hits: list[etree._ElementUnicodeResult] = []
        index, pos = 0, 0
        for m in regex.finditer(joined):
            # node index = separators before the match (counted incrementally, in C)
            index += joined.count("\x00", pos, m.start())
            pos = m.start()
            if not hits or hits[-1] is not texts[index]:
                hits.append(texts[index])
        return hits

    def absolute(self, href: str | None) -> str | None:
        """Resolve a link: canonical for Bladi.net (or the crawled site), cleaned otherwise."""
        if not href:
            return None
        if href not in self._absolute:
            self._absolute[href] = self._resolve(href)
        return self._absolute[href]

    def _resolve(self, href: str) -> str | None:
        fast = self._fast_canonical(href)
        if fast:
            return fast
        href = href.strip()
        if not href or href.startswith("#") or _NOT_WEB_RE.match(href):
            return None
        canonical = canonical_url(href, base=self.base, site=self.site)
        if canonical:
            return canonical
        cleaned = urls.clean_url(href, base=self.base)
        return cleaned if cleaned.startswith(("http://", "https://")) else None

    def _fast_canonical(self, href: str) -> str | None:
        """``urls.canonical_url`` for the common plain links, without urljoin.

        Only for paths with no query, fragment, scheme or dot-segment, on a
        Bladi.net (or crawled-site) page: then joining is string concatenation.
        """
        if self._base_dir is None or not _PLAIN_HREF_RE.match(href):
            return None
        if href.startswith("/"):
            return urls.CANONICAL_ORIGIN + href
        return self._base_dir + href

    def in_chrome(self, el) -> bool:
        return in_set(el, self.chrome)
