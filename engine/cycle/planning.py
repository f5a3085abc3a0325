"""Planning: from a programme and its workflow to the exact list of assignments. Pure and exact.

One assignment per deliverable × occurrence × team (``by: team``), or per deliverable ×
occurrence for the whole programme (``by: participant``, answered anonymously, and ``by:
leader``, the project leader's own document: team ``None``, ``-`` in its key). The
occurrence is the number of the gathering an ``each: gathering`` deliverable hangs on, 1 for a
one-off. Times follow DESIGN §3: open at 00:00 local time on the opening day, due (and an
extension due, and a ``closes`` day) at 23:59:59 local time, in the workflow's time zone.

**The programme's span** runs from the earlier of its first gathering and the first opening day
to the later of its last gathering and the last (planned) due day. Withdrawals must fall inside.

**Periods** (``period_months`` tick boxes, "for perioden … til …" in texts): an ``each:
gathering`` deliverable that opens at or after its gathering k covers gathering k → gathering
k+1 (the last: k → the span's end); one that opens *before* its gathering k covers gathering
k−1 → k (the first: the span's start → k); a one-off covers the whole span. A workflow can
override this per deliverable with ``period: {from: …, to: …}``.

Assignments are derived, never stored; what a submission fixed in history is kept by
``deliveries.merge_history``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .programme import Programme
from .timerules import add_days, day_end, day_start, months_between
from .workflow import TEAM_KINDS, Deliverable, Ref, Workflow


class PlanError(ValueError):
    """The programme does not fit its workflow (``programme_problems`` says so beforehand)."""


@dataclass(frozen=True)
class Period:
    """The span of days an assignment reports on, and its months for tick boxes."""

    start: date
    end: date

    @property
    def months(self) -> tuple[date, ...]:
        """The first day of each month from ``start`` to ``end`` (at least one)."""
        return months_between(self.start, max(self.start, self.end))

    def to_document(self) -> dict[str, Any]:
        """JSON-able: ISO dates and ``YYYY-MM`` months."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "months": [m.strftime("%Y-%m") for m in self.months],
        }


@dataclass(frozen=True)
class Assignment:
    """One deliverable owed by one team (or by the participants) in one occurrence."""

    key: str  # <programme>/<team or ->/<deliverable>/<occurrence>
    programme: str
    team: str | None
    deliverable: str
    occurrence: int
    form: str
    by: str
    title: str
    gathering: int  # the gathering it hangs on (a one-off: the one its opening names)
    opens_at: datetime
    due_at: datetime
    period: Period
    extended_due_at: datetime | None = None
    closes_at: datetime | None = None

    @property
    def effective_due_at(self) -> datetime:
        """The due instant that counts: the extension's if one was granted."""
        return self.extended_due_at or self.due_at

    def to_document(self) -> dict[str, Any]:
        """JSON-able, times as ISO 8601 with offset (for exports, pages and the JSON API)."""

        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "key": self.key,
            "programme": self.programme,
            "team": self.team,
            "deliverable": self.deliverable,
            "occurrence": self.occurrence,
            "form": self.form,
            "by": self.by,
            "title": self.title,
            "gathering": self.gathering,
            "opens_at": iso(self.opens_at),
            "due_at": iso(self.due_at),
            "extended_due_at": iso(self.extended_due_at),
            "closes_at": iso(self.closes_at),
            "period": self.period.to_document(),
        }


def assignment_key(programme: str, team: str | None, deliverable: str, occurrence: int) -> str:
    """``<programme>/<team>/<deliverable>/<occurrence>``; team ``-`` for participant deliverables."""
    return f"{programme}/{team or '-'}/{deliverable}/{occurrence}"


@dataclass(frozen=True)
class _Slot:
    """One deliverable × occurrence with its days, before it is multiplied by the teams."""

    deliverable: Deliverable
    index: int
    occurrence: int
    gathering: int
    opens: date
    due: date
    closes: date | None


def plan_assignments(programme: Programme, workflow: Workflow, include_disabled: bool = False) -> list[Assignment]:
    """Every assignment of ``programme``, ordered by opening instant, then workflow and team order.

    Deliverables that are off (``enabled: false``, in the workflow or the programme's adjustments)
    are left out unless ``include_disabled`` (``deliveries.plan_run`` keeps their submitted history).
    Raises :class:`PlanError` if the workflow cannot carry the programme's number of gatherings.
    """
    tz = workflow.tz
    start, end = _span(programme, _slots(programme, workflow))  # the span of what is asked for
    slots = _slots(programme, workflow, include_disabled)
    planned = []
    for slot in slots:
        period = _period(slot, programme, start, end)
        teams = [t.id for t in programme.teams] if slot.deliverable.by in TEAM_KINDS else [None]
        for team_order, team in enumerate(teams):
            extension = programme.extension(team, slot.deliverable.key, slot.occurrence) if team else None
            assignment = Assignment(
                key=assignment_key(programme.id, team, slot.deliverable.key, slot.occurrence),
                programme=programme.id,
                team=team,
                deliverable=slot.deliverable.key,
                occurrence=slot.occurrence,
                form=slot.deliverable.form,
                by=slot.deliverable.by,
                title=slot.deliverable.title,
                gathering=slot.gathering,
                opens_at=day_start(slot.opens, tz),
                due_at=day_end(slot.due, tz),
                period=period,
                extended_due_at=day_end(extension.due, tz) if extension else None,
                closes_at=day_end(slot.closes, tz) if slot.closes else None,
            )
            planned.append(((assignment.opens_at, slot.index, slot.occurrence, team_order), assignment))
    return [assignment for _, assignment in sorted(planned, key=lambda pair: pair[0])]


def programme_span(programme: Programme, workflow: Workflow) -> tuple[date, date]:
    """The programme's first and last day (see the module docstring); raises :class:`PlanError`."""
    return _span(programme, _slots(programme, workflow))


def plan_problems(programme: Programme, workflow: Workflow) -> list[tuple[tuple[str | int, ...], str]]:
    """Why this programme's gatherings do not fit the workflow, as ``(path parts, message)`` pairs."""
    count = len(programme.gatherings)
    if count == 0:
        return [(("gatherings",), "a programme needs at least one gathering")]
    if not workflow.fits(count):
        return [(("gatherings",), range_message(workflow, count))]
    problems = []
    slots = _slots(programme, workflow)
    start, end = _span(programme, slots)
    for slot in slots:
        name = f"{slot.deliverable.key} (occurrence {slot.occurrence})"
        if slot.due < slot.opens:
            problems.append(
                (
                    ("gatherings",),
                    f"with these dates {name} would be due on {slot.due.isoformat()}, "
                    f"before it opens on {slot.opens.isoformat()}",
                )
            )
        if slot.closes and slot.closes < slot.due:
            problems.append(
                (
                    ("gatherings",),
                    f"with these dates {name} would close on {slot.closes.isoformat()}, "
                    f"before it is due on {slot.due.isoformat()}",
                )
            )
        period = _period(slot, programme, start, end)
        if period.end < period.start:
            problems.append(
                (
                    ("gatherings",),
                    f"with these dates the period of {name} would run backwards, "
                    f"from {period.start.isoformat()} to {period.end.isoformat()}",
                )
            )
    return problems


def range_message(workflow: Workflow, count: int) -> str:
    """The one line that refuses a programme whose number of gatherings the workflow cannot carry."""
    low, high = workflow.gathering_range
    if high is None:
        wanted = f"at least {low} gatherings"
    elif low == high:
        wanted = f"exactly {low} gatherings"
    else:
        wanted = f"{low} to {high} gatherings"
    return f"the workflow '{workflow.id}' is made for {wanted}, but the programme has {count}"


def _slots(programme: Programme, workflow: Workflow, include_disabled: bool = False) -> list[_Slot]:
    count = len(programme.gatherings)
    if not workflow.fits(count):  # else "only: [5]" would quietly plan fewer
        raise PlanError(range_message(workflow, count))
    slots = []
    for index, deliverable in enumerate(workflow.deliverables):
        if not (deliverable.enabled or include_disabled):
            continue
        for occurrence in deliverable.occurrences(count):
            own = occurrence if deliverable.per_gathering else None
            gathering = _number(deliverable.opens.ref, own, count)
            closes = deliverable.closes
            slots.append(
                _Slot(
                    deliverable=deliverable,
                    index=index,
                    occurrence=occurrence,
                    gathering=own or gathering,
                    opens=_day(programme, deliverable.opens.ref, own, deliverable.opens.offset),
                    due=_day(programme, deliverable.due.ref, own, deliverable.due.offset),
                    closes=_day(programme, closes.ref, own, closes.offset) if closes else None,
                )
            )
    return slots


def _number(ref: Ref, own: int | None, count: int) -> int:
    """The gathering number ``ref`` names for an occurrence hanging on gathering ``own``."""
    if ref.kind == "own":
        if own is None:
            raise PlanError("'gathering' (the occurrence's own) used by a one-off deliverable")
        number = own
    else:
        number = {"first": 1, "last": count}.get(ref.kind, ref.number)
    if not 1 <= number <= count:
        raise PlanError(f"'{ref}' does not exist: the programme has {count} gathering(s)")
    return number


def _day(programme: Programme, ref: Ref, own: int | None, offset: int) -> date:
    number = _number(ref, own, len(programme.gatherings))
    return add_days(programme.gathering(number).date, offset)


def _span(programme: Programme, slots: list[_Slot]) -> tuple[date, date]:
    if not programme.gatherings:
        raise PlanError("the programme has no gatherings")
    dates = [g.date for g in programme.gatherings]
    start = min([dates[0], *(slot.opens for slot in slots)])
    end = max([dates[-1], *(slot.due for slot in slots)])
    return start, end


def _period(slot: _Slot, programme: Programme, start: date, end: date) -> Period:
    deliverable = slot.deliverable
    if deliverable.period:
        return Period(
            _period_day(deliverable.period.start, slot, programme, start, end),
            _period_day(deliverable.period.end, slot, programme, start, end),
        )
    if not deliverable.per_gathering:
        return Period(start, end)
    k = slot.occurrence
    if deliverable.opens.relation == "before":
        return Period(_neighbour(programme, k - 1, start, end), programme.gathering(k).date)
    return Period(programme.gathering(k).date, _neighbour(programme, k + 1, start, end))


def _period_day(ref: Ref, slot: _Slot, programme: Programme, start: date, end: date) -> date:
    if ref.kind == "start":
        return start
    if ref.kind == "end":
        return end
    if ref.kind in {"next", "previous"}:
        return _neighbour(programme, slot.occurrence + (1 if ref.kind == "next" else -1), start, end)
    own = slot.occurrence if slot.deliverable.per_gathering else None
    return programme.gathering(_number(ref, own, len(programme.gatherings))).date


def _neighbour(programme: Programme, number: int, start: date, end: date) -> date:
    """Gathering ``number``'s date; before the first it is the span's start, after the last its end."""
    if number < 1:
        return start
    if number > len(programme.gatherings):
        return end
    return programme.gathering(number).date
