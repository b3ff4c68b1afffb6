"""CrawlOptions: built once from the command line or from ``-a`` arguments, checked, then read only."""

import dataclasses
from datetime import date

import pytest

from bladiscrape.cli import build_parser
from bladiscrape.crawl.context import scrapy_settings
from bladiscrape.options import NAMES, CrawlOptions, OptionError

SEED = "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html"


def test_every_crawl_option_of_the_command_line_is_a_field():
    args = build_parser().parse_args(["crawl", SEED])
    parser_options = set(vars(args)) - {"command", "verbose"}
    assert parser_options == set(NAMES)


def test_from_args_takes_each_value_of_the_parser(tmp_path):
    warc = tmp_path / "a.warc.gz"
    warc.touch()
    args = build_parser().parse_args([
        "crawl", "--db", "x.db", "--site", "http://127.0.0.1:8000", "--depth", "3", "--since", "2016-01-01",
        "--until", "2016-12-31", "--max-pages", "4", "--jobdir", "job", "--delay", "0.5",
        "--warc-dir", "w", "--no-warc", "--replay", str(warc), "--refresh", "http://127.0.0.1:8000/a,1.html"])
    assert CrawlOptions.from_args(args) == CrawlOptions(
        urls=["http://127.0.0.1:8000/a,1.html"], site="http://127.0.0.1:8000", depth=3,
        since=date(2016, 1, 1), until=date(2016, 12, 31), max_pages=4, delay=0.5, db="x.db",
        jobdir="job", warc_dir="w", no_warc=True, replay=[str(warc)], refresh=True)


def test_spider_arguments_are_strings():
    options = CrawlOptions.from_kwargs({"urls": f"{SEED} {SEED}", "depth": "0", "no_warc": "1", "delay": "0"})
    assert options.urls == [SEED, SEED] and options.depth == 0 and options.no_warc and options.delay == 0.0


@pytest.mark.parametrize("name, suggestion", [("dpeth", "depth"), ("max-pages", "max_pages"),
                                              ("jobdri", "jobdir"), ("nowarc", "no_warc")])
def test_a_misspelt_option_is_refused_with_the_close_match(name, suggestion):
    with pytest.raises(OptionError) as raised:
        CrawlOptions.from_kwargs({name: "3"})
    assert str(raised.value) == f"unknown option {name!r}; did you mean {suggestion!r}?"


def test_an_unknown_option_far_from_any_lists_the_known_ones():
    with pytest.raises(OptionError, match="unknown option 'colour'; known: urls, site, depth"):
        CrawlOptions.from_kwargs({"colour": "blue"})


def test_options_are_read_only():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CrawlOptions().depth = 5


def test_where_things_are_written():
    assert CrawlOptions().archive == "archive.db"
    assert CrawlOptions(db="data/a.db").capture_directory() == "data/warcs"
    assert CrawlOptions(db="data/a.db", warc_dir="w").capture_directory() == "w"
    assert CrawlOptions(no_warc=True).capture_directory() is None
    assert CrawlOptions(replay=["w"]).capture_directory() is None  # replaying writes no WARC


def test_only_politeness_and_jobdir_become_scrapy_settings():
    assert scrapy_settings(CrawlOptions()) == {}  # the polite defaults of settings.py stand
    assert scrapy_settings(CrawlOptions(delay=3.0, jobdir="j", timeout=5.0)) == {
        "DOWNLOAD_DELAY": 3.0, "RETRY_BACKOFF_BASE": 2.0, "JOBDIR": "j", "DOWNLOAD_TIMEOUT": 5.0}
    assert scrapy_settings(CrawlOptions(delay=0)) == {
        "DOWNLOAD_DELAY": 0, "RETRY_BACKOFF_BASE": 0, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY_JITTER": 0}
