"""Python's garbage collector set for a long run: a crawl, a replay, a reparse, a server.

A page allocates tens of thousands of objects (lxml's elements wrapped,
Scrapy's requests and responses, Twisted's deferreds) and keeps few. At
Python's default of a young collection every 700 net allocations, a replay
of 2,000 pages ran 775 young and 70 middle collections, each walking the
survivors again, and five full ones walking everything loaded: the modules,
the topic, the known articles. Measured on ``bench/crawl.py``'s replay,
best and median of four alternating runs: 191 and 163 pages/s as Python
sets it, 178 and 170 with what is loaded frozen, 200 and 185 frozen with
young collections every 10,000 allocations, for 6 MB more memory. Turning
the collector off was not faster, and held 380 MB of cyclic garbage.
"""

from __future__ import annotations

import gc

#: Net allocations between two young collections (Python: 700). Larger values hold more cyclic
#: garbage between collections: 50,000 added 45 MB to a replay for no gain.
YOUNG = 10_000


def freeze_loaded() -> None:
    """Leave what is loaded by now (modules, settings, data files) out of every later collection."""
    gc.freeze()


def for_long_run() -> None:
    """What is loaded frozen, and young collections every ``YOUNG`` allocations; the older generations' own
    thresholds are kept."""
    freeze_loaded()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)
