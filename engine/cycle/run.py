"""A programme run as a value: the programme, its workflow, the merged plan and every delivered version. Pure.

``workflow`` is the programme's own cycle: the installed workflow with the programme's
adjustments applied (``engine.cycle.adjust``); ``installed_workflow`` is the one before them.

The service (``engine.programmes``) assembles a :class:`Run` from the store; pages, the
scheduler, exports and reports read it. It is immutable, so threads and processes' caches can
share it, and every question it answers — which assignment, which versions, which status at
``now`` — is a pure function of what it holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from .deliveries import Delivery, Status, statuses
from .planning import Assignment, programme_span
from .programme import Programme
from .workflow import BY_LEADER, BY_PARTICIPANT, Workflow


@dataclass(frozen=True)
class Run:
    """One programme with its workflow, merged plan and every delivered version."""

    programme: Programme
    workflow: Workflow
    assignments: tuple[Assignment, ...]
    deliveries: tuple[dict[str, Any], ...]  # store records, every version
    revision: int = 0
    document: Mapping[str, Any] = field(default_factory=dict)
    delivered: tuple[Delivery, ...] = ()  # the same records parsed once (statuses, due mail)
    base_workflow: Workflow | None = None  # the workflow as installed, before the programme's adjustments

    @property
    def installed_workflow(self) -> Workflow:
        """The workflow as installed (``workflow`` is it with the programme's cycle adjustments)."""
        return self.base_workflow or self.workflow

    @property
    def id(self) -> str:
        return self.programme.id

    @cached_property
    def span(self) -> tuple[date, date]:
        """The programme's first and last day (:func:`~engine.cycle.planning.programme_span`), worked out
        once: every request by a personal link asks it (how long the link is valid)."""
        return programme_span(self.programme, self.workflow)

    @cached_property
    def _by_key(self) -> dict[str, Assignment]:
        return {a.key: a for a in self.assignments}

    @cached_property
    def _versions(self) -> dict[str, list[dict[str, Any]]]:
        versions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in self.deliveries:
            versions[record["assignment"]].append(record)
        for records in versions.values():
            records.sort(key=lambda r: r["version"])
        return dict(versions)

    def assignment(self, key: str) -> Assignment | None:
        """The assignment with this key, or None."""
        return self._by_key.get(key)

    def find(self, team: str | None, deliverable: str, occurrence: int) -> Assignment | None:
        """The assignment of ``team`` (None for participant deliverables) by deliverable and occurrence."""
        return next(
            (
                a
                for a in self.assignments
                if a.team == team and a.deliverable == deliverable and a.occurrence == occurrence
            ),
            None,
        )

    def team_assignments(self, team: str) -> list[Assignment]:
        """The team's assignments in the order they open."""
        return [a for a in self.assignments if a.team == team]

    def participant_assignments(self) -> list[Assignment]:
        """The anonymous, per-participant ones (the gatherings' evaluations)."""
        return [a for a in self.assignments if a.by == BY_PARTICIPANT]

    def leader_assignments(self) -> list[Assignment]:
        """The project leader's own documents (``by: leader``) in the order they open."""
        return [a for a in self.assignments if a.by == BY_LEADER]

    def versions(self, key: str) -> list[dict[str, Any]]:
        """Every submitted version of an assignment, oldest first."""
        return list(self._versions.get(key, ()))

    def latest(self, key: str) -> dict[str, Any] | None:
        """The newest submitted version of an assignment, or None."""
        versions = self._versions.get(key)
        return versions[-1] if versions else None

    def first(self, key: str) -> dict[str, Any] | None:
        """The first submitted version — the delivery that decided on time or late."""
        versions = self._versions.get(key)
        return versions[0] if versions else None

    def statuses(self, now: datetime) -> dict[str, Status]:
        """Every assignment's delivery status at ``now``."""
        return statuses(self.assignments, self.delivered or self.deliveries, self.programme, now, self.workflow.tz)

    def status(self, key: str, now: datetime) -> Status:
        """One assignment's delivery status at ``now``."""
        return statuses([self._by_key[key]], self.versions(key), self.programme, now, self.workflow.tz)[key]
