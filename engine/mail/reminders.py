"""Reminders the leader sends by hand ("send reminder now"), queued exactly once per press.

The page that offers the button carries a nonce made when it was shown; every message of the
press has it in its idempotency key, ``manual:<assignment>:<nonce>:<due day>:<member>`` (the same
shape as the planned keys, with the nonce in the rule's place). Replaying the POST — a double
click, a reload, a resent form — makes the same keys, and the outbox keeps one message per key;
a new press (a freshly shown page) is a new nonce and a new reminder.

The messages are only queued: the next scheduler pass sends them (within ``SCHEDULER_INTERVAL``
under ``flask serve``, or at the next ``flask tick``), so no web request ever waits for an SMTP
server. At that moment they are looked at again (``relevance``): a team that submitted
meanwhile gets nothing. Before the due instant the workflow's ``reminder`` text is used, after
it the ``overdue`` text, with ``rule`` = ``manual`` and ``days`` counted to or from the due day.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from ..cycle import Assignment, MailIntent, Member, Team, team_is_active
from ..cycle.duemail import assignment_fields
from ..cycle.timerules import local_day
from ..programmes import Run
from ..store import Store
from ..store import outbox as outbox_repo
from ..store.events import log_event
from .compose import LinkBase, compose_intent
from .relevance import SENDABLE, STATUS_REASONS

MANUAL_RULE = "manual"
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass
class Reminded:
    """What one press did: messages queued now, teams reminded, teams left out and why."""

    queued: int = 0
    teams: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (team id, reason)


def new_nonce() -> str:
    """A fresh nonce for one press of the button (put in the form when the page is shown)."""
    return secrets.token_urlsafe(18)


def valid_nonce(nonce: str | None) -> bool:
    """Whether ``nonce`` looks like one :func:`new_nonce` made (it becomes part of a key)."""
    return bool(nonce) and bool(_NONCE.fullmatch(nonce or ""))


def why_not_remind(run: Run, assignment: Assignment, now: datetime) -> str | None:
    """None if the team of ``assignment`` can be reminded at ``now``; otherwise why not (one line)."""
    team = run.programme.team(assignment.team or "")
    if team is None:
        return "the deliverable is not a team's"
    if not team_is_active(team, now, run.workflow.tz):
        return "the team has withdrawn"
    status = run.status(assignment.key, now)
    if status not in SENDABLE:
        return STATUS_REASONS.get(status, f"the assignment is {status.value}")
    if not team.active_members:
        return "the team has no active members"
    return None


def remind_now(
    store: Store, run: Run, assignments: list[Assignment], nonce: str, actor: str, now: datetime, links: LinkBase
) -> Reminded:
    """Queue a reminder to every active member of each team of ``assignments`` that can be reminded.

    Idempotent per ``nonce``; logs ``reminder_requested`` (per team) for what this call queued.
    """
    if not valid_nonce(nonce):
        raise ValueError("invalid nonce")
    result = Reminded()
    for assignment in assignments:
        reason = why_not_remind(run, assignment, now)
        if reason is not None:
            result.skipped.append((assignment.team or "-", reason))
            continue
        team = run.programme.team(assignment.team or "")
        assert team is not None
        records = [
            compose_intent(manual_intent(run, assignment, team, member, nonce, now), run.programme, run.workflow, links)
            for member in team.active_members
        ]
        created = sum(1 for _, new in outbox_repo.enqueue_many(store, run.id, records, now) if new)
        result.teams.append(team.id)
        result.queued += created
        if created:
            log_event(
                store, run.id, "reminder_requested", actor, now, team.id, assignment.key, nonce=nonce, messages=created
            )
    return result


def manual_intent(
    run: Run, assignment: Assignment, team: Team, member: Member, nonce: str, now: datetime
) -> MailIntent:
    """The message of one press to one member: ``reminder`` before the due instant, ``overdue`` after."""
    tz = run.workflow.tz
    due_day, today = local_day(assignment.effective_due_at, tz), local_day(now, tz)
    overdue = now > assignment.effective_due_at
    kind = "overdue" if overdue else "reminder"
    return MailIntent(
        key=f"manual:{assignment.key}:{nonce}:{due_day.isoformat()}:{member.id}",
        kind=kind,
        template=kind,
        programme=run.id,
        moment=now,
        to_name=member.name,
        to_email=member.email,
        team=team.id,
        member=member.id,
        rule=MANUAL_RULE,
        days=(today - due_day).days if overdue else (due_day - today).days,
        **assignment_fields(assignment),
        personal_link=True,
    )
