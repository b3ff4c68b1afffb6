"""Crawl: the Scrapy adapter, the only package that imports Scrapy: runner, spider, middlewares, pipeline."""
