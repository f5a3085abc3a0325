"""The leader's weekly digest: what came in, what is due this week, what is overdue.

A digest is due at ``send_at`` local time on the workflow's digest weekday and stays relevant
until the next one (a server that was down on Monday sends it on Tuesday; one down all week
skips it). Its content is computed *as of its moment*, not as of the pass that sends it, so it
is the same whichever pass composes it and every delivery appears in exactly one digest:

- new deliveries: every version submitted in the week before the moment;
- due this week: unsubmitted assignments whose effective due instant falls in the seven days
  from the moment;
- overdue: assignments whose status at the moment is ``overdue`` (excused and withdrawn ones
  are not overdue), of teams still in the programme: what a team left undone before it withdrew
  is history, not something to chase.

An empty digest is not sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .deliveries import Delivery, Status, statuses, team_is_active
from .planning import Assignment
from .programme import Programme
from .timerules import add_days, at_clock, iso_week, local_day
from .workflow import BY_TEAM, Workflow


@dataclass(frozen=True)
class DigestLine:
    """One assignment (or one delivered version of it) in a digest."""

    assignment: str
    team: str | None
    deliverable: str
    title: str
    occurrence: int
    due_at: datetime
    submitted_at: datetime | None = None
    version: int | None = None
    late: bool = False


@dataclass(frozen=True)
class DigestContent:
    """A week's digest for one programme, keyed by ISO week."""

    week: str  # 2019-W14
    moment: datetime
    new_deliveries: tuple[DigestLine, ...] = ()
    due_this_week: tuple[DigestLine, ...] = ()
    overdue: tuple[DigestLine, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing to report: no digest is sent."""
        return not (self.new_deliveries or self.due_this_week or self.overdue)


def digest_moment(now: datetime, workflow: Workflow) -> datetime:
    """The latest digest moment at or before ``now`` (the one whose week ``now`` is in)."""
    tz = workflow.tz
    today = local_day(now, tz)
    day = add_days(today, -((today.weekday() - workflow.digest.weekday) % 7))
    moment = at_clock(day, workflow.send_at, tz)
    if moment > now:
        moment = at_clock(add_days(day, -7), workflow.send_at, tz)
    return moment


def digest_content(
    programme: Programme,
    workflow: Workflow,
    assignments: Iterable[Assignment],
    deliveries: Iterable[Delivery],
    moment: datetime,
) -> DigestContent:
    """The digest whose moment is ``moment`` (see the module docstring)."""
    tz = workflow.tz
    day = local_day(moment, tz)
    previous = at_clock(add_days(day, -7), workflow.send_at, tz)
    following = at_clock(add_days(day, 7), workflow.send_at, tz)
    team_assignments = {a.key: a for a in assignments if a.by == BY_TEAM}
    delivered = [d for d in deliveries if d.assignment in team_assignments]
    status = statuses(team_assignments.values(), delivered, programme, moment, tz)
    order = {team.id: index for index, team in enumerate(programme.teams)}

    def line(assignment: Assignment, delivery: Delivery | None = None) -> DigestLine:
        return DigestLine(
            assignment=assignment.key,
            team=assignment.team,
            deliverable=assignment.deliverable,
            title=assignment.title,
            occurrence=assignment.occurrence,
            due_at=assignment.effective_due_at,
            submitted_at=delivery.submitted_at if delivery else None,
            version=delivery.version if delivery else None,
            late=status[assignment.key] == Status.SUBMITTED_LATE if delivery else False,
        )

    def ordered(lines: Iterable[DigestLine]) -> tuple[DigestLine, ...]:
        return tuple(
            sorted(
                lines,
                key=lambda item: (
                    item.submitted_at or item.due_at,
                    item.due_at,
                    order.get(item.team or "", 0),
                    item.assignment,
                ),
            )
        )

    new = [line(team_assignments[d.assignment], d) for d in delivered if previous <= d.submitted_at < moment]
    due = [
        line(a)
        for a in team_assignments.values()
        if status[a.key] in (Status.OPEN, Status.NOT_OPEN) and moment <= a.effective_due_at < following
    ]
    gone = {t.id for t in programme.teams if not team_is_active(t, moment, tz)}
    overdue = [line(a) for a in team_assignments.values() if status[a.key] == Status.OVERDUE and a.team not in gone]
    return DigestContent(
        week=iso_week(day),
        moment=moment,
        new_deliveries=ordered(new),
        due_this_week=ordered(due),
        overdue=ordered(overdue),
    )
