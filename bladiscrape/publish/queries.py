"""Canned queries people can fill in: a description, a default and, where it helps, choices per parameter.

Each query in metadata.yml may carry ``param_help``: for each parameter a
``description``, the ``default`` (what an empty box means, shown in the box),
and ``choices``: a list of values or a mapping of values to labels, or ``choices_sql``, a query whose rows
(value, label) list them (sections, kinds, actors). ``templates/query.html``
draws the form from it. Datasette itself ignores the key.
"""

from __future__ import annotations

import sqlite3

from datasette.database import QueryInterrupted


async def param_help(datasette, database: str, name: str | None, actor=None) -> dict | None:
    """The form's help for canned query ``name``, choice lists computed; None when it has none."""
    if not name:
        return None
    query = await datasette.get_canned_query(database, name, actor)
    if not query:
        return None
    if not query.get("param_help"):
        return {}  # still the form, with the SQL hidden
    db = datasette.get_database(database)
    out = {}
    for param, spec in query["param_help"].items():
        spec = dict(spec or {})
        listed = spec.get("choices") or []
        choices = [(str(v), str(label)) for v, label in (listed.items() if isinstance(listed, dict)
                                                          else ((v, v) for v in listed))]
        if spec.get("choices_sql"):
            try:
                rows = await db.execute(spec["choices_sql"])
            except (sqlite3.OperationalError, QueryInterrupted):  # an archive without that table
                rows = []
            choices += [(str(r[0]), str(r[1] if len(r) > 1 else r[0])) for r in rows]
        spec["choices"] = choices
        out[param] = spec
    return out
