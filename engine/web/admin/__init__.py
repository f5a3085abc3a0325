"""The project leader's pages, under ``/admin``. Every view needs a log-in; observers only read.

One blueprint, split by job into modules that add their views to it: ``programmes`` (the front
page, create, settings), ``attention`` (what the front page says needs attention, reading marks),
``matrix`` (a programme's overview), ``timeline``, ``gatherings``, ``teams``, ``members``,
``exceptions`` (extensions, excusals), ``events``, ``exports``; ``submissions`` (reading what
teams wrote), ``mail`` (mailbox, outbox); ``words`` says the engine's codes in words. The guard is
installed on the blueprint, so no view can forget it (``blueprint``).
"""

from __future__ import annotations

from . import (  # the views register themselves on the blueprint
    attention,
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
    words,
)
from .blueprint import bp, run_or_404

__all__ = [
    "attention",
    "bp",
    "evaluations",
    "events",
    "exceptions",
    "exports",
    "gatherings",
    "mail",
    "matrix",
    "members",
    "programmes",
    "run_or_404",
    "submissions",
    "team_links",
    "teams",
    "timeline",
    "words",
]
