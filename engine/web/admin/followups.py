"""The follow-up log on a team's page: dated notes of meetings, calls, visits and e-mails.

Added with the form on the team's page, corrected on a page of their own, removed with a button;
each change is logged (``followup_noted``, ``followup_changed``, ``followup_removed``). Leaders
write, observers read; no team page ever shows a note.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...store import get_store
from ...teamwork import followup
from ..team.kit import posted_nonce
from .blueprint import bp, run_or_404
from .common import actor, leader_only, now, parse_day
from .forms import FollowupForm
from .teams import posted_team_form, render_team, team_or_404

REFUSALS = {
    followup.BAD_KIND: ("kind", _l("Choose the kind of contact.")),
    followup.NO_TEXT: ("text", _l("Write what happened.")),
    followup.TOO_LONG: ("text", _l("Keep the note under %(max)s characters.", max=f"{followup.MAX_CHARS:,}")),
    followup.BAD_DAY: ("date", _l("Write the date as dd.mm.yyyy, for example 19.04.2018.")),
    followup.FUTURE_DAY: ("date", _l("The day is in the future: note what has happened.")),
}


@bp.post("/p/<pid>/teams/<team>/followups")
def add_followup(pid: str, team: str):
    """Add a note to the team's follow-up log."""
    run, current, form = posted_team_form(pid, team, "followup")
    if not form.validate():
        return render_team(run, current, status=422, followup=form)
    try:
        followup.add_note(
            get_store(),
            run,
            team,
            parse_day(form.date.data),
            form.kind.data,
            form.text.data,
            actor(),
            posted_nonce(),
            now(),
        )
    except followup.NoteRefused as exc:
        _refused(form, exc)
        return render_team(run, current, status=422, followup=form)
    flash(_("The note is added to the follow-up log."), "success")
    return redirect(url_for("admin.team", pid=pid, team=team) + "#followup-heading", code=303)


@bp.route("/p/<pid>/teams/<team>/followups/<note_id>", methods=["GET", "POST"])
def followup_note(pid: str, team: str, note_id: str):
    """Correct one note (a page that is only a form: leaders only)."""
    leader_only()
    run = run_or_404(pid)
    current = team_or_404(run, team)
    note = followup.get_note(get_store(), run, team, note_id)
    if note is None:
        abort(404)
    if request.method != "POST":
        form = FollowupForm(formdata=None, data=note)
        return render_template("admin/followup_note.html", run=run, team=current, note=note, form=form)
    form = FollowupForm()
    status = 422
    if form.validate():
        try:
            followup.update_note(
                get_store(), run, note_id, parse_day(form.date.data), form.kind.data, form.text.data, actor(), now()
            )
        except followup.NoteRefused as exc:
            if exc.reason == followup.NO_NOTE:
                abort(404)
            _refused(form, exc)
        else:
            flash(_("The note is saved."), "success")
            return redirect(url_for("admin.team", pid=pid, team=team) + "#followup-heading", code=303)
    page = render_template("admin/followup_note.html", run=run, team=current, note=note, form=form)
    return page, status


@bp.post("/p/<pid>/teams/<team>/followups/<note_id>/remove")
def remove_followup(pid: str, team: str, note_id: str):
    """Remove a note for good."""
    run = run_or_404(pid)
    team_or_404(run, team)
    if followup.get_note(get_store(), run, team, note_id) is None:
        abort(404)
    followup.remove_note(get_store(), run, note_id, actor(), now())
    flash(_("The note is removed."), "success")
    return redirect(url_for("admin.team", pid=pid, team=team) + "#followup-heading", code=303)


def _refused(form: FollowupForm, exc: followup.NoteRefused) -> None:
    name, message = REFUSALS[exc.reason]
    field = getattr(form, name)
    field.errors = [*field.errors, str(message)]
