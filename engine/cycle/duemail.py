"""Which messages are due at ``now`` — pure; the outbox stores each by its idempotency key.

``due_mail(state, now)`` returns every message that is due at ``now`` *and still relevant*.
Returning an intent again on a later pass is harmless (the outbox keeps one per key); returning
a stale one is not, so each message has a moment and a relevance window:

=============  =====================================  ==============================================
message        due from (``send_at`` local time on)    relevant until
=============  =====================================  ==============================================
invitation     the opening day                         the effective due instant (inclusive)
reminder       N days before the effective due day     the next later ``before_due`` moment of the
(before_due)   (never before the invitation moment)    same assignment, or the due instant if earlier
overdue        N days after the effective due day      the next later ``after_due`` moment; the last
(after_due)                                            one for 7 days; never after ``closes``
leader's mail  as invitation / reminder / overdue, for  as for a team (a ``by: leader`` deliverable
               a ``by: leader`` deliverable            is the leader's own: ``leader_due`` text)
evaluation     the opening day of a ``by:              its effective due instant (inclusive)
               participant`` deliverable (the
               gathering day)
digest         the digest weekday                      the next digest moment (see ``digest``)
=============  =====================================  ==============================================

A message whose day is a Saturday, a Sunday or a public holiday goes out at ``send_at`` on the next
working day instead (``engine.cycle.calendar``; ``send_on: any_day`` in the workflow turns that
off); its window starts there, so a reminder pushed past its deadline is not sent.

Windows are half-open — a message whose moment is also the end of another's belongs to the later
one — except that "the due instant" itself still counts, as the assignment is open until then.

So a server that was down for a month sends, per assignment, at most the one reminder or notice
whose window it is in — not the whole backlog. Nor at any hour: mail goes out in the workflow's
*sending hours* (``send_at`` to ``send_until``, by default 22:00); a pass outside them — a server
back at 02:00 — leaves what is due for the coming ``send_at`` moment (:func:`sending_moment`),
when it goes if it is still relevant then. Mail about an assignment goes only to active
members of a team that is still in the programme (its withdrawal takes effect at 00:00 on its
date), that has not submitted by ``now``, and whose assignment is not excused. Every past-due
unsubmitted assignment is considered on every pass, not just the latest one.

Idempotency keys (an extension changes the due date and so starts a fresh set of reminders for
that team only; a moved opening day re-invites):

- ``invitation:<assignment>:<opening day>:<member>``
- ``reminder:<assignment>:<rule>:<due day>:<member>`` and ``overdue:…`` likewise; the leader's
  copy of a ``cc: leader`` rule ends in ``:@leader`` (``@`` cannot occur in a member id)
- ``evaluation:<assignment>:<opening day>:<team>/<member>``
- the leader's own deliverables: ``invitation:<assignment>:<opening day>:@leader``,
  ``reminder:<assignment>:<rule>:<due day>:@leader`` and ``overdue:…`` likewise (assignment
  ``<programme>/-/<deliverable>/<n>``)
- ``digest:<programme>:<ISO week>`` (``2019-W14``)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .calendar import send_day
from .deliveries import Delivery, DeliveryLike, as_deliveries, first_deliveries, plan_run, team_is_active
from .digest import DigestContent, digest_content, digest_moment
from .planning import Assignment, Period
from .programme import Member, Programme, Team
from .timerules import add_days, at_clock, day_start, local_day
from .workflow import BEFORE_DUE, BY_LEADER, BY_PARTICIPANT, ReminderRule, Workflow

LAST_NOTICE_DAYS = 7  # how long the last after_due notice stays relevant
# Windows are half-open [moment, until); one ending "at the due instant" includes that instant,
# as the assignment is open until then inclusive (``deliveries.open_status``).
_THROUGH = timedelta(microseconds=1)
LEADER = "@leader"


@dataclass(frozen=True)
class Recipient:
    """Someone a message concerns: a member (``team``/``member`` ids set) or the leader."""

    name: str
    email: str
    team: str | None = None
    member: str | None = None


@dataclass(frozen=True)
class MailIntent:
    """One message that is due: who gets it, why, and what the composer needs to render it.

    ``kind`` is the X-Verksted-Kind; ``template`` the workflow mail text to render (the kind,
    or ``leader_copy``). ``personal_link`` asks the mail layer to mint the member's team link;
    evaluation intents carry ``gathering`` for the evaluation link instead.
    """

    key: str
    kind: str  # invitation | reminder | overdue | evaluation | digest
    template: str
    programme: str
    moment: datetime  # when it became due
    to_name: str
    to_email: str
    team: str | None = None
    member: str | None = None  # None: the leader
    rule: str | None = None
    days: int | None = None  # the rule's N
    assignment: str | None = None
    deliverable: str | None = None
    title: str | None = None
    occurrence: int | None = None
    gathering: int | None = None
    opens_at: datetime | None = None
    due_at: datetime | None = None  # the effective due instant
    extended: bool = False
    closes_at: datetime | None = None
    period: Period | None = None
    personal_link: bool = False
    notified: tuple[Recipient, ...] = ()  # a leader copy: who was reminded
    digest: DigestContent | None = None


@dataclass(frozen=True)
class MailState:
    """What ``due_mail`` looks at: the programme, its workflow, its (merged) assignments, deliveries."""

    programme: Programme
    workflow: Workflow
    assignments: tuple[Assignment, ...]
    deliveries: tuple[Delivery, ...] = ()

    @classmethod
    def build(cls, programme: Programme, workflow: Workflow, deliveries: Iterable[DeliveryLike] = ()) -> MailState:
        """Plan the programme and restore the history of submitted assignments."""
        delivered = tuple(as_deliveries(deliveries))
        assignments = tuple(plan_run(programme, workflow, delivered))
        return cls(programme, workflow, assignments, delivered)


def due_mail(state: MailState, now: datetime) -> list[MailIntent]:
    """Every message due at ``now`` and still relevant (see the module docstring). ``now`` is aware."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: due_mail needs an aware 'now'")
    submitted = set(first_deliveries(state.deliveries, now))
    horizon = _horizon(state.workflow)
    intents: list[MailIntent] = []
    for assignment in state.assignments:
        if now < assignment.opens_at or now > assignment.effective_due_at + horizon:
            continue  # nothing about it can be due: the cheap test that keeps a pass fast
        if assignment.by == BY_PARTICIPANT:
            intents.extend(_evaluations(state, assignment, now))
        elif assignment.by == BY_LEADER:
            if assignment.key not in submitted:
                intents.extend(_leader_mail(state, assignment, now))
        elif assignment.key not in submitted:
            intents.extend(_team_mail(state, assignment, now))
    intents.extend(_digest(state, now))
    return intents


def mail_periods(assignments: Iterable[Assignment], workflow: Workflow) -> tuple[tuple[datetime, datetime], ...]:
    """The periods (closed, sorted, merged) outside which :func:`due_mail` returns nothing for these
    assignments, whatever the deliveries: each assignment's ``[opens_at, effective due + horizon]``
    (the test ``due_mail`` itself makes first) and, with digests on, the programme's span from 00:00
    on the first opening day to 00:00 a week and two days after the last digest day (a digest stays
    due for the week after its moment; the two days spare a DST hour).

    A scheduler pass keeps them with the programme's assembled run, so a programme that has ended,
    or not begun, costs a pass a look at its files, not an assembly (``engine.programmes.runs``).
    """
    assignments = list(assignments)
    horizon = _horizon(workflow)
    spans = sorted((a.opens_at, a.effective_due_at + horizon) for a in assignments)
    if workflow.digest.enabled and assignments:
        tz = workflow.tz
        first = local_day(min(a.opens_at for a in assignments), tz)
        last = local_day(max(a.effective_due_at for a in assignments), tz)
        spans.append((day_start(first, tz), day_start(add_days(last, LAST_NOTICE_DAYS + 9), tz)))
        spans.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def may_be_due(periods: Iterable[tuple[datetime, datetime]], now: datetime) -> bool:
    """Whether ``now`` falls in one of :func:`mail_periods` (only then can anything be due)."""
    return any(start <= now <= end for start, end in periods)


def sending_moment(workflow: Workflow, now: datetime) -> datetime:
    """When mail that is due at ``now`` may go out: ``now`` itself within the workflow's sending hours
    (``Workflow.sending_hours``, local time), else the next ``send_at`` moment."""
    tz = workflow.tz
    start, until = workflow.sending_hours
    today = local_day(now, tz)
    opens, closes = at_clock(today, start, tz), at_clock(today, until, tz)
    if opens <= now < closes:
        return now
    return opens if now < opens else at_clock(add_days(today, 1), start, tz)


def _horizon(workflow: Workflow) -> timedelta:
    """How long after its due instant an assignment can still have mail due (a day to spare)."""
    after = [rule.days for rule in workflow.reminders if rule.direction != BEFORE_DUE]
    return timedelta(days=max(after, default=0) + LAST_NOTICE_DAYS + 1)


def _team_mail(state: MailState, assignment: Assignment, now: datetime) -> Iterator[MailIntent]:
    programme, workflow, tz = state.programme, state.workflow, state.workflow.tz
    team = programme.team(assignment.team or "")
    if team is None or not team_is_active(team, now, tz):
        return
    if programme.excusal(team.id, assignment.deliverable, assignment.occurrence):
        return
    invited = _invitation_moment(assignment, workflow)
    if invited <= now <= assignment.effective_due_at:
        opening_day = local_day(assignment.opens_at, tz).isoformat()
        for member in team.active_members:
            yield _member_intent(
                state,
                assignment,
                team,
                member,
                "invitation",
                invited,
                f"invitation:{assignment.key}:{opening_day}:{member.id}",
            )
    due_day = local_day(assignment.effective_due_at, tz).isoformat()
    for rule, moment, until in rule_windows(assignment, workflow):
        if not moment <= now < until:
            continue
        base = f"{rule.kind}:{assignment.key}:{rule.id}:{due_day}"
        for member in team.active_members:
            yield _member_intent(state, assignment, team, member, rule.kind, moment, f"{base}:{member.id}", rule)
        if rule.cc_leader:
            yield _leader_copy(state, assignment, team, rule, moment, f"{base}:{LEADER}")


def _leader_mail(state: MailState, assignment: Assignment, now: datetime) -> Iterator[MailIntent]:
    """The leader's own deliverable: the same moments as a team's, to the leader, ``leader_due`` text."""
    workflow, tz = state.workflow, state.workflow.tz
    invited = _invitation_moment(assignment, workflow)
    if invited <= now <= assignment.effective_due_at:
        opening_day = local_day(assignment.opens_at, tz).isoformat()
        key = f"invitation:{assignment.key}:{opening_day}:{LEADER}"
        yield _to_leader(state, assignment, "invitation", invited, key)
    due_day = local_day(assignment.effective_due_at, tz).isoformat()
    for rule, moment, until in rule_windows(assignment, workflow):
        if moment <= now < until:
            key = f"{rule.kind}:{assignment.key}:{rule.id}:{due_day}:{LEADER}"
            yield _to_leader(state, assignment, rule.kind, moment, key, rule)


def _to_leader(
    state: MailState,
    assignment: Assignment,
    kind: str,
    moment: datetime,
    key: str,
    rule: ReminderRule | None = None,
) -> MailIntent:
    leader = state.programme.leader
    return MailIntent(
        key=key,
        kind=kind,
        template="leader_due",
        programme=state.programme.id,
        moment=moment,
        to_name=leader.name,
        to_email=leader.email,
        rule=rule.id if rule else None,
        days=rule.days if rule else None,
        **assignment_fields(assignment),
    )


def _invitation_moment(assignment: Assignment, workflow: Workflow) -> datetime:
    return send_moment(local_day(assignment.opens_at, workflow.tz), workflow)


def send_moment(day: date, workflow: Workflow) -> datetime:
    """When a message of ``day`` goes out: ``send_at`` on that day, or on the next working day if the
    day is a weekend or a public holiday (unless the workflow says ``send_on: any_day``)."""
    return at_clock(send_day(day, workflow.send_on), workflow.send_at, workflow.tz)


def rule_windows(assignment: Assignment, workflow: Workflow) -> list[tuple[ReminderRule, datetime, datetime]]:
    """``(rule, moment, relevant until)`` for every reminder rule of a team assignment."""
    deliverable = workflow.deliverable(assignment.deliverable)
    if deliverable is None:
        return []
    tz, send_at = workflow.tz, workflow.send_at
    due_day = local_day(assignment.effective_due_at, tz)
    rules = workflow.rules_for(deliverable)
    moments = [(rule, send_moment(add_days(due_day, rule.offset), workflow)) for rule in rules]
    invited = _invitation_moment(assignment, workflow)
    windows = []
    for rule, moment in moments:
        later = [m for r, m in moments if r.direction == rule.direction and m > moment]
        if rule.direction == BEFORE_DUE:
            if moment < invited:
                continue  # never remind of something before inviting to it
            until = min([assignment.effective_due_at + _THROUGH, *later])
        else:
            last = at_clock(add_days(local_day(moment, tz), LAST_NOTICE_DAYS), send_at, tz)
            until = min(later) if later else last
            if assignment.closes_at is not None:
                until = min(until, assignment.closes_at)
        windows.append((rule, moment, until))
    return windows


def _member_intent(
    state: MailState,
    assignment: Assignment,
    team: Team,
    member: Member,
    kind: str,
    moment: datetime,
    key: str,
    rule: ReminderRule | None = None,
) -> MailIntent:
    return MailIntent(
        key=key,
        kind=kind,
        template=kind,
        programme=state.programme.id,
        moment=moment,
        to_name=member.name,
        to_email=member.email,
        team=team.id,
        member=member.id,
        rule=rule.id if rule else None,
        days=rule.days if rule else None,
        personal_link=True,
        **assignment_fields(assignment),
    )


def _leader_copy(
    state: MailState, assignment: Assignment, team: Team, rule: ReminderRule, moment: datetime, key: str
) -> MailIntent:
    leader = state.programme.leader
    notified = tuple(Recipient(m.name, m.email, team.id, m.id) for m in team.active_members)
    return MailIntent(
        key=key,
        kind=rule.kind,
        template="leader_copy",
        programme=state.programme.id,
        moment=moment,
        to_name=leader.name,
        to_email=leader.email,
        team=team.id,
        member=None,
        rule=rule.id,
        days=rule.days,
        notified=notified,
        **assignment_fields(assignment),
    )


def assignment_fields(assignment: Assignment) -> dict[str, Any]:
    """The fields of a :class:`MailIntent` that describe its assignment (the effective due instant)."""
    return {
        "assignment": assignment.key,
        "deliverable": assignment.deliverable,
        "title": assignment.title,
        "occurrence": assignment.occurrence,
        "gathering": assignment.gathering,
        "opens_at": assignment.opens_at,
        "due_at": assignment.effective_due_at,
        "extended": assignment.extended_due_at is not None,
        "closes_at": assignment.closes_at,
        "period": assignment.period,
    }


def _evaluations(state: MailState, assignment: Assignment, now: datetime) -> Iterator[MailIntent]:
    """Evaluation links: to every active member of every team still in the programme."""
    workflow, tz = state.workflow, state.workflow.tz
    moment = _invitation_moment(assignment, workflow)
    if not moment <= now <= assignment.effective_due_at:
        return
    opening_day = local_day(assignment.opens_at, tz).isoformat()
    for team in state.programme.teams:
        if not team_is_active(team, now, tz):
            continue
        for member in team.active_members:
            yield MailIntent(
                key=f"evaluation:{assignment.key}:{opening_day}:{team.id}/{member.id}",
                kind="evaluation",
                template="evaluation",
                programme=state.programme.id,
                moment=moment,
                to_name=member.name,
                to_email=member.email,
                team=team.id,
                member=member.id,
                **assignment_fields(assignment),
            )


def _digest(state: MailState, now: datetime) -> Iterator[MailIntent]:
    workflow = state.workflow
    if not workflow.digest.enabled or not state.assignments:
        return
    moment = digest_moment(now, workflow)
    if not _within_programme(local_day(moment, workflow.tz), state):
        return
    content = digest_content(state.programme, workflow, state.assignments, state.deliveries, moment)
    if content.empty:
        return
    leader = state.programme.leader
    yield MailIntent(
        key=f"digest:{state.programme.id}:{content.week}",
        kind="digest",
        template="digest",
        programme=state.programme.id,
        moment=moment,
        to_name=leader.name,
        to_email=leader.email,
        digest=content,
    )


def _within_programme(day: date, state: MailState) -> bool:
    """Digests run from the first opening day to a week after the last effective due day."""
    # The local day only grows with the instant, so the first and last days are those of the
    # earliest and latest instants: two conversions per pass instead of two per assignment.
    tz = state.workflow.tz
    first = local_day(min(a.opens_at for a in state.assignments), tz)
    last = local_day(max(a.effective_due_at for a in state.assignments), tz)
    return first <= day <= last + timedelta(days=LAST_NOTICE_DAYS)
