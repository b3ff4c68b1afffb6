"""Downloader middlewares on hand-made requests and responses, as in Scrapy's own middleware tests."""

import asyncio
import time

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.http import Response
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError

from bladiscrape.crawl import settings as project_settings
from bladiscrape.crawl.context import bind, options_of
from bladiscrape.crawl.errors import RobotsDisallowed, SkippedRequest
from bladiscrape.crawl.fetchlog import fetch_recorded
from bladiscrape.crawl.middlewares.retry import BackoffRetryMiddleware
from bladiscrape.crawl.middlewares.robots import RobotsMiddleware
from bladiscrape.options import CrawlOptions

SITE = "http://127.0.0.1:8000"
URL = f"{SITE}/greve-like-operateurs-maroc,44521.html"


def crawler_with(**settings):
    project = {name: value for name, value in vars(project_settings).items() if name.isupper()}
    crawler = get_crawler(Spider, {**project, **settings})
    crawler.spider = crawler._create_spider("bladi")
    bind(crawler, CrawlOptions(site=SITE))
    return crawler


class Recorder:
    """The ``fetches`` rows middlewares send, as the archive pipeline would receive them."""

    def __init__(self, crawler):
        self.items = []
        crawler.signals.connect(self.receive, signal=fetch_recorded)

    def receive(self, item):
        self.items.append(item)


@pytest.fixture
def retry():
    crawler = crawler_with(RETRY_BACKOFF_BASE=0.2, RETRY_TIMES=2)
    return BackoffRetryMiddleware.from_crawler(crawler), Recorder(crawler)


def run(coroutine):
    return asyncio.run(coroutine)


def timed(coroutine):
    started = time.monotonic()
    result = run(coroutine)
    return result, time.monotonic() - started


def test_the_options_of_a_crawler_are_bound_to_it():
    crawler = crawler_with()
    assert options_of(crawler).site == SITE
    with pytest.raises(RuntimeError):
        options_of(get_crawler(Spider))


def test_a_timeout_is_retried_after_a_backoff_and_recorded(retry):
    mw, recorder = retry
    request = Request(URL, meta={"bladi_depth": 1})
    retried, waited = timed(mw.process_exception(request, DownloadTimeoutError("took too long")))
    assert isinstance(retried, Request) and retried.url == URL and retried.meta["retry_times"] == 1
    assert waited >= 0.2
    (row,) = recorder.items
    assert (row.url, row.outcome, row.status, row.depth) == (
        "https://www.bladi.net/greve-like-operateurs-maroc,44521.html", "retry", None, 1)
    assert row.detail == "DownloadTimeoutError; retrying in 0.2 s"
    assert mw.crawler.stats.get_value("bladi/fetch/retry") == 1


def test_the_backoff_doubles_with_each_attempt(retry):
    mw, recorder = retry
    first = run(mw.process_exception(Request(URL), ConnectionRefusedError()))
    second, waited = timed(mw.process_exception(first, ConnectionRefusedError()))
    assert second.meta["retry_times"] == 2 and waited >= 0.4
    assert [r.detail for r in recorder.items] == [
        "ConnectionRefusedError; retrying in 0.2 s", "ConnectionRefusedError; retrying in 0.4 s"]


def test_a_retry_does_not_carry_the_failed_attempts_time(retry):
    mw, _ = retry
    request = Request(URL, meta={"bladi_fetched_at": "2016-01-01T00:00:00+00:00", "bladi_capture": object()})
    retried = run(mw.process_exception(request, DownloadTimeoutError()))
    assert "bladi_fetched_at" not in retried.meta and "bladi_capture" not in retried.meta


def test_after_the_last_retry_the_exception_goes_on_to_the_errback(retry):
    mw, recorder = retry
    exhausted = Request(URL, meta={"retry_times": 2})
    assert run(mw.process_exception(exhausted, DownloadTimeoutError())) is None
    assert recorder.items == []  # the errback records the error row


@pytest.mark.parametrize("exception", [IgnoreRequest(), SkippedRequest(URL), ValueError("not a network error")])
def test_other_exceptions_are_not_retried(retry, exception):
    mw, recorder = retry
    assert run(mw.process_exception(Request(URL), exception)) is None
    assert recorder.items == []


def test_dont_retry_is_obeyed(retry):
    mw, recorder = retry
    assert run(mw.process_exception(Request(URL, meta={"dont_retry": True}), DownloadTimeoutError())) is None
    assert recorder.items == []


def test_a_503_is_retried_after_the_backoff_too(retry):
    mw, recorder = retry
    request = Request(URL)
    response = Response(URL, status=503, request=request)
    retried, waited = timed(mw.process_response(request, response))
    assert isinstance(retried, Request) and waited >= 0.2
    assert [(r.status, r.outcome, r.detail) for r in recorder.items] == [(503, "retry", "503; retrying in 0.2 s")]


ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def robots_middleware():
    crawler = crawler_with(ROBOTSTXT_OBEY=True)
    mw = RobotsMiddleware.from_crawler(crawler)
    mw._parsers["127.0.0.1:8000"] = ProtegoRobotParser.from_crawler(crawler, ROBOTS)
    return mw


def test_a_url_robots_txt_forbids_raises_robots_disallowed():
    mw = robots_middleware()
    with pytest.raises(RobotsDisallowed) as raised:
        run(mw.process_request(Request(f"{SITE}/private/a,1.html")))
    assert raised.value.url == f"{SITE}/private/a,1.html"
    assert (raised.value.outcome, raised.value.detail) == ("robots_disallowed", "forbidden by robots.txt")
    assert isinstance(raised.value, IgnoreRequest)  # Scrapy's own handling of an ignored request still applies


def test_a_url_robots_txt_allows_passes():
    mw = robots_middleware()
    assert run(mw.process_request(Request(URL))) is None


# -- redirects stay on the site ------------------------------------------------------


def redirect(location: str, status: int = 301) -> tuple[Request, Response]:
    request = Request(URL)
    return request, Response(URL, status=status, headers={"Location": location}, request=request)


@pytest.mark.parametrize("location", [
    "http://example.invalid/x.html", "https://127.0.0.1:8000/x.html", "http://127.0.0.1:9/x.html",
    "http://169.254.169.254/latest/meta-data/", "ftp://127.0.0.1:8000/x", "//example.invalid/x.html",
])
def test_a_redirect_off_the_site_is_refused_with_its_target(location):
    from bladiscrape.crawl.errors import OffSiteRedirect
    from bladiscrape.crawl.middlewares.redirect import OnSiteRedirectMiddleware

    middleware = OnSiteRedirectMiddleware.from_crawler(crawler_with())
    request, response = redirect(location)
    with pytest.raises(OffSiteRedirect) as refused:
        middleware.process_response(request, response)
    assert refused.value.outcome == "off_site_redirect" and "not followed" in refused.value.detail
    assert refused.value.url == URL and ("example.invalid" in refused.value.detail or ":" in refused.value.detail)


@pytest.mark.parametrize("location", ["/blocage-whatsapp-viber-maroc,44096.html",
                                      f"{SITE}/blocage-whatsapp-viber-maroc,44096.html"])
def test_a_redirect_on_the_site_is_followed(location):
    from bladiscrape.crawl.middlewares.redirect import OnSiteRedirectMiddleware

    middleware = OnSiteRedirectMiddleware.from_crawler(crawler_with())
    request, response = redirect(location)
    followed = middleware.process_response(request, response)
    assert isinstance(followed, Request) and followed.url == f"{SITE}/blocage-whatsapp-viber-maroc,44096.html"
