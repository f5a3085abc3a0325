"""A gathering's registrations read from the store, and as an XLSX workbook for the organiser.

``load_registrations`` gathers each team's latest submitted *påmelding* for one gathering and
sums it up (``engine.reports.registrations``). ``registrations_xlsx`` writes three sheets, with the
headers in the interface's language: *Påmeldte* (team, name, role, diet, allergies, group work —
one row per person), *Servering* (the diets counted, then everyone with a special diet or an
allergy by name) and *Team* (per team: answered or not, how many come, the comment). Text a
spreadsheet would run as a formula gets a leading ``'``, as in the delivery export.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from ..cycle import Run
from ..programmes import answers_of
from ..reports.registrations import Registrations, summarise_registrations
from ..store import Store
from ..store.records import parse_iso
from .deliveries import write_sheet

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def load_registrations(store: Store, run: Run, deliverable: str, number: int) -> Registrations:
    """Every team's latest submitted registration for occurrence ``number`` of ``deliverable``."""
    answers: dict[str, tuple[dict[str, Any], datetime] | None] = {}
    for team in run.programme.teams:
        assignment = run.find(team.id, deliverable, number)
        record = run.latest(assignment.key) if assignment is not None else None
        answers[team.id] = (answers_of(store, run, record), parse_iso(record["submitted_at"])) if record else None
    return summarise_registrations(run, deliverable, number, answers)


def registrations_xlsx(registrations: Registrations, gettext: Callable[[str], str]) -> bytes:
    """The workbook's bytes (see the module docstring); ``gettext`` translates the headers."""
    from openpyxl import Workbook

    _ = gettext
    workbook = Workbook()
    workbook.remove(workbook.active)
    people = [(a.team_name, a.name, a.role, a.diet, a.allergies, a.group_work) for a in registrations.attendees]
    write_sheet(
        workbook.create_sheet(_("Attendees")),
        [_("Team"), _("Name"), _("Role"), _("Diet"), _("Allergies and other needs"), _("Group work")],
        people,
    )
    catering: list[Sequence[Any]] = [(diet, count, "", "") for diet, count in registrations.diets]
    catering += [("", "", "", "")] if registrations.special else []
    catering += [(a.diet, "", f"{a.name} ({a.team_name})", a.allergies) for a in registrations.special]
    write_sheet(
        workbook.create_sheet(_("Catering")),
        [_("Diet"), _("Number"), _("Name"), _("Allergies and other needs")],
        catering,
    )
    teams = [
        (
            t.team_name,
            _("Has answered") if t.answered else _("Has not answered"),
            t.count if t.answered else "",
            t.comment,
        )
        for t in registrations.teams
    ]
    write_sheet(workbook.create_sheet(_("Teams")), [_("Team"), _("Answer"), _("Coming"), _("Comment")], teams)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
