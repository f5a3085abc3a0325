"""Messages to teams: what the leader has written, and a form to write to every team, some or one.

A message is stored once and queued by mail to every active member of each team, with their
personal link (``engine.teamwork.messages``); the next scheduler pass sends it. Each team's page
keeps the messages it received. ``?team=<id>`` opens the form with that team ticked (the team
page links here). Observers read the messages; the form is for leaders.
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...programmes import Run
from ...store import get_store
from ...teamwork import messages as messaging
from ...teamwork.feedback import author_names
from ..team.kit import new_nonce, posted_nonce
from .blueprint import bp, run_or_404
from .common import now
from .forms import MessageForm

REFUSALS = {
    messaging.NO_SUBJECT: _l("Write a subject."),
    messaging.SUBJECT_TOO_LONG: _l("Keep the subject under %(max)s characters.", max=messaging.MAX_SUBJECT),
    messaging.SUBJECT_LINES: _l("Write this on one line."),
    messaging.NO_TEXT: _l("Write the message."),
    messaging.TEXT_TOO_LONG: _l(
        "The message is too long: keep it under %(max)s characters.", max=f"{messaging.MAX_TEXT:,}"
    ),
    messaging.NO_TEAMS: _l("No team is still in the programme to write to."),
    messaging.UNKNOWN_TEAM: _l("One of the teams ticked is no longer in the programme."),
    messaging.WITHDRAWN_TEAM: _l("%(team)s has withdrawn from the programme; untick it."),
}
FIELDS = {
    messaging.NO_SUBJECT: "subject",
    messaging.SUBJECT_TOO_LONG: "subject",
    messaging.SUBJECT_LINES: "subject",
    messaging.NO_TEXT: "text",
    messaging.TEXT_TOO_LONG: "text",
}


@bp.get("/p/<pid>/messages")
def messages(pid: str):
    """The messages sent so far, newest first, and the form to write one."""
    run = run_or_404(pid)
    chosen = request.args.get("team", "")
    if run.programme.team(chosen) is not None:
        form = MessageForm(formdata=None, data={"to": "chosen", "teams": [chosen]})
    else:
        form = MessageForm(formdata=None)
    return render_messages(run, form)


@bp.post("/p/<pid>/messages")
def send_message(pid: str):
    """Store and queue a message; on a mistake the page again, with everything typed."""
    run = run_or_404(pid)
    form = MessageForm()
    if not form.validate():
        return render_messages(run, form, 422)
    teams = form.teams.data if form.to.data == "chosen" else None
    try:
        sent = messaging.send_message(
            get_store(), run, form.subject.data, form.text.data, teams, g.admin["id"], posted_nonce(), now()
        )
    except messaging.MessageRefused as exc:
        message = str(REFUSALS[exc.reason]) % {"team": exc.detail} if exc.detail else str(REFUSALS[exc.reason])
        field = getattr(form, FIELDS.get(exc.reason, "teams"))
        field.errors = [*field.errors, message]
        return render_messages(run, form, 422)
    if sent.created:
        flash(
            _(
                "The message is on its way to %(people)s people in %(teams)s teams. The next scheduler pass sends it.",
                people=sent.queued,
                teams=len(sent.teams),
            ),
            "success",
        )
    return redirect(url_for("admin.messages", pid=pid), code=303)


def render_messages(run: Run, form: MessageForm, status: int = 200):
    """The messages page with ``form`` (as posted, errors and all)."""
    moment = now()
    active = messaging.active_teams(run, moment)
    sent = messaging.all_messages(get_store(), run)
    page = render_template(
        "admin/messages.html",
        run=run,
        form=form,
        active=active,
        people=messaging.recipient_count(run, active, moment),
        sent=sent,
        names=author_names(get_store(), run),
        team_names={team.id: team.name for team in run.programme.teams},
        nonce=new_nonce(),
    )
    return page, status
