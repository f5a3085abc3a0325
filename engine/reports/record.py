"""The delivery record of a programme: per team how much came on time, late, not at all or was
excused, and the matrix behind those counts (teams down, documents across).

Pure: built from a :class:`~engine.cycle.Run` at ``now``. Only what teams owe counts (the
participants' anonymous evaluations and the leader's own documents do not). Columns are every
team deliverable × occurrence, in the workflow's order and by due date within a deliverable;
``relation`` says whether the occurrence hangs *before* or *after* its gathering, so a page can
name it ("Statusrapport før samling 4") in its own language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..cycle import Run, Status, Team, plan_assignments
from ..cycle.workflow import BY_TEAM


@dataclass(frozen=True)
class RecordColumn:
    """One deliverable × occurrence, with the due instant the plan gives every team."""

    deliverable: str
    title: str
    occurrence: int
    per_gathering: bool
    relation: str  # at | before | after: how the deliverable opens relative to its gathering
    due_at: datetime


@dataclass(frozen=True)
class TeamRecord:
    """One team's line: its counts and its status in every column (None: it owed nothing there)."""

    team: Team
    counts: Counter[Status]
    cells: tuple[Status | None, ...]

    def count(self, status: Status | str) -> int:
        """How many of the team's assignments have ``status``."""
        return self.counts.get(Status(status), 0)

    @property
    def on_time(self) -> int:
        """Delivered by the (effective) deadline."""
        return self.count(Status.SUBMITTED_ON_TIME)

    @property
    def late(self) -> int:
        """Delivered after the deadline."""
        return self.count(Status.SUBMITTED_LATE)

    @property
    def missing(self) -> int:
        """Past the deadline and not delivered."""
        return self.count(Status.OVERDUE)

    @property
    def excused(self) -> int:
        """Waived by the leader."""
        return self.count(Status.EXCUSED)

    @property
    def withdrawn(self) -> int:
        """Not owed any more because the team withdrew."""
        return self.count(Status.WITHDRAWN)

    @property
    def pending(self) -> int:
        """Not due yet (open or not open)."""
        return self.count(Status.OPEN) + self.count(Status.NOT_OPEN)


@dataclass(frozen=True)
class DeliveryRecord:
    """The whole record at ``now``."""

    now: datetime
    columns: tuple[RecordColumn, ...]
    teams: tuple[TeamRecord, ...]

    @property
    def totals(self) -> Counter[Status]:
        """The counts of every team together."""
        total: Counter[Status] = Counter()
        for line in self.teams:
            total.update(line.counts)
        return total


def delivery_record(run: Run, now: datetime) -> DeliveryRecord:
    """The :class:`DeliveryRecord` of ``run`` at ``now``."""
    states = run.statuses(now)
    order = {d.key: i for i, d in enumerate(run.workflow.deliverables)}
    planned = {
        (a.deliverable, a.occurrence): a for a in plan_assignments(run.programme, run.workflow) if a.by == BY_TEAM
    }
    columns = []
    for a in sorted(planned.values(), key=lambda a: (order.get(a.deliverable, 0), a.due_at, a.occurrence)):
        spec = run.workflow.deliverable(a.deliverable)
        per_gathering = bool(spec and spec.per_gathering)
        relation = spec.opens.relation if spec else "at"
        columns.append(RecordColumn(a.deliverable, a.title, a.occurrence, per_gathering, relation, a.due_at))
    teams = []
    for team in run.programme.teams:
        cells: list[Status | None] = []
        for column in columns:
            a = run.find(team.id, column.deliverable, column.occurrence)
            cells.append(states[a.key] if a is not None else None)
        counts = Counter(state for state in cells if state is not None)
        teams.append(TeamRecord(team, counts, tuple(cells)))
    return DeliveryRecord(now, tuple(columns), tuple(teams))
