"""The synthetic site, built once for every module that checks it."""

from __future__ import annotations

import pytest

from bladiscrape.replica.scale import SyntheticSite


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


@pytest.fixture(scope="session")
def site() -> SyntheticSite:
    before = _rss_mb()
    built = SyntheticSite(seed=2016)
    print(f"\nSyntheticSite(2016): {built.article_count} articles of {built.max_id} ids, "
          f"index built in {built.build_seconds:.2f} s, +{_rss_mb() - before:.0f} MB resident")
    return built
