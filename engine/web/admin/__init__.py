"""The project leader's pages, under ``/admin``. Every view needs a log-in; observers only read.

One blueprint, split by job into modules that add their views to it: ``programmes`` (list,
create, settings), ``matrix`` (a programme's overview), ``timeline``, ``gatherings``, ``teams``,
``members``, ``exceptions`` (extensions, excusals), ``events``, ``exports``; ``submissions``
(reading what teams wrote), ``mail`` (mailbox, outbox). The guard is installed on the blueprint,
so no view can forget it.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app

from ...catalog import get_catalog
from ...programmes import ProgrammeInvalid, ProgrammeNotFound, Run, cached_run
from ...store import InvalidId, get_store
from ..auth import is_leader, protect_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
protect_blueprint(bp)


@bp.context_processor
def _admin_globals():
    return {"is_leader": is_leader(), "local_mailbox": not current_app.config.get("MAIL_SERVER")}


def run_or_404(pid: str) -> Run:
    """The programme ``pid`` assembled for a view, or a 404 page."""
    try:
        return cached_run(get_store(), get_catalog(), pid)
    except (ProgrammeNotFound, InvalidId):
        abort(404)
    except ProgrammeInvalid as exc:
        current_app.logger.error("programme %s cannot be assembled: %s", pid, exc)
        abort(500)


# Views register themselves on bp.
from . import (  # noqa: E402,F401
    evaluations,
    events,
    exceptions,
    exports,
    gatherings,
    mail,
    matrix,
    members,
    programmes,
    submissions,
    team_links,
    teams,
    timeline,
)
