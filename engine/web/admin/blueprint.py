"""The ``admin`` blueprint: its guard (log-in required, observers read only), what every admin
page knows, and :func:`run_or_404`. The view modules of ``engine.web.admin`` add their views to it."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request

from ...programmes import ProgrammeInvalid, ProgrammeNotFound, Run, cached_run, get_catalog
from ...store import InvalidId, get_store
from ..auth import is_leader, protect_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
protect_blueprint(bp)


@bp.app_context_processor
def _admin_globals():
    # App-wide, so a page outside /admin (the template previews) can wear the leader's frame too.
    return {
        "is_leader": is_leader(),
        "local_mailbox": not current_app.config.get("MAIL_SERVER"),
        # every admin page says when nothing can be saved (asked only there: it writes a probe file)
        "store_problem": get_store().write_problem() if request.blueprint == bp.name else None,
    }


def run_or_404(pid: str) -> Run:
    """The programme ``pid`` assembled for a view, or a 404 page."""
    try:
        return cached_run(get_store(), get_catalog(), pid)
    except (ProgrammeNotFound, InvalidId):
        abort(404)
    except ProgrammeInvalid as exc:
        current_app.logger.error("programme %s cannot be assembled: %s", pid, exc)
        abort(500)
