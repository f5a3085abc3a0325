"""YAML through libyaml (PyYAML's C loader) where PyYAML has it: the same data and line numbers as
the pure-Python loader for every shipped file, and a broken file reported in the pure loader's words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engine.schema.source import FAST_LOADER, SourceError, load_yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted([*ROOT.glob("forms/*.yaml"), *ROOT.glob("workflows/*.yaml"), *ROOT.glob("examples/*.yaml")])


def test_pyyaml_here_has_the_c_loader():
    assert yaml.__with_libyaml__ and FAST_LOADER is yaml.CSafeLoader  # else the faster path is never tested


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_loaders_build_the_same_data_and_lines(path):
    text = path.read_text(encoding="utf-8")
    fast, pure = load_yaml(text, path.name, yaml.CSafeLoader), load_yaml(text, path.name, yaml.SafeLoader)
    assert fast.data == pure.data and fast.lines == pure.lines
    assert load_yaml(text, path.name) == pure


BROKEN = {
    "a flow mapping left open": "id: x\nsections: [{title: a, fields: [}\n",
    "a tab": "id: x\nsections:\n\t- title: a\n",
    "a key given twice": "id: x\nid: y\n",
    "an impossible date": "id: x\ndate: 2018-02-30\n",
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_is_reported_as_the_pure_loader_reports_it(text):
    with pytest.raises(SourceError) as fast:
        load_yaml(text, "x.yaml")
    with pytest.raises(SourceError) as pure:
        load_yaml(text, "x.yaml", yaml.SafeLoader)
    assert fast.value.problems == pure.value.problems
