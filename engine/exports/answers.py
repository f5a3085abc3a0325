"""All teams' answers to one deliverable occurrence, side by side: a page, XLSX, CSV and JSON.

How a leader prepares a gathering: every team's answer to one question, then the next. The page
shows :func:`answer_grid` (one question at a time, every team under it); the files have one row
per team and one column per question:

- **CSV** (``text/csv``, UTF-8, CRLF): the header is ``team_id, team_name, status, submitted_at,
  submitted_by, version`` and then each question's key, in the form's order; a table question's
  cell holds its rows as lines (``Delmål: …; Tiltak: …``).
- **XLSX**: the same rows on the sheet ``answers`` under a bold, frozen header of the questions'
  labels, and every table question's rows on the sheet ``tables``: one spreadsheet row per table
  row (``team``, ``team_name``, ``question``, ``row``, then each column of each table).
- **JSON**: a list of objects, one per team, with the answers as stored (a table as a list of
  objects) — data for programs.

As in the delivery export, text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
tab, carriage return at the start) gets a leading ``'`` in CSV and XLSX, and every XLSX text cell
is written as a string, never a formula. Characters XML cannot hold (most control characters) are
left out of XLSX cells; CSV and JSON keep every character.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from ..programmes.collect import TeamDocument
from ..schema import FormContext, FormTemplate
from ..schema.cleantext import cell_text
from ..schema.display import AnswerView
from ..schema.texts import resolve_texts
from .deliveries import neutralise
from .words import status_word

FORMATS = ("xlsx", "csv", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FIXED = ("team_id", "team_name", "status", "submitted_at", "submitted_by", "version")


@dataclass(frozen=True)
class Question:
    """One question of the form (static text left out)."""

    key: str
    label: str
    section: str
    type: str
    columns: tuple[tuple[str, str], ...] = ()  # a table's (key, label)


@dataclass(frozen=True)
class QuestionAnswers:
    """One question and every team's answer to it (None: the team has not submitted)."""

    question: Question
    answers: tuple[tuple[TeamDocument, AnswerView | None], ...]


def questions(template: FormTemplate, context: FormContext | None = None) -> list[Question]:
    """The form's questions in order (a titled section's single unlabelled field asks by the title),
    worded as the documents say them when ``context`` is given ("… in 2027?", not "… in
    {programme_end:%Y}?")."""
    if context is not None:
        template = resolve_texts(template, context)
    found = []
    for section, spec in template.walk():
        if spec.type == "info":
            continue
        columns = tuple((c.key, c.label) for c in spec.columns) if spec.type == "table" else ()
        found.append(Question(spec.key, spec.label or section.title, section.title, spec.type, columns))
    return found


def context_of(documents: Sequence[TeamDocument]) -> FormContext | None:
    """What the questions' texts need; the programme, period and due date are the same for every team."""
    return next((d.context for d in documents if d.context is not None), None)


def form_of(documents: Sequence[TeamDocument]) -> FormTemplate | None:
    """The template the questions come from: the newest version any team filled in, else the current."""
    delivered = [d.template for d in documents if d.record and d.template]
    if delivered:
        return max(delivered, key=lambda t: t.version)
    return next((d.template for d in documents if d.template), None)


def answer_grid(documents: Sequence[TeamDocument]) -> list[QuestionAnswers]:
    """Question by question, every team's answer (the page)."""
    template = form_of(documents)
    if template is None:
        return []
    views = {d.team.id: _views(d) for d in documents}
    return [
        QuestionAnswers(q, tuple((d, views[d.team.id].get(q.key) if d.record else None) for d in documents))
        for q in questions(template, context_of(documents))
    ]


def _views(document: TeamDocument) -> dict[str, AnswerView]:
    if document.document is None:
        return {}
    return {item.key: item for section in document.document.sections for item in section.items}


def _plain_answer(view: AnswerView | None) -> str:
    if view is None:
        return ""
    if view.type == "table":
        return "\n".join(
            "; ".join(f"{label}: {value}" for label, value in zip(view.columns, row, strict=False) if value)
            for row in view.rows
        )
    return view.text


def _fixed(document: TeamDocument) -> list[Any]:
    record = document.record or {}
    return [
        document.team.id,
        document.team.name,
        document.status.value,
        record.get("submitted_at") or "",
        record.get("submitted_by_name") or "",
        record.get("version") or "",
    ]


def to_csv(documents: Sequence[TeamDocument]) -> str:
    """One row per team, one column per question key (see the module docstring)."""
    template = form_of(documents)
    asked = questions(template) if template else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*FIXED, *(q.key for q in asked)])
    for document in documents:
        views = _views(document)
        row = [*_fixed(document), *(_plain_answer(views.get(q.key)) for q in asked)]
        writer.writerow([_text(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()


def to_json(documents: Sequence[TeamDocument]) -> str:
    """The teams' answers as stored, one object per team."""
    rows = [
        {**dict(zip(FIXED, _fixed(d), strict=True)), "answers": dict(d.answers) if d.record else None}
        for d in documents
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _text(value: str) -> str:
    """A text as a CSV or XLSX cell holds it: without the characters nobody types (answers stored
    before they were kept out at the web's door may have them; XML cannot hold them), then with a
    leading ``'`` if it would start a formula — cleaned first, so ``\\x00=cmd`` is neutralised too."""
    return neutralise(cell_text(value))


def _cell(sheet, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _text(value) or None
        cell.data_type = "s"  # never a formula, whatever the text
    else:
        cell.value = value


def to_xlsx(documents: Sequence[TeamDocument]) -> bytes:
    """Sheet ``answers`` (one row per team) and sheet ``tables`` (one row per table row)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    template = form_of(documents)
    asked = questions(template, context_of(documents)) if template else []
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "answers"
    headings = [_("Team id"), _("Team"), _("Status"), _("Submitted"), _("Submitted by"), _("Version")]
    for column, heading in enumerate([*headings, *(q.label for q in asked)], start=1):
        _cell(sheet, 1, column, heading)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for number, document in enumerate(documents, start=2):
        views = _views(document)
        fixed = _fixed(document)
        fixed[2] = status_word(document.status)
        for column, value in enumerate([*fixed, *(_plain_answer(views.get(q.key)) for q in asked)], start=1):
            _cell(sheet, number, column, value)
            sheet.cell(row=number, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    _tables_sheet(workbook, documents, asked)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _tables_sheet(workbook, documents: Sequence[TeamDocument], asked: list[Question]) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet("tables")
    tables = [q for q in asked if q.type == "table"]
    columns = [(q, key, label) for q in tables for key, label in q.columns]
    headings = [_("Team id"), _("Team"), _("Question"), _("Row"), *(f"{q.label} – {label}" for q, _k, label in columns)]
    for column, heading in enumerate(headings, start=1):
        _cell(sheet, 1, column, heading)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    number = 2
    for document in documents:
        views = _views(document)
        for question in tables:
            view = views.get(question.key)
            for index, row in enumerate(view.rows if view else (), start=1):
                values = dict(zip((key for key, _label in question.columns), row, strict=False))
                cells = [document.team.id, document.team.name, question.label, index]
                cells += [values.get(key, "") if q is question else "" for q, key, _label in columns]
                for column, value in enumerate(cells, start=1):
                    _cell(sheet, number, column, value)
                number += 1
    sheet.freeze_panes = "E2"


def render(documents: Sequence[TeamDocument], fmt: str) -> bytes:
    """The answers in ``fmt`` as bytes."""
    if fmt == "csv":
        return to_csv(documents).encode("utf-8")
    if fmt == "json":
        return to_json(documents).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(documents)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def filename(pid: str, deliverable: str, occurrence: int, fmt: str, now: datetime) -> str:
    """``<programme>-<deliverable>-<occurrence>-answers-<date>.<fmt>``."""
    return f"{pid}-{deliverable}-{occurrence}-answers-{now.date().isoformat()}.{fmt}"
