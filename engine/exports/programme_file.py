"""A programme as a programme file (YAML): what ``flask programme load`` reads, so it round-trips.

``flask programme export ID`` and the leader's export page write it: the programme's gatherings,
teams and members, exceptions and its cycle adjustments (``cycle``), without the store's
bookkeeping (revision, times). Loading it on another installation — or on this one after a
restore — gives the same programme. Dates are YAML dates, times quoted "HH:MM".
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from ..cycle import Programme

HEADER = "# yaml-language-server: $schema=../engine/cycle/programme.schema.json\n"
_DATE_KEYS = {"date", "due"}
_BOOKKEEPING = ("revision", "created_at", "updated_at")


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the record's order, long texts as literal blocks."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dated(value: Any, key: str | None = None) -> Any:
    """The record with ISO date strings as dates (YAML writes them unquoted)."""
    if isinstance(value, dict):
        return {k: _dated(v, k) for k, v in value.items() if v is not None and v != [] and v != ""}
    if isinstance(value, list):
        return [_dated(item) for item in value]
    if key in _DATE_KEYS and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def programme_yaml(programme: Programme) -> str:
    """The programme file of ``programme`` (UTF-8 text)."""
    document = {k: v for k, v in programme.to_document().items() if k not in _BOOKKEEPING}
    cycle = document.pop("cycle", None)
    data = _dated(document)
    if cycle:
        data["cycle"] = cycle  # texts and anchors as they are (no dates inside)
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return HEADER + body
