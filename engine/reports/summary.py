"""A programme at a glance: how many assignments are in each state, what is due next, and where
each team stands.

``flask programme list`` and the exports count assignments (:func:`summarise`); the leader's pages
count teams (:func:`team_standing`) — "3 teams withdrew", not "22 cells say withdrawn".
Only team assignments count: the participants' anonymous evaluations are not deliveries a team
owes (the export leaves them out for the same reason).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..cycle import Assignment, Run, Status, team_is_active

# What still has a deadline ahead of it: not delivered, not waived, not lost to a withdrawal.
PENDING = frozenset({Status.NOT_OPEN, Status.OPEN})


@dataclass(frozen=True)
class Summary:
    """Counts of team assignments by status at ``now``, and the next deadline still to meet."""

    now: datetime
    counts: Counter[Status] = field(default_factory=Counter)
    teams: int = 0
    active_teams: int = 0
    next_due: Assignment | None = None

    def count(self, status: Status | str) -> int:
        """How many team assignments have ``status``."""
        return self.counts.get(Status(status), 0)

    @property
    def total(self) -> int:
        """Every team assignment of the programme."""
        return sum(self.counts.values())

    @property
    def submitted(self) -> int:
        """Delivered, on time or late."""
        return self.count(Status.SUBMITTED_ON_TIME) + self.count(Status.SUBMITTED_LATE)


def summarise(run: Run, now: datetime) -> Summary:
    """The :class:`Summary` of ``run`` at ``now``."""
    states = run.statuses(now)
    team_assignments = [a for a in run.assignments if a.team is not None]
    counts: Counter[Status] = Counter(states[a.key] for a in team_assignments)
    pending = [a for a in team_assignments if states[a.key] in PENDING and a.effective_due_at >= now]
    next_due = min(pending, key=lambda a: (a.effective_due_at, a.key), default=None)
    active = sum(1 for t in run.programme.teams if team_is_active(t, now, run.workflow.tz))
    return Summary(now=now, counts=counts, teams=len(run.programme.teams), active_teams=active, next_due=next_due)


# Where a team stands, most pressing first: each team is counted once, in the first that applies.
BEHIND, WORKING, UP_TO_DATE, LEFT = "behind", "working", "up_to_date", "left"
STANDINGS = (BEHIND, WORKING, UP_TO_DATE, LEFT)


@dataclass(frozen=True)
class Standing:
    """The teams of a programme by where they stand at ``now``: ``teams[standing]`` are their names
    in the programme's order. ``behind``: still in and something overdue; ``working``: still in,
    nothing overdue, something open and not delivered; ``up_to_date``: still in, everything opened
    so far delivered (or excused); ``left``: withdrawn."""

    now: datetime
    teams: dict[str, tuple[str, ...]]

    def count(self, standing: str) -> int:
        """How many teams stand there."""
        return len(self.teams.get(standing, ()))

    @property
    def total(self) -> int:
        """Every team of the programme."""
        return sum(len(names) for names in self.teams.values())


def team_standing(run: Run, now: datetime) -> Standing:
    """Where each team of ``run`` stands at ``now`` — what the summaries count: teams, not cells."""
    states = run.statuses(now)
    tz = run.workflow.tz
    found: dict[str, list[str]] = {standing: [] for standing in STANDINGS}
    for team in run.programme.teams:
        owned = {states[a.key] for a in run.team_assignments(team.id)}
        if not team_is_active(team, now, tz):
            found[LEFT].append(team.name)
        elif Status.OVERDUE in owned:
            found[BEHIND].append(team.name)
        elif Status.OPEN in owned:
            found[WORKING].append(team.name)
        else:
            found[UP_TO_DATE].append(team.name)
    return Standing(now, {standing: tuple(names) for standing, names in found.items()})
