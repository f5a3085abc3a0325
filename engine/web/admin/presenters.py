"""Who presents at a gathering: marking a submitted document worth sharing, and choosing presenters.

On a submission page the leader marks the team's document "worth sharing at the next gathering"
with a one-line reason (POST ``…/share``; a refused mark comes back with the reason typed). The
gathering's page ``/admin/p/<pid>/gatherings/<gid>/presenters`` lists the marked teams as
candidates; confirming one tells the team by mail (``engine.mail.presenters``), and the team page
and the programme report say who presents where.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...mail.presenters import choose_presenter
from ...programmes.presenting import PresenterError, candidates, mark_worth_sharing, unmark
from ...store import get_store
from .blueprint import bp, run_or_404
from .common import actor, leader_only, now
from .submissions import render_submission

REFUSALS = {
    "empty": _l("Write in one line why the team's work is worth sharing."),
    "lines": _l("Write this on one line."),
    "too_long": _l("Keep the reason to one line of at most 200 characters."),
    "not_submitted": _l("Only a document a team has submitted can be marked."),
    "no_gathering": _l("There is no gathering ahead where the team could present this."),
}


@bp.post("/p/<pid>/submissions/<team>/<deliverable>/<int:occurrence>/share")
def share(pid: str, team: str, deliverable: str, occurrence: int):
    """Mark (``action=mark`` with a ``reason``) or unmark (``action=unmark``) a document worth sharing."""
    leader_only()
    run = run_or_404(pid)
    assignment = run.find(team, deliverable, occurrence)
    if assignment is None:
        abort(404)
    back = url_for("admin.submission", pid=pid, team=team, deliverable=deliverable, occurrence=occurrence)
    if request.form.get("action") == "unmark":
        if unmark(get_store(), run, assignment, actor(), now()):
            flash(_("The mark was taken away."), "success")
        return redirect(back, code=303)
    typed = request.form.get("reason", "")
    try:
        number, _record = mark_worth_sharing(get_store(), run, assignment, typed, actor(), now())
    except PresenterError as exc:
        versions = run.versions(assignment.key)
        record = versions[-1] if versions else None
        return render_submission(
            run, assignment, record, status=422, share_error=str(REFUSALS[exc.reason]), typed=typed
        )
    flash(_("Marked worth sharing at gathering %(number)s.", number=number), "success")
    return redirect(back, code=303)


def _gathering_number(run, gid: str) -> int:
    number = next((n for n, g in enumerate(run.programme.gatherings, start=1) if g.id == gid), None)
    if number is None:
        abort(404)
    return number


@bp.get("/p/<pid>/gatherings/<gid>/presenters")
def gathering_presenters(pid: str, gid: str):
    """The candidates to present at one gathering, and who has been chosen."""
    run = run_or_404(pid)
    number = _gathering_number(run, gid)
    return render_template(
        "admin/gathering_presenters.html",
        run=run,
        number=number,
        gathering=run.programme.gathering(number),
        candidates=candidates(get_store(), run, number),
        has_mail_text="presenter" in run.workflow.mail,
    )


@bp.post("/p/<pid>/gatherings/<gid>/presenters/<team>")
def choose(pid: str, gid: str, team: str):
    """``action=confirm`` chooses the candidate (and mails the team), ``undo`` takes the choice back."""
    leader_only()
    run = run_or_404(pid)
    number = _gathering_number(run, gid)
    confirmed = request.form.get("action") == "confirm"
    try:
        queued = choose_presenter(get_store(), run, number, team, confirmed, actor(), now())
    except LookupError:
        abort(404)
    name = run.programme.team(team).name
    if confirmed:
        flash(_("%(team)s presents at gathering %(number)s.", team=name, number=number), "success")
        if queued:
            flash(_("The team's members get a message about it with the next mail."), "success")
    else:
        flash(_("%(team)s no longer presents at gathering %(number)s.", team=name, number=number), "success")
    return redirect(url_for("admin.gathering_presenters", pid=pid, gid=gid), code=303)
