"""engine.cycle.calendar: Norwegian public holidays (from the holidays library), weekends and eves."""

from __future__ import annotations

from datetime import date

from engine.cycle import plan_assignments
from engine.cycle.calendar import EVE, HOLIDAY, WEEKEND, day_off, deadline_warnings, next_working_day, send_day


def test_public_holidays_weekends_and_eves_are_days_off_named_in_the_language_asked():
    assert day_off(date(2026, 5, 17)) == day_off(date(2026, 5, 17), "nb")
    assert (day_off(date(2026, 5, 25)).kind, day_off(date(2026, 5, 25)).name) == (HOLIDAY, "Andre pinsedag")
    assert day_off(date(2026, 5, 25), "en").name == "Pentecost Monday"
    assert day_off(date(2026, 11, 28)).kind == WEEKEND
    assert (day_off(date(2026, 12, 24)).kind, day_off(date(2026, 12, 24)).name) == (EVE, "Julaften")
    assert day_off(date(2026, 11, 26)) is None  # an ordinary Thursday


def test_mail_waits_for_the_next_working_day_but_not_for_an_eve():
    assert next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)  # Maundy Thursday → after Easter Monday
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 24)  # Christmas Eve: mail still goes
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)
    assert send_day(date(2026, 12, 25), "any_day") == date(2026, 12, 25)


def test_deadlines_on_days_off_are_listed_once_per_deliverable_and_occurrence(ostfold, workflow):
    warnings = deadline_warnings(plan_assignments(ostfold, workflow), workflow.tz)
    found = [(w.deliverable, w.occurrence, w.day_off.day, w.day_off.kind) for w in warnings]
    # Østfold 2018–2020: the Sluttrapport was due Saturday 14.03.2020
    assert ("sluttrapport", 1, date(2020, 3, 14), WEEKEND) in found
    assert len(found) == len({(d, o) for d, o, _, _ in found})
