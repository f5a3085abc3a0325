"""The delivery export: one row per team assignment, as CSV, XLSX or JSON (DESIGN §4).

Columns, in this order (the CSV header is exactly these names)::

    programme, team, deliverable, occurrence, form, opens_at, due_at, submitted_at, status,
    reminders_sent, submitted_by

- ``programme``, ``team``, ``deliverable``, ``form`` are ids (stable keys other programs can join
  on; ``flask links`` prints the same team ids). ``occurrence`` is the assignment's number.
- ``opens_at``, ``due_at`` and ``submitted_at`` are ISO 8601 with the offset, in the workflow's
  time zone. ``due_at`` is the effective due instant (an extension included); ``submitted_at`` is
  the first version's time — the delivery that decided on time or late — or empty.
- ``status`` is the delivery status at the export's ``now``: ``not_open open overdue
  submitted_on_time submitted_late withdrawn excused``.
- ``reminders_sent`` counts the reminders and overdue notices sent to the team about the
  assignment, from the outbox's sent log. One reminder goes to every active member (and, for a
  ``cc: leader`` rule, a copy to the leader): it counts once, however many people it reached.
- ``submitted_by`` is the name of the member who made the delivery.

Participant deliverables (the anonymous evaluations of the gatherings) are not deliveries a team
owes and are left out. Every text is written as ``schema.cleantext.cell_text`` makes it — one
line, no control characters — in all three formats, whatever was stored (a name written by another
program, or before the rules that keep such characters out existed). Text that a spreadsheet would
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading ``'`` in CSV and XLSX; JSON is data for programs and is not neutralised. In XLSX the three
times are real date-time cells in the workflow's local time (spreadsheets have no time zones),
formatted ``dd.mm.yyyy hh:mm``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from ..cycle import Status, first_deliveries
from ..programmes import Run
from ..schema.cleantext import cell_text
from ..store import Store
from ..store import outbox as outbox_repo

COLUMNS = (
    "programme",
    "team",
    "deliverable",
    "occurrence",
    "form",
    "opens_at",
    "due_at",
    "submitted_at",
    "status",
    "reminders_sent",
    "submitted_by",
)
FORMATS = ("csv", "xlsx", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
REMINDER_KINDS = frozenset({"reminder", "overdue"})
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TIME_COLUMNS = ("opens_at", "due_at", "submitted_at")
XLSX_TIME_FORMAT = "dd.mm.yyyy hh:mm"


@dataclass(frozen=True)
class DeliveryRow:
    """One team assignment as the export shows it."""

    programme: str
    team: str
    deliverable: str
    occurrence: int
    form: str
    opens_at: datetime
    due_at: datetime
    submitted_at: datetime | None
    status: Status
    reminders_sent: int
    submitted_by: str | None

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-able values: times as ISO 8601 with offset, the status as its word."""
        return {column: _plain(getattr(self, column)) for column in COLUMNS}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, Status):
        return value.value
    if isinstance(value, str):
        return cell_text(value, single_line=True)
    return value


def reminder_counts(sent: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """Reminders and overdue notices sent per assignment key, each occasion counted once.

    A message's idempotency key is ``<kind>:<assignment>:<rule>:<due day>:<recipient>``; without its
    last part it names the occasion, which every member (and the leader's copy) shares.
    """
    occasions: set[tuple[str, str]] = set()
    for message in sent:
        if message.get("kind") not in REMINDER_KINDS or not message.get("assignment"):
            continue
        key = str(message.get("key") or message.get("id"))
        occasion = key.rsplit(":", 1)[0] if key.count(":") >= 4 else key
        occasions.add((message["assignment"], occasion))
    return Counter(assignment for assignment, _ in occasions)


def delivery_rows(run: Run, now: datetime, sent: Iterable[Mapping[str, Any]] = ()) -> list[DeliveryRow]:
    """Every team assignment of ``run`` at ``now``, by team (in the programme's order), then by opening.

    ``sent`` is the programme's sent mail (metadata, as ``outbox.list_messages`` returns it).
    """
    tz = run.workflow.tz
    states = run.statuses(now)
    first = first_deliveries(run.deliveries, now)
    reminders = reminder_counts(sent)
    order = {team.id: index for index, team in enumerate(run.programme.teams)}
    team_assignments = sorted(
        (a for a in run.assignments if a.team is not None), key=lambda a: order.get(a.team or "", len(order))
    )
    rows = []
    for a in team_assignments:
        delivery = first.get(a.key)
        rows.append(
            DeliveryRow(
                programme=run.id,
                team=a.team or "",
                deliverable=a.deliverable,
                occurrence=a.occurrence,
                form=a.form,
                opens_at=a.opens_at.astimezone(tz),
                due_at=a.effective_due_at.astimezone(tz),
                submitted_at=delivery.submitted_at.astimezone(tz) if delivery else None,
                status=states[a.key],
                reminders_sent=reminders.get(a.key, 0),
                submitted_by=(delivery.submitted_by_name or delivery.submitted_by) if delivery else None,
            )
        )
    return rows


def load_delivery_rows(store: Store, run: Run, now: datetime) -> list[DeliveryRow]:
    """:func:`delivery_rows` with the sent mail read from the store."""
    return delivery_rows(run, now, outbox_repo.list_messages(store, run.id, state="sent"))


def neutralise(value: str) -> str:
    """``value`` made safe for a spreadsheet cell: a leading ``'`` if it would start a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _cell_text(value: Any) -> Any:
    value = _plain(value)
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def to_csv(rows: Iterable[DeliveryRow]) -> str:
    """The rows as CSV (RFC 4180 line ends, UTF-8 text, no byte-order mark) with the header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell_text(getattr(row, column)) for column in COLUMNS])
    return out.getvalue()


def to_json(rows: Iterable[DeliveryRow]) -> str:
    """The rows as a JSON list of objects with the export's keys."""
    return json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2) + "\n"


def write_sheet(sheet: Any, header: Sequence[str], rows: Iterable[Sequence[Any]], tz: tzinfo | None = None) -> None:
    """``header`` (bold, frozen) and ``rows`` into an openpyxl sheet: text never a formula (a leading
    ``'`` where it would start one), date-times as cells in ``tz``, columns as wide as their text."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(column) for column in header]
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row):
            cell = sheet.cell(row=number, column=index + 1)
            if isinstance(value, datetime):
                cell.value = value.astimezone(tz).replace(tzinfo=None)
                cell.number_format = XLSX_TIME_FORMAT
                widths[index] = max(widths[index], len(XLSX_TIME_FORMAT))
            else:
                text = _cell_text(value)
                cell.value = text if text != "" else None
                if isinstance(text, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                widths[index] = max(widths[index], len(str(text)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 45)
    sheet.freeze_panes = "A2"


def to_xlsx(rows: Iterable[DeliveryRow], tz: tzinfo) -> bytes:
    """The rows as an XLSX workbook: a bold, frozen header with a filter, dates as date-time cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "deliveries"
    write_sheet(sheet, COLUMNS, ([getattr(row, column) for column in COLUMNS] for row in rows), tz)
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def render(rows: list[DeliveryRow], fmt: str, tz: tzinfo) -> bytes:
    """The rows in ``fmt`` (``csv``, ``xlsx`` or ``json``) as bytes (text is UTF-8)."""
    if fmt == "csv":
        return to_csv(rows).encode("utf-8")
    if fmt == "json":
        return to_json(rows).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(rows, tz)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def export_deliveries(store: Store, run: Run, fmt: str, now: datetime) -> bytes:
    """The delivery export of ``run`` at ``now`` in ``fmt`` — what the CLI and the admin page hand out."""
    return render(load_delivery_rows(store, run, now), fmt, run.workflow.tz)


def filename(pid: str, fmt: str, now: datetime) -> str:
    """A download's file name: ``<programme>-deliveries-<date>.<fmt>``."""
    return f"{pid}-deliveries-{now.date().isoformat()}.{fmt}"
