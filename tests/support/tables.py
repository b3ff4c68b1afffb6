"""Every row of every table of an archive, to compare two archives whole.

``every_table(db)`` reads each table (FTS shadow tables included) in its
stored order. What differs between two runs that stored the same data is left
out: when a run started and ended, the archive it was told to write (in its
recorded arguments) and when the count tables were refreshed.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

#: Columns that say when or where a run wrote, not what it wrote.
RUN_TIMES = {"crawl_runs": ("started_at", "finished_at"), "counts_state": ("refreshed_at",)}


def every_table(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        out = {}
        for name, sql in conn.execute("select name, sql from sqlite_master where type = 'table' order by name"):
            columns = [row[1] for row in conn.execute(f"pragma table_info([{name}])")]
            rowid = "without rowid" not in (sql or "").lower() and not (sql or "").lower().startswith("create virtual")
            order = "rowid" if rowid else ", ".join(f"[{c}]" for c in columns)
            kept = [c for c in columns if c not in RUN_TIMES.get(name, ())]
            rows = conn.execute(f"select {', '.join(f'[{c}]' for c in kept)} from [{name}] order by {order}").fetchall()
            if name == "crawl_runs":
                rows = [_without_db(dict(zip(kept, row, strict=True))) for row in rows]
            out[name] = rows
        return out
    finally:
        conn.close()


def _without_db(run: dict) -> tuple:
    args = json.loads(run["args"])
    args.pop("db", None)
    return tuple({**run, "args": json.dumps(args, sort_keys=True)}.values())
