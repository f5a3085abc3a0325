"""Placeholders in a template's texts: ``{recipient}``, ``{due:%d.%m.%Y}``, ``{period_start:%B %Y}`` …

Texts in form templates are Norwegian whatever language the interface speaks, so dates are
formatted here with Norwegian month and day names ("september 2018"), not with the process
locale that ``strftime`` would use. ``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from babel.dates import get_day_names, get_month_names

from ..timefmt import OSLO

TEXT, DATE, NUMBER = "text", "date", "number"

#: Every placeholder a template may use, its kind, and what it stands for (shown in schema.json).
PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "programme": (TEXT, "the programme's title"),
    "recipient": (TEXT, "who receives the document, e.g. 'prosjektgruppa v/ prosjektleder'"),
    "team": (TEXT, "the team's name"),
    "reference_for": (TEXT, "the teams the team is reference group for, e.g. 'Marker' or 'Marker og Eidsberg'"),
    "due": (DATE, "the due date (local time)"),
    "period": (TEXT, "the period between two gatherings, e.g. 'september 2018–februar 2019'"),
    "period_start": (DATE, "first day of the period"),
    "period_end": (DATE, "last day of the period"),
    "programme_start": (DATE, "date of the programme's first gathering"),
    "programme_end": (DATE, "date of the programme's last gathering"),
    "gathering_number": (NUMBER, "number of the gathering this document hangs on"),
    "gathering_date": (DATE, "date of that gathering"),
    "gathering_place": (TEXT, "where that gathering is held"),
    "gathering_theme": (TEXT, "the theme of that gathering"),
}

DEFAULT_DATE_FORMAT = "%d.%m.%Y"
MISSING = "…"  # shown where the context has no value, e.g. a period for a one-off document

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"^([a-z_]+)(?::(.*))?$", re.DOTALL)
_CODE = re.compile(r"%(.)", re.DOTALL)
_MONTHS = dict(get_month_names("wide", locale="nb_NO"))
_MONTHS_SHORT = dict(get_month_names("abbreviated", locale="nb_NO"))
_DAYS = dict(get_day_names("wide", locale="nb_NO"))
_DAYS_SHORT = dict(get_day_names("abbreviated", locale="nb_NO"))

DATE_CODES = {
    "d": lambda v: f"{v.day:02d}",
    "e": lambda v: str(v.day),
    "m": lambda v: f"{v.month:02d}",
    "Y": lambda v: f"{v.year:04d}",
    "y": lambda v: f"{v.year % 100:02d}",
    "B": lambda v: _MONTHS[v.month],
    "b": lambda v: _MONTHS_SHORT[v.month],
    "A": lambda v: _DAYS[v.weekday()],
    "a": lambda v: _DAYS_SHORT[v.weekday()],
    "H": lambda v: f"{getattr(v, 'hour', 0):02d}",
    "M": lambda v: f"{getattr(v, 'minute', 0):02d}",
    "%": lambda v: "%",
}


def placeholder_problems(text: str) -> list[str]:
    """What is wrong with the placeholders in ``text``, one message each (empty if nothing)."""
    problems = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            problems.append(f"a single '{token}' that is not part of a placeholder; write '{token * 2}' for a brace")
            continue
        problems.extend(_token_problems(match.group(1)))
    return problems


def _token_problems(inner: str) -> list[str]:
    parsed = _NAME.match(inner)
    if not parsed or parsed.group(1) not in PLACEHOLDERS:
        known = ", ".join(sorted(PLACEHOLDERS))
        return [f"unknown placeholder {{{inner}}}; known placeholders: {known}"]
    name, spec = parsed.group(1), parsed.group(2)
    kind = PLACEHOLDERS[name][0]
    if spec is None:
        return []
    if kind != DATE:
        return [f"the placeholder {{{name}}} is not a date and takes no format (':{spec}')"]
    bad = sorted({code for code in _CODE.findall(spec) if code not in DATE_CODES})
    if bad:
        codes = " ".join(f"%{c}" for c in DATE_CODES if c != "%")
        return [f"unknown date format code '%{bad[0]}' in {{{inner}}}; use {codes}"]
    return []


NO_TEAMS = "ingen av de andre teamene"  # {reference_for} of a team that is no one's reference group


def norwegian_list(names: list[str]) -> str:
    """Names as a Norwegian sentence lists them: "Marker", "Marker og Eidsberg", "A, B og C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def format_date(value: date | datetime, fmt: str = DEFAULT_DATE_FORMAT) -> str:
    """``value`` formatted by ``fmt`` (strftime codes) with Norwegian names; datetimes in Oslo time."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(OSLO)
    return _CODE.sub(lambda m: DATE_CODES[m.group(1)](value) if m.group(1) in DATE_CODES else m.group(0), fmt)


def format_text(text: str, values: Mapping[str, Any]) -> str:
    """Replace every placeholder in ``text`` by its value; a value the context lacks shows as '…'.

    ``text`` is assumed to have passed :func:`placeholder_problems` (the loader guarantees it);
    anything unrecognised is left as written rather than raising while a page renders.
    """

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if match.group(1) is None:
            return token
        parsed = _NAME.match(match.group(1))
        if not parsed or parsed.group(1) not in PLACEHOLDERS:
            return token
        name, spec = parsed.group(1), parsed.group(2)
        value = values.get(name)
        if value is None or value == "":
            return MISSING
        if isinstance(value, (date, datetime)):
            return format_date(value, spec or DEFAULT_DATE_FORMAT)
        return str(value)

    return _TOKEN.sub(replace, text)
