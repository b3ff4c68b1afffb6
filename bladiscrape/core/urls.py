"""URL rules: canonical Bladi.net URLs, article ids, and the crawl origin.

The archive always stores ``https://www.bladi.net/<path>``, whatever origin was
crawled (the live site or a replica given with ``--site``), so rows from the
replica and from the live site are comparable.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

CANONICAL_ORIGIN = "https://www.bladi.net"
BLADI_HOSTS = frozenset({"www.bladi.net", "bladi.net"})

# Query parameters that only track the visitor; they never change the page.
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
_TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "xtor", "xtref", "ref", "_ga", "mc_cid", "mc_eid", "amp"}
)

_ARTICLE_ID_RE = re.compile(r",(\d+)\.html$")
_SPIP_ARTICLE_RE = re.compile(r"^article(\d+)$")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_bladi(url: str, site: str | None = None) -> bool:
    """True for links to Bladi.net (any scheme, with or without www) or to ``site``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    if host in BLADI_HOSTS:
        return True
    return site is not None and site != "" and origin(url) == origin(site)


def _clean_query(query: str) -> str:
    kept = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    # SPIP's `spip.php?article44096` has a key without value: keep it bare.
    return "&".join(urlencode([(k, v)], safe=",") if v else quote(k, safe=",") for k, v in kept)


def canonical_url(url: str, base: str | None = None, site: str | None = None) -> str | None:
    """The canonical ``https://www.bladi.net/...`` form of a Bladi.net URL.

    ``base`` resolves relative links; ``site`` is the crawled origin, whose URLs
    count as Bladi.net's. Returns None for links to any other host.
    """
    absolute = urljoin(base, url.strip()) if base else url.strip()
    if not is_bladi(absolute, site):
        return None
    parts = urlsplit(absolute)
    path = parts.path or "/"
    return urlunsplit(("https", "www.bladi.net", path, _clean_query(parts.query), ""))


def clean_url(url: str, base: str | None = None) -> str:
    """An absolute URL without fragment; used for links to other hosts."""
    absolute = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(absolute)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def to_site(canonical: str, site: str) -> str:
    """The URL to fetch for a canonical Bladi.net URL when crawling ``site``."""
    parts = urlsplit(canonical)
    base = urlsplit(site.rstrip("/"))
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


def article_id(url: str) -> int | None:
    """Bladi's numeric article id: ``slug,44096.html`` or ``spip.php?article44096``."""
    parts = urlsplit(url)
    match = _ARTICLE_ID_RE.search(parts.path)
    if match:
        return int(match.group(1))
    if parts.path.endswith("spip.php"):
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            m = _SPIP_ARTICLE_RE.match(key) or (key == "id_article" and re.match(r"^(\d+)$", value))
            if m:
                return int(m.group(1))
    return None


def slug(url: str) -> str | None:
    """The slug part of ``/<slug>,<id>.html`` (or ``/<slug>.html``)."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    if not name.endswith(".html"):
        return None
    name = name[: -len(".html")]
    return name.split(",", 1)[0] or None


def looks_like_article(url: str) -> bool:
    """URL shape of an article page (``slug,ID.html`` or ``spip.php?articleN``).

    Only a hint: rubric pages such as ``rabat,333.html`` share the shape, so the
    page itself decides (see ``extract``).
    """
    return article_id(url) is not None
