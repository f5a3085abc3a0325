"""Dates and times as people in Norway read them: 19.04.2018 kl. 09.00, Europe/Oslo.

Pure functions (Babel for month names, no Flask), used by pages, mail and exports alike.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date

OSLO = ZoneInfo("Europe/Oslo")

_DATETIME = {"nb": "{d} kl. {h:02d}.{m:02d}", "nn": "{d} kl. {h:02d}.{m:02d}", "en": "{d} at {h:02d}:{m:02d}"}
_TIME = {"nb": "{h:02d}.{m:02d}", "nn": "{h:02d}.{m:02d}", "en": "{h:02d}:{m:02d}"}


def local(dt: datetime, tz: ZoneInfo = OSLO) -> datetime:
    """``dt`` in the programme's zone; naive datetimes are refused, they hide bugs."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime")
    return dt.astimezone(tz)


def fmt_date(value: date | datetime, tz: ZoneInfo = OSLO) -> str:
    """19.04.2018 (the same in both languages, as Norwegian forms write it)."""
    if isinstance(value, datetime):
        value = local(value, tz).date()
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def fmt_datetime(value: datetime, locale: str = "nb", tz: ZoneInfo = OSLO) -> str:
    """19.04.2018 kl. 09.00 (nb) or 19.04.2018 at 09:00 (en), in ``tz``."""
    value = local(value, tz)
    pattern = _DATETIME.get(_lang(locale), _DATETIME["nb"])
    return pattern.format(d=fmt_date(value), h=value.hour, m=value.minute)


def fmt_time(hour: int, minute: int, locale: str = "nb") -> str:
    """09.00 (nb) or 09:00 (en)."""
    return _TIME.get(_lang(locale), _TIME["nb"]).format(h=hour, m=minute)


@lru_cache(maxsize=1024)
def fmt_month(year: int, month: int, locale: str = "nb") -> str:
    """Short month and year for tick boxes and headings: 'apr. 2018' / 'Apr 2018'.

    Kept once made: a Fremdriftsplan of twenty rows asks for the same six months 120 times a page."""
    return _babel_date(date(year, month, 1), "MMM yyyy", locale=_babel_locale(locale))


def fmt_long_date(value: date | datetime, locale: str = "nb", tz: ZoneInfo = OSLO) -> str:
    """19. april 2018 (nb, nn) / 19 April 2018 — for headings and mail."""
    if isinstance(value, datetime):
        value = local(value, tz).date()
    return _babel_date(value, "long", locale=_babel_locale(locale))


def _lang(locale: str) -> str:
    return (locale or "nb").split("_")[0].split("-")[0].lower()


def _babel_locale(locale: str) -> str:
    lang = _lang(locale)
    if lang == "nn":
        return "nn_NO"  # Nynorsk month and day names: "måndag", "tysdag"
    return "nb_NO" if lang in {"nb", "no"} else "en_GB"
