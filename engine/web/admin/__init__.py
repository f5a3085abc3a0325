"""The project leader's pages, under ``/admin``. Every view needs a log-in; observers only read.

One blueprint, split by job into modules that add their views to it: ``programmes`` (list,
create, settings), ``matrix`` (a programme's overview), ``timeline``, ``gatherings``, ``teams``,
``members``, ``exceptions`` (extensions, excusals), ``events``, ``exports``, ``lifecycle`` (closing,
reopening, and refusing changes to a closed programme), ``api_tokens`` (tokens for the JSON API); ``submissions``
(reading what teams wrote), ``mail`` (mailbox, outbox). The guard is installed on the blueprint,
so no view can forget it (``blueprint``).
"""

from __future__ import annotations

from . import (  # the views register themselves on the blueprint
    api_tokens,
    evaluations,
    events,
    exceptions,
    exports,
    gatherings,
    lifecycle,
    mail,
    matrix,
    members,
    programmes,
    submissions,
    team_links,
    teams,
    timeline,
)
from .blueprint import bp, run_or_404

__all__ = [
    "api_tokens",
    "bp",
    "evaluations",
    "events",
    "exceptions",
    "exports",
    "gatherings",
    "lifecycle",
    "mail",
    "matrix",
    "members",
    "programmes",
    "run_or_404",
    "submissions",
    "team_links",
    "teams",
    "timeline",
]
