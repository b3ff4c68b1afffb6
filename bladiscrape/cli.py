"""The ``bladiscrape`` command: crawl, replica, serve, demo, reparse, analyse, export."""

from __future__ import annotations

import argparse
import sys

from bladiscrape import __version__

EXIT_BAD_INPUT = 2
EXIT_NOTHING_FETCHED = 1
STOPPED_BY = "bladi/write_failed"  # crawl/stop.py: why a crawl stopped before its end


class OneLineParser(argparse.ArgumentParser):
    """Bad options get one line on stderr and exit 2, not a usage dump (``--help`` still shows it)."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"bladiscrape: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="bladiscrape",
        description="Archive Bladi.net's telecom and ANRT coverage into SQLite and publish it with Datasette.",
    )
    parser.add_argument("--version", action="version", version=f"bladiscrape {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    crawl = sub.add_parser("crawl", help="crawl Bladi.net (or a replica) into the archive")
    crawl.add_argument("urls", nargs="*", metavar="URL",
                       help="start points: articles, rubric/tag pages, the RSS feed (default: the packaged seed list)")
    crawl.add_argument("--db", default="archive.db", help="archive file (default: archive.db)")
    crawl.add_argument("--site", default="https://www.bladi.net",
                       help="origin to fetch Bladi.net pages from (default: https://www.bladi.net)")
    crawl.add_argument("--depth", default=2, help="article-to-article hops to follow (default: 2)")
    crawl.add_argument("--since", help="skip articles published before this date (YYYY-MM-DD)")
    crawl.add_argument("--until", help="skip articles published after this date (YYYY-MM-DD)")
    crawl.add_argument("--max-pages", default=50, help="listing pages to read per start listing (default: 50)")
    crawl.add_argument("--topic", help="topic definition file replacing the packaged one (YAML)")
    crawl.add_argument("--actors", help="actors file replacing the packaged one (YAML)")
    crawl.add_argument("--jobdir", help="directory keeping the crawl state, to pause and resume")
    crawl.add_argument("--delay", help="seconds between requests, replacing the polite default (1 s + AutoThrottle)")
    crawl.add_argument("--warc-dir", help="directory of the WARC files (default: warcs/ beside the archive)")
    crawl.add_argument("--no-warc", action="store_true", help="do not keep responses in WARC files")
    crawl.add_argument("--replay", action="append", default=[], metavar="PATH",
                       help="answer requests from these WARC files (or directories) instead of the network; repeatable")
    crawl.add_argument("--refresh", action="store_true",
                       help="fetch archived articles again, conditionally (ETag/Last-Modified), to catch edits")
    crawl.add_argument("--listing-score", metavar="SCORE",
                       help="least topic score of a listed item's title and teaser for it to be fetched "
                            "(default: 2 with no URL given, every item otherwise; 0 fetches every item)")
    crawl.add_argument("--sweep", action="store_true",
                       help="ask every article id of --since/--until (spip.php?articleN), found by probing ids")
    crawl.add_argument("--ids", metavar="A-B", help="ask every article id from A to B (spip.php?articleN)")
    crawl.add_argument("--fill-gaps", action="store_true",
                       help="start from the archive's missing sources that the rules allow fetching")
    crawl.add_argument("--allow-mixed-origins", action="store_true",
                       help="crawl into an archive built from another origin (e.g. the replica's test texts)")
    crawl.add_argument("--concurrency", default=1, metavar="N",
                       help="requests at a time (default: 1); above 1 only for a local replica or --replay")
    crawl.add_argument("--timeout", metavar="S", help="seconds a download may take before it fails (default: 30)")
    crawl.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")

    replica = sub.add_parser("replica", help="serve the bundled offline replica of Bladi.net on 127.0.0.1")
    replica.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    replica.add_argument("--scale", action="store_true",
                         help="serve instead the full-scale synthetic site (about 116,000 article ids, test texts)")

    serve = sub.add_parser("serve", help="browse the archive in Datasette")
    serve.add_argument("--db", default="archive.db", help="archive file (default: archive.db)")
    serve.add_argument("--port", type=int, default=8001, help="port (default: 8001)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    reparse = sub.add_parser("reparse", help="rebuild or update the archive from WARC files, without the network")
    reparse.add_argument("paths", nargs="+", metavar="PATH", help="WARC files or directories of them")
    reparse.add_argument("--db", default="archive.db", help="archive file (default: archive.db)")
    reparse.add_argument("--since", help="skip articles published before this date (YYYY-MM-DD)")
    reparse.add_argument("--until", help="skip articles published after this date (YYYY-MM-DD)")
    reparse.add_argument("--topic", help="topic definition file replacing the packaged one (YAML)")
    reparse.add_argument("--actors", help="actors file replacing the packaged one (YAML)")
    reparse.add_argument("--workers", metavar="N",
                         help="processes reading and parsing the captures (default: the CPUs available, at most 4; "
                              "1: all in this process)")

    analyse = sub.add_parser("analyse", help="recompute the research tables (mentions, timeline, links)")
    analyse.add_argument("--db", default="archive.db", help="archive file (default: archive.db)")
    analyse.add_argument("--actors", help="actors file replacing the packaged one (YAML)")

    add_export_parser(sub)

    demo = sub.add_parser("demo", help="crawl the offline replica into an archive and browse it in Datasette")
    demo.add_argument("--db", default="demo.db",
                      help="demo archive file (default: demo.db, never the live archive.db; reused if it has articles)")
    demo.add_argument("--port", type=int, default=8001, help="Datasette port (default: 8001)")
    return parser


def add_export_parser(sub) -> None:
    export = sub.add_parser("export", help="write the archive as a coding sheet, a link graph, JSON lines or citations")
    kinds = export.add_subparsers(dest="what", required=True, metavar="coding-sheet|graph|jsonl|citations")
    for name, text in (("coding-sheet", "CSV for spreadsheets: one row per article, UTF-8 with a BOM"),
                       ("graph", "the link graph as GEXF, GraphML or Gephi's CSV tables"),
                       ("jsonl", "one article a line, with its tags, actors and capture"),
                       ("citations", "references for Zotero and other reference managers")):
        kind = kinds.add_parser(name, help=text)
        kind.add_argument("--db", default="archive.db", help="archive file (default: archive.db)")
        kind.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
        if name == "graph":
            kind.add_argument("--format", choices=("gexf", "graphml", "csv"), default="gexf",
                              help="gexf (default), graphml, or csv (FILE: edges, FILE.nodes.csv: nodes)")
            continue
        kind.add_argument("--query", metavar="TEXT", help="only articles matching these words (any French word form)")
        kind.add_argument("--since", metavar="D", help="only articles published on or after this day (YYYY-MM-DD)")
        kind.add_argument("--until", metavar="D", help="only articles published on or before this day (YYYY-MM-DD)")
        kind.add_argument("--in-topic", action="store_true", help="only in-topic articles")
        if name == "citations":
            kind.add_argument("--format", choices=("ris", "bibtex", "csljson"), default="ris",
                              help="ris (default), bibtex or csljson")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {"crawl": run_crawl, "replica": run_replica, "serve": run_serve, "demo": run_demo,
               "reparse": run_reparse, "analyse": run_analyse, "export": run_export}[args.command]
    return handler(args)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(f"bladiscrape: error: {message}", file=sys.stderr)
    return code


def run_crawl(args) -> int:
    from bladiscrape.crawl import preflight
    from bladiscrape.crawl.plan import plan_line, unreachable
    from bladiscrape.crawl.runner import crawl
    from bladiscrape.options import CrawlOptions, OptionError
    from bladiscrape.score.topic import TopicError
    from bladiscrape.store import ArchiveError
    from bladiscrape.store.locks import LockHeld

    try:
        options = CrawlOptions.from_args(args)
        preflight.check(options)
    except (OptionError, ArchiveError, TopicError) as e:
        return fail(str(e))
    if options.fill_gaps and not options.start_urls():
        print(f"No missing source to fetch in {options.archive} (see its missing_sources table)")
        return 0
    print(plan_line(options), flush=True)
    try:
        result = crawl(options, verbose=args.verbose)
    except LockHeld as e:  # raised before the crawl starts: nothing was written
        return fail(str(e))
    problem = unreachable(result.stats, options.site)
    if problem:
        return fail(problem, EXIT_NOTHING_FETCHED)
    print(result.summary)
    stopped = result.stats.get(STOPPED_BY)
    if stopped:  # disk full, read-only file system: what was committed before stays
        return fail(f"{stopped}; the crawl stopped, the archive keeps what was committed before",
                    EXIT_NOTHING_FETCHED)
    return 0 if result.fetched_ok else EXIT_NOTHING_FETCHED


def run_reparse(args) -> int:
    from bladiscrape.analyse.refresh import load_research
    from bladiscrape.core import runtime
    from bladiscrape.options import CrawlOptions, OptionError, parse_int
    from bladiscrape.provenance.files import check_warc_files
    from bladiscrape.provenance.reparse import ReparseStopped, reparse
    from bladiscrape.provenance.workers import default_workers
    from bladiscrape.score.topic import TopicError, load_topic
    from bladiscrape.store import ArchiveError, check_path
    from bladiscrape.store.locks import LockHeld

    try:
        workers = default_workers() if args.workers is None else parse_int("workers", args.workers, minimum=1)
        options = CrawlOptions.from_args(args)
        load_topic(options.topic, options.actors)
        load_research(options.actors)  # ActorsError, EpisodeError: ValueErrors
        check_warc_files(args.paths)
        check_path(args.db)
    except (OptionError, ArchiveError, TopicError, ValueError) as e:
        return fail(str(e))
    runtime.for_long_run()  # before the workers are forked: they inherit it, and share the frozen pages
    try:
        result = reparse(args.db, args.paths, options, workers=workers)
    except LockHeld as e:  # raised before anything is written
        return fail(str(e))
    except ReparseStopped as e:  # Ctrl-C, a worker that died: what was stored before stays
        print(e.result.summary(args.db))
        return fail(str(e), EXIT_NOTHING_FETCHED)
    except KeyboardInterrupt:  # a second Ctrl-C, or one while the final tables were being computed
        return fail("interrupted; the archive keeps the batches stored before", EXIT_NOTHING_FETCHED)
    print(result.summary(args.db))
    return 0


def run_analyse(args) -> int:
    from bladiscrape.analyse.command import run

    return run(args.db, args.actors)


def run_export(args) -> int:
    from bladiscrape.export.command import run

    return run(args)


def port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (in use, not allowed), or None; checked before anything starts."""
    import socket

    if port == 0:
        return None
    if not 0 < port < 65536:
        return f"--port {port} is not a port number (1-65535)"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers set it
        try:
            probe.bind((host, port))
        except OSError as e:
            return f"cannot listen on {host}:{port}: {e.strerror or e} (another server has it? try --port)"
    return None


def run_replica(args) -> int:
    problem = port_taken("127.0.0.1", args.port)
    if problem:
        return fail(problem)
    if args.scale:
        from bladiscrape.replica.scale.server import main as serve_scale

        return serve_scale(["--port", str(args.port)])
    from bladiscrape.replica.server import serve_forever

    serve_forever(args.port)
    return 0


def run_demo(args) -> int:
    from bladiscrape.demo import run
    from bladiscrape.store import ArchiveError, check_path
    from bladiscrape.store.locks import LockHeld

    try:
        check_path(args.db)
        return run(args.db, args.port)
    except (ArchiveError, LockHeld) as e:  # LockHeld: another crawl is filling an empty archive
        return fail(str(e))


def run_serve(args) -> int:
    from bladiscrape.publish.app import serve
    from bladiscrape.store import ArchiveError, check_archive

    problem = port_taken(args.host, args.port)  # first: checking the archive opens it
    if problem:
        return fail(problem)
    try:
        check_archive(args.db)
    except ArchiveError as e:
        return fail(str(e))
    serve(args.db, port=args.port, host=args.host)
    return 0


if __name__ == "__main__":
    sys.exit(main())
