"""Discovery at site scale: recall and requests, by purpose, on the full-scale synthetic site.

    python bench/discovery.py [--year 2016] [--month 2016-03]

Serves ``bladiscrape.replica.scale`` (about 116,000 ids, SPIP's mechanics,
its own ground truth) on 127.0.0.1 and runs two real crawls at ``--delay 0``:
the year with no URL, and one month with ``--sweep``. It prints recall
against the site's ground truth and the requests by purpose beside the
budgets (year: 4 requests per in-topic article + 300; sweep: 1.15 per id +
60, a redirect and its target counted as one).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from calendar import monthrange
from datetime import date
from pathlib import Path

from bladiscrape.replica.scale import ScaleServer


def crawl(server, db: Path, *args: str) -> tuple[dict, set[int], float]:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bladiscrape", "crawl", "--db", str(db), "--site", server.url,
                    "--delay", "0", "--no-warc", *args], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    conn = sqlite3.connect(db)
    try:
        stats = json.loads(conn.execute("select stats from crawl_runs").fetchone()[0])
        ids = {row[0] for row in conn.execute("select id from articles")}
    finally:
        conn.close()
    return stats, ids, seconds


def purposes(stats: dict) -> str:
    return ", ".join(f"{k.rsplit('/', 1)[1]} {v}" for k, v in sorted(stats.items()) if k.startswith("bladi/requests/"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=2016)
    parser.add_argument("--month", default="2016-03", help="YYYY-MM swept by id")
    args = parser.parse_args()
    since, until = date(args.year, 1, 1), date(args.year, 12, 31)
    year, month = map(int, args.month.split("-"))
    m_since, m_until = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    with ScaleServer(port=0) as server, tempfile.TemporaryDirectory() as tmp:
        site = server.site
        print(f"Synthetic site: {site.article_count:,} articles, ids 1-{site.max_id:,}, "
              f"built in {site.build_seconds:.1f} s")

        stats, ids, seconds = crawl(server, Path(tmp) / "year.db", "--since", str(since), "--until", str(until))
        in_topic, tagged = set(site.in_topic_ids(since, until)), set(site.telecom_tagged_or_linked(since, until))
        requests = stats["downloader/request_count"]
        budget = 4 * len(in_topic) + 300
        print(f"\n{since}..{until}, no URL ({seconds:.0f} s at --delay 0)")
        print(f"  recall, tagged or linked from a tagged one: {len(ids & tagged)}/{len(tagged)} "
              f"= {len(ids & tagged) / len(tagged):.1%} (target 95 %)")
        print(f"  recall, all in-topic: {len(ids & in_topic)}/{len(in_topic)} "
              f"= {len(ids & in_topic) / len(in_topic):.1%} (target 90 %)")
        outside = len(ids - set(site.ids_between(since, until)))
        print(f"  archived outside the range: {outside}; articles archived: {len(ids)}")
        print(f"  requests: {requests} against a budget of {budget} ({requests / budget:.2f}x); {purposes(stats)}")

        stats, ids, seconds = crawl(server, Path(tmp) / "ten.db", "--since", "2008-05-01", "--until", "2008-05-10")
        pages = sum(v for k, v in stats.items() if k.startswith("bladi/requests/")
                    and k.rsplit("/", 1)[1] in ("listing", "navigation", "start", "tag"))
        print(f"\n2008-05-01..2008-05-10, no URL ({seconds:.0f} s at --delay 0)")
        print(f"  listing pages read: {pages} (target at most 150); {purposes(stats)}")

        stats, ids, seconds = crawl(server, Path(tmp) / "month.db", "--sweep", "--since", str(m_since),
                                    "--until", str(m_until))
        wanted = set(site.ids_between(m_since, m_until))
        span = max(wanted) - min(wanted) + 1
        asked = stats["downloader/request_count"] - stats.get("bladi/fetch/redirect", 0)
        m_topic = set(site.in_topic_ids(m_since, m_until))
        print(f"\n{m_since}..{m_until}, --sweep ({seconds:.0f} s at --delay 0)")
        print(f"  articles of the month archived: {len(ids & wanted)}/{len(wanted)}; "
              f"in topic: {len(ids & m_topic)}/{len(m_topic)}")
        print(f"  requests (a redirect and its target as one): {asked} for {span} ids "
              f"= {asked / span:.2f} per id against a budget of {1.15 * span + 60:.0f}; {purposes(stats)}")


if __name__ == "__main__":
    main()
