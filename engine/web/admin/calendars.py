"""The programme's calendar for the leader and the steering group, and every calendar subscription.

On the gatherings page: the programme's calendar to download (``calendar.ics``: every gathering,
each document's deadline once, the leader's own deadlines), its subscription address to make or
renew, and the teams' subscription addresses, which the leader can revoke (a team makes a new one
on its page).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from ...access.calendars import subscribe
from ...exports.ics import programme_calendar
from ...exports.words import occasion
from ...store import calendars as feed_repo
from ...store import get_store
from .blueprint import bp, run_or_404
from .common import actor, leader_only, now


@bp.get("/p/<pid>/calendar.ics")
def programme_calendar_file(pid: str):
    """The programme's calendar as a file."""
    run = run_or_404(pid)
    body = programme_calendar(
        run,
        now(),
        lambda a: _("Deadline: %(what)s", what=occasion(run, a)),
        lambda n, g: _("Gathering %(number)s: %(theme)s", number=n, theme=g.theme),
    )
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{pid}.ics"'
    return response


@bp.post("/p/<pid>/calendar/subscription")
def programme_subscription(pid: str):
    """Make the programme's calendar address (``action=create``) or a new one (``action=renew``)."""
    leader_only()
    run = run_or_404(pid)
    renew = request.form.get("action") == "renew"
    subscribe(get_store(), current_app.config["SECRET_KEY"], run.id, "programme", None, actor(), now(), renew=renew)
    if renew:
        flash(_("A new calendar address was made; the old one no longer works."), "success")
    else:
        flash(_("The calendar address is ready."), "success")
    return redirect(url_for("admin.gatherings", pid=pid) + "#calendar-title", code=303)


@bp.post("/p/<pid>/calendar/teams/<team>/revoke")
def revoke_team_subscription(pid: str, team: str):
    """Revoke a team's calendar address (the team can make a new one on its page)."""
    leader_only()
    run = run_or_404(pid)
    if feed_repo.revoke_feeds(get_store(), run.id, "team", team, actor(), now()):
        flash(_("The team's calendar address no longer works."), "success")
    return redirect(url_for("admin.gatherings", pid=pid) + "#calendar-title", code=303)
