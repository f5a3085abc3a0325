"""The project leader's own documents (``by: leader``): what is due, the form, what was submitted.

``/admin/p/<pid>/own/<deliverable>/<n>`` is the form of one of them — the example workflow's
half-yearly report to the steering group — opened with the period's facts already written in
(``engine.teamwork.leader``), with drafts, autosave, checking, confirmation and every version kept,
exactly as a team's form (``engine.web.team.form.sheet_flow``). After submitting, the leader lands
on ``…/document``: the version read-only, its versions, and the Word file. The programme list and
the programme's overview show what the leader owes (``leader_due``).
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _

from ... import teamwork
from ...cycle import Assignment, Status
from ...programmes import Run, get_catalog
from ...store import get_store
from ...teamwork.leader import open_leader_sheet
from ..security import csrf
from ..team.form import SheetPages, sheet_flow
from .blueprint import bp, run_or_404
from .common import leader_only, now
from .submissions import docx_response, facts

OWED = (Status.NOT_OPEN, Status.OPEN, Status.OVERDUE)


def leader_due(run: Run, moment) -> list[tuple[Assignment, Status]]:
    """The leader's own documents not yet submitted, earliest deadline first, with their status."""
    states = run.statuses(moment)
    owed = [(a, states[a.key]) for a in run.leader_assignments() if states[a.key] in OWED]
    return sorted(owed, key=lambda item: item[0].effective_due_at)


def _own(run: Run, deliverable: str, occurrence: int) -> Assignment:
    assignment = run.find(None, deliverable, occurrence)
    if assignment is None or assignment.by != "leader":
        abort(404)
    return assignment


def _done(sheet: teamwork.Sheet, delivery: dict[str, Any]) -> str:
    a = sheet.assignment
    return url_for("admin.own_document", pid=a.programme, deliverable=a.deliverable, occurrence=a.occurrence, sent=1)


OWN_PAGES = SheetPages(form="admin/own_form.html", confirm="admin/own_confirm.html", done=_done, references=False)


@bp.route("/p/<pid>/own/<deliverable>/<int:occurrence>", methods=["GET", "POST"])
@csrf.exempt  # the form flow checks the token itself, so an expired one keeps the typed text
def own_form(pid: str, deliverable: str, occurrence: int):
    """The form of one of the leader's own documents, prefilled with the period's facts."""
    leader_only()
    run = run_or_404(pid)
    assignment = _own(run, deliverable, occurrence)
    template = get_catalog().forms.get(assignment.form)
    if template is None:
        abort(404)
    moment = now()
    sheet = open_leader_sheet(get_store(), run, assignment, template, g.admin, moment)
    return sheet_flow(sheet, moment, OWN_PAGES)


def _own_version(pid: str, deliverable: str, occurrence: int):
    """The programme, the leader's assignment, its versions, the one asked for (``?version=N``, default
    the latest; None before any) and that version as a document."""
    run = run_or_404(pid)
    assignment = _own(run, deliverable, occurrence)
    versions = run.versions(assignment.key)
    record = _version(versions)
    document = teamwork.delivered_document(get_store(), run, record, get_catalog().forms, _) if record else None
    return run, assignment, versions, record, document


@bp.get("/p/<pid>/own/<deliverable>/<int:occurrence>/document")
def own_document(pid: str, deliverable: str, occurrence: int):
    """A submitted version of the leader's document, read-only (``?version=N``)."""
    run, assignment, versions, record, document = _own_version(pid, deliverable, occurrence)
    return render_template(
        "admin/own_document.html",
        run=run,
        assignment=assignment,
        versions=versions,
        record=record,
        document=document,
        status=run.status(assignment.key, now()),
        just_sent=request.args.get("sent") == "1",
    )


@bp.get("/p/<pid>/own/<deliverable>/<int:occurrence>/docx")
def own_docx(pid: str, deliverable: str, occurrence: int):
    """A submitted version of the leader's document as a Word file."""
    run, assignment, versions, record, document = _own_version(pid, deliverable, occurrence)
    if record is None or document is None:
        abort(404)
    name = f"{assignment.deliverable}-{assignment.occurrence}-v{record['version']}.docx"
    return docx_response(document, facts(run, assignment, record, len(versions)), name)


def _version(versions: list[dict[str, Any]]) -> dict[str, Any] | None:
    raw = request.args.get("version")
    if raw is None:
        return versions[-1] if versions else None
    chosen = next((v for v in versions if str(v["version"]) == raw), None)
    if chosen is None:
        abort(404)
    return chosen
