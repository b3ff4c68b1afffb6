"""Export: the archive as files researchers open elsewhere: a coding sheet, a link graph, JSON lines, citations.

Each module turns the rows of ``store.exports`` into one format; ``command.py``
is ``bladiscrape export``. Every export reads the same selection (``--query``,
``--since``, ``--until``, ``--in-topic``) and says where each article's capture is.
"""
