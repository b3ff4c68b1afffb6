"""core/runtime.py: the collector's settings for a long run, checked in a fresh interpreter (they are global)."""

from __future__ import annotations

import json
import subprocess
import sys

from bladiscrape.core import runtime

PROBE = """
import gc, json
from bladiscrape.core import runtime
before = gc.get_threshold()
runtime.{call}()
print(json.dumps({{"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count()}}))
"""


def probe(call: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE.format(call=call)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_long_run_freezes_what_is_loaded_and_collects_young_objects_less_often():
    seen = probe("for_long_run")
    assert seen["frozen"] > 1000  # the modules loaded by then
    assert seen["after"] == [runtime.YOUNG, *seen["before"][1:]]  # the older generations keep Python's thresholds


def test_the_server_only_freezes():
    seen = probe("freeze_loaded")
    assert seen["frozen"] > 1000 and seen["after"] == seen["before"]
