"""Keeping the research tables in step with the archive: after each batch, at the end of a run, on demand.

``Research`` holds what the analysis needs (the actors, the timeline). A crawl
or a reparse calls ``prepare`` when it opens the archive, ``batch_rows`` before
each batch is written and ``articles_written`` after it (the per-article rows
of the articles just written), and
``finish`` before it closes (the whole-archive tables, and every article's rows
when the definitions changed). ``analyse_archive`` does all of it at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bladiscrape.analyse import entities
from bladiscrape.analyse.episode import Episode, load_episode
from bladiscrape.analyse.gaps import missing_sources
from bladiscrape.analyse.graph import link_metrics
from bladiscrape.analyse.mentions import mention_rows
from bladiscrape.model import ArticleBundle
from bladiscrape.score.actors import Actors, load_actors
from bladiscrape.store import counts as count_tables
from bladiscrape.store import research as tables
from bladiscrape.store.archive import Archive


@dataclass
class Research:
    actors: Actors
    episode: Episode
    redo_all: bool = False  # the stored definitions differed: every article's rows are recomputed at the end
    _nlp: list[Any] = field(default_factory=list)  # the named-entity model, loaded at the first article ([None]: none)

    def nlp(self) -> Any | None:
        if not self._nlp:
            self._nlp.append(entities.load_model())
        return self._nlp[0]

    def definitions(self) -> tuple[list[dict], list[dict], list[dict]]:
        actors = [{"id": a.id, "name": a.name, "kind": a.kind, "description": a.description,
                   "names": json.dumps(list(a.names), ensure_ascii=False) if a.names else None}
                  for a in self.actors.actors]
        aliases = [{"actor_id": a.id, "alias": alias.text, "case_rule": alias.case}
                   for a in self.actors.actors for alias in a.aliases]
        return actors, aliases, [e.row() for e in self.episode.events]


def load_research(actors_path: str | None = None, episode_path: str | None = None) -> Research:
    """``ActorsError``/``EpisodeError`` (one-line messages) for a file that does not load."""
    actors = load_actors(actors_path)
    return Research(actors, load_episode(episode_path, actors))


def prepare(archive: Archive, research: Research) -> None:
    """Store the definitions; when they changed, every article's rows are redone by ``finish``."""
    count_tables.mark_stale(archive)  # until finish, the canned queries count from the articles
    actors, aliases, events = research.definitions()
    stored = tables.stored_definitions(archive)
    if stored != (actors, aliases, events):
        tables.write_definitions(archive, actors, aliases, events)
        # An archive with no article yet (a first crawl, a reparse into a new file)
        # has nothing to redo: each batch's rows are computed as it is written.
        research.redo_all = archive.db.execute("select exists (select 1 from articles)").fetchone()[0] == 1


def article_rows(articles: Iterable[dict], research: Research) -> tuple[dict[str, list[dict]], dict[int, list[str]]]:
    """Mentions and event links of ``articles``, and the actor names of each (for the facet)."""
    articles = list(articles)
    return _combined(articles, [page_rows(article, research) for article in articles], research)


@dataclass
class PageRows:
    """One article's mentions, event links and actor names: pure, so computed where its page is
    processed (a reparse's worker process) and combined into its batch's rows by ``batch_rows``."""

    mentions: list[dict]
    event_articles: list[dict]
    actors: list[str]


def page_rows(article: Mapping, research: Research) -> PageRows:
    """``article``: an ``articles`` row (title, lead, body, published_at and id are read)."""
    names = {a.id: a.name for a in research.actors.actors}
    mentions = mention_rows(article, research.actors)
    named = {m["actor_id"] for m in mentions}
    return PageRows(mentions, research.episode.event_links(article, named), sorted(names[i] for i in named))


def _combined(articles: Sequence[Mapping], pages: Sequence[PageRows],
              research: Research) -> tuple[dict[str, list[dict]], dict[int, list[str]]]:
    """The rows of ``articles`` from each one's ``PageRows``, with their named entities (a batch at a time)."""
    rows: dict[str, list[dict]] = {"mentions": [], "event_articles": []}
    facet: dict[int, list[str]] = {}
    nlp = research.nlp() if articles else None
    if nlp is not None:  # without the model, entities found by an earlier run are left as they are
        rows["entities"] = entities.entity_rows(articles, nlp)
    for article, page in zip(articles, pages, strict=True):
        rows["mentions"] += page.mentions
        rows["event_articles"] += page.event_articles
        facet[article["id"]] = page.actors
    return rows, facet


@dataclass
class BatchRows:
    """The per-article research rows of a batch, for ``articles_written``."""

    ids: list[int]
    rows: dict[str, list[dict]]
    facet: dict[int, list[str]]


def batch_rows(bundles: Sequence[ArticleBundle], research: Research,
               pages: Sequence[PageRows] | None = None) -> BatchRows:
    """The per-article rows of a batch about to be written, from its bundles (not read back once stored).

    ``pages``: each bundle's ``page_rows``, when they were computed already (by
    a reparse's workers); otherwise they are computed here. Each article row
    gains its ``actors`` facet here, so the batch's own write stores it, not a
    second update of every row. An article twice in a batch is stored as its
    last bundle, so its rows are that bundle's; articles come in id order, the
    order they were read back from the archive in before.
    """
    articles = {b.article["id"]: b.article for b in bundles}
    ids = sorted(articles)
    if pages is None:
        rows, facet = article_rows([articles[i] for i in ids], research)
    else:
        last = {b.article["id"]: page for b, page in zip(bundles, pages, strict=True)}
        rows, facet = _combined([articles[i] for i in ids], [last[i] for i in ids], research)
    for bundle in bundles:
        bundle.article["actors"] = json.dumps(facet[bundle.article["id"]], ensure_ascii=False)
    return BatchRows(ids, rows, facet)


def articles_written(archive: Archive, batch: BatchRows) -> None:
    """The per-article rows of the articles a batch just wrote (``batch_rows`` of its bundles)."""
    tables.replace_article_rows(archive, batch.ids, batch.rows, batch.facet)


def finish(archive: Archive, research: Research) -> None:
    """At the end of a run: every article again if the definitions changed, then the whole-archive tables."""
    if research.redo_all:
        articles = tables.article_texts(archive)
        rows, facet = article_rows(articles, research)
        tables.replace_article_rows(archive, [a["id"] for a in articles], rows, facet)
        research.redo_all = False
    inputs = tables.graph_inputs(archive)
    tables.replace_table(archive, "link_metrics", link_metrics(inputs["articles"], inputs["links"]))
    tables.replace_table(archive, "missing_sources", missing_sources(**inputs))
    count_tables.refresh(archive)  # last: the counts of mentions need this run's mention rows


def analyse_archive(archive: Archive, research: Research) -> dict:
    """Recompute every research table from the stored articles; counts of what it holds."""
    prepare(archive, research)
    research.redo_all = True
    finish(archive, research)
    return tables.counts(archive)
