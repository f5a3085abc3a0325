"""The demo: the Østfold example moved so that today falls mid-cycle, weekdays kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from engine.cycle import plan_assignments, programme_problems, shift_days, shift_programme

TODAYS = [date(2026, 11, 22), date(2027, 2, 1), date(2026, 6, 30), date(2030, 1, 1)]


@pytest.mark.parametrize("today", TODAYS)
def test_today_falls_between_gathering_3_and_4(ostfold, today):
    shifted = shift_programme(ostfold, today)
    assert shifted.gathering(3).date < today < shifted.gathering(4).date


@pytest.mark.parametrize("today", TODAYS)
def test_every_date_moves_by_the_same_whole_number_of_weeks(ostfold, today):
    shifted = shift_programme(ostfold, today)
    delta = shifted.gatherings[0].date - ostfold.gatherings[0].date
    # the middle of the period, or a few weeks off it where the middle put a gathering on a holiday
    assert delta.days % 7 == 0 and abs(delta.days - shift_days(ostfold, today)) <= 28
    assert [g.date - delta for g in shifted.gatherings] == [g.date for g in ostfold.gatherings]
    assert {g.date.weekday() for g in shifted.gatherings} == {3}  # still Thursdays
    assert [t.withdrawn.date - delta for t in shifted.teams if t.withdrawn] == [
        t.withdrawn.date for t in ostfold.teams if t.withdrawn
    ]
    assert [e.due - delta for e in shifted.extensions] == [e.due for e in ostfold.extensions]
    assert (shifted.id, shifted.teams[0].members) == (ostfold.id, ostfold.teams[0].members)


def test_the_shifted_programme_is_valid_and_plans_the_same_shape(ostfold, workflow):
    shifted = shift_programme(ostfold, date(2026, 11, 22))
    assert programme_problems(shifted, workflow) == []
    before, after = plan_assignments(ostfold, workflow), plan_assignments(shifted, workflow)
    assert [a.key for a in before] == [a.key for a in after]
    assert {(a.due_at.date() - b.due_at.date()) for a, b in zip(after, before, strict=True)} == {
        timedelta(days=shift_days(ostfold, date(2026, 11, 22)))
    }


def test_other_anchors_and_mistakes(ostfold):
    late = shift_programme(ostfold, date(2026, 11, 22), after_gathering=6)
    assert late.gathering(6).date < date(2026, 11, 22)
    with pytest.raises(ValueError, match="no gathering 7"):
        shift_programme(ostfold, date(2026, 11, 22), after_gathering=7)


def test_the_example_never_meets_on_a_holiday_or_christmas_eve_whenever_it_is_set_up(ostfold):
    from datetime import timedelta

    from engine.cycle.calendar import day_off

    for n in range(0, 731, 3):  # two years of days on which someone could run `make run`
        today = date(2026, 1, 1) + timedelta(days=n)
        shifted = shift_programme(ostfold, today)
        assert not [g.date for g in shifted.gatherings if day_off(g.date)], today
        assert shifted.gathering(3).date < today < shifted.gathering(4).date
