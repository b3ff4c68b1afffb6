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
from datetime import date, timedelta

import markupsafe

from bladiscrape.publish.article import LINK_KINDS, local_date
from bladiscrape.publish.pages import archive_name, render

YEAR = 2016
#: Operators and the regulator, by the actor ids of the research layer's actors.yml.
MENTION_KINDS = ("operator", "regulator")
_GOLDEN = (math.sqrt(5) - 1) / 2


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


def weekly_counts(dates: list[str], year: int = YEAR) -> list[dict]:
    """In-topic articles per week (Monday to Sunday, Moroccan dates), every week of ``year``, zero-filled."""
    first, last = week_start(date(year, 1, 1)), week_start(date(year, 12, 31))
    counts: dict[date, int] = {}
    for value in dates:
        day = date.fromisoformat(value[:10])  # the local date as published, not UTC
        counts[week_start(day)] = counts.get(week_start(day), 0) + 1
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
    dates = [r[0] for r in await db.execute(
        "select published_at from articles where in_topic = 1 and substr(published_at, 1, 4) = ?", [str(YEAR)])]
    weeks = weekly_counts(dates)
    events = await _events(datasette, name, db) if {"events", "event_articles"} <= tables else []
    mentions = await _mentions(db) if {"mentions", "actors"} <= tables else []
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


async def _mentions(db) -> list[dict]:
    """Articles naming each operator and the regulator, per month of the year, zero-filled."""
    actors = [dict(r) for r in await db.execute(
        "select id, name from actors where kind in (?, ?) order by kind desc, name", MENTION_KINDS)]
    found = {(r[0], r[1]): r[2] for r in await db.execute(
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


async def link_map(request, datasette):
    name = archive_name(datasette)
    db = datasette.get_database(name)
    articles = [dict(r) for r in await db.execute("select id, title, published_at, in_topic from articles")]
    links = [dict(r) for r in await db.execute(
        "select l.from_id, l.to_id, l.kind from links l join articles t on t.id = l.to_id"
        " where l.from_id != l.to_id order by l.from_id, l.kind, l.position")]
    nodes, edges = link_map_data(articles, links, lambda i: datasette.urls.row(name, "articles", str(i)))
    return await render(datasette, request, "bladi_links.html", {
        "nodes": nodes, "edges": edges, "spec": chart_json(link_map_spec(nodes, edges)),
    })

