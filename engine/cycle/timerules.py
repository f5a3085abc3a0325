"""The calendar arithmetic every deadline rests on (DESIGN §3, "Time rules").

A deliverable opens at 00:00 local time on its opening day and is due at 23:59:59 local time on
its due day; mail goes out at the workflow's ``send_at`` local time. "Local" is the workflow's
IANA time zone, so the UTC offset of a deadline follows daylight saving time: a due day of
25.10.2026 in Europe/Oslo ends at 23:59:59+01:00, the day before at 23:59:59+02:00.

Everything here is pure and returns aware datetimes. Wall-clock times that do not exist on a
spring-forward day (02:30 on 29.03.2026 in Oslo) are normalised to the instant the clock shows
after the jump (03:30+02:00), so every instant returned is one that really occurs.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
DURATION_PATTERN = r"^[0-9]{1,4}[dw]$"

_CLOCK = re.compile(CLOCK_PATTERN)
_DURATION = re.compile(r"^([0-9]{1,4})([dw])$")
_DAY_END = time(23, 59, 59)


def parse_clock(text: str) -> time:
    """``"08:00"`` -> ``time(8, 0)``; raises ``ValueError`` for anything but HH:MM on a 24-hour clock."""
    if not isinstance(text, str) or not _CLOCK.match(text):
        raise ValueError(f'{text!r} is not a time of day written as HH:MM (for example "08:00")')
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def sexagesimal_clock(value: int) -> str:
    """The "HH:MM" an author meant when YAML read an unquoted ``10:30`` as the integer 630."""
    return f"{value // 60:02d}:{value % 60:02d}"


def unquoted_clock_message(value: int) -> str:
    """The one-line explanation for an unquoted time of day that YAML turned into a number."""
    if not 0 <= value < 24 * 60:
        return f'write the time in quotes as "HH:MM": unquoted, YAML reads it as the number {value}'
    meant = sexagesimal_clock(value)
    return f'write the time in quotes, "{meant}": unquoted, YAML reads {meant.lstrip("0")} as the number {value}'


def parse_duration(text: str) -> int:
    """``"7d"`` -> 7, ``"2w"`` -> 14 (days); raises ``ValueError`` for anything else."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f'{text!r} is not a duration; write a number of days or weeks such as "7d" or "2w"')
    number, unit = int(match.group(1)), match.group(2)
    return number * 7 if unit == "w" else number


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def is_timezone(name: object) -> bool:
    """Whether ``name`` is an IANA time zone name known to this installation (``Europe/Oslo``)."""
    return isinstance(name, str) and name in _zone_names()


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for ``name`` (cached: every planned instant needs one)."""
    return ZoneInfo(name)


def at_clock(day: date, clock: time, tz: tzinfo) -> datetime:
    """The instant the wall clock in ``tz`` shows ``clock`` on ``day`` (normalised across DST gaps)."""
    naive_local = datetime.combine(day, clock, tzinfo=tz)
    return naive_local.astimezone(UTC).astimezone(tz)


def day_start(day: date, tz: tzinfo) -> datetime:
    """00:00 local time on ``day``: when a deliverable opens and a withdrawal takes effect."""
    return at_clock(day, time(0, 0), tz)


def day_end(day: date, tz: tzinfo) -> datetime:
    """23:59:59 local time on ``day``: when a deliverable (or an extension) is due."""
    return at_clock(day, _DAY_END, tz)


def local_day(instant: datetime, tz: tzinfo) -> date:
    """The calendar day ``instant`` falls on in ``tz``; naive datetimes are refused."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: the cycle works with aware datetimes only")
    return instant.astimezone(tz).date()


def add_days(day: date, days: int) -> date:
    """``day`` moved by ``days`` calendar days (never by 24-hour steps, which DST would skew)."""
    return day + timedelta(days=days)


def months_between(start: date, end: date) -> tuple[date, ...]:
    """The first day of every month from ``start``'s month to ``end``'s month, inclusive."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def iso_week(day: date) -> str:
    """``2019-W14``: the ISO year and week of ``day`` (weekly digests are keyed by it)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
