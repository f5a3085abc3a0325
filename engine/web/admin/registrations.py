"""Who comes to the gatherings: the teams' registrations (*påmelding*) as the leader needs them.

``/admin/p/<pid>/registrations``: each gathering the programme asks registration for, with how
many teams have answered and how many come. ``…/registrations/<n>``: for one gathering, the
count by team (with each team's delivery status), the list of who comes and the catering list;
``…/registrations/<n>/xlsx`` the same as a workbook (``engine.exports.registrations``). A
programme asks for registration when its cycle turns the ``pamelding`` deliverable on.
"""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_babel import gettext as _

from ...cycle import Gathering, Run
from ...exports.registrations import MEDIA_TYPE, load_registrations, registrations_xlsx
from ...reports.registrations import occurrences, registration_deliverables
from ...store import get_store
from .blueprint import bp, run_or_404
from .common import now


def _deliverable(run: Run) -> str | None:
    keys = registration_deliverables(run)
    return keys[0] if keys else None


def _gathering(run: Run, number: int) -> Gathering | None:
    gatherings = run.programme.gatherings
    return gatherings[number - 1] if 1 <= number <= len(gatherings) else None


@bp.get("/p/<pid>/registrations")
def registrations(pid: str):
    """Every gathering with registration: answers so far and how many come."""
    run = run_or_404(pid)
    deliverable = _deliverable(run)
    rows = []
    if deliverable is not None:
        for number in occurrences(run, deliverable):
            summary = load_registrations(get_store(), run, deliverable, number)
            rows.append((number, _gathering(run, number), summary))
    return render_template("admin/registrations.html", run=run, pid=pid, deliverable=deliverable, rows=rows)


def _one(pid: str, number: int):
    run = run_or_404(pid)
    deliverable = _deliverable(run)
    if deliverable is None or number not in occurrences(run, deliverable):
        abort(404)
    return run, deliverable, load_registrations(get_store(), run, deliverable, number)


@bp.get("/p/<pid>/registrations/<int:number>")
def registration(pid: str, number: int):
    """One gathering: count by team, who comes, the catering list."""
    run, deliverable, summary = _one(pid, number)
    statuses = run.statuses(now())
    assignments = {t.team: run.find(t.team, deliverable, number) for t in summary.teams}
    status_of = {team: statuses.get(a.key) if a else None for team, a in assignments.items()}
    return render_template(
        "admin/registration.html",
        run=run,
        pid=pid,
        number=number,
        gathering=_gathering(run, number),
        assignment=next(a for a in run.assignments if a.deliverable == deliverable and a.occurrence == number),
        summary=summary,
        status_of=status_of,
    )


@bp.get("/p/<pid>/registrations/<int:number>/xlsx")
def registration_xlsx(pid: str, number: int):
    """The gathering's registrations as a workbook: attendees, catering, teams."""
    _run, _deliverable_key, summary = _one(pid, number)
    name = _("registrations-%(pid)s-gathering-%(number)s.xlsx", pid=pid, number=number)
    return Response(
        registrations_xlsx(summary, _),
        content_type=MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
