"""More than one request at a time: for a local replica or a replay only; the live site stays at one."""

import pytest

from bladiscrape.cli import build_parser
from bladiscrape.crawl.context import scrapy_settings
from bladiscrape.crawl.runner import project_settings
from bladiscrape.options import CrawlOptions, OptionError


def test_the_live_site_is_crawled_one_request_at_a_time():
    settings = project_settings()
    assert settings.getint("CONCURRENT_REQUESTS") == settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert CrawlOptions.from_kwargs({}).concurrency == 1
    assert "CONCURRENT_REQUESTS" not in scrapy_settings(CrawlOptions.from_kwargs({}))
    with pytest.raises(OptionError, match="--concurrency above 1 is for a local replica"):
        CrawlOptions.from_kwargs({"concurrency": "4"})
    with pytest.raises(OptionError, match="--concurrency above 1"):
        CrawlOptions.from_kwargs({"concurrency": "2", "site": "http://bladi.example.org"})
    with pytest.raises(OptionError, match="--concurrency 'x' is not a whole number"):
        CrawlOptions.from_kwargs({"concurrency": "x"})


@pytest.mark.parametrize("site", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"])
def test_a_local_replica_may_take_several_requests_at_a_time(site):
    options = CrawlOptions.from_args(build_parser().parse_args(["crawl", "--site", site, "--concurrency", "8"]))
    assert options.concurrency == 8
    assert scrapy_settings(options) == {"CONCURRENT_REQUESTS": 8, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


def test_a_replay_may_take_several_requests_at_a_time(tmp_path):
    warc = tmp_path / "a.warc.gz"
    warc.touch()
    options = CrawlOptions.from_kwargs({"replay": [str(warc)], "concurrency": 4})
    assert scrapy_settings(options)["CONCURRENT_REQUESTS"] == 4


def test_the_generator_check_and_item_workers_cost_nothing_per_response():
    settings = project_settings()
    assert settings.getbool("WARN_ON_GENERATOR_RETURN_VALUE") is False
    assert settings.getint("CONCURRENT_ITEMS") == 1
