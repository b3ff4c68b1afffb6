"""The replica's files and its ground truth: what the generator writes, what the truth says, the seed verbatim."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bladiscrape.replica.server import SITE
from support.paths import TRUTH_FILE

TRUTH = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))
SITE_INFO = TRUTH["_site"]
ARTICLES = {url: t for url, t in TRUTH.items() if url != "_site"}
BLADI = "https://www.bladi.net"
CASABLANCA = ZoneInfo("Africa/Casablanca")


def test_site_files_and_truth_agree():
    article_files = {BLADI + "/" + f.relative_to(SITE).as_posix() for f in SITE.rglob("*,*.html")
                     if not f.relative_to(SITE).as_posix().startswith("_")}
    assert article_files == set(ARTICLES)
    for url, t in ARTICLES.items():
        name = url.rsplit("/", 1)[1]
        assert name == f"{t['slug']},{t['id']}.html"
        assert t["era"] in "abcd" and isinstance(t["in_topic"], bool)
        when = datetime.fromisoformat(t["published_at"])
        assert when.utcoffset() == when.replace(tzinfo=CASABLANCA).utcoffset(), url
        assert t["body"] and "\n\n\n" not in t["body"] and t["title"] == t["title"].strip()
        for kind in ("in_body", "tag", "further_reading", "recommended"):
            positions = [link["position"] for link in t["links"] if link["kind"] == kind]
            assert positions == list(range(1, len(positions) + 1))
        if t["image_url"]:
            assert t["image_url"].startswith(BLADI + "/")


def test_ids_rise_with_dates():
    by_id = sorted(ARTICLES.values(), key=lambda t: t["id"])
    dates = [datetime.fromisoformat(t["published_at"]) for t in by_id]
    assert dates == sorted(dates)


def test_the_truth_covers_the_date_cases():
    raws = [t["published_raw"] for t in ARTICLES.values()]
    stamps = {t["published_at"] for t in ARTICLES.values()}
    assert {"2016-02-28T11:10:00+00:00", "2016-04-21T16:20:00+01:00", "2016-06-20T09:40:00+00:00"} <= stamps
    assert "2016-04-21T15:20:00Z" in raws
    assert any(r.startswith("1er ") for r in raws)
    assert any(re.search(r" - \dh\d\d - ", r) for r in raws)
    assert any(re.search(r"\b(fevrier|aout|decembre)\b", r) for r in raws)
    assert any(r.endswith("Ecrit par :") for r in raws)
    authors = {t["author"] for t in ARTICLES.values()}
    assert None in authors and len(authors - {None, "Bladi.net"}) >= 1
    assert set(t["era"] for t in ARTICLES.values()) == set("abcd")


def test_crawl_expectations_are_consistent():
    chain = SITE_INFO["chain"]
    d2, d3 = set(SITE_INFO["fetched_depth2"]), set(SITE_INFO["fetched_depth3"])
    never = set(SITE_INFO["never_fetch"])
    assert chain[0] == SITE_INFO["seed"] and len(chain) == 6
    for a, b in itertools.pairwise(chain):  # each hop is an "Aller plus loin" link between in-topic articles
        assert ARTICLES[a]["in_topic"] and any(
            link["to_url"] == b and link["kind"] == "further_reading" for link in ARTICLES[a]["links"])
    assert chain[2] in d2 and chain[3] in d3 - d2 and chain[4] in never
    assert d2 < d3 <= set(ARTICLES) and not never & d3 and never <= set(ARTICLES)
    assert SITE_INFO["fail_once"] in d2 and SITE_INFO["robots_disallowed"] in never
    in_topic_targets = {link["to_url"] for t in ARTICLES.values() if t["in_topic"] for link in t["links"]}
    assert not set(SITE_INFO["most_read"]) & in_topic_targets  # only the sidebar links to them
    for url in SITE_INFO["off_topic_second_level"] + SITE_INFO["only_linked_from_off_topic"]:
        linkers = [u for u, t in ARTICLES.items() if any(link["to_url"] == url for link in t["links"]) and u in d3]
        assert linkers and all(not ARTICLES[u]["in_topic"] for u in linkers), url


# -- the generator: site/ and the truth are its output, never edited by hand ------


def _files(root: Path) -> dict[str, bytes]:
    return {f.relative_to(root).as_posix(): f.read_bytes() for f in sorted(root.rglob("*")) if f.is_file()}


def test_regenerating_gives_the_committed_site_and_truth(tmp_path):
    from tools.replica.build_site import build

    build(tmp_path / "site", tmp_path / "replica_truth.json")
    built, committed = _files(tmp_path / "site"), _files(SITE)
    assert sorted(built) == sorted(committed)
    assert [name for name in built if built[name] != committed[name]] == []
    assert (tmp_path / "replica_truth.json").read_bytes() == TRUTH_FILE.read_bytes()


#: sha256 of the seed's title, date line, lead and four paragraphs (joined by blank lines, no-break
#: spaces kept) as archived in shared/seeds/000_e912712a9f684134.txt: Bladi.net's words, not to be edited.
SEED_SHA256 = "c6adcf01c74a9fdef6e3ffa3c57c11f275af59aa3a5e56602556ace69367a6b6"


def test_seed_text_is_verbatim():
    from tools.replica.render import SEED, date_line

    assert SEED.text == "real" and SEED.id == 44521 and SITE_INFO["seed"] == BLADI + "/" + SEED.path
    text = "\n\n".join([SEED.title, date_line(SEED), SEED.lead, *SEED.body])
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == SEED_SHA256
    assert [t["text"] for t in ARTICLES.values()].count("real") == 1
