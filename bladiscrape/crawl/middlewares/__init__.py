"""Downloader middlewares of the crawl, one concern each: retry, capture, replay, duplicate filter."""
