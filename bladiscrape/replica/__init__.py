"""A local replica of Bladi.net, served over real HTTP on 127.0.0.1 (see README.md).

It is not Bladi.net: apart from the seed article of 28 February 2016 (real
text), every article text is a short test text written for bladiscrape's tests.
"""

#: Start points of ``bladiscrape demo``: the seed article and the RSS feed.
SEED_PATH = "/greve-like-operateurs-maroc,44521.html"
FEED_PATH = "/spip.php?page=backend"
DEMO_START_PATHS = (SEED_PATH, FEED_PATH)
