"""The data files read by libyaml give the data PyYAML's own parser gives, and bad YAML the same error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bladiscrape.core import yamlfile

PACKAGE = Path(__file__).resolve().parents[2] / "bladiscrape"
FILES = sorted(PACKAGE.glob("data/*.yml")) + [PACKAGE / "publish/metadata.yml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_data_as_pyyaml(path):
    text = path.read_text(encoding="utf-8")
    assert yamlfile.safe_load(text) == yaml.safe_load(text)


def test_bad_yaml_raises_with_its_line():
    with pytest.raises(yaml.YAMLError) as raised:
        yamlfile.safe_load("actors:\n  - id: inwi\n  names: [Inwi\n")
    assert raised.value.problem_mark.line >= 2


def test_no_python_objects():
    with pytest.raises(yaml.YAMLError):
        yamlfile.safe_load("!!python/object/apply:os.system ['true']")
