"""The batched write path stores exactly the rows the per-article sqlite-utils writes stored.

``reference_write`` is the former write path (one upsert per article, one
lookup per tag, one insert_all per article's links), kept here as the
reference. Both write the same sequence of batches, new articles, duplicates
within a batch, edits from new captures (versions), re-parses of the same
capture, gone marks and listing pages, into two archives whose every table
must then hold the same rows; the search indexes must find the same articles.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bladiscrape.model import ArticleRecord, Link, ListingRows
from bladiscrape.store import open_archive
from bladiscrape.store.rows import to_bundle

TOPIC = SimpleNamespace(score=6.0, in_topic=True, terms={"ANRT": {"count": 2}})
TABLES = ("articles", "article_search", "article_stems", "tags", "article_tags", "links", "article_versions", "fetches",
          "listing_pages", "listing_items")


def reference_write(db, bundles, fetches, listings=()):
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    with db.atomic():
        for bundle in bundles:
            row = dict(bundle.article)
            previous = next(db.query("select * from articles where id = ?", [row["id"]]), None)
            outcome = "new"
            if previous:
                row["first_seen_at"], row["changed_at"] = previous["first_seen_at"], previous["changed_at"]
                row["gone_at"] = previous["gone_at"] if (previous["gone_at"] or "") >= row["fetched_at"] else None
                outcome = "unchanged" if previous["content_sha256"] == row["content_sha256"] else "updated"
                old, new = previous.get("warc_record_id"), row.get("warc_record_id")
                if outcome == "updated" and not (old and new and old == new):
                    number = db.execute("select coalesce(max(version), 0) + 1 from article_versions"
                                        " where article_id = ?", [previous["id"]]).fetchone()[0]
                    db["article_versions"].insert({"article_id": previous["id"], "version": number, **{
                        k: previous[k] for k in ("fetched_at", "title", "lead", "body", "tags", "content_sha256",
                                                 "warc_record_id", "parser_version")}})
                    row["changed_at"] = row["fetched_at"]
            db["articles"].upsert(row, pk="id")
            search = bundle.search
            db["article_stems"].upsert({"id": search["id"], "tags": search["tags"], "stems": search["stems"]}, pk="id")
            db.execute("delete from article_tags where article_id = ?", [row["id"]])
            tags = [{"article_id": row["id"], "tag_id": db["tags"].lookup({"name": name}), "position": position}
                    for position, name in enumerate(bundle.tags, 1)]
            if tags:
                db["article_tags"].insert_all(tags, ignore=True)
            db.execute("delete from links where from_id = ?", [row["id"]])
            if bundle.links:
                db["links"].insert_all(bundle.links, ignore=True)
            counts[outcome] += 1
        if fetches:
            db["fetches"].insert_all(fetches)
        for listing in listings:
            db["listing_pages"].upsert(listing.page, pk="url")
            for item in listing.items:
                db.execute("insert into listing_items (url, article_id, title, published_at, teaser, listing_url,"
                           " seen_at, listing_score, fetched) values (:url, :article_id, :title, :published_at,"
                           " :teaser, :listing_url, :seen_at, :listing_score, :fetched) on conflict (listing_url, url)"
                           " do update set title = excluded.title, seen_at = excluded.seen_at,"
                           " published_at = excluded.published_at, teaser = excluded.teaser,"
                           " listing_score = excluded.listing_score,"
                           " fetched = max(listing_items.fetched, excluded.fetched)", item)
    return counts


FORMER_INSERT_TRIGGERS = (
    "create trigger articles_ai after insert on articles begin insert into articles_fts (rowid, title, lead, body)"
    " values (new.id, new.title, new.lead, new.body); end",
    "create trigger article_stems_ai after insert on article_stems begin insert into article_search_fts"
    " (rowid, title, lead, body, tags, stems) select a.id, a.title, a.lead, a.body, new.tags, new.stems"
    " from articles a where a.id = new.id; end",
)


def bundle(aid, when, body="Le blocage de la VoIP par l'ANRT.", tags=("ANRT", "VoIP"), capture=None):
    record = ArticleRecord(
        url=f"https://www.bladi.net/article-{aid},{aid}.html", id=aid, slug=f"article-{aid}", title=f"Titre {aid}",
        body=body, tags=list(tags), published_at="2016-02-28T10:00:00+01:00",
        links=[Link(f"https://www.bladi.net/suite-{aid + k},{aid + k}.html", kind, f"A{k}", None, k)
               for k, kind in ((1, "further_reading"), (2, "recommended"), (3, "in_body"))])
    made = to_bundle(record, TOPIC, when, "1.0")
    if capture:
        made.article["warc_record_id"] = capture
    return made


def listing(offset, fetched, when):
    url = f"https://www.bladi.net/economie.html?debut_suite_rubrique={offset}"
    page = {"url": url, "listing": "https://www.bladi.net/economie.html", "page_offset": offset, "items": 1,
            "newest": "2016-03-03", "oldest": "2016-02-28", "read_at": when, "run_id": None, "purpose": "listing"}
    item = {"url": "https://www.bladi.net/article-1,1.html", "article_id": 1, "title": "t", "published_at": "2016",
            "teaser": None, "listing_url": url, "seen_at": when, "listing_score": 0.5, "fetched": fetched}
    return ListingRows(page, [item])


T1, T2, T3 = "2026-01-01T00:00:00+00:00", "2026-02-01T00:00:00+00:00", "2026-03-01T00:00:00+00:00"
BATCHES = [
    # a new article captured twice in one batch, edited in between (a reparse of several refresh runs)
    ([bundle(1, T1, capture="<urn:uuid:1>"), bundle(2, T1, tags=("WhatsApp",)), bundle(3, T1, tags=()),
      bundle(6, T1, capture="<urn:uuid:6>"), bundle(6, T2, body="Texte modifié.", capture="<urn:uuid:7>")],
     [{"url": "https://www.bladi.net/article-1,1.html", "outcome": "article", "status": 200}], [listing(0, 0, T1)]),
    # the same article twice in one batch: an edit from a new capture, then another
    ([bundle(1, T2, body="Texte corrigé.", capture="<urn:uuid:2>"), bundle(4, T2, tags=("Inwi", "ANRT")),
      bundle(1, T2, body="Texte corrigé encore.", tags=("Méditel",), capture="<urn:uuid:3>")],
     [{"url": "u", "outcome": "retry"}, {"url": "v", "outcome": "error", "detail": "timeout", "status": None}],
     [listing(0, 1, T2), listing(12, 0, T2)]),
    # a re-parse of the same capture (not a version), unchanged rows, a new article
    ([bundle(1, T2, body="Mieux extrait.", tags=("Méditel",), capture="<urn:uuid:3>"), bundle(2, T3, tags=("WhatsApp",)),
      bundle(5, T3, tags=("Skype", "VoIP"))], [], [listing(0, 0, T3)]),
    ([bundle(2, T3, body="Revenu après une absence.")], [], []),
]


def contents(db):
    out = {}
    for table in TABLES:
        columns = [c.name for c in db[table].columns]
        out[table] = sorted(tuple(row[c] for c in columns) for row in db[table].rows)
    return out


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    batched, reference = open_archive(tmp / "batched.db"), open_archive(tmp / "reference.db")
    for sql in FORMER_INSERT_TRIGGERS:  # the former path had every insert indexed by a trigger
        reference.db.execute(sql)
    counts = []
    for i, (bundles, fetches, listings) in enumerate(BATCHES):
        if i == 3:
            for archive in (batched, reference):
                archive.mark_gone("https://www.bladi.net/article-2,2.html", T2)
        copy = [to_bundle_copy(b) for b in bundles]
        counts.append((batched.write_batch(bundles, [dict(f) for f in fetches], listings),
                       reference_write(reference.db, copy, [dict(f) for f in fetches], listings)))
    yield batched, reference, counts
    batched.close()
    reference.close()


def to_bundle_copy(made):
    return type(made)(article=dict(made.article), tags=list(made.tags), links=[dict(x) for x in made.links],
                      search=dict(made.search))


def test_counts_are_the_same(archives):
    _, _, counts = archives
    for mine, theirs in counts:
        assert mine == theirs
    assert [c[0] for c in counts] == [{"new": 4, "updated": 1, "unchanged": 0}, {"new": 1, "updated": 2, "unchanged": 0},
                                      {"new": 1, "updated": 1, "unchanged": 1}, {"new": 0, "updated": 1, "unchanged": 0}]


def test_every_table_holds_the_same_rows(archives):
    batched, reference, _ = archives
    mine, theirs = contents(batched.db), contents(reference.db)
    for table in TABLES:
        assert mine[table] == theirs[table], table
    # two edits of article 1 in one batch, one of article 2, one of article 6 new in its batch
    assert len(mine["article_versions"]) == 4
    assert batched.db["articles"].get(2)["gone_at"] is None  # answered after it was marked gone


def test_search_indexes_find_new_and_updated_articles(archives):
    batched, reference, _ = archives
    for db in (batched.db, reference.db):
        assert db.execute("select rowid from articles_fts where articles_fts match 'extrait'").fetchall() == [(1,)]
        assert db.execute("select rowid from articles_fts where articles_fts match 'corrige'").fetchall() == []
        assert db.execute("select rowid from article_search_fts where article_search_fts match 'skype'"
                          ).fetchall() == [(5,)]
        assert db.execute("select rowid from article_search_fts where article_search_fts match 'absence'"
                          ).fetchall() == [(2,)]
        db.execute("insert into articles_fts (articles_fts) values ('integrity-check')")
        db.execute("insert into article_search_fts (article_search_fts) values ('integrity-check')")


def test_the_published_queries_have_their_indexes(archives):
    batched, _, _ = archives
    indexes = {tuple(i.columns) for table in ("articles", "links") for i in batched.db[table].indexes}
    assert {("section",), ("author",), ("in_topic",), ("published_at", "section", "in_topic", "word_count"),
            ("to_id", "kind", "from_id")} <= indexes
    assert ("from_id", "kind", "position") not in indexes  # the primary key's index serves its look-ups
    plan = [r[3] for r in batched.db.execute(
        "explain query plan select * from articles s cross join links l on l.from_id = s.id"
        " order by s.published_at, l.from_id, l.kind, l.position").fetchall()]
    # each source's links through the primary key, and only they sorted: never all links at once
    assert any("sqlite_autoindex_links_1 (from_id=?)" in step for step in plan)
    assert "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY" in plan and "USE TEMP B-TREE FOR ORDER BY" not in plan


def test_an_earlier_archive_loses_the_links_index_the_primary_key_serves(tmp_path):
    path = tmp_path / "old.db"
    archive = open_archive(path)
    archive.db["links"].create_index(["from_id", "kind", "position"])  # as earlier versions made it
    archive.close()
    reopened = open_archive(path)
    try:
        names = {i.name for i in reopened.db["links"].indexes}
        assert "idx_links_from_id_kind_position" not in names and "idx_links_to_id_kind_from_id" in names
    finally:
        reopened.close()


def test_containers_are_stored_as_json_as_sqlite_utils_stores_them():
    from collections import OrderedDict

    from bladiscrape.store.batch import by_columns
    groups = by_columns([{"a": 1, "b": "x", "c": None}, {"a": [1, "é"], "b": OrderedDict(k=2), "c": 1.5},
                         {"a": True, "b": b"\x00", "c": ("t",)}])
    assert groups == {("a", "b", "c"): [(1, "x", None), ('[1, "é"]', '{"k": 2}', 1.5), (True, b"\x00", '["t"]')]}
