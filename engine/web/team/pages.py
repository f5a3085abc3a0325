"""The team's own pages: its overview, the receipt of each submitted version (with the feedback on
the document beside it), its calendar."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from ... import clock, teamwork
from ...access.calendars import subscribe, subscription_urls
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
    config = current_app.config
    urls = subscription_urls(get_store(), config["BASE_URL"], config["SECRET_KEY"], access.pid, "team", access.team.id)
    return render_template("team/home.html", access=access, run=access.run, overview=overview, feed_urls=urls)


@bp.route("/calendar/subscription", methods=["GET", "POST"])
def calendar_subscription():
    """Make the team's calendar address (``action=create``) or a new one instead (``action=renew``);
    GET changes nothing and shows the team's page (mail scanners and reloads open addresses)."""
    if request.method == "GET":
        return home()
    access = g.access
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        flash(_("The page had been open a long time; press the button again."), "error")
        return redirect(url_for("team.home"), code=303)
    renew = request.form.get("action") == "renew"
    subscribe(
        get_store(),
        current_app.config["SECRET_KEY"],
        access.pid,
        "team",
        access.team.id,
        access.member.id,
        clock.now(),
        renew=renew,
    )
    flash(
        _("A new calendar address was made; the old one no longer works.")
        if renew
        else _("The calendar address is ready."),
        "success",
    )
    return redirect(url_for("team.home") + "#calendar-title", code=303)


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
    feedback = teamwork.document_feedback(get_store(), access.run, assignment.key, now)
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
        feedback=feedback,
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
