"""The facts of a period, for the project leader's own report to the steering group (``by: leader``).

A leader's report covers the time since the previous one: from the day after the previous
occurrence's due day (the first: from the programme's start) to this occurrence's due day. In it:
the gatherings held, the teams' documents due — per team how many came on time, late, not at all
or were excused, and which ones were late or are missing — the teams that withdrew, who presented
at the gatherings, and the follow-up notes per team where the programme keeps them. Statuses are
as they stand at ``now`` (when the leader opens the form), so a late delivery that came in since
counts as late, not missing.

Pure: the service (``engine.teamwork.leader``) formats these into the form's text fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..cycle import Assignment, Gathering, Run, Status, Withdrawal, programme_span
from ..cycle.timerules import local_day
from ..cycle.workflow import BY_TEAM
from .programme_report import Presenter


@dataclass(frozen=True)
class TeamTally:
    """One team's documents due in the period."""

    team: str
    on_time: int
    late: int
    missing: int
    excused: int
    not_due: int

    @property
    def due(self) -> int:
        """Everything counted."""
        return self.on_time + self.late + self.missing + self.excused + self.not_due


@dataclass(frozen=True)
class PeriodFacts:
    """What happened in the period a leader's report covers."""

    start: date
    end: date
    gatherings: tuple[tuple[int, Gathering], ...]
    tallies: tuple[TeamTally, ...]
    late: tuple[tuple[str, Assignment, datetime], ...]  # team name, assignment, first submitted
    missing: tuple[tuple[str, Assignment], ...]
    withdrawals: tuple[tuple[str, Withdrawal], ...]
    presenters: tuple[tuple[int, Presenter], ...]
    followups: tuple[tuple[str, int], ...]


def report_window(run: Run, assignment: Assignment) -> tuple[date, date]:
    """The days a leader's report covers (see the module docstring)."""
    tz = run.workflow.tz
    earlier = [
        a
        for a in run.assignments
        if a.deliverable == assignment.deliverable and a.team == assignment.team and a.due_at < assignment.due_at
    ]
    if earlier:
        start = local_day(max(a.due_at for a in earlier), tz) + timedelta(days=1)
    else:
        start = programme_span(run.programme, run.workflow)[0]
    return start, local_day(assignment.due_at, tz)


def period_facts(
    run: Run,
    assignment: Assignment,
    now: datetime,
    presenters: Mapping[int, tuple[Presenter, ...]] | None = None,
    followups: Mapping[str, int] | None = None,
) -> PeriodFacts:
    """The facts of the period ``assignment`` (a leader's report) covers, as they stand at ``now``."""
    tz = run.workflow.tz
    start, end = report_window(run, assignment)
    states = run.statuses(now)
    names = {t.id: t.name for t in run.programme.teams}
    due = [
        a
        for a in run.assignments
        if a.by == BY_TEAM and start <= local_day(a.effective_due_at, tz) <= end and a.team in names
    ]
    tallies, late, missing = [], [], []
    for team in run.programme.teams:
        mine = [a for a in due if a.team == team.id]
        counts = {state: sum(1 for a in mine if states[a.key] == state) for state in Status}
        if not mine or counts[Status.WITHDRAWN] == len(mine):
            continue
        tallies.append(
            TeamTally(
                team.name,
                counts[Status.SUBMITTED_ON_TIME],
                counts[Status.SUBMITTED_LATE],
                counts[Status.OVERDUE],
                counts[Status.EXCUSED],
                counts[Status.OPEN] + counts[Status.NOT_OPEN],
            )
        )
        for a in mine:
            first = run.first(a.key)
            if states[a.key] == Status.SUBMITTED_LATE and first is not None:
                late.append((team.name, a, datetime.fromisoformat(first["submitted_at"])))
            elif states[a.key] == Status.OVERDUE:
                missing.append((team.name, a))
    gatherings = tuple((n, g) for n, g in enumerate(run.programme.gatherings, start=1) if start <= g.date <= end)
    held = {n for n, _ in gatherings}
    return PeriodFacts(
        start=start,
        end=end,
        gatherings=gatherings,
        tallies=tuple(tallies),
        late=tuple(late),
        missing=tuple(missing),
        withdrawals=tuple(
            (t.name, t.withdrawn) for t in run.programme.teams if t.withdrawn and start <= t.withdrawn.date <= end
        ),
        presenters=tuple((n, p) for n, items in sorted((presenters or {}).items()) if n in held for p in items),
        followups=tuple((t.name, (followups or {})[t.id]) for t in run.programme.teams if (followups or {}).get(t.id)),
    )
