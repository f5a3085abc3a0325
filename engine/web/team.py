"""A team member's pages, reached by a personal link: ``/p/<programme>/t/<token>/…``.

The token in the URL is the only credential. Every request resolves it first
(``engine.teamwork.resolve_access``); an unknown, revoked or expired link gets a friendly 404
that says how to get a new one, and an address that keeps guessing gets 429 (failed look-ups
are throttled per client address). A token reaches its own team only: assignments and receipts
are looked up within that team, so another team's address answers 404.

GET and HEAD never change the store (mail scanners open links first). Pages send
``Referrer-Policy: same-origin`` and ``Cache-Control: no-store``. The form itself is in
``team_forms``; this module has the blueprint, the team page, receipts and the calendar.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _

from .. import clock, teamwork
from ..catalog import get_catalog
from ..exports.ics import team_calendar
from ..store import get_store
from ..store.records import parse_iso
from . import csrf, teamkit

bp = Blueprint("team", __name__, url_prefix="/p/<pid>/t/<token>")
csrf.exempt(bp)  # the form handler checks the token itself, so an expired one keeps the typed text


teamkit.link_pages(bp)


@bp.url_value_preprocessor
def _pull_link(endpoint: str | None, values: dict[str, Any] | None) -> None:
    values = values if values is not None else {}
    g.pid, g.token = values.pop("pid", ""), values.pop("token", "")


@bp.url_defaults
def _add_link(endpoint: str, values: dict[str, Any]) -> None:
    if "token" in g and current_app.url_map.is_endpoint_expecting(endpoint, "token"):
        values.setdefault("pid", g.pid)
        values.setdefault("token", g.token)


@bp.before_request
def _resolve_link():
    access = teamwork.resolve_access(get_store(), get_catalog(), g.pid, g.token, clock.now(),
                                     int(current_app.config["LINK_GRACE_DAYS"]))
    if access is None:
        return _refuse(teamkit.failed_lookup())
    g.access = access
    return None


def wants_json() -> bool:
    """An autosave request (verksted.js) expects JSON, a person a page."""
    return request.form.get("action") == "autosave" or request.accept_mimetypes.best == "application/json"


def _refuse(code: int):
    if code == 429:
        message = _("Too many attempts with links that do not work. Wait a few minutes and try again.")
    else:
        message = _("This link does not work any more. Your text on this page is not lost: copy it before you "
                    "leave the page, and ask the project leader for a new link.")
    if wants_json():
        return jsonify(status="gone" if code == 404 else "throttled", message=message), code
    return render_template("team/link_invalid.html", code=code), code


def team_assignment(deliverable: str, occurrence: int):
    """The team's own assignment by deliverable and occurrence, or 404."""
    access = g.access
    assignment = access.run.find(access.team.id, deliverable, occurrence)
    if assignment is None:
        abort(404)
    return assignment


@bp.get("/")
def home():
    """The team's page: gatherings, every assignment with its status, what is open now and next."""
    access = g.access
    overview = teamwork.team_overview(get_store(), access, clock.now())
    return render_template("team/home.html", access=access, run=access.run, overview=overview)


@bp.get("/a/<deliverable>/<int:occurrence>/receipt/<delivery_id>")
def receipt(deliverable: str, occurrence: int, delivery_id: str):
    """One submitted version, read-only, as it was filled in, with when, by whom and on time or not."""
    access = g.access
    assignment = team_assignment(deliverable, occurrence)
    versions = access.run.versions(assignment.key)
    record = next((r for r in versions if r["id"] == delivery_id), None)
    if record is None:
        abort(404)
    document = teamwork.delivered_document(get_store(), access.run, record, get_catalog().forms, _)
    now = clock.now()
    status = access.run.status(assignment.key, now)
    late = record.get("due_at") is not None and parse_iso(record["submitted_at"]) > parse_iso(record["due_at"])
    return render_template("team/receipt.html", access=access, run=access.run, assignment=assignment,
                           record=record, versions=versions, document=document, status=status, late=late,
                           editable=teamwork.blocked_reason(access.run, assignment, status, now) is None,
                           just_sent=request.args.get("sent") == "1")


@bp.get("/calendar.ics")
def calendar():
    """The team's gatherings and deadlines as an iCalendar file."""
    access = g.access
    body = team_calendar(access.run, access.team.id, clock.now(),
                         deadline_title=lambda a: _("Deadline: %(what)s", what=teamkit.occasion(access.run, a)),
                         gathering_title=lambda n, gathering: _("Gathering %(number)s: %(theme)s", number=n,
                                                                theme=gathering.theme))
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{access.team.id}.ics"'
    return response


from . import team_forms  # noqa: E402,F401  (the form views register themselves on bp)
