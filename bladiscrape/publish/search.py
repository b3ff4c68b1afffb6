"""The search page, ``/-/search``: ranked or dated results, best passages, filters, counts, export.

Every filter is a parameter of the URL, so a search is a link to share:
``q`` (``publish.query`` syntax), ``sort`` (``rank``, ``newest``, ``oldest``),
``since``/``until`` (date prefixes such as ``2016`` or ``2016-02``, inclusive),
``section``, ``tag``, ``actor`` (an actor's id or any of its names, from the
research tables when the archive has them), ``in_topic`` (``1``/``0``) and
``format=csv`` for the coding sheet of exactly these results.
"""

from __future__ import annotations

import json
import re
from weakref import WeakKeyDictionary

import markupsafe
from datasette.utils.asgi import Response

from bladiscrape.core.text import fold
from bladiscrape.publish import coding_sheet
from bladiscrape.publish.article import local_date
from bladiscrape.publish.charts import month_bars
from bladiscrape.publish.pages import archive_name, render
from bladiscrape.publish.query import Parsed, QueryError, matches, parse
from bladiscrape.store.indexes import READING_INDEX

PAGE_SIZE = 50
SORTS = {"rank": "relevance (bm25)", "newest": "date, newest first", "oldest": "date, oldest first"}
#: bm25 weights of title, lead, body, tags and stems: a word in the title counts most.
BM25 = "bm25(article_search_fts, 10.0, 5.0, 1.0, 3.0, 2.0)"
_SENTENCE_RE = re.compile(r"[^.!?…]+[.!?…]*[»\"”]?\s*")
_WORD_RE = re.compile(r"\w+", re.UNICODE)



async def page(request, datasette):
    name = archive_name(datasette)
    db = datasette.get_database(name)
    tables = set(await db.table_names())
    args = {k: (request.args.get(k) or "").strip() for k in
            ("q", "sort", "since", "until", "section", "tag", "actor", "in_topic", "page", "format")}
    context: dict = {"args": args, "sorts": SORTS, "database": name, "error": None, "results": None}
    actors = await _actor_choices(db) if {"actors", "mentions"} <= tables else []
    context.update(sections=await _choices(db, "select section, count(*) from articles where section is not null"
                                                " group by section order by count(*) desc, section"),
                   tags=await _choices(db, "select t.name, count(*) from tags t join article_tags x on"
                                           " x.tag_id = t.id group by t.id order by count(*) desc, t.name"),
                   actors=actors, has_actors=bool(actors))
    try:
        where, params, parsed = _filters(args, actors)
    except QueryError as e:
        context["error"] = str(e)
        return await _render(datasette, request, context)
    if where is None:  # nothing asked yet: the form alone
        return await _render(datasette, request, context)
    if args["format"] == "csv":
        index = await _reading_index(db) if parsed else ""
        return await coding_sheet.response(db, f"{_from(parsed, index)} where {where}", params)
    order = {"newest": "a.published_at desc, a.id desc", "oldest": "a.published_at, a.id"}.get(
        args["sort"], "rank, a.published_at desc" if parsed else "a.published_at desc, a.id desc")
    number = max(1, int(args["page"])) if args["page"].isdigit() else 1
    index = await _reading_index(db) if parsed else ""
    # The page's ids first, ranked and filtered from the index (not the rows, whose texts
    # come before their dates); then the texts of those 51 articles only.
    ranked = await db.execute(
        f"select a.id, {BM25 if parsed else 'null'} as rank {_from(parsed, index)} where {where} order by {order}"
        f" limit {PAGE_SIZE + 1} offset {(number - 1) * PAGE_SIZE}", params)
    months = await db.execute(f"select substr(a.published_at, 1, 7) as month, count(*) as n {_from(parsed, index)}"
                              f" where {where} group by month order by month", params)
    counts = [(m or "undated", n) for m, n in months]
    found = await _articles(db, [(r["id"], r["rank"]) for r in ranked])
    match = matcher(parsed) if parsed else None
    context.update(
        results=[_result(datasette, name, r, parsed, match) for r in found[:PAGE_SIZE]],
        total=sum(n for _, n in counts), page=number, more=len(found) > PAGE_SIZE,
        chart=month_bars([(m, n) for m, n in counts if m != "undated"]),
        csv_url=request.path + "?" + _query_string(args, format="csv"),
        next_url=request.path + "?" + _query_string(args, page=str(number + 1)),
    )
    return await _render(datasette, request, context)


def _from(fts: object, index: str = "") -> str:
    if not fts:
        return "from articles a"
    return f"from article_search_fts join articles a{index} on a.id = article_search_fts.rowid"


async def _reading_index(db) -> str:
    """``indexed by`` the covering index of the filters and sort keys, when the archive has it (store/indexes.py)."""
    cached = _INDEXES.setdefault(db, {}) if not db.is_mutable else {}
    if READING_INDEX not in cached:
        found = await db.execute("select 1 from sqlite_master where type = 'index' and name = ?", [READING_INDEX])
        cached[READING_INDEX] = f" indexed by {READING_INDEX}" if found.first() else ""
    return cached[READING_INDEX]


async def _articles(db, ranked: list[tuple[int, object]]) -> list[dict]:
    """The shown columns of these articles, in this order, each with its rank."""
    if not ranked:
        return []
    rows = await db.execute(
        "select id, title, published_at, section, in_topic, lead, body, origin_note from articles"
        " where id in (select value from json_each(:ids))", {"ids": json.dumps([i for i, _ in ranked])})
    by_id = {r["id"]: dict(r) for r in rows}
    return [{**by_id[i], "rank": rank} for i, rank in ranked if i in by_id]


def _filters(args: dict, actors: list[dict]) -> tuple[str | None, dict, Parsed | None]:
    """The where clause of the search and its parameters; None when nothing was asked."""
    clauses: list[str] = []
    params: dict[str, object] = {}
    parsed = parse(args["q"]) if args["q"] else None
    if parsed:
        clauses.append("article_search_fts match :fts")
        params["fts"] = parsed.fts
    for bound, op in (("since", ">="), ("until", "<=")):
        if args[bound]:
            if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", args[bound]):
                raise QueryError(f"{bound} must be a date or its start, as in 2016, 2016-02 or 2016-02-28")
            clauses.append(f"substr(a.published_at, 1, {len(args[bound])}) {op} :{bound}")
            params[bound] = args[bound]
    if args["section"]:
        clauses.append("a.section = :section")
        params["section"] = args["section"]
    if args["tag"]:
        clauses.append("a.id in (select x.article_id from article_tags x join tags t on t.id = x.tag_id"
                       " where t.name = :tag)")
        params["tag"] = args["tag"]
    if args["actor"]:
        actor = _find_actor(actors, args["actor"])
        if actor is None:
            raise QueryError(f"no actor is called {args['actor']!r}" if actors
                             else "this archive has no actors table yet, so it cannot filter by actor")
        clauses.append("a.id in (select article_id from mentions where actor_id = :actor)")
        params["actor"] = actor["id"]
    if args["in_topic"] in ("0", "1"):
        clauses.append("a.in_topic = :in_topic")
        params["in_topic"] = int(args["in_topic"])
    if not clauses:
        return None, {}, None
    return " and ".join(clauses), params, parsed


def _find_actor(actors: list[dict], wanted: str) -> dict | None:
    key = fold(wanted).lower()
    return next((a for a in actors if key == a["id"].lower() or key in a["names"]), None)


async def _actor_choices(db) -> list[dict]:
    cached = _CHOICES.setdefault(db, {}) if not db.is_mutable else {}
    if "actors" not in cached:
        cached["actors"] = await _count_actors(db)
    return cached["actors"]


async def _count_actors(db) -> list[dict]:
    rows = await db.execute(
        "select a.id, a.name, (select count(*) from mentions m where m.actor_id = a.id) as n,"
        " (select json_group_array(alias) from actor_aliases x where x.actor_id = a.id) as aliases"
        " from actors a order by n desc, a.name")
    return [{"id": r["id"], "name": r["name"], "count": r["n"],
             "names": {fold(n).lower() for n in [r["name"], *json.loads(r["aliases"] or "[]")] if n}}
            for r in rows if r["n"]]


async def _choices(db, sql: str) -> list[tuple[str, int]]:
    # An immutable archive's sections and tags do not change while it is served: counted
    # once (the tags' count reads every article_tags row, 60 ms at 100,000 articles).
    cached = _CHOICES.setdefault(db, {}) if not db.is_mutable else {}
    if sql not in cached:
        cached[sql] = [(r[0], r[1]) for r in await db.execute(sql)]
    return cached[sql]


_CHOICES: WeakKeyDictionary = WeakKeyDictionary()
_INDEXES: WeakKeyDictionary = WeakKeyDictionary()


def _result(datasette, database: str, row: dict, parsed: Parsed | None, match=None) -> dict:
    return {**row, "date": local_date(row["published_at"]),
            "url": datasette.urls.row(database, "articles", str(row["id"])),
            "title_html": highlight(row["title"], parsed, match),
            "passage": best_passage(row, parsed, match)}


def matcher(parsed: Parsed):
    """``matches(parsed, word)``, remembered: a page tests the same words in each of its 50 articles."""
    known: dict[str, bool] = {}

    def match(word: str) -> bool:
        found = known.get(word)
        if found is None:
            found = known[word] = matches(parsed, word)
        return found

    return match


def best_passage(row: dict, parsed: Parsed | None, match=None) -> markupsafe.Markup:
    """The sentence of lead or body holding most of the query's words, those words marked."""
    text = " ".join(filter(None, [row.get("lead"), row.get("body")])).replace("\n", " ")
    sentences = [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()] or [text]
    if parsed is None:
        return markupsafe.Markup(markupsafe.escape(_clip(sentences[0])))
    match = match or matcher(parsed)
    # Each distinct word is matched once (fold and stem), not once per occurrence.
    words = [_WORD_RE.findall(s) for s in sentences]
    hits = {w: fold(w).lower() for w in set().union(*words) if match(w)}
    best = max(range(len(sentences)), key=lambda i: len({hits[w] for w in words[i] if w in hits}))
    return highlight(_clip(sentences[best]), parsed, match)


def _clip(sentence: str, limit: int = 400) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + " …"


def highlight(text: str | None, parsed: Parsed | None, match=None) -> markupsafe.Markup:
    """``text`` escaped, the words the query looks for in ``<mark>``."""
    if not text:
        return markupsafe.Markup("")
    if parsed is None:
        return markupsafe.Markup(markupsafe.escape(text))
    match = match or matcher(parsed)
    out, last = [], 0
    for m in _WORD_RE.finditer(text):
        if match(m.group()):
            out.append(markupsafe.escape(text[last:m.start()]))
            out.append(markupsafe.Markup("<mark>{}</mark>").format(m.group()))
            last = m.end()
    out.append(markupsafe.escape(text[last:]))
    return markupsafe.Markup("").join(out)


def _query_string(args: dict, **changes: str) -> str:
    from urllib.parse import urlencode

    merged = {**args, **changes}
    return urlencode({k: v for k, v in merged.items() if v})


async def _render(datasette, request, context: dict) -> Response:
    return await render(datasette, request, "bladi_search.html", context)
