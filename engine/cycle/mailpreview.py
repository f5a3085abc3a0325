"""A mail text rendered from a programme's real data, for the leader who edits it. Pure.

The leader changing the invitation wants to read it as a team will: with a real team, member,
deliverable, due date. :func:`preview_context` picks the first fitting example from the run's
own plan — the next team assignment to open or fall due after ``now`` (else the last one), its
team's first active member, the first reminder rule of the right kind — and builds the same
context the mail layer builds (``mailcontext``), so what renders here renders in the outbox.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from .deliveries import Delivery
from .digest import digest_content, digest_moment
from .duemail import MailIntent, Recipient, assignment_fields
from .mailcontext import (
    feedback_context,
    intent_context,
    link_context,
    message_context,
    presenter_context,
    receipt_context,
)
from .planning import Assignment
from .programme import Programme
from .workflow import BEFORE_DUE, BY_LEADER, BY_PARTICIPANT, TEAM_KINDS, Workflow

SAMPLE_ANSWER = ("…", "…")
SAMPLE_TEXT = "…"  # what a person writes when the mail is sent


class NoExample(LookupError):
    """The programme has nothing to show this mail with (no team with members, no such deliverable)."""


def preview_context(
    kind: str,
    programme: Programme,
    workflow: Workflow,
    assignments: Sequence[Assignment],
    deliveries: Iterable[Delivery],
    now: datetime,
    link: str,
) -> dict[str, Any]:
    """The context of mail ``kind`` built from this programme's own data; raises :class:`NoExample`."""
    if kind == "digest":
        moment = digest_moment(now, workflow)
        content = digest_content(programme, workflow, list(assignments), list(deliveries), moment)
        intent = MailIntent("preview", "digest", "digest", programme.id, moment, "", "", digest=content)
        return intent_context(intent, programme, workflow, link)
    if kind == "leader_due":
        return _leader_due(programme, workflow, assignments, now, link)
    by = BY_PARTICIPANT if kind == "evaluation" else None
    assignment = _example(assignments, by, now)
    team, member = _member(programme, assignment.team)
    if kind == "link":
        return link_context(programme, workflow, team.id, member.id, link)
    if kind == "receipt":
        delivery = Delivery.for_assignment(assignment, now, submitted_by_name=member.name)
        return receipt_context(programme, workflow, assignment, delivery, [SAMPLE_ANSWER], member.id, link)
    if kind == "feedback":  # the leader's words are written when the feedback is; "…" stands for them
        sample = {"text": SAMPLE_TEXT, "version": 1, "submitted_at": now.isoformat(), "author": programme.leader.name}
        return feedback_context(programme, workflow, assignment, sample, member.id, link)
    if kind == "message":  # likewise the message's own subject and text
        return message_context(programme, workflow, team.id, member.id, SAMPLE_TEXT, SAMPLE_TEXT, link)
    if kind == "presenter":  # the next gathering, and the leader's reason written when choosing
        number = assignment.gathering or 1
        return presenter_context(programme, workflow, team.id, member.id, number, SAMPLE_TEXT, link)
    rule = None
    if kind in ("reminder", "overdue", "leader_copy"):
        wanted = "overdue" if kind == "overdue" else "reminder"
        rule = next((r for r in workflow.reminders if r.kind == wanted), None)
        rule = rule or next((r for r in workflow.reminders if kind == "leader_copy" and r.cc_leader), None)
        if rule is None:
            raise NoExample(kind)
    intent = MailIntent(
        key="preview",
        kind=rule.kind if rule else ("evaluation" if kind == "evaluation" else "invitation"),
        template=kind,
        programme=programme.id,
        moment=now,
        to_name=member.name,
        to_email=member.email,
        team=team.id,
        member=None if kind == "leader_copy" else member.id,
        rule=rule.id if rule else None,
        days=rule.days if rule else None,
        notified=tuple(Recipient(m.name, m.email, team.id, m.id) for m in team.active_members),
        **assignment_fields(assignment),
    )
    if rule is not None and rule.direction != BEFORE_DUE and kind == "reminder":
        raise NoExample(kind)
    return intent_context(intent, programme, workflow, link)


def _leader_due(
    programme: Programme, workflow: Workflow, assignments: Sequence[Assignment], now: datetime, link: str
) -> dict[str, Any]:
    """The invitation to the leader's next own document (``by: leader``), as the scheduler sends it."""
    assignment = _example(assignments, BY_LEADER, now)
    leader = programme.leader
    intent = MailIntent(
        key="preview",
        kind="invitation",
        template="leader_due",
        programme=programme.id,
        moment=now,
        to_name=leader.name,
        to_email=leader.email,
        **assignment_fields(assignment),
    )
    return intent_context(intent, programme, workflow, link)


def _example(assignments: Sequence[Assignment], by: str | None, now: datetime) -> Assignment:
    fitting = [a for a in assignments if (a.by == by if by else a.by in TEAM_KINDS)]
    if not fitting:
        raise NoExample(by or "team")
    upcoming = [a for a in fitting if a.effective_due_at >= now]
    return min(upcoming, key=lambda a: a.effective_due_at) if upcoming else fitting[-1]


def _member(programme: Programme, team_id: str | None):
    teams = [programme.team(team_id)] if team_id else list(programme.teams)
    teams += [t for t in programme.teams if t not in teams]
    for team in teams:
        if team is not None and team.active_members:
            return team, team.active_members[0]
    raise NoExample("member")
