"""Local day boundaries and send moments across daylight saving time (Europe/Oslo)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from engine.cycle.timerules import (
    at_clock,
    day_end,
    day_start,
    is_timezone,
    iso_week,
    local_day,
    months_between,
    parse_clock,
    parse_duration,
    unquoted_clock_message,
    zone,
)

OSLO = zone("Europe/Oslo")


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 3, 28), "2026-03-28T00:00:00+01:00", "2026-03-28T23:59:59+01:00"),
        (date(2026, 3, 29), "2026-03-29T00:00:00+01:00", "2026-03-29T23:59:59+02:00"),  # spring forward at 02:00
        (date(2026, 3, 30), "2026-03-30T00:00:00+02:00", "2026-03-30T23:59:59+02:00"),
        (date(2026, 10, 24), "2026-10-24T00:00:00+02:00", "2026-10-24T23:59:59+02:00"),
        (date(2026, 10, 25), "2026-10-25T00:00:00+02:00", "2026-10-25T23:59:59+01:00"),  # fall back at 03:00
        (date(2026, 10, 26), "2026-10-26T00:00:00+01:00", "2026-10-26T23:59:59+01:00"),
    ],
)
def test_days_open_at_local_midnight_and_end_at_235959_on_both_sides_of_dst(day, start, end):
    assert day_start(day, OSLO).isoformat() == start
    assert day_end(day, OSLO).isoformat() == end


def test_the_dst_change_days_are_23_and_25_hours_long():
    def length(day: date) -> float:  # in UTC: Python subtracts same-zone datetimes by wall clock
        return (day_end(day, OSLO).astimezone(UTC) - day_start(day, OSLO).astimezone(UTC)).total_seconds()

    assert length(date(2026, 3, 29)) == 23 * 3600 - 1
    assert length(date(2026, 10, 25)) == 25 * 3600 - 1


def test_a_wall_clock_time_inside_the_spring_gap_becomes_the_instant_after_the_jump():
    assert at_clock(date(2026, 3, 29), time(2, 30), OSLO).isoformat() == "2026-03-29T03:30:00+02:00"


def test_send_moments_keep_their_local_time_across_dst():
    assert at_clock(date(2026, 10, 24), time(8), OSLO).isoformat() == "2026-10-24T08:00:00+02:00"
    assert at_clock(date(2026, 10, 26), time(8), OSLO).isoformat() == "2026-10-26T08:00:00+01:00"


def test_local_day_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="naive"):
        local_day(datetime(2026, 1, 1, 12), OSLO)
    assert local_day(datetime.fromisoformat("2026-10-25T23:30:00+00:00"), OSLO) == date(2026, 10, 26)


@pytest.mark.parametrize(("text", "expected"), [("08:00", time(8)), ("23:59", time(23, 59)), ("00:00", time(0))])
def test_clock_times_are_hh_mm(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["8:00", "24:00", "08:60", "08.00", "", None, 480])
def test_anything_else_is_not_a_clock_time(text):
    with pytest.raises(ValueError, match="HH:MM"):
        parse_clock(text)


def test_an_unquoted_time_is_explained_with_the_number_yaml_made_of_it():
    assert unquoted_clock_message(630) == (
        'write the time in quotes, "10:30": unquoted, YAML reads 10:30 as the number 630'
    )
    assert unquoted_clock_message(540).endswith("reads 9:00 as the number 540")


@pytest.mark.parametrize(("text", "days"), [("7d", 7), ("1d", 1), ("0d", 0), ("2w", 14)])
def test_durations_are_days_or_weeks(text, days):
    assert parse_duration(text) == days


@pytest.mark.parametrize("text", ["7", "7 d", "d7", "-1d", "1h", 7])
def test_other_durations_are_refused(text):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_time_zones_are_iana_names():
    assert is_timezone("Europe/Oslo") and is_timezone("UTC")
    assert not is_timezone("Europe/Olso") and not is_timezone("CET+1") and not is_timezone(None)


def test_months_between_lists_each_month_once_across_a_new_year():
    assert months_between(date(2018, 11, 30), date(2019, 2, 1)) == (
        date(2018, 11, 1),
        date(2018, 12, 1),
        date(2019, 1, 1),
        date(2019, 2, 1),
    )


def test_iso_weeks_belong_to_the_iso_year():
    assert iso_week(date(2018, 12, 31)) == "2019-W01"
    assert iso_week(date(2019, 4, 1)) == "2019-W14"
