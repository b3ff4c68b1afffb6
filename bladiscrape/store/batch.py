"""One batch of articles, fetch rows and listing pages written with a few statements.

sqlite-utils' ``upsert``/``lookup``/``insert_all`` read the schema back on every
call and make a statement per row: at about a hundred statements and fifty
schema look-ups per article, the store was the crawl's second cost. Here a
batch is read once (the previous state of its articles: one query), then
written table by table with ``executemany``: one statement per table and
column set, whatever the batch's size. The rows are those the per-article
writes gave (same ids, same tag numbering, same versions); ``tests/unit``
compares the two.

The full-text indexes (``search_index.py``): new articles are indexed by one
statement per index and batch; an upsert that updates fires the update
triggers, only when the indexed text changed, so each article is indexed once
per write and an unchanged one not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from bladiscrape.model import ArticleBundle, ListingRows
from bladiscrape.store.search_index import index_inserted

#: What a re-write needs of the stored article: to keep first_seen_at, changed_at, gone_at and the version.
PREVIOUS = ("id", "first_seen_at", "changed_at", "gone_at", "content_sha256", "warc_record_id",
            "fetched_at", "title", "lead", "body", "tags", "parser_version")
#: The columns of PREVIOUS a bundle's row may lack, as the stored row holds them then.
UNSET = {"changed_at": None, "gone_at": None}
VERSIONED = ("fetched_at", "title", "lead", "body", "tags", "content_sha256", "warc_record_id", "parser_version")
#: SQLite's limit on bound parameters is 32,766 since 3.32; stay well inside it.
CHUNK = 500


def write(conn: sqlite3.Connection, bundles: list[ArticleBundle], fetches: list[dict],
          listings: Sequence[ListingRows] = ()) -> dict:
    """Write one batch inside the caller's transaction; count new/updated/unchanged articles."""
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    state = previous_rows(conn, [b.article["id"] for b in bundles])
    stored = set(state)
    final: dict[int, tuple[dict, ArticleBundle]] = {}
    versions: list[dict] = []
    changed: set[int] = set()
    for bundle in bundles:  # in order: an article twice in a batch sees its first write as previous
        row, outcome, kept = merge(state.get(bundle.article["id"]), dict(bundle.article))
        counts[outcome] += 1
        if outcome != "unchanged":
            changed.add(row["id"])
        if kept is not None:
            versions.append(kept)
        # What the stored row will hold: columns the bundle does not set (a new article's changed_at and
        # gone_at) are NULL, as the next capture of it in this batch must find them.
        state[row["id"]] = {**UNSET, **state.get(row["id"], {}), **row}
        final[row["id"]] = (row, bundle)
    # A changed article's stems go first, while the index still holds its old text: the delete trigger
    # takes it out of article_search_fts once, and it is indexed again below like a new one, not twice.
    restem = [aid for aid in final if aid in stored and aid in changed]
    for chunk in chunks(restem):
        conn.execute(f"delete from article_stems where id in ({marks(chunk)})", chunk)
    upsert(conn, "articles", "id", [row for row, _ in final.values()])
    insert(conn, "article_versions", number_versions(conn, versions))
    stems = {aid: stems_row(b.search) for aid, (_, b) in final.items() if b.search}
    upsert(conn, "article_stems", "id", list(stems.values()))
    # Inserts are indexed here, in one statement per index (updates by their triggers: search_index.py).
    index_inserted(conn, [row for aid, (row, _) in final.items() if aid not in stored],
                   [(final[aid][0], row) for aid, row in stems.items() if aid not in stored or aid in restem])
    replace_tags(conn, [(aid, b.tags) for aid, (_, b) in final.items()], [b.tags for b in bundles])
    ids = list(final)
    for chunk in chunks(ids):
        conn.execute(f"delete from links where from_id in ({marks(chunk)})", chunk)
    insert(conn, "links", [link for _, b in final.values() for link in b.links], ignore=True)
    insert(conn, "fetches", fetches)
    write_listings(conn, listings)
    return counts


def stems_row(search: dict) -> dict:
    """What ``article_stems`` stores of a bundle's search row: the texts are read from ``articles``."""
    return {"id": search["id"], "tags": search["tags"], "stems": search["stems"]}


def merge(previous: dict | None, row: dict) -> tuple[dict, str, dict | None]:
    """The row to store, the outcome, and the version to keep (if the publisher changed the article)."""
    if not previous:
        return row, "new", None
    row["first_seen_at"] = previous["first_seen_at"]
    row["changed_at"] = previous["changed_at"]
    # A page that answered 200 after it was marked gone is back: "gone" means
    # "gone at the last fetch". A re-parse of an older capture (fetched before
    # gone_at) leaves the mark alone.
    row["gone_at"] = previous["gone_at"] if (previous["gone_at"] or "") >= row["fetched_at"] else None
    if previous["content_sha256"] == row["content_sha256"]:
        return row, "unchanged", None
    old, new = previous.get("warc_record_id"), row.get("warc_record_id")
    if old and new and old == new:  # re-parsed from the very capture the stored row came from
        return row, "updated", None
    # The publisher changed the article (not merely a newer parser reading the
    # same capture): keep the state being replaced.
    row["changed_at"] = row["fetched_at"]
    return row, "updated", {"article_id": previous["id"], **{k: previous.get(k) for k in VERSIONED}}


def previous_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for chunk in chunks(list(dict.fromkeys(ids))):
        cursor = conn.execute(f"select {', '.join(PREVIOUS)} from articles where id in ({marks(chunk)})", chunk)
        for values in cursor:
            found[values[0]] = dict(zip(PREVIOUS, values, strict=True))
    return found


def number_versions(conn: sqlite3.Connection, versions: list[dict]) -> list[dict]:
    """Each kept version numbered after the article's last (several in one batch count on)."""
    last: dict[int, int] = {}
    for version in versions:
        aid = version["article_id"]
        if aid not in last:
            last[aid] = conn.execute("select coalesce(max(version), 0) from article_versions where article_id = ?",
                                     [aid]).fetchone()[0]
        last[aid] += 1
        version["version"] = last[aid]
    return versions


def replace_tags(conn: sqlite3.Connection, articles: list[tuple[int, list[str]]], seen: list[list[str]]) -> None:
    """New names get ids in the order they first appear in the batch, as one lookup per tag gave them."""
    names = list(dict.fromkeys(name for tags in seen for name in tags))
    ids = tag_ids(conn, names)
    missing = [name for name in names if name not in ids]
    conn.executemany("insert into tags (name) values (?)", [(name,) for name in missing])
    ids.update(tag_ids(conn, missing))
    article_ids = [aid for aid, _ in articles]
    for chunk in chunks(article_ids):
        conn.execute(f"delete from article_tags where article_id in ({marks(chunk)})", chunk)
    conn.executemany("insert or ignore into article_tags (article_id, tag_id, position) values (?, ?, ?)",
                     [(aid, ids[name], position) for aid, tags in articles for position, name in enumerate(tags, 1)])


def tag_ids(conn: sqlite3.Connection, names: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(names):
        found.update((name, tid) for tid, name in conn.execute(
            f"select id, name from tags where name in ({marks(chunk)})", chunk))
    return found


def write_listings(conn: sqlite3.Connection, listings: Sequence[ListingRows]) -> None:
    """A listing page read: its coverage, and each item seen (an item fetched once stays fetched)."""
    upsert(conn, "listing_pages", "url", [listing.page for listing in listings])
    conn.executemany(
        "insert into listing_items (url, article_id, title, published_at, teaser, listing_url, seen_at,"
        " listing_score, fetched) values (:url, :article_id, :title, :published_at, :teaser, :listing_url,"
        " :seen_at, :listing_score, :fetched) on conflict (listing_url, url) do update set"
        " title = excluded.title, published_at = excluded.published_at, teaser = excluded.teaser,"
        " seen_at = excluded.seen_at, listing_score = excluded.listing_score,"
        " fetched = max(listing_items.fetched, excluded.fetched)",
        [item for listing in listings for item in listing.items])


def upsert(conn: sqlite3.Connection, table: str, pk: str, rows: list[dict]) -> None:
    """Insert, or update the columns a row carries (others keep their stored values), as sqlite-utils' upsert."""
    for columns, group in by_columns(rows).items():
        names = ", ".join(f"[{c}]" for c in columns)
        sets = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != pk) or f"[{pk}] = excluded.[{pk}]"
        conn.executemany(f"insert into [{table}] ({names}) values ({marks(columns)})"
                         f" on conflict ([{pk}]) do update set {sets}", group)


def insert(conn: sqlite3.Connection, table: str, rows: list[dict], ignore: bool = False) -> None:
    verb = "insert or ignore" if ignore else "insert"
    for columns, group in by_columns(rows).items():
        conn.executemany(f"{verb} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({marks(columns)})",
                         group)


def by_columns(rows: Iterable[dict]) -> dict[tuple[str, ...], list[tuple]]:
    """Rows grouped by the columns they carry, in order: one statement per group."""
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for row in rows:
        values = tuple(row.values())
        # Most rows hold only text and numbers, told apart by their types in one pass at C speed:
        # converting value by value was the store's main Python cost.
        if not SCALARS.issuperset(map(type, values)):
            values = tuple(map(sql_value, values))
        groups.setdefault(tuple(row), []).append(values)
    return groups


CONTAINERS = (dict, list, tuple)
SCALARS = frozenset({str, int, float, bytes, bool, type(None)})


def sql_value(value):
    # As sqlite-utils stores them: containers as JSON text.
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, CONTAINERS) else value


def chunks(values: list) -> list[list]:
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]


def marks(values: Sequence) -> str:
    return ", ".join("?" * len(values))
