"""bladiscrape: a research archive of Bladi.net's telecom and ANRT coverage.

Data flows one way, one module per step:

    discover.py   start points, listing pages, RSS feed -> article URLs
    spider.py     fetch (Scrapy) and decide what to follow
    extract/      HTML bytes + URL -> ArticleRecord (pure, layered)
    topic.py      relevance score of a record
    normalise.py  ArticleRecord -> archive rows
    store.py      rows -> SQLite (sqlite-utils), schema and FTS
    publish.py    Datasette over the archive
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/bladiscrape/bladiscrape"
