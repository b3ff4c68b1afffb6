"""The one per-page function: what counts as an HTML page, and what the archive keeps of it."""

from datetime import date

from bladiscrape.model import ArchiveRows, DateWindow, Skip
from bladiscrape.process import PageResponse, page_problem, process_page
from bladiscrape.score.topic import load_topic
from support.paths import REPLICA_SITE

SEED = (REPLICA_SITE / "greve-like-operateurs-maroc,44521.html").read_bytes()
URL = "https://www.bladi.net/greve-like-operateurs-maroc,44521.html"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def page(body=SEED, status=200, headers=HTML):
    return PageResponse(URL, status, headers, body)


def run(response, window: DateWindow | None = None):
    return process_page(response, topic=load_topic(), window=window or DateWindow(),
                        fetched_at="2026-01-01T00:00:00+00:00", warc_record_id="<urn:uuid:1>")


def test_an_article_page_gives_rows_linked_to_its_capture():
    result = run(page())
    assert isinstance(result, ArchiveRows)
    assert result.bundle.article["id"] == 44521 and result.topic.in_topic
    assert result.bundle.article["warc_record_id"] == "<urn:uuid:1>"


def test_only_html_bodies_are_pages():
    assert page_problem(page()) is None
    assert page_problem(page(headers={})) is None  # no Content-Type: given the benefit of the doubt
    assert page_problem(page(headers={"content-type": "image/jpeg"})).outcome == "not_html"
    assert page_problem(page(body=b"\x1f\x8b\x08\x00rest")).outcome == "not_html"
    assert page_problem(page(status=404)).outcome == "not_ok"
    assert run(page(headers={"Content-Type": "image/jpeg"})) == Skip("not_html", "served as image/jpeg")


def test_the_date_window_is_applied_to_the_record():
    result = run(page(), DateWindow(since=date(2016, 3, 1)))
    assert isinstance(result, Skip) and result.outcome == "out_of_range"
    assert result.record.id == 44521
    assert isinstance(run(page(), DateWindow(date(2016, 2, 28), date(2016, 2, 28))), ArchiveRows)


def test_a_page_that_breaks_the_extractor_is_skipped_not_raised(monkeypatch):
    import bladiscrape.process as process

    def broken(*args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(process, "extract", broken)
    assert run(page()) == Skip("extraction_failed", "OverflowError: date value out of range")


def test_date_window_contains():
    window = DateWindow(date(2016, 1, 1), date(2016, 12, 31))
    assert window.contains("2016-02-28T11:10:00+00:00") is True
    assert window.contains("2017-01-01") is False and window.contains("2015-12-31T23:00:00+00:00") is False
    assert window.contains(None) is None and window.contains("not a date") is None
    assert window.before_since("2015-12-31") and not window.before_since("2016-01-01")
