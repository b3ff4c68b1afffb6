"""Charts: the search page's month bars (SVG drawn here), the timeline and the link map (Vega-Lite).

The timeline and link map are Vega-Lite specifications rendered in the
browser by the copies of Vega, Vega-Lite and vega-embed shipped in
``static/`` (see ``static/VENDORED.md``): nothing is loaded from another
host, so they draw with the network cut. Each chart's data is also given as
a table on the page, readable without JavaScript. The search page's small
month chart is plain SVG built here, so it needs no script at all.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta

import markupsafe
from datasette.utils.asgi import BadRequest

from bladiscrape.publish.article import LINK_KINDS, local_date
from bladiscrape.publish.pages import archive_name, render

YEAR = 2016
#: Operators and the regulator, by the actor ids of the research layer's actors.yml.
MENTION_KINDS = ("operator", "regulator")
_GOLDEN = (math.sqrt(5) - 1) / 2
#: The most articles the link map draws (the plugin setting ``link_map_nodes`` lowers or raises it).
#: Vega draws each article as its own SVG element with a tooltip and a link: a thousand points and a
#: few thousand lines render in under a second and stay responsive in Chromium, while the whole
#: 100,000-article archive took 30 s to serve and stalled the browser.
LINK_MAP_NODES = 1000
#: The most links drawn among the shown articles, for the same reason.
LINK_MAP_EDGES = 4000
_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``: a series with its empty months."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_bars(counts: list[tuple[str, int]]) -> markupsafe.Markup | None:
    """An SVG bar per month from the first to the last month with results, empty months included."""
    dated = {m: n for m, n in counts if len(m) == 7}
    if not dated:
        return None
    months = months_between(min(dated), max(dated))
    top = max(dated.values())
    width, height, gap = max(8, min(40, 720 // len(months))), 80, 2
    bars = []
    for i, month in enumerate(months):
        n = dated.get(month, 0)
        h = round(height * n / top)
        bars.append(markupsafe.Markup(
            '<rect class="bladi-bar" x="{}" y="{}" width="{}" height="{}" fill="#4c78a8"><title>{}: {}</title></rect>'
        ).format(i * width, height - h, width - gap, h, month, n))
    labels = markupsafe.Markup(
        '<text x="0" y="{0}" font-size="11">{1}</text><text x="{2}" y="{0}" font-size="11" text-anchor="end">{3}</text>'
    ).format(height + 14, months[0], len(months) * width, months[-1])
    return markupsafe.Markup(
        '<svg class="bladi-months" role="img" width="{}" height="{}" viewBox="0 0 {} {}">'
        "<title>Results per month</title>{}{}</svg>"
    ).format(len(months) * width, height + 18, len(months) * width, height + 18,
             markupsafe.Markup("").join(bars), labels)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_counts(days: list[tuple[str, int]], year: int = YEAR) -> list[dict]:
    """In-topic articles per week (Monday to Sunday, Moroccan dates), every week of ``year``, zero-filled.

    ``days`` holds (publication date, articles) pairs: one per article, or per day already counted.
    """
    first, last = week_start(date(year, 1, 1)), week_start(date(year, 12, 31))
    counts: dict[date, int] = {}
    for value, n in days:
        day = date.fromisoformat(value[:10])  # the local date as published, not UTC
        counts[week_start(day)] = counts.get(week_start(day), 0) + n
    weeks = []
    week = first
    while week <= last:
        weeks.append({"week": week.isoformat(), "articles": counts.get(week, 0)})
        week += timedelta(days=7)
    return weeks


def chart_json(spec: dict) -> markupsafe.Markup:
    """A spec for ``<script type="application/json">``: ``</`` cannot end the element early."""
    return markupsafe.Markup(json.dumps(spec, ensure_ascii=False).replace("</", "<\\/"))


def in_year(events: list[dict], year: int = YEAR) -> list[dict]:
    """The milestones the chart marks: those dated in ``year`` (the table lists the earlier ones too)."""
    return [e for e in events if str(e.get("date") or "")[:4] == str(year)]


def timeline_spec(weeks: list[dict], events: list[dict]) -> dict:
    # The year and no more: a milestone of 2014 would squeeze 2016 into a corner.
    x_scale = {"domain": [weeks[0]["week"], f"{YEAR}-12-31"]}
    events = in_year(events)
    bars = {"data": {"values": weeks}, "mark": {"type": "bar", "color": "#4c78a8", "width": 11},
            "encoding": {"x": {"field": "week", "type": "temporal", "title": "week (Moroccan dates)",
                               "scale": x_scale},
                         "y": {"field": "articles", "type": "quantitative", "title": "in-topic articles"},
                         "tooltip": [{"field": "week", "type": "temporal"}, {"field": "articles"}]}}
    layers = [bars]
    if events:
        layers.append({"data": {"values": [{"date": e["date"], "title": e["title"]} for e in events]},
                       "mark": {"type": "rule", "color": "#e45756", "strokeDash": [4, 3]},
                       "encoding": {"x": {"field": "date", "type": "temporal", "scale": x_scale},
                                    "tooltip": [{"field": "date", "type": "temporal"}, {"field": "title"}]}})
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container", "height": 220,
            "title": f"In-topic coverage per week, {YEAR}, with the milestones", "layer": layers}


def mentions_spec(rows: list[dict]) -> dict:
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container", "height": 200,
            "title": "Articles naming each operator and the ANRT, per month", "data": {"values": rows},
            "mark": {"type": "line", "point": True},
            "encoding": {"x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth"},
                         "y": {"field": "articles", "type": "quantitative"},
                         "color": {"field": "actor", "type": "nominal"},
                         "tooltip": [{"field": "actor"}, {"field": "month"}, {"field": "articles"}]}}


async def timeline(request, datasette):
    name = archive_name(datasette)
    db = datasette.get_database(name)
    tables = set(await db.table_names())
    counted = await counts_fresh(db, tables)
    # The day counts written at the end of each crawl when they are up to date, else the articles themselves.
    days = [(r[0], r[1]) for r in await db.execute(
        "select day, sum(articles) from day_counts where in_topic = 1 and substr(day, 1, 4) = ? group by day"
        if counted else
        "select published_at, 1 from articles where in_topic = 1 and substr(published_at, 1, 4) = ?", [str(YEAR)])]
    weeks = weekly_counts(days)
    events = await _events(datasette, name, db) if {"events", "event_articles"} <= tables else []
    mentions = await _mentions(db, counted) if {"mentions", "actors"} <= tables else []
    return await render(datasette, request, "bladi_timeline.html", {
        "weeks": weeks, "events": events, "mentions": mentions, "year": YEAR,
        "timeline_spec": chart_json(timeline_spec(weeks, events)),
        "mentions_spec": chart_json(mentions_spec(mentions)) if mentions else None,
        "has_events": "events" in tables, "has_mentions": "mentions" in tables,
    })


async def _events(datasette, database: str, db) -> list[dict]:
    rows = [dict(r) for r in await db.execute("select * from events order by date, id")]
    covered = await db.execute(
        "select x.event_id, x.relation, a.id, a.title, a.published_at from event_articles x"
        " join articles a on a.id = x.article_id order by a.published_at, a.id")
    by_event: dict[str, list[dict]] = {}
    for r in covered:
        by_event.setdefault(r["event_id"], []).append(
            {"title": r["title"], "date": local_date(r["published_at"]), "relation": r["relation"],
             "url": datasette.urls.row(database, "articles", str(r["id"]))})
    for e in rows:
        e["sources"] = _json_list(e.get("sources"))
        e["articles"] = by_event.get(e["id"], [])
    return rows


async def counts_fresh(db, tables: set[str]) -> bool:
    """Whether the precomputed counts (store/counts.py) describe the archive as it is."""
    return "counts_state" in tables and bool((await db.execute(
        "select exists (select 1 from counts_state where id = 1 and fresh = 1)")).first()[0])


async def _mentions(db, counted: bool) -> list[dict]:
    """Articles naming each operator and the regulator, per month of the year, zero-filled."""
    actors = [dict(r) for r in await db.execute(
        "select id, name from actors where kind in (?, ?) order by kind desc, name", MENTION_KINDS)]
    found = {(r[0], r[1]): r[2] for r in await db.execute(
        "select actor_id, month, articles from mention_month_counts where substr(month, 1, 4) = ?" if counted else
        "select m.actor_id, substr(a.published_at, 1, 7), count(*) from mentions m"
        " join articles a on a.id = m.article_id where substr(a.published_at, 1, 4) = ?"
        " group by m.actor_id, substr(a.published_at, 1, 7)", [str(YEAR)])}
    return [{"actor": a["name"], "month": month, "articles": found.get((a["id"], month), 0)}
            for a in actors for month in months_between(f"{YEAR}-01", f"{YEAR}-12")]


def _json_list(value) -> list:
    try:
        found = json.loads(value or "[]")
    except (TypeError, ValueError):
        return []
    return found if isinstance(found, list) else []


def link_map_data(articles: list[dict], links: list[dict], row_url) -> tuple[list[dict], list[dict]]:
    """Nodes placed by date (x) and, within their band (in topic above), by a fixed spread of their id (y)."""
    nodes, where = [], {}
    for a in articles:
        band = 1.0 if a["in_topic"] else 0.0
        y = round(band + 0.1 + 0.8 * ((a["id"] * _GOLDEN) % 1), 4)
        day = (a["published_at"] or "")[:10] or None
        where[a["id"]] = (day, y)
        nodes.append({"id": a["id"], "title": a["title"], "date": day, "y": y,
                      "topic": "in topic" if a["in_topic"] else "out of topic", "url": row_url(a["id"])})
    edges = []
    for link in links:
        source, target = where.get(link["from_id"]), where.get(link["to_id"])
        if source and target and source[0] and target[0]:
            edges.append({"date": source[0], "y": source[1], "date2": target[0], "y2": target[1],
                          "kind": LINK_KINDS.get(link["kind"], link["kind"]).split(" (")[0]})
    return [n for n in nodes if n["date"]], edges


def link_map_spec(nodes: list[dict], edges: list[dict]) -> dict:
    y = {"field": "y", "type": "quantitative", "axis": None, "scale": {"domain": [0, 2]}}
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container", "height": 420,
            "title": "Links between archived articles (in topic above, out of topic below; click to open)",
            "layer": [
                {"data": {"values": edges}, "mark": {"type": "rule", "opacity": 0.5},
                 "encoding": {"x": {"field": "date", "type": "temporal", "title": "publication date",
                                    "axis": {"format": "%Y", "tickCount": "year"}}, "y": y,
                              "x2": {"field": "date2"}, "y2": {"field": "y2"},
                              "color": {"field": "kind", "type": "nominal", "title": "link",
                                        "scale": {"scheme": "set2"}}}},
                {"data": {"values": nodes}, "mark": {"type": "point", "filled": True, "size": 90, "cursor": "pointer"},
                 "encoding": {"x": {"field": "date", "type": "temporal"}, "y": y,
                              "fill": {"field": "topic", "type": "nominal", "title": "article",
                                       "scale": {"domain": ["in topic", "out of topic"],
                                                 "range": ["#e45756", "#9d9d9d"]}},
                              "href": {"field": "url"},
                              "tooltip": [{"field": "title"}, {"field": "date", "type": "temporal"},
                                          {"field": "topic"}]}}],
            "resolve": {"scale": {"color": "independent"}}}


def link_map_filters(args) -> tuple[str, list]:
    """The link map's where clause over ``articles a`` from ``?since=``, ``?until=`` and ``?in_topic=``."""
    clauses, params = ["a.published_at is not null"], []  # an undated article has no place on the map
    for bound, op in (("since", ">="), ("until", "<=")):
        value = (args.get(bound) or "").strip()
        if value:
            if not _DATE_PREFIX.fullmatch(value):
                raise BadRequest(f"{bound} must be a date or its start, as in 2016, 2016-02 or 2016-02-28")
            clauses.append(f"substr(a.published_at, 1, {len(value)}) {op} ?")
            params.append(value)
    topic = (args.get("in_topic") or "").strip()
    if topic:
        if topic not in ("0", "1"):
            raise BadRequest("in_topic must be 1 (in topic) or 0 (out of topic)")
        clauses.append("a.in_topic = ?")
        params.append(int(topic))
    return " and ".join(clauses), params


def link_map_nodes_sql(where: str, has_metrics: bool) -> str:
    """The shown articles: in topic first, then the most linked, up to a cap (the last parameter)."""
    # link_metrics (written by analyse) has each article's in_links: a lookup per article, where
    # counting the links table itself reads all of its index.
    counts = ("link_metrics m on m.article_id = a.id" if has_metrics else
              "(select to_id, count(*) as in_links from links where from_id != to_id group by to_id) m"
              " on m.to_id = a.id")
    return (f"select a.id, a.title, a.published_at, a.in_topic from articles a left join {counts}"
            f" where {where} order by a.in_topic desc, coalesce(m.in_links, 0) desc, a.id limit ?")


#: Links among the shown articles (a JSON list of ids): looked up by source through the links index.
LINK_MAP_EDGES_SQL = (
    "select l.from_id, l.to_id, l.kind from links l where l.from_id in (select value from json_each(?1))"
    " and l.to_id in (select value from json_each(?1)) and l.from_id != l.to_id"
    " order by l.from_id, l.kind, l.position limit ?2")


async def link_map(request, datasette):
    from bladiscrape.publish.plugin import plugin_config

    name = archive_name(datasette)
    db = datasette.get_database(name)
    cap = int((plugin_config(datasette, name) or {}).get("link_map_nodes") or LINK_MAP_NODES)
    where, params = link_map_filters(request.args)
    has_metrics = "link_metrics" in await db.table_names() and bool(
        (await db.execute("select exists (select 1 from link_metrics)")).first()[0])  # empty until analyse
    articles = [dict(r) for r in await db.execute(link_map_nodes_sql(where, has_metrics), [*params, cap])]
    ids = json.dumps([a["id"] for a in articles])
    links = [dict(r) for r in await db.execute(LINK_MAP_EDGES_SQL, [ids, LINK_MAP_EDGES])]
    nodes, edges = link_map_data(articles, links, lambda i: datasette.urls.row(name, "articles", str(i)))
    total_articles = (await db.execute(f"select count(*) from articles a where {where}", params)).first()[0]
    # analyse's in_links sum to the links between archived articles (self-links too) without reading
    # 800,000 index entries; an archive not analysed yet is counted from the links themselves.
    total_links = (await db.execute(
        "select sum(in_links) from link_metrics" if has_metrics else
        "select count(*) from links l join articles t on t.id = l.to_id where l.from_id != l.to_id")).first()[0]
    return await render(datasette, request, "bladi_links.html", {
        "nodes": nodes, "edges": edges, "spec": chart_json(link_map_spec(nodes, edges)),
        "total_articles": total_articles, "total_links": total_links, "cap": cap, "analysed": has_metrics,
        "filtered": len(params) > 0, "args": {k: request.args.get(k) or "" for k in ("since", "until", "in_topic")},
    })
