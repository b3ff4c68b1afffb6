"""A crawl's archived articles, read from SQLite as it reaches them, as the in-memory map gave them."""

from types import SimpleNamespace

from bladiscrape.model import ArticleRecord, KnownArticle, KnownArticles, Link
from bladiscrape.store import load_known, open_archive
from bladiscrape.store.rows import to_bundle

TOPIC = SimpleNamespace(score=9.0, in_topic=True, terms={})
OFF = SimpleNamespace(score=0.0, in_topic=False, terms={})


def bundle(url, aid, topic=TOPIC):
    links = [Link("https://www.bladi.net/b,2.html", "recommended", "B", None, 2),
             Link("https://www.bladi.net/c,3.html", "further_reading", "C", None, 1),
             Link("https://www.bladi.net/d,4.html", "recommended", "D", None, 1)]
    record = ArticleRecord(url=url, id=aid, slug=None, title="T", body="Texte de test.", published_at="2016-02-28", links=links)
    return to_bundle(record, topic, "2026-01-01T00:00:00+00:00", "1.0")


def test_archived_articles_are_looked_up_as_of_the_crawls_start(tmp_path):
    db = tmp_path / "archive.db"
    archive = open_archive(db)
    old_page = "https://www.bladi.net/une-vieille-page.html"  # no number in its URL: a synthetic id
    archive.write_batch([bundle("https://www.bladi.net/a,1.html", 1), bundle(old_page, None, OFF)], [
        {"url": "https://www.bladi.net/a,1.html", "status": 200, "outcome": "article", "etag": '"v1"'},
        {"url": "https://www.bladi.net/a,1.html", "status": 200, "outcome": "article", "etag": '"v2"'},
        {"url": "https://www.bladi.net/a,1.html", "status": 404, "outcome": "error", "etag": '"v3"'}])
    known = load_known(db)
    archive.write_batch([bundle("https://www.bladi.net/e,5.html", 5)], [])  # stored by this run: not "known"
    try:
        assert len(known) == 2 and set(known) == {"https://www.bladi.net/a,1.html", old_page}
        a = known["https://www.bladi.net/a,1.html"]
        assert (a.id, a.in_topic, a.published_at, a.etag) == (1, True, "2016-02-28", '"v2"')
        assert a.links == [("https://www.bladi.net/c,3.html", "further_reading"),
                           ("https://www.bladi.net/d,4.html", "recommended"),
                           ("https://www.bladi.net/b,2.html", "recommended")]
        assert old_page in known and known[old_page].in_topic is False and known[old_page].etag is None
        assert known.url_of_id(1) == "https://www.bladi.net/a,1.html" and known.url_of_id(5) is None
        assert "https://www.bladi.net/e,5.html" not in known and known.get("https://www.bladi.net/e,5.html") is None
        assert "https://www.bladi.net/autre,1.html" not in known  # id 1, but another URL
    finally:
        known.close()
    archive.close()  # leaves WAL mode: possible only once the reader is closed
    assert not (tmp_path / "archive.db-wal").exists()


def test_a_missing_archive_knows_nothing(tmp_path):
    known = load_known(tmp_path / "none.db")
    assert len(known) == 0 and "https://www.bladi.net/a,1.html" not in known and known.url_of_id(1) is None
    assert not (tmp_path / "none.db").exists()


def test_the_in_memory_map_answers_the_same_questions():
    known = KnownArticles({"https://www.bladi.net/a,1.html": KnownArticle(1, True, None)})
    assert known.url_of_id(1) == "https://www.bladi.net/a,1.html" and known.url_of_id(2) is None
    assert list(known) == ["https://www.bladi.net/a,1.html"]


def test_the_origins_articles_are_picked_from_an_index(tmp_path):
    db = tmp_path / "archive.db"
    archive = open_archive(db)
    archive.write_batch([bundle("https://www.bladi.net/a,1.html", 1)], [])
    archive.db.execute("update articles set origin = 'HTTP://127.0.0.1:8000'")
    known = load_known(db, "http://127.0.0.1:8000")
    try:
        assert len(known) == 1  # the origin's case does not matter, as lower() = lower() had it
        for sql, params in known._known_queries("http://127.0.0.1:8000"):
            plan = " ".join(r[3] for r in archive.db.execute("explain query plan " + sql, params).fetchall())
            assert "idx_articles_origin" in plan and "SCAN" not in plan, sql
    finally:
        known.close()
        archive.close()


def test_the_writer_closes_every_reader_of_its_file_before_leaving_wal_mode(tmp_path):
    db = tmp_path / "archive.db"
    archive = open_archive(db)
    archive.write_batch([bundle("https://www.bladi.net/a,1.html", 1)], [])
    known = load_known(db)  # held by some component that never closes it
    assert known.url_of_id(1) == "https://www.bladi.net/a,1.html"
    archive.close()
    assert not (tmp_path / "archive.db-wal").exists() and not (tmp_path / "archive.db-shm").exists()
    assert known.url_of_id(1) == "https://www.bladi.net/a,1.html"  # still answers, from a new connection
    known.close()
