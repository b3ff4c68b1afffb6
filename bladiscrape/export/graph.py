"""The link graph as files Gephi and networkx read: GEXF, GraphML, or two CSV tables.

Nodes are the archived articles (title, date, section, in_topic, actors);
edges are links between them, one per (source, target, kind). The CSV form is
Gephi's spreadsheet import: an edges table with ``Source``/``Target``/``Type``
headers and a nodes table with ``Id``/``Label``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TextIO

import networkx as nx

from bladiscrape.analyse.graph import resolver

FORMATS = ("gexf", "graphml", "csv")
NODE_ATTRIBUTES = ("title", "published_at", "section", "in_topic", "actors")


def build(articles: list[dict], links: list[dict]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for a in articles:
        actors = "; ".join(json.loads(a.get("actors") or "[]"))
        graph.add_node(str(a["id"]), label=a["title"], title=a["title"], url=a["url"],
                       published_at=a.get("published_at") or "", section=a.get("section") or "",
                       in_topic=int(a.get("in_topic") or 0), actors=actors)
    target = resolver(articles)
    seen = set()
    for link in links:
        to = target(link)
        key = (link["from_id"], to, link["kind"])
        if to is None or key in seen:
            continue
        seen.add(key)
        graph.add_edge(str(link["from_id"]), str(to), key=link["kind"], kind=link["kind"])
    return graph


def write(graph: nx.MultiDiGraph, fmt: str, paths: list[Path]) -> None:
    """Write ``graph`` to ``paths`` (for CSV: the edges table, then the nodes table)."""
    if fmt == "csv":
        with open(paths[0], "w", encoding="utf-8", newline="") as f:
            write_edges(graph, f)
        with open(paths[1], "w", encoding="utf-8", newline="") as f:
            write_nodes(graph, f)
    elif fmt == "gexf":
        nx.write_gexf(graph, paths[0])
    else:
        nx.write_graphml(graph, paths[0])


def write_stream(graph: nx.MultiDiGraph, fmt: str, out: TextIO) -> None:
    """The graph on a stream: GEXF or GraphML text, or for CSV the edges table alone."""
    if fmt == "csv":
        write_edges(graph, out)
        return
    for line in nx.generate_gexf(graph) if fmt == "gexf" else nx.generate_graphml(graph):
        out.write(line + "\n")


def nodes_path(out: Path) -> Path:
    """Where the nodes table goes beside an edges file: ``links.csv`` -> ``links.nodes.csv``."""
    return out.with_name(out.stem + ".nodes" + out.suffix)


def write_edges(graph: nx.MultiDiGraph, f: TextIO) -> None:
    w = csv.writer(f)
    w.writerow(["Source", "Target", "Type", "Kind"])
    for source, target, data in graph.edges(data=True):
        w.writerow([source, target, "Directed", data["kind"]])


def write_nodes(graph: nx.MultiDiGraph, f: TextIO) -> None:
    w = csv.writer(f)
    w.writerow(["Id", "Label", "url", *NODE_ATTRIBUTES])
    for node, data in graph.nodes(data=True):
        w.writerow([node, data["label"], data["url"], *(data[k] for k in NODE_ATTRIBUTES)])
