"""Moving a whole programme in time, so the shipped example is alive whenever someone runs it.

``make run`` loads the Østfold example shifted so that today falls mid-cycle: by default in the
middle of the period between gathering 3 and gathering 4, when the Hovedplan and the first
Fremdriftsplaner lie behind the teams and a Statusrapport lies ahead. The shift is a whole
number of weeks, so a Thursday gathering stays a Thursday; every date moves by the same amount
(gatherings, withdrawals, extensions), so the plan keeps its shape exactly. Among the shifts that
fit, one that puts no gathering on a holiday (or Christmas Eve) is chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from .calendar import day_off
from .programme import Programme


def shift_days(programme: Programme, anchor_today: date, after_gathering: int = 3) -> int:
    """Days (a multiple of 7) that put ``anchor_today`` midway between gathering ``after_gathering``
    and the next one (or a week after the last gathering, if ``after_gathering`` is the last)."""
    count = len(programme.gatherings)
    if not 1 <= after_gathering <= count:
        raise ValueError(f"the programme has no gathering {after_gathering}")
    start = programme.gathering(after_gathering).date
    end = programme.gathering(after_gathering + 1).date if after_gathering < count else start + timedelta(days=14)
    middle = start + (end - start) / 2
    return round((anchor_today - middle).days / 7) * 7


def shift_programme(programme: Programme, anchor_today: date, after_gathering: int = 3) -> Programme:
    """A copy of ``programme`` moved so that ``anchor_today`` falls after gathering ``after_gathering``
    and before the next (see :func:`shift_days`); ids, members and texts are unchanged.

    Of the shifts that keep ``anchor_today`` in that period, the one nearest the middle that puts no
    gathering on a public holiday, a weekend or an eve (Christmas Eve …) is taken, so the example
    never meets on Christmas Eve.
    """

    def fits(moved: Programme) -> bool:
        start = moved.gathering(after_gathering).date
        later = after_gathering < len(moved.gatherings)
        end = moved.gathering(after_gathering + 1).date if later else start + timedelta(days=14)
        return start < anchor_today < end

    return _avoiding_days_off(programme, shift_days(programme, anchor_today, after_gathering), fits)


def shift_programme_before(programme: Programme, today: date, gathering: int = 4, weeks: int = 3) -> Programme:
    """A copy of ``programme`` moved so that gathering number ``gathering`` falls in the last of the
    ``weeks`` weeks after ``today`` (days ``7 * weeks - 6`` to ``7 * weeks``), so what is due before it
    is due about now — or, where that puts a gathering on a day off, the nearest later whole-week shift
    that still keeps ``today`` after the gathering before (never an earlier one: what is due before
    gathering ``gathering`` would be past)."""
    if not 2 <= gathering <= len(programme.gatherings):
        raise ValueError(f"the programme has no gathering {gathering} with one before it")
    latest = today + timedelta(weeks=weeks)
    days = (latest - programme.gathering(gathering).date).days // 7 * 7

    def fits(moved: Programme) -> bool:
        ahead = (moved.gathering(gathering).date - today).days
        return moved.gathering(gathering - 1).date < today and ahead >= 7 * weeks - 6

    return _avoiding_days_off(programme, days, fits)


def _avoiding_days_off(programme: Programme, days: int, fits: Callable[[Programme], bool]) -> Programme:
    """``programme`` moved by ``days``, or by the nearest whole-week shift from it that ``fits`` and puts
    no gathering on a day off; by ``days`` itself if none within four weeks does."""
    for weeks in (0, 1, -1, 2, -2, 3, -3, 4, -4):
        moved = shift_programme_by(programme, days + 7 * weeks)
        if fits(moved) and not any(day_off(g.date) for g in moved.gatherings):
            return moved
    return shift_programme_by(programme, days)


def shift_programme_by(programme: Programme, days: int) -> Programme:
    """A copy of ``programme`` with every date moved by ``days`` calendar days."""
    delta = timedelta(days=days)
    return replace(
        programme,
        gatherings=tuple(replace(g, date=g.date + delta) for g in programme.gatherings),
        teams=tuple(
            replace(t, withdrawn=replace(t.withdrawn, date=t.withdrawn.date + delta) if t.withdrawn else None)
            for t in programme.teams
        ),
        extensions=tuple(replace(e, due=e.due + delta) for e in programme.extensions),
    )
