"""Why an article that the archive links to is not in it: the ``missing_sources`` rows.

A missing source is a Bladi.net article URL (one with an article number) that
a row of ``links`` points to and no archived article has. Its reason comes from
the crawl's bookkeeping when there is some, else from the archive itself:

* the last request for it in ``fetches``: ``robots_disallowed``; ``not_found``
  (HTTP 404 or 410, or a swept id with no article); ``out_of_range`` (outside
  ``--since``/``--until``); ``error`` (any other failure);
* never requested: ``linked_from_off_topic`` when every article linking to it
  is off topic (their links are not followed); ``beyond_depth`` when every
  in-topic article linking to it was fetched at its crawl's ``--depth`` (so
  its links were not followed); else ``not_yet_fetched``.

A reparsed archive has no fetch rows: there, reasons that only the crawl
knows read ``not_yet_fetched``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from bladiscrape.analyse.graph import resolver

REASONS = ("robots_disallowed", "not_found", "beyond_depth", "out_of_range", "linked_from_off_topic",
           "not_yet_fetched", "error")
#: The reasons ``crawl --fill-gaps`` may act on; the others are the rules working (or a page that is gone).
FILLABLE = ("beyond_depth", "not_yet_fetched", "error")
_NOT_FOUND = {"missing", "not_found", "gone"}


def missing_sources(articles: Sequence[Mapping], links: Sequence[Mapping], fetches: Sequence[Mapping],
                    runs: Sequence[Mapping]) -> list[dict]:
    target = resolver(articles)
    in_topic = {a["id"]: bool(a["in_topic"]) for a in articles}
    missing: dict[str, dict] = {}
    for link in links:
        if link.get("to_id") is None or target(link) is not None:
            continue
        entry = missing.setdefault(link["to_url"], {"article_id": link["to_id"], "from": set(), "kinds": set()})
        entry["from"].add(link["from_id"])
        entry["kinds"].add(link["kind"])
    last = {f["url"]: f for f in fetches}  # fetches come in id order: the last one wins
    followed = _followed_links(fetches, _run_depths(runs))
    rows = []
    for url, entry in sorted(missing.items()):
        fetch = last.get(url)
        reason, detail = _reason(fetch, entry["from"], in_topic, followed)
        rows.append({"url": url, "article_id": entry["article_id"], "reason": reason,
                     "linked_from": json.dumps(sorted(entry["from"])), "linked_from_count": len(entry["from"]),
                     "link_kinds": json.dumps(sorted(entry["kinds"])),
                     "last_outcome": fetch["outcome"] if fetch else None,
                     "last_status": fetch["status"] if fetch else None, "detail": detail})
    return rows


def _reason(fetch, linking: set[int], in_topic: dict[int, bool],
            followed: dict[int, bool]) -> tuple[str, str | None]:
    if fetch is not None:
        outcome, status = fetch["outcome"], fetch["status"]
        if outcome == "robots_disallowed":
            return "robots_disallowed", fetch["detail"] or "disallowed by robots.txt"
        if status in (404, 410) or outcome in _NOT_FOUND:
            return "not_found", f"HTTP {status}" if status else outcome
        if outcome == "out_of_range":
            return "out_of_range", fetch["detail"]
        return "error", f"{outcome}: {fetch['detail']}" if fetch["detail"] else outcome
    linking_in_topic = [a for a in linking if in_topic.get(a)]
    if not linking_in_topic:
        return "linked_from_off_topic", "every article linking to it is off topic"
    known = [followed[a] for a in linking_in_topic if a in followed]
    if known and not any(known):
        return "beyond_depth", "every in-topic article linking to it was fetched at its crawl's --depth"
    return "not_yet_fetched", None


def _followed_links(fetches: Sequence[Mapping], run_depth: dict[int, int]) -> dict[int, bool]:
    """For each article fetched by a crawl that recorded depths: whether some crawl fetched it above its --depth
    (so followed its links)."""
    followed: dict[int, bool] = {}
    for f in fetches:
        limit = run_depth.get(f["run_id"])
        if f["article_id"] is None or f["depth"] is None or limit is None:
            continue
        followed[f["article_id"]] = followed.get(f["article_id"], False) or f["depth"] < limit
    return followed


def _run_depths(runs: Sequence[Mapping]) -> dict[int, int]:
    """The ``--depth`` of each crawl run (reparse runs have none)."""
    depths = {}
    for run in runs:
        try:
            args = json.loads(run["args"] or "{}")
        except ValueError:
            continue
        if isinstance(args, dict) and isinstance(args.get("depth"), int) and "reparse" not in args:
            depths[run["id"]] = args["depth"]
    return depths
