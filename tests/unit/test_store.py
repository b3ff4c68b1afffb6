"""The archive's write path: batches are atomic, re-writes are upserts, versions are kept."""

import sqlite3
from types import SimpleNamespace

import pytest

from bladiscrape.model import ArticleRecord, Link
from bladiscrape.store import ArchiveError, check_path, open_archive
from bladiscrape.store.rows import to_bundle

TOPIC = SimpleNamespace(score=9.0, in_topic=True, terms={"ANRT": {"count": 1}})


def record(body="Premier paragraphe.\n\nSecond paragraphe.", **kw):
    fields = dict(url="https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html", id=44096,
                  slug="blocage-whatsapp-viber-maroc", title="Le blocage de WhatsApp et Viber venait en fait de ... l'ANRT",
                  body=body, tags=["ANRT", "WhatsApp"],
                  links=[Link("https://www.bladi.net/appels-voip-maroc,46592.html", "further_reading", "A", "t", 1)])
    fields.update(kw)
    return ArticleRecord(**fields)


@pytest.fixture
def archive(tmp_path):
    archive = open_archive(tmp_path / "archive.db")
    yield archive
    archive.close()


def test_a_failing_batch_commits_nothing(archive):
    good = to_bundle(record(), TOPIC, "2026-01-01T00:00:00+00:00", "1.0")
    bad = to_bundle(record(url="https://www.bladi.net/x,2.html", id=2), TOPIC, "2026-01-01T00:00:00+00:00", "1.0")
    bad.links.append({"from_id": 999, "to_url": "u", "kind": "in_body"})  # no article 999: FK violation
    with pytest.raises(sqlite3.IntegrityError):
        archive.write_batch([good, bad], [{"url": "u", "outcome": "article"}])
    for table in ("articles", "links", "tags", "article_tags", "fetches"):
        assert archive.db[table].count == 0, table


def test_rewrite_is_an_upsert_keeping_first_seen(archive):
    archive.write_batch([to_bundle(record(), TOPIC, "2026-01-01T00:00:00+00:00", "1.0")], [])
    counts = archive.write_batch([to_bundle(record(), TOPIC, "2026-02-01T00:00:00+00:00", "1.0")], [])
    assert counts == {"new": 0, "updated": 0, "unchanged": 1}
    (row,) = archive.db["articles"].rows
    assert row["first_seen_at"] == "2026-01-01T00:00:00+00:00" and row["fetched_at"] == "2026-02-01T00:00:00+00:00"
    assert archive.db["links"].count == 1 and archive.db["tags"].count == 2 and archive.db["article_tags"].count == 2


def test_an_edit_from_a_new_capture_keeps_the_previous_version(archive):
    first = to_bundle(record(), TOPIC, "2026-01-01T00:00:00+00:00", "1.0")
    first.article["warc_record_id"] = "<urn:uuid:1>"
    archive.write_batch([first], [])
    edited = to_bundle(record(body="Texte corrigé."), TOPIC, "2026-02-01T00:00:00+00:00", "1.0")
    edited.article["warc_record_id"] = "<urn:uuid:2>"
    assert archive.write_batch([edited], [])["updated"] == 1
    (version,) = archive.db["article_versions"].rows
    assert version["version"] == 1 and version["body"].startswith("Premier") and version["warc_record_id"] == "<urn:uuid:1>"
    (row,) = archive.db["articles"].rows
    assert row["body"] == "Texte corrigé." and row["changed_at"] == "2026-02-01T00:00:00+00:00"


def test_a_reparse_of_the_same_capture_is_not_a_version(archive):
    first = to_bundle(record(), TOPIC, "2026-01-01T00:00:00+00:00", "1.0")
    first.article["warc_record_id"] = "<urn:uuid:1>"
    archive.write_batch([first], [])
    reparsed = to_bundle(record(body="Mieux extrait."), TOPIC, "2026-01-01T00:00:00+00:00", "1.1")
    reparsed.article["warc_record_id"] = "<urn:uuid:1>"
    assert archive.write_batch([reparsed], [])["updated"] == 1
    assert archive.db["article_versions"].count == 0


def test_gone_articles_are_marked_not_deleted(archive):
    archive.write_batch([to_bundle(record(), TOPIC, "2026-01-01T00:00:00+00:00", "1.0")], [])
    assert archive.mark_gone(record().url, "2026-03-01T00:00:00+00:00")
    (row,) = archive.db["articles"].rows
    assert row["gone_at"] == "2026-03-01T00:00:00+00:00"


def test_search_index_finds_word_forms_and_ignores_accents(archive):
    archive.write_batch([to_bundle(record(title="Les élections et la réglementation"), TOPIC, "t", "1.0")], [])
    from bladiscrape.core.stems import fts_query
    hits = archive.db.execute("select rowid from article_search_fts where article_search_fts match ?",
                              [fts_query("election reglementations")]).fetchall()
    assert hits == [(44096,)]
    assert archive.db.execute("select rowid from articles_fts where articles_fts match 'reglementation'").fetchall()


def test_check_path_accepts_an_empty_sqlite_file(tmp_path):
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()
    assert check_path(path) == path
    with pytest.raises(ArchiveError):
        check_path(tmp_path)


def test_an_article_that_answers_again_is_no_longer_gone(archive):
    archive.write_batch([to_bundle(record(), TOPIC, "2026-01-01T00:00:00+00:00", "1.0")], [])
    assert archive.mark_gone(record().url, "2026-02-01T00:00:00+00:00")
    # A re-parse of the older capture keeps the mark...
    archive.write_batch([to_bundle(record(), TOPIC, "2026-01-01T00:00:00+00:00", "1.0")], [])
    assert archive.db["articles"].get(44096)["gone_at"] == "2026-02-01T00:00:00+00:00"
    # ...a fetch after it clears it.
    archive.write_batch([to_bundle(record(), TOPIC, "2026-03-01T00:00:00+00:00", "1.0")], [])
    assert archive.db["articles"].get(44096)["gone_at"] is None


def test_listing_pages_and_every_item_seen_are_kept(archive, tmp_path):
    from bladiscrape.model import ListingRows
    from bladiscrape.store import load_listing_coverage

    page = {"url": "https://www.bladi.net/economie.html?debut_suite_rubrique=12", "listing": "https://www.bladi.net/economie.html",
            "page_offset": 12, "items": 2, "newest": "2016-03-03", "oldest": "2016-02-28", "read_at": "2026-01-01T00:00:00+00:00",
            "run_id": None, "purpose": "listing"}

    def item(url, fetched, seen_at="2026-01-01T00:00:00+00:00"):
        return {"url": url, "article_id": 1, "title": "t", "published_at": "2016-03-03", "teaser": None,
                "listing_url": page["url"], "seen_at": seen_at, "listing_score": 0.5, "fetched": fetched}

    archive.write_batch([], [], [ListingRows(page, [item("https://www.bladi.net/a,1.html", 1),
                                                    item("https://www.bladi.net/b,2.html", 0)])])
    # Seen again later, not fetched this time: still recorded as fetched once.
    archive.write_batch([], [], [ListingRows(page, [item("https://www.bladi.net/a,1.html", 0, "2026-02-01T00:00:00+00:00")])])
    rows = {r["url"]: r for r in archive.db["listing_items"].rows}
    assert len(rows) == 2 and rows["https://www.bladi.net/a,1.html"]["fetched"] == 1
    assert rows["https://www.bladi.net/a,1.html"]["seen_at"] == "2026-02-01T00:00:00+00:00"
    assert rows["https://www.bladi.net/b,2.html"]["fetched"] == 0
    archive.db.execute("pragma wal_checkpoint(TRUNCATE)")
    # Read by a run that never ended (killed): not coverage, a resumed run reads the page again.
    assert load_listing_coverage(archive.path) == {}
    run = archive.start_run("2026-01-01T00:00:00+00:00", {}, {}, "test")
    archive.db.execute("update listing_pages set run_id = ?", [run])
    archive.finish_run(run, finished_at="2026-01-01T00:01:00+00:00")
    archive.db.execute("pragma wal_checkpoint(TRUNCATE)")
    # Ended, but an item chosen for fetching was neither archived nor recorded: still not coverage.
    assert load_listing_coverage(archive.path) == {}
    archive.write_batch([], [{"url": "https://www.bladi.net/a,1.html", "run_id": run, "status": 404,
                              "outcome": "error", "detail": "HTTP 404"}])
    archive.db.execute("pragma wal_checkpoint(TRUNCATE)")
    coverage = load_listing_coverage(archive.path)
    assert [p["page_offset"] for p in coverage["https://www.bladi.net/economie.html"]] == [12]
