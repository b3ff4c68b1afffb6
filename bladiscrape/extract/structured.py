"""Layer 1: structured metadata (JSON-LD, OpenGraph / ``article:*`` / other ``<meta>``, canonical link).

Each reader returns a plain dict of field candidates; ``__init__`` merges
layers. Must run before ``<script>`` elements are stripped from the tree.
"""

from __future__ import annotations

import html as htmllib
import json
import re

from lxml import etree

from bladiscrape.core.dates import parse_instant
from bladiscrape.extract.text import norm

ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "NewsArticle Article ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle "
        "BackgroundNewsArticle ReviewNewsArticle BlogPosting Report"
    ).split()
)



def head_elements(root) -> dict[str, list]:
    """``<meta>``, ``<link>``, ``<title>`` and JSON-LD ``<script>`` elements, in one pass."""
    found: dict[str, list] = {"meta": [], "link": [], "title": [], "script": []}
    for el in root.iter("meta", "link", "title", "script"):
        if el.tag != "script" or "ld+json" in (el.get("type") or "").lower():
            found[el.tag].append(el)
    return found

# " - Bladi.net", " | Bladi.net", "Bladi.net : " around <title>/og:title values.
_SITE_SUFFIX_RE = re.compile(r"\s*[-|–—:]\s*(?:www\.)?bladi(?:\.net)?\s*$", re.I)
_SITE_PREFIX_RE = re.compile(r"^\s*(?:www\.)?bladi(?:\.net)?\s*[-|–—:]\s*", re.I)
_TRAILING_COMMA_RE = re.compile(r",\s*([}\]])")


def strip_site_name(title: str) -> str:
    # The regexes (re.I) run only when the title ends/starts with the name:
    # an ASCII end is compared lowercased, any other goes to the regex.
    end = title.rstrip()[-9:]
    if not end.isascii() or end.lower().endswith(("bladi", "bladi.net")):
        title = _SITE_SUFFIX_RE.sub("", title)
    start = title.lstrip()[:9]
    if not start.isascii() or start.lower().startswith(("bladi", "www.bladi")):
        title = _SITE_PREFIX_RE.sub("", title)
    return norm(title)


def _unescape(value) -> str:
    return norm(htmllib.unescape(value)) if isinstance(value, str) else ""


# --- JSON-LD -------------------------------------------------------------------


def _load_json(text: str):
    text = text.strip()
    text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?://\s*\]\]>|-->)\s*$", "", text)
    for attempt in (text, _TRAILING_COMMA_RE.sub(r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):  # (hostile nesting: "[[[[...")
            continue
    return None


def _types(obj: dict) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values if v}


def _objects(data):
    """Top-level objects, ``@graph`` members and ``mainEntity`` of JSON-LD data."""
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _objects(data[key])


def jsonld_articles(scripts) -> list[dict]:
    found: list[dict] = []
    for script in scripts:
        data = _load_json(script.text or "")
        if data is not None:
            try:
                objects = list(_objects(data))
            except RecursionError:  # @graph in @graph... deeper than any real page
                continue
            found.extend(_resolved(o, objects) for o in objects if _types(o) & ARTICLE_TYPES)
    return found


def _resolved(article: dict, objects: list) -> dict:
    """The article with its ``author`` references (``{"@id": ...}``, as Yoast's
    ``@graph`` writes them) replaced by the objects they name."""
    author = article.get("author")
    refs = author if isinstance(author, list) else [author]
    if not any(isinstance(r, dict) and "name" not in r and "@id" in r for r in refs):
        return article
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    named = [by_id.get(r["@id"], r) if isinstance(r, dict) and "name" not in r else r for r in refs]
    return {**article, "author": named}


def _names(value) -> list[str]:
    """Names from a string, an object with ``name``, or a list of either."""
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        value = value.get("name")
    text = _unescape(value)
    return [text] if text and not text.startswith(("http://", "https://")) else []


def _image(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return _unescape(value) or None


def _keywords(value) -> list[str]:
    if isinstance(value, str):
        return [k for k in (_unescape(k) for k in value.split(",")) if k]
    if isinstance(value, list):
        names = (item if isinstance(item, str) else item.get("name", "") if isinstance(item, dict) else ""
                 for item in value)
        return [k for name in names for k in _keywords(name)]
    return []


def _body_paragraphs(value) -> list[str]:
    if not isinstance(value, str):
        return []
    value = htmllib.unescape(value)
    if "<" in value:  # some sites put HTML in articleBody
        value = re.sub(r"(?i)</p\s*>|<br\s*/?>", "\n", value)
        value = re.sub(r"<[^>]+>", "", value)
    return [p for p in (norm(line) for line in value.split("\n")) if p]


def jsonld_fields(obj: dict) -> dict:
    fields: dict = {}
    title = _unescape(obj.get("headline") or obj.get("name"))
    if title:
        fields["title"] = title
    published = obj.get("datePublished")
    iso = parse_instant(published) if isinstance(published, str) else None
    if iso:
        fields["published"] = (iso, norm(published))
    section = obj.get("articleSection")
    if isinstance(section, list):
        section = section[0] if section else None
    if _unescape(section):
        fields["section"] = _unescape(section)
    authors = _names(obj.get("author"))
    if authors:
        fields["author"] = ", ".join(dict.fromkeys(authors))
    tags = _keywords(obj.get("keywords"))
    if tags:
        fields["tags"] = tags
    image = _image(obj.get("image") or obj.get("thumbnailUrl"))
    if image:
        fields["image"] = image
    body = _body_paragraphs(obj.get("articleBody"))
    if body:
        fields["body"] = body
    description = _unescape(obj.get("description"))
    if description:
        fields["description"] = description
    return fields


# --- <meta> and <link> -----------------------------------------------------------

_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "date",
    "dc.date", "dcterms.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
    "pubdate", "publish-date", "publishdate", "publication_date",
)  # fmt: skip
_IMAGE_KEYS = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src")


def read_meta(elements) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for el in elements:
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), []).append(content.strip())
    return meta


def _first(meta: dict, keys) -> str | None:
    for key in keys:
        for value in meta.get(key, ()):
            value = norm(value)
            if value:
                return value
    return None


def meta_fields(head: dict[str, list]) -> dict:
    """Field candidates from ``<meta>`` and ``<link>`` (the ``meta`` layer)."""
    meta = read_meta(head["meta"])
    fields: dict = {"og_type": (_first(meta, ("og:type",)) or "").lower()}
    title = _first(meta, ("og:title", "twitter:title"))
    title = strip_site_name(title) if title else None
    if title:
        fields["title"] = title
    description = _first(meta, ("og:description", "twitter:description", "description"))
    if description:
        fields["description"] = description
    image = _first(meta, _IMAGE_KEYS)
    for key in _PUBLISHED_KEYS:
        if key not in meta:
            continue
        raw = _first(meta, (key,))
        iso = parse_instant(raw) if raw else None
        if iso:
            fields["published"] = (iso, raw)
            fields["article_meta"] = key.startswith(("article:", "og:article"))
            break
    section = _first(meta, ("article:section",))
    if section:
        fields["section"] = section
    author = [a for a in meta.get("article:author", []) + meta.get("dc.creator", []) if not a.startswith("http")]
    if author and norm(author[0]):
        fields["author"] = norm(author[0])
    tags = [norm(t) for t in meta.get("article:tag", []) if norm(t)]
    if tags:
        fields["tags"] = tags
    for link in head["link"]:
        if not link.get("href"):
            continue
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and "canonical" not in fields:
            fields["canonical"] = link.get("href").strip()
        elif "image_src" in rel and not image:
            image = link.get("href").strip()
    if image:
        fields["image"] = image
    refresh = _first(meta, ("refresh",))
    if refresh and "url=" in refresh.lower():
        fields["refresh"] = refresh[refresh.lower().index("url=") + 4 :].strip(" '\"")
    title_tag = etree.tostring(head["title"][0], method="text", encoding=str, with_tail=False) if head["title"] else ""
    fields["title_tag"] = strip_site_name(title_tag)
    return fields
