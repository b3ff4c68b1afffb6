"""The replica's fixture cases agree with the hand-written ground truth.

``output.json`` files are written by ``make_case.py`` from the extractor's
output; for the replica's pages this test is their review: each frozen output
must say what ``replica_truth.json`` (written from the page content, never from
the extractor) says.
"""

import json
import re

import pytest

from bladiscrape.replica.server import ROUTES
from fixtures import cases
from support.paths import PAGES, TRUTH_FILE

CASES = cases.CASES_DIR
TRUTH = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))
FIELDS = ("id", "slug", "title", "lead", "body", "published_at", "published_raw", "section", "author",
          "tags", "image_url")
REPLICA_CASES = sorted(p.name for p in CASES.glob("replica_*"))


def case(name):
    meta = cases.meta(CASES / name)
    output = json.loads((CASES / name / "output.json").read_text(encoding="utf-8"))
    return meta, output


def test_every_replica_article_has_a_case():
    urls = {case(name)[0]["url"] for name in REPLICA_CASES}
    assert {u for u in TRUTH if not u.startswith("_")} <= urls


@pytest.mark.parametrize("name", REPLICA_CASES)
def test_replica_case_reads_the_replica(name):
    """The page under review is the served page itself, not a copy that could drift from it."""
    meta, _ = case(name)
    assert meta["source"].startswith("bladiscrape/replica/site/") and not (CASES / name / "inputs" / "page.html").exists()
    served = meta["url"].removeprefix(TRUTH["_site"]["canonical_origin"] + "/")
    assert meta["source"].removeprefix("bladiscrape/replica/site/") in (served, ROUTES.get("/" + served))


@pytest.mark.parametrize("name", REPLICA_CASES)
def test_case_matches_ground_truth(name):
    meta, output = case(name)
    want = TRUTH.get(meta["url"])
    if want is None:  # listings and tag pages: never articles
        assert output["kind"] == "not_article" and output["article"] is None
        return
    assert output["kind"] == "article"
    got = output["article"]
    assert got["url"] == meta["url"]
    for field in FIELDS:
        assert got[field] == want[field], field
    links = {(ln["url"], ln["kind"], ln["anchor"], ln["teaser"], ln["position"]) for ln in got["links"]}
    assert links == {(ln["to_url"], ln["kind"], ln["anchor"], ln["teaser"], ln["position"]) for ln in want["links"]}


ARTICLE_URL = re.compile(rb"([a-z0-9-]+),(\d+)\.html")


def _test_data() -> dict[str, bytes]:
    """Every test artefact that names Bladi.net articles: frozen pages, case metas and outputs."""
    files = [f for f in PAGES.rglob("*") if f.is_file()]
    files += [f for f in CASES.rglob("*.json")]
    return {f.relative_to(cases.ROOT).as_posix(): f.read_bytes() for f in sorted(files)}


def test_one_identity_per_article():
    """An id the replica uses means the replica's article: same slug everywhere, and the seed is 44521."""
    slugs = {t["id"]: t["slug"] for url, t in TRUTH.items() if not url.startswith("_")}
    dead = ARTICLE_URL.search(TRUTH["_site"]["not_found"].encode())  # linked, answers 404: still its id
    slugs[int(dead.group(2))] = dead.group(1).decode()
    clashes = sorted({(name, m.group(0).decode()) for name, data in _test_data().items()
                      for m in ARTICLE_URL.finditer(data)
                      if slugs.get(int(m.group(2)), m.group(1).decode()) != m.group(1).decode()})
    assert clashes == []
    seed = TRUTH[TRUTH["_site"]["seed"]]
    for name in sorted(p.name for p in CASES.iterdir() if (p / "output.json").is_file()):
        article = case(name)[1]["article"]
        if article and article["title"] == seed["title"]:
            assert (article["url"], article["id"]) == (TRUTH["_site"]["seed"], 44521), name
