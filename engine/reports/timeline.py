"""The geometry of a programme's timeline: gatherings and deadlines on one time axis. Pure.

The admin's timeline page draws it as SVG on the server (no JavaScript), so this module only
computes positions in the SVG's own units (its ``viewBox``); the template scales them to the
screen. Time runs left to right from a little before the programme's first day to a little after
its last. The first lane holds the gatherings, each further lane one team deliverable of the
workflow with a bar from opening to due day per occurrence and a marker on the due day.
Participant deliverables (the anonymous evaluations) hang on the gatherings themselves and get no
lane. Positions are by calendar day, so daylight saving time does not skew them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..cycle import Programme, Workflow, plan_assignments, programme_span
from ..cycle.timerules import local_day, months_between
from ..cycle.workflow import TEAM_KINDS

MARGIN_DAYS = 10  # room before the first and after the last day, so end markers are not cut


@dataclass(frozen=True)
class Lane:
    """A horizontal band: ``y`` is its centre line."""

    key: str
    label: str
    y: float


@dataclass(frozen=True)
class GatheringMark:
    """A gathering at ``x`` on the first lane."""

    number: int
    day: date
    x: float
    y: float
    place: str
    theme: str


@dataclass(frozen=True)
class Window:
    """One occurrence of a deliverable: a bar from ``x_open`` to ``x_due`` and a marker at ``x_due``."""

    deliverable: str
    title: str
    occurrence: int
    opens: date
    due: date
    x_open: float
    x_due: float  # at the edge if the due day is past it (then the template draws no marker)
    y: float


@dataclass(frozen=True)
class Tick:
    """The first day of a month on the axis; ``label`` is empty where labels would crowd."""

    day: date
    x: float
    label: str
    year: str  # the year's number at January and at the first tick, else empty


@dataclass(frozen=True)
class Timeline:
    """Everything the SVG needs, in viewBox units."""

    width: float
    height: float
    left: float
    right: float
    axis_y: float
    start: date
    end: date
    lanes: tuple[Lane, ...]
    gatherings: tuple[GatheringMark, ...]
    windows: tuple[Window, ...]
    ticks: tuple[Tick, ...]
    today: date
    today_x: float | None  # None when today is outside the drawn range


def _short_month(year: int, month: int) -> str:
    return f"{month:02d}"


def build_timeline(
    programme: Programme,
    workflow: Workflow,
    today: date,
    *,
    width: float = 960,
    label_width: float = 150,
    lane_height: float = 36,
    axis_height: float = 44,
    month_label: Callable[[int, int], str] = _short_month,
    gatherings_label: str = "Gatherings",
    span: tuple[date, date] | None = None,
) -> Timeline:
    """The timeline of ``programme`` (planned, unshifted by history) with ``today`` marked — the whole
    programme, or only the days of ``span`` (first, last): what falls outside is left out and a bar
    that runs over an edge is cut there (a phone shows the months around today, not two years).

    Raises ``PlanError`` if the programme cannot be planned.
    """
    tz = workflow.tz
    first, last = programme_span(programme, workflow)
    start, end = span or (first - timedelta(days=MARGIN_DAYS), last + timedelta(days=MARGIN_DAYS))
    left, right = label_width, width - 12
    days = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(left + (min(max(day, start), end) - start).days / days * (right - left), 2)

    def shown(day: date) -> bool:
        return start <= day <= end

    team_deliverables = [d for d in workflow.enabled_deliverables if d.by in TEAM_KINDS]
    lanes = [Lane("gatherings", gatherings_label, axis_height + lane_height / 2)]
    lanes += [Lane(d.key, d.title, axis_height + lane_height * (i + 1.5)) for i, d in enumerate(team_deliverables)]
    lane_y = {lane.key: lane.y for lane in lanes}
    gatherings = tuple(
        GatheringMark(n, g.date, x(g.date), lanes[0].y, g.place, g.theme)
        for n, g in enumerate(programme.gatherings, start=1)
        if shown(g.date)
    )
    seen: set[tuple[str, int]] = set()
    windows = []
    for a in plan_assignments(programme, workflow):
        if a.team is None or (a.deliverable, a.occurrence) in seen:
            continue
        seen.add((a.deliverable, a.occurrence))
        opens, due = local_day(a.opens_at, tz), local_day(a.due_at, tz)
        if due < start or opens > end:
            continue
        windows.append(
            Window(a.deliverable, a.title, a.occurrence, opens, due, x(opens), x(due), lane_y[a.deliverable])
        )
    windows.sort(key=lambda w: (w.due, w.deliverable))
    height = axis_height + lane_height * len(lanes) + 8
    return Timeline(
        width=width,
        height=height,
        left=left,
        right=right,
        axis_y=axis_height - 6,
        start=start,
        end=end,
        lanes=tuple(lanes),
        gatherings=gatherings,
        windows=tuple(windows),
        ticks=_ticks(start, end, x, month_label),
        today=today,
        today_x=x(today) if shown(today) else None,
    )


def around(
    programme: Programme, workflow: Workflow, today: date, before: timedelta, after: timedelta
) -> tuple[date, date]:
    """The ``before + after`` days around ``today`` to draw on a small screen, moved inside the
    programme's own days when today is near or past either end (a drawing of empty months helps nobody)."""
    first, last = programme_span(programme, workflow)
    first, last = first - timedelta(days=MARGIN_DAYS), last + timedelta(days=MARGIN_DAYS)
    start = min(today - before, last - before - after)
    start = max(start, first)
    return start, min(start + before + after, last)


def _ticks(
    start: date, end: date, x: Callable[[date], float], month_label: Callable[[int, int], str]
) -> tuple[Tick, ...]:
    """A tick at each month start inside the range; labels every month, or every second or third
    month when there are many (so they never overlap at the default width)."""
    months = [m for m in months_between(start, end) if start <= m <= end]
    step = 1 if len(months) <= 14 else 2 if len(months) <= 28 else 3
    ticks = []
    for index, month in enumerate(months):
        labelled = (month.month - 1) % step == 0
        year = str(month.year) if month.month == 1 or index == 0 else ""
        ticks.append(Tick(month, x(month), month_label(month.year, month.month) if labelled else "", year))
    return tuple(ticks)
