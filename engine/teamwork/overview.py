"""The team's page in one value: every assignment with its state, what is open now, what is next,
and what reached the team from the others (``inbox``: feedback, requests for a new version,
messages, its part as reference group).

Read-only: built from the run (plan, deliveries, statuses at ``now``), the team's drafts, and the
feedback and message records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..access.team import TeamAccess
from ..cycle import Assignment, Gathering, Status
from ..programmes.presenting import team_presenting
from ..store import Store
from ..store import drafts as draft_repo
from .inbox import Inbox, team_inbox
from .work import blocked_reason

OWED = (Status.OPEN, Status.OVERDUE)


@dataclass(frozen=True)
class AssignmentLine:
    """One of the team's assignments as the team page lists it."""

    assignment: Assignment
    status: Status
    versions: tuple[dict[str, Any], ...]
    draft: dict[str, Any] | None
    blocked: str | None

    @property
    def latest(self) -> dict[str, Any] | None:
        """The newest submitted version, or None."""
        return self.versions[-1] if self.versions else None

    @property
    def editable(self) -> bool:
        """Whether the team can fill it in (or correct it) now."""
        return self.blocked is None

    @property
    def owed(self) -> bool:
        """Open or overdue, and the team can still deliver it: what the team should work on."""
        return self.editable and self.status in OWED


@dataclass(frozen=True)
class Overview:
    """The team page: its lines, the ones owed now, the next to open and the next gathering."""

    lines: tuple[AssignmentLine, ...]
    next_line: AssignmentLine | None
    next_gathering: tuple[int, Gathering] | None
    inbox: Inbox = field(default_factory=Inbox)
    presenting: tuple[tuple[int, Gathering, str, bool], ...] = ()  # (number, gathering, reason, chosen)

    @property
    def owed(self) -> tuple[AssignmentLine, ...]:
        """The assignments the team should work on now, earliest due first."""
        return tuple(
            sorted((line for line in self.lines if line.owed), key=lambda line: line.assignment.effective_due_at)
        )

    @property
    def requested(self) -> tuple[AssignmentLine, ...]:
        """Submitted assignments the project leader asks a new version of, which the team can still give."""
        return tuple(
            line
            for line in self.lines
            if line.assignment.key in self.inbox.requests and line.editable and not line.owed
        )


def team_overview(store: Store, access: TeamAccess, now: datetime) -> Overview:
    """The team page of ``access``'s team at ``now``."""
    run, team = access.run, access.team
    statuses = run.statuses(now)
    drafts = {draft["assignment"]: draft for draft in draft_repo.list_drafts(store, run.id, team.id)}
    lines = tuple(
        AssignmentLine(
            a,
            statuses[a.key],
            tuple(run.versions(a.key)),
            drafts.get(a.key),
            blocked_reason(run, a, statuses[a.key], now),
        )
        for a in run.team_assignments(team.id)
    )
    upcoming = [line for line in lines if line.status == Status.NOT_OPEN]
    gatherings = [
        (number, g)
        for number, g in enumerate(run.programme.gatherings, start=1)
        if g.date >= now.astimezone(run.workflow.tz).date()
    ]
    return Overview(
        lines,
        min(upcoming, key=lambda line: line.assignment.opens_at, default=None),
        gatherings[0] if gatherings else None,
        team_inbox(store, access, now),
        tuple(team_presenting(store, run, team.id, now)),
    )
