"""Calendar feeds: ``/p/<programme>/calendar/<secret>.ics``, what calendar programs subscribe to.

No log-in and no cookies: the secret in the address is the only key (``engine.access.calendars``),
so an unknown or revoked one answers 404 and counts against the address's failed look-ups like a
wrong personal link. The calendar is written in the programme's language (a calendar program has
no session to choose one) and is never cached on the way.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import clock
from ..access.calendars import resolve_feed
from ..exports.ics import programme_calendar, team_calendar
from ..exports.words import occasion
from ..programmes import ProgrammeInvalid, ProgrammeNotFound, cached_run, get_catalog
from ..store import InvalidId, get_store
from .team import kit as teamkit

bp = Blueprint("calendars", __name__)
teamkit.link_pages(bp)


@bp.get("/p/<pid>/calendar/<secret>.ics")
def feed(pid: str, secret: str):
    """The team's or the programme's calendar behind a subscription address."""
    store = get_store()
    try:
        record = resolve_feed(store, pid, secret)
        run = cached_run(store, get_catalog(), pid) if record else None
    except (ProgrammeNotFound, ProgrammeInvalid, InvalidId):
        record = run = None
    if record is None or run is None:
        abort(teamkit.failed_lookup())
    now = clock.now()
    with force_locale(run.programme.language or "nb"):

        def deadline(a):
            return _("Deadline: %(what)s", what=occasion(run, a))

        def gathering(n, g):
            return _("Gathering %(number)s: %(theme)s", number=n, theme=g.theme)

        if record["scope"] == "team":
            if run.programme.team(record["team"]) is None:
                abort(404)
            body = team_calendar(run, record["team"], now, deadline, gathering)
        else:
            body = programme_calendar(run, now, deadline, gathering)
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{pid}.ics"'
    return response
