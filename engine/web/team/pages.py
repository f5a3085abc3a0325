"""The team's own pages: its overview, the receipt of each submitted version, its calendar."""

from __future__ import annotations

from flask import abort, current_app, g, render_template, request
from flask_babel import gettext as _

from ... import clock, teamwork
from ...exports.ics import team_calendar
from ...programmes import get_catalog
from ...store import get_store
from . import kit as teamkit
from .link import bp, team_assignment


@bp.get("/")
def home():
    """The team's page: gatherings, every assignment with its status, what is open now and next."""
    access = g.access
    overview = teamwork.team_overview(get_store(), access, clock.now())
    return render_template("team/home.html", access=access, run=access.run, overview=overview)


@bp.get("/a/<deliverable>/<int:occurrence>/receipt/<delivery_id>")
def receipt(deliverable: str, occurrence: int, delivery_id: str):
    """One submitted version, read-only, as it was filled in, with when, by whom and the status."""
    access = g.access
    assignment = team_assignment(deliverable, occurrence)
    versions = access.run.versions(assignment.key)
    record = next((r for r in versions if r["id"] == delivery_id), None)
    if record is None:
        abort(404)
    document = teamwork.delivered_document(get_store(), access.run, record, get_catalog().forms, _)
    now = clock.now()
    status = access.run.status(assignment.key, now)
    return render_template(
        "team/receipt.html",
        access=access,
        run=access.run,
        assignment=assignment,
        record=record,
        versions=versions,
        document=document,
        status=status,
        editable=teamwork.blocked_reason(access.run, assignment, status, now) is None,
        just_sent=request.args.get("sent") == "1",
    )


@bp.get("/calendar.ics")
def calendar():
    """The team's gatherings and deadlines as an iCalendar file."""
    access = g.access
    body = team_calendar(
        access.run,
        access.team.id,
        clock.now(),
        deadline_title=lambda a: _("Deadline: %(what)s", what=teamkit.occasion(access.run, a)),
        gathering_title=lambda n, gathering: _("Gathering %(number)s: %(theme)s", number=n, theme=gathering.theme),
    )
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{access.team.id}.ics"'
    return response
