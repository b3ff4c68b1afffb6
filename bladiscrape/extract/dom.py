"""Parsing and the per-page context shared by the layers.

The document is parsed once with lxml; CSS selectors are translated to XPath
once per process (``css``). ``Page`` holds the tree, the URLs, and the set of
"chrome" subtrees (navigation, sidebars, share buttons, ads, replica notes)
that are never article text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from cssselect import HTMLTranslator
from lxml import etree

from .. import urls

_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True
)
_TRANSLATOR = HTMLTranslator()


def parse(text: str):
    """The root element of ``text``, or None for an empty/unparseable document."""
    data = text.encode("utf-8", "replace")
    if not data.strip():
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


@lru_cache(maxsize=None)
def css(selector: str) -> etree.XPath:
    """A compiled XPath for a CSS selector, evaluated relative to the context node."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector, prefix="descendant-or-self::"))


# --- selector prefilter -----------------------------------------------------------
# Every CSS selector costs a scan of the whole tree. Most era selectors cannot
# match a given page (another template), so each selector's plain needs (class
# substrings, ids, attribute names, a few tag names) are checked first against
# features gathered once per page.

_FEATURE_TAGS = ("article", "main", "time", "abbr", "figure")


@lru_cache(maxsize=None)
def _needs(selector: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    classes = re.findall(r"\.([\w-]+)", selector) + re.findall(r"\[class\*=([\w-]+)\]", selector)
    ids = re.findall(r"#([\w-]+)", selector)
    attrs = [a for a in re.findall(r"\[(\w+)", selector) if a in ("itemprop", "rel", "datetime")]
    tags = [t for t in re.findall(r"(?:^|[\s>])([a-z][a-z0-9]*)", selector) if t in _FEATURE_TAGS]
    return tuple(classes), tuple(ids), tuple(attrs), tuple(tags)


class Features:
    """What a page contains, for ``possible(selector)``; tag/attribute tests are lazy."""

    def __init__(self, root, classes: str, ids: str) -> None:
        self.root, self.classes, self.ids = root, classes, ids
        self._has: dict[str, bool] = {}
        self._possible: dict[str, bool] = {}

    def _present(self, kind: str, name: str) -> bool:
        key = f"{kind}:{name}"
        if key not in self._has:
            if kind == "tag":
                self._has[key] = next(self.root.iter(name), None) is not None
            else:
                self._has[key] = bool(self.root.xpath(f"boolean(//@{name})"))
        return self._has[key]

    def possible(self, selector: str) -> bool:
        known = self._possible.get(selector)
        if known is None:
            known = self._possible[selector] = self._check(selector)
        return known

    def _check(self, selector: str) -> bool:
        classes, ids, attrs, tags = _needs(selector)
        return (
            all(c in self.classes for c in classes)
            and all(i in self.ids for i in ids)
            and all(self._present("tag", t) for t in tags)
            and all(self._present("attr", a) for a in attrs)
        )


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

# Class/id tokens of site furniture, matched between token edges or '-'/'_'
# so that "info-publi" or "public" never match "pub".
_CHROME_TOKEN_RE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|partage[rs]?|social|sociaux|addthis|sharethis|pub|pubs|publicite"
    r"|ads?|advert\w*|adsense|adsbygoogle|banner|banniere|dfp|sponsor\w*|replica\w*|newsletter"
    r"|comments?|commentaires?|forum|sidebar|widget|menu|breadcrumbs?|ariane|footer|nav|navbar"
    r"|navigation|related|similar|popular|populaires?|plus-?lus|cookies?|modal|popup|login"
    r"|lire-?aussi|a-lire|voir-?aussi|spip_documents?|spip_doc_\w+)(?=$|[\s_-])"
    # the site's header, as a whole token only: "post-header" holds an article's title and date
    r"|(?:^|\s)(?:header|site-?header|masthead|top-?bar)(?=$|\s)"
)
_CHROME_TAGS = frozenset(("nav", "footer", "aside", "form", "header"))
# A "chrome" subtree holding a title-like <h1> (a site logo's h1 is short) or
# the title and several paragraphs is a misnamed wrapper of the article: keep it.
_MAIN_LIKE = etree.XPath("boolean(.//h1[string-length(normalize-space()) >= 15]) or (boolean(.//h1) and count(.//p) >= 3)")


_BODY_TEXTS = etree.XPath("//body//text()")
# "/a,1.html", "a,1.html", "mot/x.html": no scheme, query, fragment, "//" or dot-segments.
_PLAIN_HREF_RE = re.compile(r"^(?!//)(?!(?:.*/)?\.\.?(?:/|$))[^\s?#:\\]+$")


def _inside_article(el) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("article", "main"):
            return True
    return False


_CLASS_ID_ATTRS = etree.XPath("//body//@class | //body//@id")


def scan(root) -> tuple[Features, set]:
    """Selector features and chrome roots: one XPath over class/id attributes."""
    classes, ids, candidates = [], [], list(root.iter(*_CHROME_TAGS))
    verdicts: dict[str, bool] = {}  # class values repeat a lot (one per teaser...)
    for attr in _CLASS_ID_ATTRS(root):
        (classes if attr.attrname == "class" else ids).append(attr)
        chrome_like = verdicts.get(attr)
        if chrome_like is None:
            chrome_like = verdicts[attr] = bool(_CHROME_TOKEN_RE.search(attr.lower()))
        if chrome_like:
            candidates.append(attr.getparent())
    chrome = set()
    for el in candidates:
        if el in chrome or el.tag in ("body", "html"):
            continue
        # An article's own <header> (title, date) is not the site's.
        if el.tag == "header" and _inside_article(el):
            continue
        if not _MAIN_LIKE(el):
            chrome.add(el)
    return Features(root, " ".join(classes), " ".join(ids)), chrome


class Page:
    """One parsed page and its URL context."""

    def __init__(self, root, url: str, site: str | None, html: str = "") -> None:
        self.root = root
        self.url = url
        # The crawled origin counts as Bladi.net; a page fetched from an unknown
        # origin is taken to be a replica of it.
        self.site = site or urls.origin(url)
        base = root.xpath("string(//head/base/@href)")
        self.base = urljoin(url, base.strip()) if base.strip() else url
        self.body = root.find("body")
        if self.body is None:
            self.body = root
        self.features, self.chrome = scan(root)
        self.self_url: str | None = None  # the page's canonical URL, set by the extractor
        self._absolute: dict[str, str | None] = {}
        self._texts: list | None = None
        base_parts = urlsplit(self.base)
        self._base_dir = (
            urls.CANONICAL_ORIGIN + (base_parts.path or "/").rsplit("/", 1)[0] + "/"
            if urls.is_bladi(self.base, self.site)
            else None
        )

    def texts_matching(self, regex: re.Pattern) -> list:
        """Body text nodes where ``regex`` matches their lowercased text.

        Results are lxml smart strings (``.getparent()``, ``.is_tail``). One
        regex pass over the joined, lowercased text is far cheaper than an
        XPath predicate per node (libxml2's translate() is slow on non-ASCII).
        """
        if self._texts is None:
            self._texts = _BODY_TEXTS(self.root)
            self._joined = "\x00".join(self._texts).lower()  # lxml text never contains NUL
        hits, index, pos = [], 0, 0
        for m in regex.finditer(self._joined):
            # node index = separators before the match (counted incrementally, in C)
            index += self._joined.count("\x00", pos, m.start())
            pos = m.start()
            if not hits or hits[-1] is not self._texts[index]:
                hits.append(self._texts[index])
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
        if not href or href.startswith("#") or re.match(r"(?i)(javascript|mailto|tel|data|sms|whatsapp):", href):
            return None
        canonical = urls.canonical_url(href, base=self.base, site=self.site)
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
