"""Reading what the teams wrote: every submission, each version as it was filled in, versions
compared word by word, a print page and a Word file.

Each version renders with the template version it was filled in with (the store's snapshot,
not today's file). ``?compare=1,2`` shows two versions side by side, question by question,
with deleted and inserted words marked by ``<del>``/``<ins>`` (and words for screen readers,
not colour alone). Observers read all of it; nothing here changes anything but the reader's own
mark that they have read a version (``attention.note_reading``), for the front page.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _

from ... import clock, teamwork
from ...cycle import Assignment
from ...exports.docx import submission_docx
from ...i18n import current_language
from ...programmes import Run, get_catalog
from ...reports.docdiff import compare_documents
from ...store import drafts as draft_repo
from ...store import get_store
from ...store.records import parse_iso
from ...timefmt import fmt_date, fmt_datetime
from ..team.kit import install, occasion, status_label
from .attention import note_reading
from .blueprint import bp, run_or_404


@bp.record_once
def _install(state: Any) -> None:
    install(state.app)


@bp.get("/p/<pid>/submissions")
def submissions(pid: str):
    """Every submitted assignment of the programme, by team, with its versions."""
    run = run_or_404(pid)
    statuses = run.statuses(clock.now())
    rows = [
        (a, run.versions(a.key), statuses[a.key])
        for team in run.programme.teams
        for a in run.team_assignments(team.id)
        if run.versions(a.key)
    ]
    return render_template("admin/submissions.html", run=run, pid=pid, rows=rows)


def _submitted(pid: str, team: str, deliverable: str, occurrence: int) -> tuple[Run, Assignment, list[dict[str, Any]]]:
    """The programme, the assignment (or a 404 page) and its submitted versions, oldest first."""
    run = run_or_404(pid)
    assignment = run.find(team, deliverable, occurrence)
    if assignment is None:
        abort(404)
    return run, assignment, run.versions(assignment.key)


def _chosen_version(versions: list[dict[str, Any]], raw: str | None) -> dict[str, Any]:
    if raw is None:
        return versions[-1]
    chosen = next((v for v in versions if str(v["version"]) == raw), None)
    if chosen is None:
        abort(404)
    return chosen


def _version_or_404(
    pid: str, team: str, deliverable: str, occurrence: int
) -> tuple[Run, Assignment, list[dict[str, Any]], dict[str, Any]]:
    """For the views of one submitted version: the programme, the assignment, its versions and the
    one asked for (``?version=N``, default the latest) — or a 404 page if any of them is missing."""
    run, assignment, versions = _submitted(pid, team, deliverable, occurrence)
    if not versions:
        abort(404)
    return run, assignment, versions, _chosen_version(versions, request.args.get("version"))


def _document(run: Run, record: dict[str, Any]):
    return teamwork.delivered_document(get_store(), run, record, get_catalog().forms, _)


@bp.get("/p/<pid>/submissions/<team>/<deliverable>/<int:occurrence>")
def submission(pid: str, team: str, deliverable: str, occurrence: int):
    """One assignment: a version read-only (``?version=N``, default the latest) with its facts and
    the list of versions, or two versions compared (``?compare=1,2``)."""
    run, assignment, versions = _submitted(pid, team, deliverable, occurrence)
    status = run.status(assignment.key, clock.now())
    context = {
        "run": run,
        "pid": pid,
        "assignment": assignment,
        "versions": versions,
        "status": status,
        "team": run.programme.team(team),
    }
    if not versions:
        draft = draft_repo.get_draft(get_store(), pid, team, assignment.key)
        return render_template("admin/submission.html", record=None, document=None, draft=draft, **context)
    if "compare" in request.args:
        return _compare(run, versions, request.args["compare"], context)
    record = _chosen_version(versions, request.args.get("version"))
    note_reading(run, assignment, record)  # the front page's "waiting for your reading" (a GET may mark it)
    return render_template(
        "admin/submission.html", record=record, document=_document(run, record), draft=None, **context
    )


def _compare(run: Run, versions: list[dict[str, Any]], raw: str, context: dict[str, Any]):
    numbers = raw.split(",")
    if len(numbers) != 2:
        abort(404)
    old, new = (_chosen_version(versions, n.strip()) for n in numbers)
    if old["version"] > new["version"]:
        old, new = new, old
    old_doc, new_doc = _document(run, old), _document(run, new)
    if old_doc is None or new_doc is None:
        abort(404)
    changes = compare_documents(old_doc, new_doc)
    note_reading(run, context["assignment"], new)
    return render_template(
        "admin/submission_compare.html",
        old=old,
        new=new,
        changes=changes,
        changed=[c for c in changes if c.changed],
        **context,
    )


@bp.get("/p/<pid>/submissions/<team>/<deliverable>/<int:occurrence>/print")
def submission_print(pid: str, team: str, deliverable: str, occurrence: int):
    """A version as a clean page to print (A4, no navigation)."""
    run, assignment, versions, record = _version_or_404(pid, team, deliverable, occurrence)
    return render_template(
        "admin/submission_print.html",
        run=run,
        assignment=assignment,
        record=record,
        versions=versions,
        document=_document(run, record),
        status=run.status(assignment.key, clock.now()),
        team=run.programme.team(team),
    )


@bp.get("/p/<pid>/submissions/<team>/<deliverable>/<int:occurrence>/docx")
def submission_docx_file(pid: str, team: str, deliverable: str, occurrence: int):
    """A version as a Word file."""
    run, assignment, versions, record = _version_or_404(pid, team, deliverable, occurrence)
    document = _document(run, record)
    if document is None:
        abort(404)
    body = submission_docx(document, facts(run, assignment, record, len(versions)), _("Not answered"))
    response = current_app.response_class(
        body, mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"{assignment.team}-{assignment.deliverable}-{assignment.occurrence}-v{record['version']}.docx"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def facts(run: Run, assignment: Assignment, record: dict[str, Any], count: int) -> list[tuple[str, str]]:
    """The facts under a document's title (the Word file's; the pages show the same)."""
    team = run.programme.team(assignment.team or "")
    return [
        (_("Programme"), run.programme.title),
        (_("Team"), team.name if team else assignment.team or ""),
        (_("Form"), occasion(run, assignment)),
        (_("Submitted"), fmt_datetime(parse_iso(record["submitted_at"]), current_language())),
        (_("By"), record.get("submitted_by_name") or ""),
        (_("Version"), _("%(n)s of %(total)s", n=record["version"], total=count)),
        (_("Deadline"), fmt_date(assignment.effective_due_at, run.workflow.tz)),
        (_("Status"), status_label(run.status(assignment.key, clock.now()))),
        (
            _("Template"),
            _("%(title)s, version %(version)s", title=form_title(record["form"]), version=record["form_version"]),
        ),
    ]


@bp.app_template_global("form_title")
def form_title(form_id: str) -> str:
    """A form template's title ('Statusrapport'), not its id, for the pages that name it."""
    template = get_catalog().forms.get(form_id)
    return template.title if template else form_id
