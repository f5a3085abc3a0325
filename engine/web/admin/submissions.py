"""Reading what the teams wrote: every submission, each version as it was filled in, versions
compared word by word, a print page and a Word file.

Each version renders with the template version it was filled in with (the store's snapshot,
not today's file), with the feedback on the document beside it and, for leaders, the form to write
more (``feedback`` takes the POST). ``?compare=1,2`` shows two versions side by side, question by question,
with deleted and inserted words marked by ``<del>``/``<ins>`` (and words for screen readers,
not colour alone). Attachments are downloaded from ``/files/<team>/…`` — only files a submitted
version carries. Observers read all of it; nothing here changes anything.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, g, render_template, request, url_for
from flask_babel import gettext as _

from ... import clock, teamwork
from ...cycle import Assignment
from ...exports.docx import submission_docx
from ...i18n import current_language
from ...programmes import Run, get_catalog
from ...reports.docdiff import compare_documents
from ...schema.files import KINDS
from ...store import drafts as draft_repo
from ...store import get_store
from ...store.records import parse_iso
from ...teamwork.attachments import submitted_file
from ...timefmt import fmt_date, fmt_datetime
from ..filesend import send_attachment
from ..team.kit import install, new_nonce, occasion, status_label
from .blueprint import bp, run_or_404
from .forms import FeedbackForm


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
    offer_files(pid, team)
    return run, assignment, run.versions(assignment.key)


def offer_files(pid: str, team: str) -> None:
    """Attachments on this page link to the leader's address for the team's submitted files."""
    g.attachment_url = lambda ref: url_for(
        "admin.attachment", pid=pid, team=team, file=f"{ref['sha256']}.{ref['type']}", name=ref["name"]
    )


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
    """One assignment: a version read-only (``?version=N``, default the latest) with its facts, the
    list of versions and the feedback on them, or two versions compared (``?compare=1,2``)."""
    run, assignment, versions = _submitted(pid, team, deliverable, occurrence)
    if versions and "compare" in request.args:
        return _compare(run, versions, request.args["compare"], _context(run, assignment, versions))
    chosen = _chosen_version(versions, request.args.get("version")) if versions else None
    return render_submission(run, assignment, chosen)


def render_submission(
    run: Run, assignment: Assignment, record: dict[str, Any] | None, form: Any = None, status: int = 200
):
    """The page of one submitted version (``record``; None: nothing submitted yet) with the feedback
    on the assignment and, for leaders, the feedback form (``form``: as posted, errors and all)."""
    versions = run.versions(assignment.key)
    context = _context(run, assignment, versions)
    offer_files(run.id, assignment.team or "-")
    if record is None:
        draft = draft_repo.get_draft(get_store(), run.id, assignment.team or "", assignment.key)
        return render_template("admin/submission.html", record=None, document=None, draft=draft, **context), status
    feedback = teamwork.document_feedback(get_store(), run, assignment.key, clock.now())
    page = render_template(
        "admin/submission.html",
        record=record,
        document=_document(run, record),
        draft=None,
        late=_late(record),
        feedback=feedback,
        form=form if form is not None else FeedbackForm(formdata=None),
        nonce=new_nonce(),
        can_request=teamwork.blocked_reason(run, assignment, context["status"], clock.now()) is None,
        **context,
    )
    return page, status


def _context(run: Run, assignment: Assignment, versions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "run": run,
        "pid": run.id,
        "assignment": assignment,
        "versions": versions,
        "status": run.status(assignment.key, clock.now()),
        "team": run.programme.team(assignment.team or ""),
    }


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
        late=_late(record),
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


@bp.get("/p/<pid>/files/<team>/<file>/<name>")
def attachment(pid: str, team: str, file: str, name: str):
    """A file that one of the team's submitted versions carries (never one only a draft has)."""
    run = run_or_404(pid)
    sha256, _dot, kind = file.partition(".")
    records = [record for record in run.deliveries if record["team"] == team]
    path = submitted_file(get_store(), run, team, sha256, kind, records) if kind in KINDS else None
    if path is None:
        abort(404)
    return send_attachment(path, kind, name)


def facts(run: Run, assignment: Assignment, record: dict[str, Any], count: int) -> list[tuple[str, str]]:
    """The facts under a document's title (the Word file's; the pages show the same)."""
    team = run.programme.team(assignment.team or "")
    late = _late(record)
    return [
        (_("Programme"), run.programme.title),
        (_("Team"), team.name if team else assignment.team or ""),
        (_("Form"), occasion(run, assignment)),
        (_("Submitted"), fmt_datetime(parse_iso(record["submitted_at"]), current_language())),
        (_("By"), record.get("submitted_by_name") or ""),
        (_("Version"), _("%(n)s of %(total)s", n=record["version"], total=count)),
        (_("Deadline then"), fmt_date(parse_iso(record["due_at"])) if record.get("due_at") else ""),
        (_("On time?"), status_label("submitted_late" if late else "submitted_on_time")),
        (_("Template"), f"{record['form']} v{record['form_version']}"),
    ]


def _late(record: dict[str, Any]) -> bool:
    return record.get("due_at") is not None and parse_iso(record["submitted_at"]) > parse_iso(record["due_at"])
