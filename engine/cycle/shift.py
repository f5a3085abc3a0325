"""Moving a whole programme in time, so the shipped example is alive whenever someone runs it.

``make run`` loads the Østfold example shifted so that today falls mid-cycle: by default in the
middle of the period between gathering 3 and gathering 4, when the Hovedplan and the first
Fremdriftsplaner lie behind the teams and a Statusrapport lies ahead. The shift is a whole
number of weeks, so a Thursday gathering stays a Thursday; every date moves by the same amount
(gatherings, withdrawals, extensions), so the plan keeps its shape exactly. Among the shifts that
fit, one that puts no gathering on a holiday (or Christmas Eve) is chosen.
"""

from __future__ import annotations

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
    best = shift_days(programme, anchor_today, after_gathering)
    for weeks in (0, 1, -1, 2, -2, 3, -3, 4, -4):
        days = best + 7 * weeks
        moved = shift_programme_by(programme, days)
        start = moved.gathering(after_gathering).date
        later = after_gathering < len(moved.gatherings)
        end = moved.gathering(after_gathering + 1).date if later else start + timedelta(days=14)
        if start < anchor_today < end and not any(day_off(g.date) for g in moved.gatherings):
            return moved
    return shift_programme_by(programme, best)


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
