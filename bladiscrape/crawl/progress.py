"""Live crawl progress on a terminal, and the one-line summary at the end."""

from __future__ import annotations

import sys

from scrapy import signals
from twisted.internet import task


def counts(stats: dict) -> dict:
    fetched = sum(v for k, v in stats.items() if k.startswith("bladi/fetch/"))
    return {
        "pages": fetched,
        "articles": stats.get("bladi/articles_stored", 0),
        "in_topic": stats.get("bladi/in_topic", 0),
        "off_topic": stats.get("bladi/off_topic", 0),
        "errors": stats.get("bladi/fetch/error", 0),
        "robots": stats.get("bladi/fetch/robots_disallowed", 0),
        "known": stats.get("bladi/known_expanded", 0),
        "not_modified": stats.get("bladi/fetch/not_modified", 0),
        "out_of_range": stats.get("bladi/fetch/out_of_range", 0),
        "beyond_depth": stats.get("bladi/beyond_depth", 0),
    }


def summary(stats: dict, db: str, reason: str | None) -> str:
    c = counts(stats)
    skipped = []
    for key, label in (("robots", "disallowed by robots.txt"), ("out_of_range", "out of date range"),
                       ("beyond_depth", "beyond --depth")):
        if c[key]:
            skipped.append(f"{c[key]} {label}")
    text = (f"Crawl {reason or 'ended'}: {c['pages']} pages, {c['articles']} articles stored "
            f"({c['in_topic']} in topic, {c['off_topic']} off topic), {c['errors']} errors")
    if c["known"] or c["not_modified"]:
        text += f"; {c['known']} archived articles expanded without download, {c['not_modified']} unchanged (304)"
    if skipped:
        text += "; skipped " + ", ".join(skipped)
    return text + f" -> {db}"


def sweep_progress(stats: dict, delay: float) -> str:
    """`` | ids 120 done, 202 left, ~3 min`` during a sweep by id (empty otherwise).

    Each id left costs about one request (a redirect and its target), at ``delay``
    seconds a request: the estimate is that, not a measured rate.
    """
    total = stats.get("bladi/sweep/ids_total")
    if not total:
        return ""
    done = stats.get("bladi/sweep/ids_done", 0)
    left = max(0, total - done)
    return f" | ids {done} done, {left} left, ~{left * max(delay, 0.0) / 60:.0f} min"


class Progress:
    """Rewrites one status line on stderr every second, when stderr is a terminal."""

    def __init__(self, crawler, stream=None):
        self.crawler = crawler
        self.stream = stream or sys.stderr
        self.loop = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def opened(self, spider):
        if self.stream.isatty():
            self.loop = task.LoopingCall(self.show)
            self.loop.start(1.0)

    def show(self):
        c = counts(self.crawler.stats.get_stats())
        queue = self._queue_size()
        line = (f"pages {c['pages']} | articles {c['articles']} (in {c['in_topic']} / off {c['off_topic']})"
                f" | errors {c['errors']} | queue {queue}")
        line += sweep_progress(self.crawler.stats.get_stats(), self._delay())
        self.stream.write("\r" + line.ljust(79)[:200])
        self.stream.flush()

    def _delay(self) -> float:
        return self.crawler.settings.getfloat("DOWNLOAD_DELAY")

    def _queue_size(self):
        scheduler = self.crawler.engine.scheduler if self.crawler.engine else None
        return len(scheduler) if scheduler is not None else 0

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
            self.stream.write("\n")
