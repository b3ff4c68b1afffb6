"""Analyse: pure functions from archived articles to research rows: mentions, the timeline, the link graph, gaps.

``mentions.py`` finds the actors of ``data/actors.yml`` in an article;
``episode.py`` loads ``data/episode_2016.yml`` and links articles to its
events; ``graph.py`` computes in/out links, PageRank and components;
``gaps.py`` says why a linked article is not in the archive. ``refresh.py``
runs them over an archive, reading and writing through ``store.research``.
"""
