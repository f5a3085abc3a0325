"""Working days: Norwegian public holidays and weekends, for warnings and for when mail goes out. Pure.

The public holidays come from the ``holidays`` library (Norway: New Year's Day, Maundy Thursday,
Good Friday, Easter, Labour Day, Ascension, 17 May, Whitsun, Christmas), not from a list kept
here. Christmas Eve and New Year's Eve are not public holidays, but most municipal offices close
at noon and nobody comes to a gathering; they are named as *eves* so the leader is warned about
them too, while mail may still go out on them.

- :func:`day_off` says what kind of day a date is, if it is not an ordinary working day;
- :func:`next_working_day` is where a message lands whose day is a weekend or public holiday
  (a workflow with ``send_on: any_day`` skips that);
- :func:`deadline_warnings` lists the planned deadlines that fall on such days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from .planning import Assignment
from .timerules import local_day

if TYPE_CHECKING:
    import holidays

WEEKEND, HOLIDAY, EVE = "weekend", "holiday", "eve"
SEND_ANY_DAY = "any_day"
_EVES = {
    (12, 24): {"no": "Julaften", "en_US": "Christmas Eve"},
    (12, 31): {"no": "Nyttårsaften", "en_US": "New Year's Eve"},
}
_LANGUAGES = {"nb": "no", "nn": "no", "en": "en_US"}


@dataclass(frozen=True)
class DayOff:
    """Why a day is not an ordinary working day: ``kind`` (weekend, holiday, eve) and its name."""

    day: date
    kind: str
    name: str


@lru_cache(maxsize=8)
def _public(language: str) -> holidays.HolidayBase:
    # imported on first use: a scheduler pass that finds its plans kept never asks for a holiday
    import holidays

    return holidays.country_holidays("NO", language=language)


def day_off(day: date, language: str = "nb") -> DayOff | None:
    """The public holiday, weekend day or eve ``day`` is, in ``language`` (nb or en); None on a working day."""
    lang = _LANGUAGES.get(language, "no")
    name = _public(lang).get(day)
    if name:
        return DayOff(day, HOLIDAY, name)
    if day.weekday() >= 5:
        return DayOff(day, WEEKEND, "")
    eve = _EVES.get((day.month, day.day))
    return DayOff(day, EVE, eve[lang]) if eve else None


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a public holiday (an eve is a working day for mail)."""
    off = day_off(day)
    return off is None or off.kind == EVE


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def send_day(day: date, send_on: str) -> date:
    """The day a message of ``day`` goes out under a workflow's ``send_on``."""
    return day if send_on == SEND_ANY_DAY else next_working_day(day)


@dataclass(frozen=True)
class DeadlineWarning:
    """A planned deadline (deliverable × occurrence) on a day off."""

    deliverable: str
    occurrence: int
    title: str
    day_off: DayOff


def deadline_warnings(assignments: Iterable[Assignment], tz: tzinfo, language: str = "nb") -> list[DeadlineWarning]:
    """Every planned due day of a team deliverable that falls on a weekend, holiday or eve, once each."""
    seen, warnings = set(), []
    for a in assignments:
        if a.team is None or (a.deliverable, a.occurrence) in seen:
            continue
        seen.add((a.deliverable, a.occurrence))
        off = day_off(local_day(a.due_at, tz), language)
        if off is not None:
            warnings.append(DeadlineWarning(a.deliverable, a.occurrence, a.title, off))
    return sorted(warnings, key=lambda w: w.day_off.day)
