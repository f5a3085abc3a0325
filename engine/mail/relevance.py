"""Whether a waiting message is still worth sending, and to which address — decided at send time.

A message usually goes out in the pass that queued it. One that waited — for a retry after the
mail server failed, or a reminder the leader asked for before the pass came — is looked at again
when its turn comes, against the programme as it is *now*:

- mail the scheduler planned (``invitation:``, ``reminder:``, ``overdue:``, ``evaluation:``,
  ``digest:`` keys) goes only while ``due_mail`` still returns its key: the same rule that queued
  it (the team has not submitted, is still in the programme, the member is active, the moment's
  window is open) — so a server that was down for two days sends what is due, not what went
  stale meanwhile;
- a reminder the leader asked for (``manual:`` keys) goes while the assignment is open or overdue,
  the team still in the programme and the member active;
- mail to a team's members that a person wrote (``feedback``, ``message``) goes while the member is
  active and the team still in the programme: a withdrawn team is not written to, and a member
  deactivated meanwhile would only get a link that no longer opens;
- everything else (receipts, links asked for on the team pages) always goes.

Planned and manual mail goes to the member's (or the leader's) address as the programme says now,
so a corrected address reaches the right person on the next attempt.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..cycle import Status, team_is_active
from .survey import Survey

SCHEDULED = ("invitation:", "reminder:", "overdue:", "evaluation:", "digest:")
MANUAL = "manual:"
TEAM_MAIL = ("feedback", "message")  # written by a person to every active member of a team
SENDABLE = (Status.OPEN, Status.OVERDUE)
STATUS_REASONS = {
    Status.SUBMITTED_ON_TIME: "the team has submitted",
    Status.SUBMITTED_LATE: "the team has submitted",
    Status.EXCUSED: "the assignment was excused",
    Status.WITHDRAWN: "the team has withdrawn",
    Status.NOT_OPEN: "the assignment is not open",
}


def is_planned(record: Mapping[str, Any]) -> bool:
    """Whether the scheduler planned this message (its key is one ``due_mail`` makes)."""
    return str(record.get("key", "")).startswith(SCHEDULED)


def is_manual(record: Mapping[str, Any]) -> bool:
    """Whether the leader asked for this message ("send reminder now")."""
    return str(record.get("key", "")).startswith(MANUAL)


def why_not_send(record: Mapping[str, Any], survey: Survey, now: datetime) -> str | None:
    """None if ``record`` should go out at ``now``; otherwise why not, in one line."""
    if is_planned(record):
        if record["key"] in survey.due:
            return None
        return _obstacle(record, survey, now) or "its moment has passed (a later message replaces it)"
    if is_manual(record):
        return _obstacle(record, survey, now)
    if record.get("kind") in TEAM_MAIL:
        return _recipient_obstacle(record, survey, now)
    return None


def _recipient_obstacle(record: Mapping[str, Any], survey: Survey, now: datetime) -> str | None:
    """Why a message to a team's member should not go (the team left, the member is not active)."""
    programme = survey.run.programme
    team = programme.team(record["team"]) if record.get("team") else None
    if record.get("team") and team is None:
        return "the team is no longer in the programme"
    if team is not None and not team_is_active(team, now, survey.run.workflow.tz):
        return "the team has withdrawn"
    if team is not None and record.get("member"):
        member = team.member(record["member"])
        if member is None or not member.active:
            return "the member is no longer active"
    return None


def _obstacle(record: Mapping[str, Any], survey: Survey, now: datetime) -> str | None:
    run = survey.run
    reason = _recipient_obstacle(record, survey, now)
    if reason is not None:
        return reason
    team = run.programme.team(record["team"]) if record.get("team") else None
    key = record.get("assignment")
    if key and team is not None:
        if run.assignment(key) is None:
            return "the assignment is no longer in the plan"
        status = run.status(key, now)
        if status not in SENDABLE:
            return STATUS_REASONS.get(status, f"the assignment is {status.value}")
    return None


def current_recipients(record: Mapping[str, Any], survey: Survey) -> list[dict[str, str]]:
    """The ``to`` list of a planned or manual message as the programme has it now (else as stored)."""
    stored = list(record.get("to") or [])
    programme = survey.run.programme
    if not (is_planned(record) or is_manual(record)):
        # a receipt or a re-sent link goes to its member's address as it is now: a retry after the
        # leader corrected a mistyped address must not carry a fresh personal link to the old one
        if record.get("member") and record.get("kind") in ("receipt", "link", "presenter", *TEAM_MAIL):
            team = programme.team(record.get("team") or "")
            member = team.member(record["member"]) if team else None
            return [{"name": member.name, "email": member.email}] if member else stored
        return stored
    if record.get("member"):
        team = programme.team(record.get("team") or "")
        member = team.member(record["member"]) if team else None
        return [{"name": member.name, "email": member.email}] if member else stored
    if record.get("kind") in ("invitation", "reminder", "overdue", "digest"):
        # the leader's copy, the digest, the mail about the leader's own deliverables
        return [{"name": programme.leader.name, "email": programme.leader.email}]
    return stored
