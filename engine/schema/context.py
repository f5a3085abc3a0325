"""The render context: everything outside the template that a form shows or suggests.

A plain value built by the web layer from the store (or by the preview from sample data), so
rendering and prefilling never touch the store or the clock: the programme's title and
recipient, the team, the due instant, the period between two gatherings and its months, the
gathering, and the answers prefill may copy from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from ..timefmt import fmt_month
from .model import MEMBER_COLUMNS, Prefill
from .placeholders import format_date

EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Gathering:
    """The gathering a document hangs on (a Fremdriftsplan after it, a Statusrapport before it)."""

    number: int
    date: date
    place: str = ""
    theme: str = ""


@dataclass(frozen=True)
class FormContext:
    """What a form needs to know about its surroundings. Every attribute is optional.

    ``answers`` maps a form id to the team's latest submitted answers of that form (typed, as
    stored); ``previous`` is this form's previous occurrence's answers. ``months`` defaults to
    every month from ``period_start`` to ``period_end``. ``facts`` are the texts a leader's
    report starts from (``model.FACT_KEYS``: deliveries, withdrawals … of the period).
    """

    programme_title: str = ""
    recipient: str = ""
    team_name: str = ""
    due_at: datetime | None = None
    period_start: date | None = None
    period_end: date | None = None
    months: tuple[tuple[int, int], ...] = ()
    programme_start: date | None = None
    programme_end: date | None = None
    gathering: Gathering | None = None
    reference_for: str = ""  # the teams the team is reference group for, in words ("Marker og Eidsberg")
    answers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    previous: Mapping[str, Any] | None = None
    facts: Mapping[str, str] = field(default_factory=dict)
    team_members: tuple[tuple[str, str, str], ...] = ()  # the active members' (name, role, e-mail)
    language: str = "nb"  # picks the template's texts where they are written per language

    def __post_init__(self) -> None:
        if not self.months and self.period_start and self.period_end:
            object.__setattr__(self, "months", months_between(self.period_start, self.period_end))
        object.__setattr__(self, "months", tuple(tuple(m) for m in self.months))

    @property
    def period_text(self) -> str:
        """'september 2018 – februar 2019', or '' without a period."""
        if not (self.period_start and self.period_end):
            return ""
        return f"{format_date(self.period_start, '%B %Y')} – {format_date(self.period_end, '%B %Y')}"

    def placeholder_values(self) -> dict[str, Any]:
        """The value of every placeholder (see ``placeholders.PLACEHOLDERS``); None where unknown."""
        g = self.gathering
        return {
            "programme": self.programme_title,
            "recipient": self.recipient,
            "team": self.team_name,
            "reference_for": self.reference_for,
            "due": self.due_at,
            "period": self.period_text,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "programme_start": self.programme_start,
            "programme_end": self.programme_end,
            "gathering_number": g.number if g else None,
            "gathering_date": g.date if g else None,
            "gathering_place": g.place if g else None,
            "gathering_theme": g.theme if g else None,
        }

    def month_choices(self) -> list[tuple[str, str]]:
        """The period's months as tick-box choices: ('2018-09', 'sep. 2018')."""
        return [(month_value(y, m), fmt_month(y, m, "nb")) for y, m in self.months]

    def prefill_value(self, prefill: Prefill) -> Any:
        """The typed answer ``prefill`` points at, or None if the context has none.

        A table copies only ``prefill.columns`` (all if None), and rows left empty are dropped.
        Nothing there: ``prefill.otherwise``, if it names another source.
        """
        if prefill.source == "team":
            members = [dict(zip(MEMBER_COLUMNS, member, strict=True)) for member in self.team_members]
            value: Any = {"name": self.team_name, "members": members}.get(prefill.key)
        elif prefill.source == "programme":
            value = {"title": self.programme_title, "recipient": self.recipient}.get(prefill.key)
        elif prefill.source == "previous":
            value = (self.previous or EMPTY).get(prefill.key)
        elif prefill.source == "facts":
            value = self.facts.get(prefill.key)
        else:
            value = self.answers.get(prefill.form or "", EMPTY).get(prefill.key)
        if prefill.columns is not None and isinstance(value, list):
            rows = [{c: row.get(c) for c in prefill.columns} for row in value if isinstance(row, Mapping)]
            value = [row for row in rows if any(v not in (None, "", []) for v in row.values())]
        if value in ("", [], None):
            return self.prefill_value(prefill.otherwise) if prefill.otherwise is not None else None
        return value


def month_value(year: int, month: int) -> str:
    """How a ticked month is stored: '2018-09'."""
    return f"{year:04d}-{month:02d}"


def months_between(start: date, end: date) -> tuple[tuple[int, int], ...]:
    """Every (year, month) from ``start``'s month to ``end``'s month, both included."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)
