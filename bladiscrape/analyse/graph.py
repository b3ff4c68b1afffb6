"""The link graph of the archive: links in and out of each article, PageRank, connected components.

Nodes are the archived articles; an edge is a row of ``links`` whose target
is an archived article (by its Bladi.net id, or its URL for the few pages
without one). networkx computes PageRank (over archived articles only, links
counted as edge weights) and the weakly connected components, numbered from
1 for the largest.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


def resolver(articles: Iterable[Mapping]):
    """A function giving the archived article id a ``links`` row points to, or None."""
    ids = set()
    by_url = {}
    for article in articles:
        ids.add(article["id"])
        by_url[article["url"]] = article["id"]

    def target(link: Mapping) -> int | None:
        if link.get("to_id") in ids:
            return link["to_id"]
        return by_url.get(link["to_url"])

    return target


def build_graph(articles: Sequence[Mapping], links: Iterable[Mapping]) -> nx.DiGraph:
    """Archived articles as nodes (with their attributes), links between them as edges carrying their kinds."""
    import networkx as nx  # here, not at the top: a crawl refused for bad input need not pay for it (and SciPy)

    graph = nx.DiGraph()
    for article in articles:
        graph.add_node(article["id"], **{k: v for k, v in article.items() if k != "id" and v is not None})
    target = resolver(articles)
    for link in links:
        to = target(link)
        if to is None:
            continue
        if graph.has_edge(link["from_id"], to):
            edge = graph.edges[link["from_id"], to]
            edge["weight"] += 1
            edge["kinds"].append(link["kind"])
        else:
            graph.add_edge(link["from_id"], to, weight=1, kinds=[link["kind"]])
    return graph


def link_metrics(articles: Sequence[Mapping], links: Sequence[Mapping]) -> list[dict]:
    """One ``link_metrics`` row per archived article."""
    graph = build_graph([{"id": a["id"], "url": a["url"]} for a in articles], links)
    target = resolver(articles)
    incoming: dict[int, Counter] = {a["id"]: Counter() for a in articles}
    outgoing: Counter = Counter()
    for link in links:
        outgoing[link["from_id"]] += 1
        to = target(link)
        if to is not None:
            incoming[to][link["kind"]] += 1
    import networkx as nx

    ranks = nx.pagerank(graph, weight="weight") if graph.number_of_nodes() else {}
    component = component_numbers(graph)
    return [{"article_id": a["id"], "in_links": sum(incoming[a["id"]].values()), "out_links": outgoing[a["id"]],
             "in_links_by_kind": json.dumps(dict(sorted(incoming[a["id"]].items()))),
             "pagerank": round(ranks.get(a["id"], 0.0), 6), "component": component.get(a["id"])}
            for a in articles]


def component_numbers(graph: nx.DiGraph) -> dict[int, int]:
    """Weakly connected components numbered 1, 2... by size, largest first (ties: the smaller least id first)."""
    import networkx as nx

    components = sorted(nx.weakly_connected_components(graph), key=lambda c: (-len(c), min(c)))
    return {node: number for number, nodes in enumerate(components, 1) for node in nodes}
