"""The crawl frontier's rules on plain data: no Scrapy, no network."""

from datetime import date

from bladiscrape.crawl.frontier import LISTING_PRIORITY, Fetch, Frontier
from bladiscrape.model import DateWindow, FeedItem, KnownArticle, Listing, ListingItem

SITE = "https://www.bladi.net"


def url(n: int) -> str:
    return f"{SITE}/article-{n},{n}.html"


def links(*numbers, kind="further_reading"):
    return [(url(n), kind) for n in numbers]


def urls(fetches) -> list[str]:
    return [f.url for f in fetches]


def frontier(depth=2, **kwargs) -> Frontier:
    return Frontier(site=SITE, depth=depth, **kwargs)


def test_a_start_article_is_fetched_at_depth_zero_with_listing_priority():
    f = frontier()
    assert f.start(url(1)) == [Fetch(url(1), "start", 0, 1, LISTING_PRIORITY)]
    assert url(1) in f.seen


def test_start_urls_on_a_replica_origin_are_known_by_their_canonical_url():
    f = Frontier(site="http://127.0.0.1:8000", depth=2)
    (fetch,) = f.start("http://127.0.0.1:8000/article-1,1.html")
    assert fetch.url == url(1)


def test_links_of_an_in_topic_article_are_followed_one_hop_deeper():
    f = frontier()
    f.start(url(1))
    fetches = f.article(url(1), url(1), 0, True, links(2, 3))
    assert [(x.url, x.role, x.depth, x.priority) for x in fetches] == [
        (url(2), "article", 1, -10), (url(3), "article", 1, -10)]


def test_a_url_is_requested_once():
    f = frontier()
    f.start(url(1))
    assert urls(f.article(url(1), url(1), 0, True, links(2, 2, 3))) == [url(2), url(3)]
    assert f.article(url(3), url(3), 1, True, links(2)) == []


def test_off_topic_articles_are_not_expanded():
    f = frontier()
    f.start(url(1))
    assert f.article(url(1), url(1), 0, False, links(2, 3)) == []
    assert url(2) not in f.seen


def test_an_article_processed_twice_is_a_duplicate():
    f = frontier()
    f.start(url(1))
    assert f.article(url(1), url(1), 0, True, []) == []
    # The same article again, reached under its other URL.
    assert f.article(f"{SITE}/spip.php?article1", url(1), 0, True, []) is None


def test_the_shortest_depth_wins_for_a_queued_article():
    f = frontier(depth=2)
    f.start(url(1))
    f.start(url(9))
    f.article(url(1), url(1), 0, True, links(2))            # 2 at depth 1
    (deep,) = f.article(url(2), url(2), 1, True, links(3))  # 3 queued at depth 2
    assert deep.depth == 2
    f.article(url(9), url(9), 0, True, links(3))            # then found at depth 1
    # Processed from the depth-2 request, 3 counts as depth 1: its links (depth 2) are followed.
    assert [(x.url, x.depth) for x in f.article(url(3), url(3), 2, True, links(4))] == [(url(4), 2)]


def test_an_expanded_article_reached_by_a_shorter_path_is_expanded_again():
    f = frontier(depth=2)
    f.start(url(1))
    f.start(url(9))
    f.article(url(1), url(1), 0, True, links(2))
    f.article(url(2), url(2), 1, True, links(3))
    assert f.article(url(3), url(3), 2, True, links(4)) == []  # depth 3 is beyond the limit
    assert f.beyond_depth == 1
    # 3 turns out to be one hop from a start article: its links are now within reach.
    assert [(x.url, x.depth) for x in f.article(url(9), url(9), 0, True, links(3))] == [(url(4), 2)]
    assert f.beyond_depth == 0
    # A longer path to an expanded article changes nothing.
    assert f.follow_article(url(3), 2) == []


def test_the_depth_limit():
    f = frontier(depth=0)
    f.start(url(1))
    assert f.article(url(1), url(1), 0, True, links(2, 3)) == []
    assert f.beyond_depth == 2


def test_beyond_depth_counts_each_url_once():
    f = frontier(depth=1)
    f.start(url(1))
    f.start(url(2))
    f.article(url(1), url(1), 0, True, links(5))
    f.article(url(2), url(2), 0, True, links(5))
    # Two articles at depth 1, both linking to 7 and 8 (twice): two articles left out, not five links.
    f.article(url(5), url(5), 1, True, links(7, 8, 8))
    f.start(url(6))
    f.article(url(6), url(6), 0, True, links(3))
    f.article(url(3), url(3), 1, True, links(7, 8))
    assert f.beyond_depth == 2
    assert f.beyond == {url(7), url(8)}


def test_tag_pages_are_one_hop_further():
    f = frontier(depth=1)
    f.start(url(1))
    tag = f"{SITE}/tag/maroc-telecom"
    fetches = f.article(url(1), url(1), 0, True, [(tag, "tag"), (url(2), "further_reading")])
    assert [(x.url, x.role, x.depth) for x in fetches] == [(tag, "tag", 0), (url(2), "article", 1)]
    # The tag page's items are one hop from the article that linked to it...
    listing = Listing(items=[ListingItem(url(2)), ListingItem(url(3))], next_url=f"{tag}?debut=10")
    assert [(x.url, x.depth) for x in f.listing(listing, "tag", 0, 1).fetches] == [(url(3), 1)]
    # ...and a tag page is not paginated.
    assert f"{tag}?debut=10" not in f.seen


def test_no_tag_page_from_an_article_at_the_depth_limit():
    f = frontier(depth=1)
    f.start(url(1))
    f.article(url(1), url(1), 0, True, links(2))
    assert f.article(url(2), url(2), 1, True, [(f"{SITE}/tag/x", "tag")]) == []


def test_start_listing_items_are_depth_zero_and_the_next_page_follows():
    f = frontier(depth=0, max_pages=2)
    start = f"{SITE}/economie.html"
    f.start(start)
    page1 = Listing(items=[ListingItem(url(1)), ListingItem(url(2))], next_url=f"{start}?debut=10")
    fetches = f.listing(page1, "start", 0, 1).fetches
    assert [(x.url, x.role, x.depth, x.page) for x in fetches] == [
        (url(1), "article", 0, 1), (url(2), "article", 0, 1), (f"{start}?debut=10", "listing", 0, 2)]
    page2 = Listing(items=[ListingItem(url(3))], next_url=f"{start}?debut=20")
    assert urls(f.listing(page2, "listing", 0, 2).fetches) == [url(3)]  # max_pages reached


def test_listing_items_outside_the_date_window_are_skipped_and_older_pages_not_read():
    window = DateWindow(since=date(2020, 1, 1))
    f = frontier(window=window)
    start = f"{SITE}/economie.html"
    items = [ListingItem(url(1), published_at="2019-12-30"), ListingItem(url(2), published_at="2019-05-01")]
    assert f.listing(Listing(items=items, next_url=f"{start}?debut=10"), "start", 0, 1).fetches == []
    feed = [FeedItem(url(3), published_at="2021-01-01T10:00:00+01:00"), FeedItem(url(4), published_at="2019-01-01")]
    assert urls(f.feed(feed)) == [url(3)]


KNOWN = {url(1): KnownArticle(id=1, in_topic=True, published_at="2020-05-01", links=links(2, 3),
                              etag='"v1"', last_modified="Fri, 01 May 2020 10:00:00 GMT"),
         url(2): KnownArticle(id=2, in_topic=False, published_at="2020-05-02", links=links(4))}


def test_archived_articles_are_expanded_from_their_stored_links_not_fetched():
    f = frontier(known=KNOWN)
    # The start article is archived: its stored links are followed, it is not requested.
    assert [(x.url, x.depth) for x in f.start(url(1))] == [(url(3), 1)]  # 2 is archived (and off topic)
    assert f.known_expanded == 2
    assert url(4) not in f.seen  # an archived off-topic article is not expanded either


def test_archived_articles_are_known_by_their_bladi_id_too():
    f = frontier(known=KNOWN)
    assert f.known_url(f"{SITE}/spip.php?article1") == url(1)
    assert urls(f.start(f"{SITE}/spip.php?article1")) == [url(3)]


def test_refresh_fetches_archived_articles_conditionally():
    f = frontier(known=KNOWN, refresh=True)
    (fetch,) = f.start(url(1))
    assert (fetch.url, fetch.etag, fetch.last_modified) == (url(1), '"v1"', "Fri, 01 May 2020 10:00:00 GMT")
    assert f.known_expanded == 0
    # A 304 expands it from the archive.
    assert urls(f.expand_known(url(1), 0)) == [url(2), url(3)]


def test_a_page_of_archived_articles_does_not_stop_pagination():
    # An earlier run cut short (a kill, --max-pages) archived page 1 only: pages 2+ must still be read.
    f = frontier(known=KNOWN)
    start = f"{SITE}/economie.html"
    listing = Listing(items=[ListingItem(url(1)), ListingItem(url(2))], next_url=f"{start}?debut=10")
    assert f"{start}?debut=10" in urls(f.listing(listing, "start", 0, 1).fetches)


def dated_page(offset: int, first_day: date, listing: str = f"{SITE}/economie.html") -> Listing:
    """A page of 10 items, one a day going back from ``first_day``, with page-number links 0-90."""
    from datetime import timedelta

    items = [ListingItem(url(100 + offset + i), published_at=(first_day - timedelta(days=i)).isoformat())
             for i in range(10)]
    pages = {o: (f"{listing}?debut={o}" if o else listing) for o in range(0, 100, 10)}
    return Listing(items=items, next_url=pages.get(offset + 10), offset_param="debut", offset=offset,
                   page_offsets=pages)


def test_pages_an_earlier_run_covered_are_jumped_and_the_rest_read():
    # An earlier run read 2016-06-30 back to 2016-05-02 (pages 0-5 then); the listing has not moved.
    covered = {f"{SITE}/economie.html": [(date(2016, 5, 2), date(2016, 6, 30))]}
    f = frontier(coverage=covered, max_pages=50)
    plan = f.listing(dated_page(0, date(2016, 6, 30)), "start", 0, 1)
    (jump,) = [x for x in plan.fetches if "debut" in x.url]
    assert jump.purpose == "navigation" and jump.url != f"{SITE}/economie.html?debut=10"
    # Navigating by the dates seen, the crawl lands on the first page older than the block and reads on.
    day = {o: date(2016, 6, 30) - __import__("datetime").timedelta(days=o) for o in range(0, 100, 10)}
    fetch, seen = jump, []
    while fetch is not None:
        offset = int(fetch.url.rsplit("=", 1)[1])
        seen.append((offset, fetch.purpose))
        nxt = [x for x in f.listing(dated_page(offset, day[offset]), "listing", 0, 2).fetches if "debut" in x.url]
        fetch = nxt[0] if nxt else None
    offsets = [o for o, _ in seen]
    assert len(offsets) == len(set(offsets))  # each page once
    # Every page from 2016-05-01 down is fetched (probed or read), and of the covered pages only probes.
    assert {60, 70, 80, 90} <= set(offsets) and len(set(offsets) & {10, 20, 30, 40, 50}) <= 2, seen
    assert [o for o, purpose in seen if purpose == "listing"] == [70, 80]  # read on below the probed page 60


def test_without_coverage_pages_are_read_in_order():
    f = frontier()
    plan = f.listing(dated_page(0, date(2016, 6, 30)), "start", 0, 1)
    assert f"{SITE}/economie.html?debut=10" in urls(plan.fetches)


def test_an_archived_article_outside_the_date_window_is_not_expanded():
    f = frontier(known=KNOWN, window=DateWindow(until=date(2020, 1, 1)))
    assert f.start(url(1)) == []
    assert f.known_expanded == 1
