"""How the participants' scores move from gathering to gathering: one line chart per scale question.

Pure: takes each gathering's :class:`~engine.reports.evaluations.EvaluationSummary` and returns,
per scale question, the mean of every gathering that had answers and the geometry of a line
chart in the SVG's own units (its ``viewBox``). The admin page and the programme report draw the
SVG on the server from these numbers, and print the same numbers in a table beside it (for screen
readers, and so nobody has to read values off a line); the Word report draws the same geometry
as a picture. A gathering without answers to a question leaves a gap in its line, never a zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .evaluations import EvaluationSummary

WIDTH, HEIGHT = 640.0, 300.0
LEFT, RIGHT, TOP, BOTTOM = 56.0, 24.0, 20.0, 44.0


@dataclass(frozen=True)
class TrendPoint:
    """One gathering's mean of one scale question (``mean`` None: nobody answered it there)."""

    number: int
    day: date
    mean: float | None
    answered: int
    x: float
    y: float | None


@dataclass(frozen=True)
class AxisTick:
    """A value on the vertical axis and where its grid line runs."""

    value: int
    y: float


@dataclass(frozen=True)
class Trend:
    """One scale question across the gatherings, with its chart's geometry."""

    key: str
    label: str
    low: int
    high: int
    points: tuple[TrendPoint, ...]
    ticks: tuple[AxisTick, ...]
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    bottom: float = HEIGHT - BOTTOM

    @property
    def measured(self) -> tuple[TrendPoint, ...]:
        """The points that have a mean (the ones drawn)."""
        return tuple(p for p in self.points if p.mean is not None)

    @property
    def segments(self) -> tuple[str, ...]:
        """SVG ``points`` attributes of the line's runs (a gathering without answers breaks the line)."""
        runs: list[list[TrendPoint]] = [[]]
        for point in self.points:
            if point.mean is None:
                runs.append([])
            else:
                runs[-1].append(point)
        return tuple(" ".join(f"{p.x},{p.y}" for p in run) for run in runs if len(run) > 1)

    @property
    def change(self) -> float | None:
        """Last mean minus first mean (None with fewer than two gatherings measured)."""
        measured = self.measured
        if len(measured) < 2:
            return None
        return round(measured[-1].mean - measured[0].mean, 2)  # type: ignore[operator]


def build_trends(gatherings: Sequence[tuple[int, date, EvaluationSummary]]) -> tuple[Trend, ...]:
    """One :class:`Trend` per scale question of the evaluations of ``gatherings`` ((number, day,
    summary) in order), in the order the questions are asked. Questions nobody answered anywhere
    are left out."""
    order: dict[str, tuple[str, int, int]] = {}
    for _, _, summary in gatherings:
        for scale in summary.scales:
            order.setdefault(scale.key, (scale.label, scale.low, scale.high))
    trends = []
    for key, (label, low, high) in order.items():
        trend = _trend(key, label, low, high, gatherings)
        if trend.measured:
            trends.append(trend)
    return tuple(trends)


def _trend(
    key: str, label: str, low: int, high: int, gatherings: Sequence[tuple[int, date, EvaluationSummary]]
) -> Trend:
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    span = max(high - low, 1)

    def y_of(value: float) -> float:
        return round(bottom - (value - low) / span * (bottom - top), 2)

    count = len(gatherings)
    points = []
    for index, (number, day, summary) in enumerate(gatherings):
        x = round(left + (right - left) * (index + 0.5) / max(count, 1), 2)
        scale = next((s for s in summary.scales if s.key == key), None)
        mean = scale.average if scale else None
        points.append(
            TrendPoint(number, day, mean, scale.answered if scale else 0, x, y_of(mean) if mean is not None else None)
        )
    ticks = tuple(AxisTick(value, y_of(value)) for value in range(low, high + 1))
    return Trend(key, label, low, high, tuple(points), ticks)


def series(trends: Iterable[Trend]) -> dict[str, list[float | None]]:
    """Each question's means in gathering order (the numbers a chart and its table must share)."""
    return {trend.key: [p.mean for p in trend.points] for trend in trends}
