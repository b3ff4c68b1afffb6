"""bladiscrape: a research archive of Bladi.net's telecom and ANRT coverage.

Data flows one way, one folder per step:

    discover/     start points, listing pages, RSS feed -> article URLs
    crawl/        fetch (Scrapy, the only Scrapy user) and decide what to follow
    extract/      HTML bytes + URL -> ArticleRecord (pure, layered)
    score/        relevance of a record to the topic; the actors' names in a text
    process.py    one page: response + capture -> archive rows, or a reason to skip
    store/        rows -> SQLite (sqlite-utils): schema, writes, read-only access
    provenance/   WARC: capture, streaming reader, re-parse
    analyse/      research rows: actor mentions, the 2016 timeline, the link graph, missing sources
    export/       coding sheet, link graph, JSON lines and citations, as files
    publish/      Datasette over the archive

Below them: ``model.py`` (the nouns that flow) and ``core/`` (pure helpers
every step shares: URLs, the one decoder, text folding, dates). Beside them,
``replica/`` is the offline replica that ``bladiscrape replica`` and ``demo``
serve (test equipment; its generator lives outside the package).
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/bladiscrape/bladiscrape"
