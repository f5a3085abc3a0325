"""*Tabell 1* and *Tabell 2* of a programme report, compiled from the teams' final reports.

The seed report closes with two tables the leader compiled by hand from the teams' Sluttrapport:
*Tabell 1: Kommune · Hovedmål · Tiltak · Resultater* and *Tabell 2: Kommune · Videre oppgaver*,
one row per municipality, every cell a list of the team's own bullet points. Here they are
compiled from each team's latest submitted version: a :class:`TableSpec` names the table field of
the final report and the columns to take; each column's cell is the bullets of that column over
all the team's rows (``bullets.merged``). Headings come from the template the team filled in, so
the tables speak the form's language. The teams' own words about what taking part meant
(``quote_field``) are collected for the evaluation chapter, as the seed quotes them.

Pure: takes the teams' answers as plain data (see :class:`FinalAnswers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..schema import FormTemplate
from .bullets import Bullet, bullets, merged


@dataclass(frozen=True)
class TableSpec:
    """Which table field of the final report makes a report table, and which of its columns."""

    field: str
    columns: tuple[str, ...]
    note: str | None = None  # a column added after each point in brackets (who is responsible)


RESULTS = TableSpec("resultattabell", ("hovedmal", "tiltak", "resultater"))
FURTHER = TableSpec("videre_oppgaver", ("oppgave",), note="ansvarlig")
QUOTE_FIELD = "utsagn"
FINAL_FORM = "sluttrapport"


@dataclass(frozen=True)
class FinalAnswers:
    """One team's latest final report: the template it was filled in with and its answers."""

    team: str  # the team's name
    template: FormTemplate
    answers: dict[str, Any]
    submitted_at: datetime


@dataclass(frozen=True)
class CompiledRow:
    """One team's row: a list of bullet points per column."""

    team: str
    cells: tuple[tuple[Bullet, ...], ...]


@dataclass(frozen=True)
class CompiledTable:
    """A report table: column headings (after the team's) and one row per team that delivered."""

    headings: tuple[str, ...]
    rows: tuple[CompiledRow, ...]


@dataclass(frozen=True)
class FinalTables:
    """Tabell 1, Tabell 2 and the teams' own words, or None where no team's report has the field."""

    results: CompiledTable | None
    further: CompiledTable | None
    quotes: tuple[tuple[str, str], ...]


def compile_table(spec: TableSpec, reports: Sequence[FinalAnswers]) -> CompiledTable | None:
    """The table ``spec`` describes, one row per report that has the table field (None if none has)."""
    headings: tuple[str, ...] | None = None
    rows = []
    for report in reports:
        field = next((f for f in report.template.fields if f.key == spec.field), None)
        if field is None or field.type != "table":
            continue
        labels = {c.key: c.label for c in field.columns}
        if headings is None:
            headings = (field.label,) if len(spec.columns) == 1 else tuple(labels.get(c, c) for c in spec.columns)
        table_rows = [row for row in report.answers.get(spec.field) or [] if isinstance(row, dict)]
        cells = []
        for column in spec.columns:
            if spec.note:
                texts = [_with_note(row.get(column), row.get(spec.note)) for row in table_rows]
                cells.append(tuple(item for text in texts for item in text))
            else:
                cells.append(merged(_text(row.get(column)) for row in table_rows))
        rows.append(CompiledRow(report.team, tuple(cells)))
    return CompiledTable(headings, tuple(rows)) if headings is not None else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _with_note(text: Any, note: Any) -> tuple[Bullet, ...]:
    points = bullets(_text(text))
    note_text = _text(note).strip()
    if not points or not note_text:
        return points
    last = points[-1]
    return (*points[:-1], Bullet(f"{last.text} ({note_text})", last.items))


def final_tables(reports: Sequence[FinalAnswers]) -> FinalTables:
    """Tabell 1, Tabell 2 and the quotes of ``reports`` (each team's latest, in the teams' order)."""
    quotes = tuple(
        (r.team, r.answers[QUOTE_FIELD].strip())
        for r in reports
        if isinstance(r.answers.get(QUOTE_FIELD), str) and r.answers[QUOTE_FIELD].strip()
    )
    return FinalTables(compile_table(RESULTS, reports), compile_table(FURTHER, reports), quotes)
