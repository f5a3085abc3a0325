"""Deliveries, history and delivery status — derived from dates and data, never stored.

A delivery is one submitted version of an assignment (HACKING.md, "Delivery"). It records the
effective due instant it was judged against (``due_at``) and, as an addition to the HACKING
shape, the opening instant (``opens_at``), so that a submitted assignment keeps its history
when a gathering moves later (:func:`merge_history`).

Delivery status (DESIGN §2), in this order of precedence:

- ``submitted_on_time`` / ``submitted_late``: the *first* version decides, against the effective
  due instant — the one recorded on the delivery, or a later extension granted afterwards (a
  leader who extends a deadline after the fact turns a late delivery into an on-time one);
- ``excused``: not submitted, and the leader waived it;
- ``withdrawn``: not submitted, and the team's withdrawal took effect (00:00 local time on its
  date, at or before ``now``) no later than the effective due instant;
- ``not_open`` before the opening instant, ``open`` until the effective due instant inclusive,
  ``overdue`` after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any

from .planning import Assignment, plan_assignments
from .programme import Programme, Team
from .timerules import day_start
from .workflow import Workflow


class Status(StrEnum):
    """The delivery status of an assignment; the values are the export's ``status`` column."""

    NOT_OPEN = "not_open"
    OPEN = "open"
    OVERDUE = "overdue"
    SUBMITTED_ON_TIME = "submitted_on_time"
    SUBMITTED_LATE = "submitted_late"
    WITHDRAWN = "withdrawn"
    EXCUSED = "excused"


@dataclass(frozen=True)
class Delivery:
    """One submitted version of an assignment, as the store keeps it."""

    assignment: str
    submitted_at: datetime
    due_at: datetime | None = None  # the effective due instant when it was submitted
    version: int = 1
    id: str = ""
    team: str | None = None
    deliverable: str = ""
    occurrence: int = 1
    submitted_by: str | None = None
    submitted_by_name: str | None = None
    form: str = ""
    form_version: int | None = None
    content_hash: str = ""
    nonce: str = ""
    opens_at: datetime | None = None  # the opening instant when it was submitted (addition)

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Delivery:
        """Read the store's record (ISO strings with offset for the instants)."""
        return cls(
            assignment=doc["assignment"],
            submitted_at=_instant(doc["submitted_at"]),
            due_at=_instant(doc.get("due_at")),
            version=int(doc.get("version") or 1),
            id=doc.get("id") or "",
            team=doc.get("team"),
            deliverable=doc.get("deliverable") or "",
            occurrence=int(doc.get("occurrence") or 1),
            submitted_by=doc.get("submitted_by"),
            submitted_by_name=doc.get("submitted_by_name"),
            form=doc.get("form") or "",
            form_version=doc.get("form_version"),
            content_hash=doc.get("content_hash") or "",
            nonce=doc.get("nonce") or "",
            opens_at=_instant(doc.get("opens_at")),
        )

    def to_document(self) -> dict[str, Any]:
        """The JSON-able record (HACKING.md "Delivery" plus ``opens_at``)."""
        return {
            "id": self.id,
            "assignment": self.assignment,
            "team": self.team,
            "deliverable": self.deliverable,
            "occurrence": self.occurrence,
            "version": self.version,
            "submitted_at": self.submitted_at.isoformat(),
            "submitted_by": self.submitted_by,
            "submitted_by_name": self.submitted_by_name,
            "form": self.form,
            "form_version": self.form_version,
            "content_hash": self.content_hash,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "opens_at": self.opens_at.isoformat() if self.opens_at else None,
            "nonce": self.nonce,
        }

    @classmethod
    def for_assignment(
        cls, assignment: Assignment, submitted_at: datetime, version: int = 1, **fields: Any
    ) -> Delivery:
        """A new delivery of ``assignment`` judged against its current effective due instant."""
        return cls(
            assignment=assignment.key,
            submitted_at=submitted_at,
            due_at=assignment.effective_due_at,
            opens_at=assignment.opens_at,
            version=version,
            team=assignment.team,
            deliverable=assignment.deliverable,
            occurrence=assignment.occurrence,
            form=assignment.form,
            **fields,
        )


DeliveryLike = Delivery | Mapping[str, Any]


def _instant(value: datetime | str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def as_deliveries(deliveries: Iterable[DeliveryLike]) -> list[Delivery]:
    """Delivery objects from objects or store records (mixed is fine)."""
    return [d if isinstance(d, Delivery) else Delivery.from_document(d) for d in deliveries]


def first_deliveries(deliveries: Iterable[DeliveryLike], now: datetime | None = None) -> dict[str, Delivery]:
    """The first submitted version per assignment key (only those submitted at or before ``now``)."""
    first: dict[str, Delivery] = {}
    for delivery in as_deliveries(deliveries):
        if now is not None and delivery.submitted_at > now:
            continue
        current = first.get(delivery.assignment)
        if current is None or (delivery.version, delivery.submitted_at) < (current.version, current.submitted_at):
            first[delivery.assignment] = delivery
    return first


def merge_history(assignments: Iterable[Assignment], deliveries: Iterable[DeliveryLike]) -> list[Assignment]:
    """Planned assignments with the history of submitted ones restored.

    An unsubmitted assignment follows the plan (so it moves with its gathering). A submitted one
    keeps the opening and due instants its first version was judged against, unless a later
    extension has since been granted (then the extension stands).
    """
    first = first_deliveries(deliveries)
    return [_merge_one(a, first.get(a.key)) for a in assignments]


def plan_run(programme: Programme, workflow: Workflow, deliveries: Iterable[DeliveryLike]) -> list[Assignment]:
    """The assignments of a run: the plan with the history of submitted ones restored.

    A deliverable the programme no longer asks for (turned off in its cycle adjustments) keeps
    the assignments that were submitted — what a team delivered never disappears from its record —
    and drops the rest. Only what is not yet submitted is re-planned.
    """
    delivered = as_deliveries(deliveries)
    first = first_deliveries(delivered)
    enabled = {d.key for d in workflow.enabled_deliverables}
    planned = plan_assignments(programme, workflow, include_disabled=len(enabled) < len(workflow.deliverables))
    return [_merge_one(a, first.get(a.key)) for a in planned if a.deliverable in enabled or a.key in first]


def _merge_one(assignment: Assignment, first: Delivery | None) -> Assignment:
    if first is None:
        return assignment
    opens_at = first.opens_at or assignment.opens_at
    extended = assignment.extended_due_at
    if first.due_at is None or first.due_at == assignment.effective_due_at or (extended and extended > first.due_at):
        # the usual case, history as planned: no copy (a pass merges every delivery of every programme)
        return assignment if opens_at == assignment.opens_at else replace(assignment, opens_at=opens_at)
    return replace(assignment, opens_at=opens_at, due_at=first.due_at, extended_due_at=None)


def withdrawal_start(team: Team | None, tz: tzinfo) -> datetime | None:
    """The instant a team's withdrawal takes effect (00:00 local time on its date), or None."""
    if team is None or team.withdrawn is None:
        return None
    return day_start(team.withdrawn.date, tz)


def team_is_active(team: Team, now: datetime, tz: tzinfo) -> bool:
    """Whether ``team`` is still in the programme at ``now``."""
    start = withdrawal_start(team, tz)
    return start is None or now < start


def still_expected(status: Status, team_active: bool) -> bool:
    """Whether an assignment in ``status`` is one the programme still counts on from its team: it was
    delivered, or it is owed by a team that is still in (not excused, not lost to a withdrawal, not
    left overdue by a team that has gone since). "Submitted 2 of 5" divides by these."""
    if status in (Status.SUBMITTED_ON_TIME, Status.SUBMITTED_LATE):
        return True
    if status in (Status.EXCUSED, Status.WITHDRAWN):
        return False
    return team_active


def delivery_status(
    assignment: Assignment,
    deliveries: Iterable[DeliveryLike],
    programme: Programme,
    now: datetime,
    tz: tzinfo | None = None,
) -> Status:
    """The status of ``assignment`` at ``now`` (see the module docstring for the rules).

    ``deliveries`` may be all of the programme's deliveries; those of other assignments and those
    submitted after ``now`` are ignored. ``tz`` is the workflow's zone, in which a withdrawal takes
    effect at midnight; pass ``workflow.tz`` (the default, the zone of ``opens_at``, is right for
    planned assignments but not for ones read back from ISO strings).
    """
    return statuses([assignment], deliveries, programme, now, tz)[assignment.key]


def statuses(
    assignments: Iterable[Assignment],
    deliveries: Iterable[DeliveryLike],
    programme: Programme,
    now: datetime,
    tz: tzinfo | None = None,
) -> dict[str, Status]:
    """Every assignment's status by key, in one pass over the deliveries (the delivery matrix)."""
    first = first_deliveries(deliveries, now)
    result = {}
    for assignment in assignments:
        delivery = first.get(assignment.key)
        if delivery is None:
            result[assignment.key] = open_status(assignment, programme, now, tz)
        else:
            merged = _merge_one(assignment, delivery)
            late = delivery.submitted_at > merged.effective_due_at
            result[assignment.key] = Status.SUBMITTED_LATE if late else Status.SUBMITTED_ON_TIME
    return result


def open_status(assignment: Assignment, programme: Programme, now: datetime, tz: tzinfo | None = None) -> Status:
    """The status of an assignment known to be unsubmitted at ``now``."""
    if assignment.team is not None:
        if programme.excusal(assignment.team, assignment.deliverable, assignment.occurrence):
            return Status.EXCUSED
        start = withdrawal_start(programme.team(assignment.team), tz or assignment.opens_at.tzinfo)
        if start is not None and start <= now and start <= assignment.effective_due_at:
            return Status.WITHDRAWN
    if now < assignment.opens_at:
        return Status.NOT_OPEN
    if now <= assignment.effective_due_at:
        return Status.OPEN
    return Status.OVERDUE
