"""Reading what the teams wrote: every submission, each version as it was filled in, versions
compared word by word, a print page and a Word file.

Each version renders with the template version it was filled in with (the store's snapshot,
not today's file), with the feedback on the document beside it and, for leaders, the form to write
more (``feedback`` takes the POST). ``?compare=1,2`` shows two versions side by side, question by question,
with deleted and inserted words marked by ``<del>``/``<ins>`` (and words for screen readers,
not colour alone). Attachments are downloaded from ``/files/<team>/…`` — only files a submitted
version carries. Observers read all of it; nothing here changes anything but the reader's own
mark that they have read a version (``attention.note_reading``), for the front page.
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
from ...programmes.presenting import mark_of, sharing_gathering
from ...reports.docdiff import compare_documents
from ...schema.files import KINDS
from ...store import drafts as draft_repo
from ...store import get_store
from ...store.records import parse_iso
from ...teamwork.attachments import submitted_file
from ...timefmt import fmt_date, fmt_datetime
from ..filesend import send_attachment
from ..team.kit import install, new_nonce, occasion, status_label
from .attention import note_reading
from .blueprint import bp, run_or_404
from .forms import FeedbackForm


@bp.record_once
def _install(state: Any) -> None:
    install(state.app)


@bp.get("/p/<pid>/submissions")
def submissions(pid: str):
    """Every submitted assignment of the programme, by team, with its versions."""
    run = run_or_404(pid)
    moment = clock.now()
    statuses = run.statuses(moment)
    rows = [
        (a, run.versions(a.key), statuses[a.key])
        for team in run.programme.teams
        for a in run.team_assignments(team.id)
        if run.versions(a.key)
    ]
    return render_template(
        "admin/submissions.html", run=run, pid=pid, rows=rows, occurrences=opened_occurrences(run, moment)
    )


def opened_occurrences(run: Run, moment) -> list[tuple[Assignment, int, int]]:
    """Each team deliverable × occurrence that has opened: one of its assignments, how many teams
    delivered it and how many it was planned for — newest first (the side-by-side pages)."""
    seen: dict[tuple[str, int], list[Assignment]] = {}
    for a in run.assignments:
        if a.team is not None and a.opens_at <= moment:
            seen.setdefault((a.deliverable, a.occurrence), []).append(a)
    found = [(group[0], sum(1 for a in group if run.versions(a.key)), len(group)) for group in seen.values()]
    return sorted(found, key=lambda item: item[0].due_at, reverse=True)


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
    if chosen is not None:
        note_reading(run, assignment, chosen)  # the front page's "waiting for your reading" (a GET may mark it)
    return render_submission(run, assignment, chosen)


def render_submission(
    run: Run,
    assignment: Assignment,
    record: dict[str, Any] | None,
    form: Any = None,
    status: int = 200,
    share_error: str | None = None,
    typed: str = "",
):
    """The page of one submitted version (``record``; None: nothing submitted yet) with the feedback
    on the assignment and, for leaders, the feedback form (``form``: as posted, errors and all) and
    the "worth sharing" mark (``share_error`` and ``typed`` bring back a refused one)."""
    versions = run.versions(assignment.key)
    context = _context(run, assignment, versions)
    offer_files(run.id, assignment.team or "-")
    context.update(share_error=share_error, share_reason=typed)
    if record is None:
        draft = draft_repo.get_draft(get_store(), run.id, assignment.team or "", assignment.key)
        return render_template("admin/submission.html", record=None, document=None, draft=draft, **context), status
    feedback = teamwork.document_feedback(get_store(), run, assignment.key, clock.now())
    page = render_template(
        "admin/submission.html",
        record=record,
        document=_document(run, record),
        draft=None,
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
        "sharing": sharing_gathering(run, assignment),
        "mark": mark_of(get_store(), run, assignment),
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
    name = f"{assignment.team}-{assignment.deliverable}-{assignment.occurrence}-v{record['version']}.docx"
    return docx_response(document, facts(run, assignment, record, len(versions)), name)


def docx_response(document, facts_rows: list[tuple[str, str]], name: str):
    """A submitted version as a Word file to save (the submission pages and the leader's own)."""
    body = submission_docx(document, facts_rows, _("Not answered"))
    response = current_app.response_class(
        body, mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
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
    owner = team.name if team else run.programme.leader.name if assignment.team is None else assignment.team
    return [
        (_("Programme"), run.programme.title),
        (_("Team"), owner),
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
