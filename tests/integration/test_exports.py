"""``bladiscrape export`` on a real crawl of the replica: each file read back with the tools researchers use."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import bibtexparser
import citeproc
import networkx as nx
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from bladiscrape.cli import main

SHEET_COLUMNS = ["id", "published_at", "title", "url", "section", "author", "tags", "actors", "lead", "body",
                 "in_topic", "citation"]


def export(db: Path, *args: str) -> subprocess.CompletedProcess:
    """``bladiscrape export ...``, run in this process (no Scrapy, nothing to isolate): exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["export", *args, "--db", str(db)])
        except SystemExit as e:  # argparse's refusals
            code = e.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def query(db: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn, conn:  # closed: a writer needs the file to itself
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("exports")


def test_coding_sheet_opens_with_accents_and_holds_every_matching_article(replica_archive, out):
    path = out / "sheet.csv"
    result = export(replica_archive, "coding-sheet", "--in-topic", "--since", "2016-01-01", "--until", "2016-12-31",
                    "-o", str(path))
    assert result.returncode == 0, result.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == SHEET_COLUMNS
    expected = query(replica_archive, "select id from articles where in_topic = 1 and published_at like '2016-%'"
                                      " order by published_at, id")
    assert [int(r["id"]) for r in rows] == [i for (i,) in expected]
    seed = next(r for r in rows if r["id"] == "44521")
    assert "grève du « like »" in seed["title"] and "Méditel" in seed["actors"] and seed["lead"].startswith("Pour protester") and seed["body"].startswith("La protestation")
    assert seed["published_at"] == "2016-02-28 11:10" and "; " in seed["tags"] and "Bladi.net" in seed["citation"]
    everything = export(replica_archive, "coding-sheet")
    assert everything.stdout.count("\nhttps://") == 0  # quoted URLs: rows do not start with one
    assert len(list(csv.DictReader(io.StringIO(everything.stdout.lstrip("\ufeff"))))) == \
        query(replica_archive, "select count(*) from articles")[0][0]


def test_coding_sheet_query_selects_by_word_form(replica_archive):
    result = export(replica_archive, "coding-sheet", "--query", "boycotter")
    ids = {int(r["id"]) for r in csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")))}
    assert 44521 in ids and ids < {i for (i,) in query(replica_archive, "select id from articles")}


def test_gexf_loads_in_networkx_with_the_archives_nodes_and_edges(replica_archive, out):
    path = out / "links.gexf"
    assert export(replica_archive, "graph", "--format", "gexf", "-o", str(path)).returncode == 0
    graph = nx.read_gexf(path)
    (articles,) = query(replica_archive, "select count(*) from articles")[0]
    (edges,) = query(replica_archive, "select count(*) from (select distinct l.from_id, a.id, l.kind from links l"
                                      " join articles a on a.url = l.to_url)")[0]
    assert graph.number_of_nodes() == articles and graph.number_of_edges() == edges
    seed = graph.nodes["44521"]
    assert seed["in_topic"] == 1 and "Méditel" in seed["actors"] and seed["published_at"].startswith("2016-02-28")
    assert {d["kind"] for _, _, d in graph.edges(data=True)} <= {"further_reading", "recommended", "in_body", "tag"}
    graphml = out / "links.graphml"
    assert export(replica_archive, "graph", "--format", "graphml", "-o", str(graphml)).returncode == 0
    assert nx.read_graphml(graphml).number_of_edges() == edges


def test_graph_csv_uses_gephis_headers(replica_archive, out):
    path = out / "links.csv"
    assert export(replica_archive, "graph", "--format", "csv", "-o", str(path)).returncode == 0
    edges = list(csv.DictReader(path.open(encoding="utf-8")))
    nodes = list(csv.DictReader((out / "links.nodes.csv").open(encoding="utf-8")))
    assert list(edges[0])[:3] == ["Source", "Target", "Type"] and list(nodes[0])[:2] == ["Id", "Label"]
    assert {e["Source"] for e in edges} | {e["Target"] for e in edges} <= {n["Id"] for n in nodes}


def test_jsonl_has_one_article_a_line_with_tags_actors_and_capture(replica_archive):
    lines = export(replica_archive, "jsonl", "--in-topic").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == query(replica_archive, "select count(*) from articles where in_topic = 1")[0][0]
    seed = next(r for r in records if r["id"] == 44521)
    assert isinstance(seed["tags"], list) and "Inwi" in seed["actors"]
    assert seed["capture"]["warc_record_id"].startswith("<urn:uuid:") and seed["capture"]["warc_file"]


def test_ris_reads_back_as_newspaper_articles(replica_archive):
    entries = rispy.loads(export(replica_archive, "citations", "--format", "ris", "--in-topic").stdout)
    seed = next(e for e in entries if e["urls"] == ["https://www.bladi.net/greve-like-operateurs-maroc,44521.html"])
    assert seed["type_of_reference"] == "NEWS" and seed["secondary_title"] == "Bladi.net"
    assert seed["language"] == "fr" and seed["date"] == "2016/02/28" and seed["title"].startswith("Les Marocains")
    assert "<urn:uuid:" in seed["accession_number"]  # the capture, as the archive location


def test_csl_json_renders_with_citeproc(replica_archive):
    items = json.loads(export(replica_archive, "citations", "--format", "csljson", "--in-topic").stdout)
    style = CitationStylesStyle(
        os.path.join(os.path.dirname(citeproc.__file__), "data", "styles", "harvard-cite-them-right.csl"),
        validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem("bladi-44521")]))
    text = str(bibliography.bibliography()[0])
    assert "Bladi.net" in text and "2016" in text and "greve-like-operateurs-maroc,44521.html" in text
    seed = next(i for i in items if i["id"] == "bladi-44521")
    assert seed["type"] == "article-newspaper" and seed["issued"] == {"date-parts": [[2016, 2, 28]]}
    assert "<urn:uuid:" in seed["archive_location"]


def test_bibtex_parses(replica_archive):
    library = bibtexparser.parse_string(export(replica_archive, "citations", "--format", "bibtex").stdout)
    assert not library.failed_blocks
    seed = next(e for e in library.entries if e.key == "bladi44521")
    assert seed.entry_type == "article" and seed["journaltitle"] == "Bladi.net" and seed["date"] == "2016-02-28"


@pytest.mark.parametrize("args, words", [
    (["coding-sheet", "--since", "28/02/2016"], ["--since", "YYYY-MM-DD"]),
    (["graph", "--format", "pdf"], ["--format", "pdf"]),
    (["citations", "--bogus"], ["--bogus"]),
    (["sheet"], ["sheet"]),
    (["coding-sheet", "-o", "/proc/nope/sheet.csv"], ["cannot write"]),
])
def test_bad_input_gets_one_line_and_writes_nothing(replica_archive, args, words, tmp_path):
    result = export(replica_archive, *args)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bladiscrape: error:"), result.stderr
    assert all(w in lines[0] for w in words)


def test_an_unwritable_output_is_left_alone(replica_archive, tmp_path):
    target = tmp_path / "sheet.csv"
    target.write_text("keep me", encoding="utf-8")
    if os.geteuid() != 0:  # root may write a read-only file: for root, a read-only directory is no refusal either
        target.chmod(0o444)
        result = export(replica_archive, "coding-sheet", "-o", str(target))
        assert result.returncode == 2 and "cannot write" in result.stderr
    result = export(replica_archive, "coding-sheet", "-o", str(tmp_path / "missing" / "sheet.csv"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.csv"]  # no temporary left behind
