"""The project leader's pages, under ``/admin``. Every view needs a log-in; observers only read.

One blueprint, split by job into modules that add their views to it: ``programmes`` (the front
page, create, settings), ``attention`` (what the front page says needs attention, reading marks),
``cycle`` (the programme's adjustments of its workflow), ``copying`` (a programme for the next
round), ``matrix`` (a programme's overview), ``timeline``, ``gatherings``, ``teams``, ``members``,
``exceptions`` (extensions, excusals), ``events``, ``exports``, ``lifecycle`` (closing, reopening,
and refusing changes to a closed programme), ``api_tokens`` (tokens for the JSON API);
``submissions`` (reading what teams wrote), ``feedback`` (the leader's feedback on it),
``messages`` (writing to teams), ``followups`` (the follow-up log), ``registrations`` (who comes
to the gatherings), ``mail`` (mailbox, outbox); ``words`` says the engine's codes in words. The
guard is installed on the blueprint, so no view can forget it (``blueprint``).
"""

from __future__ import annotations

from . import (  # the views register themselves on the blueprint
    api_tokens,
    attention,
    calendars,
    copying,
    cycle,
    evaluations,
    events,
    exceptions,
    exports,
    feedback,
    followups,
    gatherings,
    lifecycle,
    mail,
    matrix,
    members,
    messages,
    occurrences,
    own,
    presenters,
    programmes,
    registrations,
    report,
    submissions,
    team_links,
    teams,
    timeline,
    words,
)
from .blueprint import bp, run_or_404

__all__ = [
    "api_tokens",
    "attention",
    "bp",
    "calendars",
    "copying",
    "cycle",
    "evaluations",
    "events",
    "exceptions",
    "exports",
    "feedback",
    "followups",
    "gatherings",
    "lifecycle",
    "mail",
    "matrix",
    "members",
    "messages",
    "occurrences",
    "own",
    "presenters",
    "programmes",
    "registrations",
    "report",
    "run_or_404",
    "submissions",
    "team_links",
    "teams",
    "timeline",
    "words",
]
