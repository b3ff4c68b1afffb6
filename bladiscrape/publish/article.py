"""What an article's page shows beside its row: tags, actors, milestones, links both ways, capture.

``plugin.extra_template_vars`` calls ``article_page`` for ``/<db>/articles/<id>``
and ``templates/row.html`` renders it as an article (``_bladi_article.html``).
The actors and milestones come from the research tables (``mentions``,
``event_articles``) when the archive has them; an archive without them shows
the rest.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import quote, urlencode, urlsplit

from bladiscrape.core.origins import is_live
from bladiscrape.publish.facets import tag_ids, tag_link

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")
#: How the page names each kind of link (``links.kind``), in the order it lists them.
LINK_KINDS = {
    "in_body": "In the text",
    "further_reading": "Aller plus loin (related articles)",
    "recommended": "Ces articles devraient vous intéresser (recommendations)",
    "tag": "Keyword pages",
}
#: The page's search, timeline and link map (pages.py).
SEARCH_PATH, TIMELINE_PATH, LINKS_PATH = "/-/search", "/-/timeline", "/-/links"


def local_date(value: str | None) -> str | None:
    """``2016-02-28T11:10:00+00:00`` -> ``28 février 2016, 11:10 (UTC+00:00)``: Moroccan time, offset shown."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    day = f"{when.day} {MONTHS_FR[when.month - 1]} {when.year}"
    if len(value) <= 10:  # a date without a time
        return day
    offset = when.strftime("%z")
    shown = f"UTC{offset[:3]}:{offset[3:]}" if offset else "local time"
    return f"{day}, {when:%H:%M} ({shown})"


def paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


async def table_names(db) -> set[str]:
    return set(await db.table_names())


async def article_page(datasette, database: str, article_id: str) -> dict | None:
    """Everything the article template shows, or None when there is no such article."""
    db = datasette.get_database(database)
    row = (await db.execute("select * from articles where id = ?", [article_id])).first()
    if row is None:
        return None
    article = dict(row)
    tables = await table_names(db)
    table_url = datasette.urls.table(database, "articles")
    return {
        "article": article,
        "date": local_date(article.get("published_at")),
        "lead": paragraphs(article.get("lead")),
        "body": paragraphs(article.get("body")),
        "tags": await _tags(db, table_url, _json_list(article.get("tags"))),
        "fetched_url": fetched_url(article),
        "actors": await _actors(db, article["id"]) if {"mentions", "actors"} <= tables else [],
        "milestones": await _milestones(db, article["id"]) if {"events", "event_articles"} <= tables else [],
        "links_out": await _links_out(datasette, database, db, article["id"]),
        "cited_by": await _cited_by(datasette, database, db, article["id"]),
        "raw_url": table_url + "?" + urlencode({"id": article["id"]}),
        "json_url": datasette.urls.row(database, "articles", str(article["id"])) + ".json",
        "timeline_url": TIMELINE_PATH,
    }


def fetched_url(article: dict) -> str:
    """The URL actually requested: the canonical path on the origin the page came from."""
    origin = article.get("origin")
    url = article["url"]
    if not origin or is_live(origin):
        return url
    parts = urlsplit(url)
    return origin + parts.path + (f"?{parts.query}" if parts.query else "")


def _json_list(value) -> list[str]:
    try:
        found = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(v) for v in found] if isinstance(found, list) else []


async def _tags(db, table_url: str, names: list[str]) -> list[dict]:
    """The article's tags, each linking to its articles through article_tags (``facets.tag_link``)."""
    ids = await tag_ids(db, names)
    return [{"name": name, "url": tag_link(table_url, ids[name]) if name in ids
             else table_url + "?" + urlencode({"tags__arraycontains": name})} for name in names]


async def _actors(db, article_id: int) -> list[dict]:
    rows = await db.execute(
        "select a.id, a.name, a.kind, m.count from mentions m join actors a on a.id = m.actor_id"
        " where m.article_id = ? order by m.count desc, a.name", [article_id])
    return [{**dict(r), "url": SEARCH_PATH + "?" + urlencode({"actor": r["id"]})} for r in rows]


async def _milestones(db, article_id: int) -> list[dict]:
    rows = await db.execute(
        "select e.id, e.date, e.end_date, e.title, x.relation from event_articles x"
        " join events e on e.id = x.event_id where x.article_id = ? order by e.date, e.id", [article_id])
    return [{**dict(r), "url": f"{TIMELINE_PATH}#event-{quote(str(r['id']))}"} for r in rows]


async def _links_out(datasette, database: str, db, article_id: int) -> list[dict]:
    rows = await db.execute(
        "select l.kind, l.to_url, l.to_id, coalesce(t.title, l.anchor, l.to_url) as title, t.id as archived"
        " from links l left join articles t on t.id = l.to_id where l.from_id = ? order by l.kind, l.position",
        [article_id])
    groups: dict[str, list[dict]] = {}
    for r in rows:
        link = dict(r)
        link["archive_url"] = datasette.urls.row(database, "articles", str(r["archived"])) if r["archived"] else None
        groups.setdefault(r["kind"], []).append(link)
    order = list(LINK_KINDS) + sorted(set(groups) - set(LINK_KINDS))
    return [{"kind": k, "label": LINK_KINDS.get(k, k), "links": groups[k]} for k in order if k in groups]


async def _cited_by(datasette, database: str, db, article_id: int) -> list[dict]:
    rows = await db.execute(
        "select s.id, s.title, s.published_at, group_concat(distinct l.kind) as kinds from links l"
        " join articles s on s.id = l.from_id where l.to_id = ? and l.from_id != l.to_id"
        " group by s.id order by s.published_at, s.id", [article_id])
    return [{**dict(r), "date": local_date(r["published_at"]),
             "url": datasette.urls.row(database, "articles", str(r["id"])),
             "kinds": ", ".join(LINK_KINDS.get(k, k).split(" (")[0] for k in (r["kinds"] or "").split(","))}
            for r in rows]
