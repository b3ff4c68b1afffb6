"""Where the tests' data lives, from the repository root: one place to change when a folder moves.

The data folders stay at the top of ``tests/`` because several levels read
them: the frozen pages (extraction, discovery, the fixture cases' sources),
the replica's ground truth (crawls, extraction, the replica itself; its
generator in ``tools/replica/`` writes it), the fixture cases (extraction,
``bench/``).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
#: Small hand-written pages of Bladi.net's template eras (not the replica).
PAGES = TESTS / "pages"
#: The replica's ground truth, written by tools/replica/ from the page content.
TRUTH_FILE = TESTS / "replica_truth.json"
#: The small replica's static site, as bladiscrape.replica.server serves it.
REPLICA_SITE = ROOT / "bladiscrape" / "replica" / "site"
#: Screenshots and other run outputs (gitignored).
ARTIFACTS = TESTS / "artifacts"
README = ROOT / "README.md"
