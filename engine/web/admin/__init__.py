"""The project leader's pages, under ``/admin``. Every view needs a log-in; observers only read.

One blueprint, split by job into modules that add their views to it: ``programmes`` (list,
create, settings), ``cycle`` (the programme's adjustments of its workflow),
``copying`` (a programme for the next round),
``matrix`` (a programme's overview), ``timeline``, ``gatherings``, ``teams``,
``members``, ``exceptions`` (extensions, excusals), ``events``, ``exports``; ``submissions``
(reading what teams wrote), ``feedback`` (the leader's feedback on it), ``messages`` (writing to
teams), ``followups`` (the follow-up log), ``registrations`` (who comes to the gatherings),
``mail`` (mailbox, outbox). The guard is installed on the blueprint,
so no view can forget it (``blueprint``).
"""

from __future__ import annotations

from . import (  # the views register themselves on the blueprint
    copying,
    cycle,
    evaluations,
    events,
    exceptions,
    exports,
    feedback,
    followups,
    gatherings,
    mail,
    matrix,
    members,
    messages,
    programmes,
    registrations,
    submissions,
    team_links,
    teams,
    timeline,
)
from .blueprint import bp, run_or_404

__all__ = [
    "bp",
    "copying",
    "cycle",
    "evaluations",
    "events",
    "exceptions",
    "exports",
    "feedback",
    "followups",
    "gatherings",
    "mail",
    "matrix",
    "members",
    "messages",
    "programmes",
    "registrations",
    "run_or_404",
    "submissions",
    "team_links",
    "teams",
    "timeline",
]
