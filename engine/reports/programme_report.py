"""The programme's own report: what a leader hands the steering group at the end (or midway).

It follows the seed report's structure: the programme (title, period, leader), the gatherings
(§5.1: number, date, place, host, theme, who presented), the teams (who took part, when each came
in, who withdrew, when and why), the delivery record (per team and as the matrix), the
participants' evaluation (§6: answers, means, the trend of each scale across the gatherings, the
free text as quotations, the teams' own words), *Tabell 1* and *Tabell 2* (§7, §8, from each
team's latest final report), the leader's own reports to the steering group and — where the
programme keeps them — the follow-up notes per team as counts.

Pure: :func:`build_report` takes the run, ``now`` and :class:`ReportInputs` (plain data the service
``engine.programmes.report`` reads from the store). A programme that is not finished gets the
same report with what it has; ``missing_finals`` and the empty parts say what is still to come.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..cycle import Assignment, Gathering, Run, Status, Team, programme_span, team_is_active
from ..cycle.timerules import local_day
from .evaluations import EvaluationSummary
from .final_tables import FINAL_FORM, FinalAnswers, FinalTables, final_tables
from .record import DeliveryRecord, delivery_record
from .trends import Trend, build_trends


@dataclass(frozen=True)
class Presenter:
    """A team the leader chose to present its work at a gathering, and why."""

    team: str  # the team's name
    reason: str


@dataclass(frozen=True)
class ReportInputs:
    """What the report needs from outside the run, as plain data.

    ``evaluations``: each gathering's evaluation summary by gathering number (gatherings whose
    evaluation has no responses may be left out); ``finals``: each team's latest final report;
    ``presenters``: the confirmed presenters by gathering number; ``followups``: the number of
    follow-up notes per team id — the learning loop's records; empty, the section is left out.
    """

    evaluations: Mapping[int, EvaluationSummary] = field(default_factory=dict)
    finals: tuple[FinalAnswers, ...] = ()
    presenters: Mapping[int, tuple[Presenter, ...]] = field(default_factory=dict)
    followups: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class GatheringLine:
    """One gathering as §5.1 lists it."""

    number: int
    gathering: Gathering
    held: bool
    presenters: tuple[Presenter, ...]


@dataclass(frozen=True)
class TeamLine:
    """One team: when it came in, whether and why it left."""

    team: Team
    joined: date
    from_start: bool
    active: bool


@dataclass(frozen=True)
class EvaluationLine:
    """One gathering's evaluation."""

    number: int
    gathering: Gathering
    summary: EvaluationSummary


@dataclass(frozen=True)
class LeaderDocument:
    """One of the leader's own documents (``by: leader``) and where it stands."""

    assignment: Assignment
    status: Status
    latest: Mapping[str, Any] | None


@dataclass(frozen=True)
class ProgrammeReport:
    """Everything the report page and the Word file show."""

    run: Run
    now: datetime
    start: date
    end: date
    gatherings: tuple[GatheringLine, ...]
    teams: tuple[TeamLine, ...]
    record: DeliveryRecord
    evaluations: tuple[EvaluationLine, ...]
    trends: tuple[Trend, ...]
    finals: FinalTables
    final_title: str
    final_due: datetime | None
    missing_finals: tuple[str, ...]  # teams still in the programme whose final report has not come
    leader_documents: tuple[LeaderDocument, ...]
    followups: tuple[tuple[str, int], ...]

    @property
    def finished(self) -> bool:
        """Whether the programme's last day is behind ``now``."""
        return local_day(self.now, self.run.workflow.tz) > self.end

    @property
    def withdrawn(self) -> tuple[TeamLine, ...]:
        """The teams that left."""
        return tuple(line for line in self.teams if line.team.withdrawn and not line.active)

    @property
    def staying(self) -> tuple[TeamLine, ...]:
        """The teams still in (at the end: the teams that finished)."""
        return tuple(line for line in self.teams if line.active)


def build_report(run: Run, now: datetime, inputs: ReportInputs) -> ProgrammeReport:
    """The :class:`ProgrammeReport` of ``run`` at ``now``."""
    tz = run.workflow.tz
    programme = run.programme
    start, end = programme_span(programme, run.workflow)
    today = local_day(now, tz)
    gatherings = tuple(
        GatheringLine(n, g, g.date <= today, tuple(inputs.presenters.get(n, ())))
        for n, g in enumerate(programme.gatherings, start=1)
    )
    teams = tuple(
        TeamLine(t, t.joined or start, t.joined is None or t.joined <= start, team_is_active(t, now, tz))
        for t in programme.teams
    )
    evaluations = tuple(
        EvaluationLine(n, g, inputs.evaluations[n])
        for n, g in enumerate(programme.gatherings, start=1)
        if n in inputs.evaluations
    )
    trends = build_trends([(line.number, line.gathering.date, line.summary) for line in evaluations])
    return ProgrammeReport(
        run=run,
        now=now,
        start=start,
        end=end,
        gatherings=gatherings,
        teams=teams,
        record=delivery_record(run, now),
        evaluations=evaluations,
        trends=trends,
        finals=final_tables(inputs.finals),
        final_title=_final_title(run),
        final_due=_final_due(run),
        missing_finals=_missing_finals(run, now),
        leader_documents=tuple(
            LeaderDocument(a, run.status(a.key, now), run.latest(a.key)) for a in run.leader_assignments()
        ),
        followups=tuple(  # in the programme's order of teams
            (team.name, inputs.followups[team.id]) for team in run.programme.teams if inputs.followups.get(team.id)
        ),
    )


def final_assignments(run: Run) -> list[Assignment]:
    """The teams' final reports: the assignments of the deliverable filled in with the final form."""
    return [a for a in run.assignments if a.team is not None and a.form == FINAL_FORM]


def _final_title(run: Run) -> str:
    spec = next((d for d in run.workflow.deliverables if d.form == FINAL_FORM), None)
    return spec.title if spec else FINAL_FORM


def _final_due(run: Run) -> datetime | None:
    planned = [a.due_at for a in final_assignments(run)]
    return min(planned) if planned else None


def _missing_finals(run: Run, now: datetime) -> tuple[str, ...]:
    """Teams that still owe their final report (not delivered, not excused, not withdrawn)."""
    states = run.statuses(now)
    owed = {Status.NOT_OPEN, Status.OPEN, Status.OVERDUE}
    missing = []
    for a in final_assignments(run):
        team = run.programme.team(a.team or "")
        if team is not None and states[a.key] in owed:
            missing.append(team.name)
    return tuple(missing)
