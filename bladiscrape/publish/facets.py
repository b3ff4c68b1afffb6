"""A facet through a many-to-many table: the articles' tags by ``article_tags``, their actors by ``mentions``.

Datasette's array facet on ``articles.tags`` expands the JSON of every matching
row (``distinct j.value, inner.*``): 2 s at 100,000 articles, so it timed out
on every page. The same counts come from the link table in a few tens of ms:

    facets:
      - through: {table: article_tags, column: tag_id}

counts the rows of ``article_tags`` of the matching articles by ``tag_id``,
labelled with the label column of the table ``tag_id`` points to (``tags.name``).
A value's link selects it with Datasette's own ``?_through=`` filter, and so do
the tag links of table cells and article pages (``tag_link``): Datasette's
``?tags__arraycontains=`` filter reads the JSON of every article (2 s at
100,000 articles, where ``article_tags`` answers in a few ms).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode
from weakref import WeakKeyDictionary

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

#: The tag links' filter: the articles of one tag, through article_tags.
TAGS_THROUGH = {"table": "article_tags", "column": "tag_id"}


class ThroughFacet(Facet):
    type = "through"

    async def suggest(self):
        return []  # configured only: a many-to-many table is not guessed

    async def facet_results(self):
        results, timed_out = [], []
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            link = await self._link(config)
            if link is None:
                continue
            name = config.get("name") or link["labels"]
            try:
                rows = await self.ds.execute(self.database, self._sql(link), self.params, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(name)
                continue
            size = self.get_facet_size()
            results.append({
                "name": name, "type": self.type, "hideable": False, "toggle_url": "",
                "truncated": len(rows) > size,
                "results": [self._value(link, row) for row in rows.rows[:size]],
            })
        return results, timed_out

    async def _link(self, config: dict) -> dict | None:
        """The through table's keys: to this table, and to the labels; None if they are not foreign keys."""
        db = self.ds.get_database(self.database)
        through, column = config.get("table"), config.get("column")
        keys = await db.foreign_keys_for_table(through) if through else []
        ours = [fk for fk in keys if fk["other_table"] == self.table]
        theirs = [fk for fk in keys if fk["column"] == column]
        if not (ours and theirs):
            return None
        labels = theirs[0]["other_table"]
        return {"through": through, "column": column, "ours": ours[0]["column"], "pk": ours[0]["other_column"],
                "labels": labels, "label_pk": theirs[0]["other_column"],
                "label": config.get("label") or await db.label_column_for_table(labels) or theirs[0]["other_column"]}

    def _sql(self, link: dict) -> str:
        e = {k: escape_sqlite(v) for k, v in link.items()}
        # Every row of the table (its default page): the link table's own rows, counted on
        # its index, without matching 100,000 ids against the table's.
        matching = "" if self._unfiltered() else f" where x.{e['ours']} in (select {e['pk']} from ({self.sql}))"
        return (f"select x.{e['column']} as value, l.{e['label']} as label, count(*) as count"
                f" from {e['through']} x join {e['labels']} l on l.{e['label_pk']} = x.{e['column']}"
                f"{matching} group by x.{e['column']} order by count desc, label limit {self.get_facet_size() + 1}")

    def _unfiltered(self) -> bool:
        # Datasette builds the facets' SQL as "select <columns> from <table> <where>".
        return not self.params and not re.search(r"\bwhere\b", self.sql, re.IGNORECASE)

    def _value(self, link: dict, row) -> dict:
        arg = through_arg(link["through"], link["column"], row["value"])
        selected = arg in self.request.args.getlist("_through") or any(
            _same(given, arg) for given in self.request.args.getlist("_through"))
        change = path_with_removed_args if selected else path_with_added_args
        return {"value": row["value"], "label": row["label"], "count": row["count"], "selected": selected,
                "toggle_url": self.ds.absolute_url(self.request, change(self.request, {"_through": arg}))}


def through_arg(table: str, column: str, value: object) -> str:
    """The value of ``?_through=`` selecting the rows linked to ``value`` by ``table.column``."""
    return json.dumps({"table": table, "column": column, "value": str(value)})


def tag_link(table_url: str, tag_id: int) -> str:
    """The articles table showing the articles of one tag (as its facet's link does)."""
    return table_url + "?" + urlencode({"_through": through_arg(TAGS_THROUGH["table"], TAGS_THROUGH["column"],
                                                                 tag_id)})


async def tag_ids(db, names: list[str]) -> dict[str, int]:
    """Each of these tag names' id (``tags.id``); a name without a row is left out."""
    if not names:
        return {}
    if db.is_mutable:  # a crawl may be adding tags: asked each time
        rows = await db.execute("select name, id from tags where name in (select value from json_each(:names))",
                                {"names": json.dumps(names)})
        return {r["name"]: r["id"] for r in rows}
    if db not in _TAG_IDS:  # 800 names at 100,000 articles: read once
        _TAG_IDS[db] = {r["name"]: r["id"] for r in await db.execute("select name, id from tags")}
    known = _TAG_IDS[db]
    return {n: known[n] for n in names if n in known}


_TAG_IDS: WeakKeyDictionary = WeakKeyDictionary()


def _same(given: str, arg: str) -> bool:
    try:
        mine, theirs = json.loads(given), json.loads(arg)
    except ValueError:
        return False
    return isinstance(mine, dict) and {k: str(v) for k, v in mine.items()} == theirs


@hookimpl
def register_facet_classes():
    return [ThroughFacet]
