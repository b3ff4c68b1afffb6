"""What a crawl says before it starts (its plan and cost) and when the site cannot be reached at all.

The estimate is a model, not a promise, built from the live site's own
figures: about 8 new articles a day in 2016 (ids 44,000 in January to 46,600
in November), 12 items a rubrique page, and about 15 probes to find a date
on one paginated listing. A polite crawl makes about one request a second.
"""

from __future__ import annotations

from bladiscrape.options import CrawlOptions

ARTICLES_PER_DAY = 8  # 2016 rate on the live site; later years run higher
ITEMS_PER_PAGE = 12
PROBES_PER_LISTING = 15  # interpolation seek on a listing of ~10,000 pages
LISTINGS = 20  # the home menu's rubriques, the seed searches and the telecom tag pages
FETCHED_SHARE = 0.05  # share of listed items whose title or teaser can be in topic
POLITE_DELAY = 1.0  # seconds, the default DOWNLOAD_DELAY
MISSING_SHARE = 0.12  # ids that answer 404 (deleted or unpublished articles)
PROBES_PER_BOUND = 17  # bisection over ~116,000 ids
MARGIN = 20  # discover.sweep.MARGIN


def estimate_requests(options: CrawlOptions) -> int | None:
    """Requests a windowed crawl is expected to make; None when there is no window to estimate from."""
    if options.ids:
        return options.ids[1] - options.ids[0] + 1
    if not (options.since and options.until):
        return None
    days = (options.until - options.since).days + 1
    if options.sweep:  # each id once (a redirect and its target as one), the probes, the margins
        return round(days * ARTICLES_PER_DAY / (1 - MISSING_SHARE) + 2 * PROBES_PER_BOUND + 2 * MARGIN)
    pages = days * ARTICLES_PER_DAY / ITEMS_PER_PAGE
    articles = days * ARTICLES_PER_DAY * (FETCHED_SHARE if options.min_listing_score() else 1)
    return round(len(options.start_urls()) + LISTINGS * PROBES_PER_LISTING + pages + articles)


def plan_line(options: CrawlOptions) -> str:
    """One line before fetching: entry points, range, estimated requests and duration."""
    if options.ids:
        entry = f"a sweep of ids {options.ids[0]}-{options.ids[1]}"
    elif options.sweep:
        entry = "a sweep of the range's ids (found by probing)"
    elif options.fill_gaps:
        entry = f"{len(options.start_urls())} missing source{'s' if len(options.start_urls()) > 1 else ''}"
        entry += f" and start URL{'s' if len(options.urls) > 1 else ''}" if options.urls else ""
    elif options.urls:
        entry = f"{len(options.urls)} start URL{'s' if len(options.urls) > 1 else ''}"
    else:
        entry = f"the site itself ({len(options.start_urls())} seeds: home page menu, feed, known articles, searches)"
    window = f"{options.since or 'the beginning'} to {options.until or 'today'}"
    text = f"Plan: {options.site}, from {entry}; articles from {window}"
    expected = estimate_requests(options)
    if expected is not None:
        delay = POLITE_DELAY if options.delay is None else options.delay
        minutes = expected * delay / 60
        text += f"; about {expected} requests"
        if delay:
            text += f", about {minutes:.0f} min at {delay:g} s a request"
        if not options.urls and not options.sweep and not options.ids and not options.fill_gaps:
            text += " (articles cost more in busier years)"
    return text


def unreachable(stats: dict, site: str) -> str | None:
    """``cannot reach <site>: <reason>`` when no request got any answer, else None."""
    if stats.get("downloader/response_count"):
        return None
    failures = {k.rsplit("/", 1)[-1].rsplit(".", 1)[-1]: v for k, v in stats.items()
                if k.startswith("downloader/exception_type_count/")}
    if not failures:
        return None
    reason = max(failures, key=failures.__getitem__)
    return f"cannot reach {site}: {reason}"
