"""A programme at a glance: how many assignments are in each state and what is due next.

The admin's programme list, the delivery matrix's summary line and ``flask programme list`` all
show the same figures, so they come from one function over a :class:`~engine.cycle.Run`.
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
