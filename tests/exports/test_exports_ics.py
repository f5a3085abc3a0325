"""engine.exports.ics: a team's calendar parses, has its gatherings at the right local time on both
sides of daylight saving, its deadlines as all-day events, stable UIDs, and nothing personal."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from icalendar import Calendar

from engine.exports.ics import team_calendar
from engine.programmes import get_catalog, import_programme_file
from engine.store import get_store
from tests.support.teamwork import EXAMPLE, OSLO, START


@pytest.fixture
def run(app):
    with app.app_context():
        return import_programme_file(get_store(), get_catalog(), EXAMPLE, "test", START)[0]


def calendar(run, team="moss", now=START):
    body = team_calendar(
        run, team, now, deadline_title=lambda a: f"Frist: {a.key}", gathering_title=lambda n, g: f"Samling {n}"
    )
    return body, Calendar.from_ical(body)


def events(parsed):
    return {str(e["UID"]): e for e in parsed.walk("VEVENT")}


def test_gatherings_are_timed_in_oslo_across_daylight_saving(run):
    _, parsed = calendar(run)
    found = events(parsed)
    summer = found["jobbvinner-ostfold-2018.g1.gathering@verksted"]
    winter = found["jobbvinner-ostfold-2018.g3.gathering@verksted"]
    for event, day, offset in ((summer, date(2018, 4, 19), 2), (winter, date(2019, 2, 14), 1)):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert (start.date(), start.time(), end.time()) == (day, time(9, 0), time(15, 30))
        assert str(start.tzinfo) == "Europe/Oslo" and start.utcoffset().total_seconds() == offset * 3600
        assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert str(summer["LOCATION"]) == "Litteraturhuset, Fredrikstad"
    assert "Gruppearbeid i eget team" in str(summer["DESCRIPTION"])
    [zone] = parsed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Oslo"


def test_deadlines_are_all_day_on_the_effective_due_day(run):
    _, parsed = calendar(run)
    found = events(parsed)
    plan = found["jobbvinner-ostfold-2018.moss.fremdriftsplan.1.due@verksted"]
    assert plan.decoded("DTSTART") == date(2018, 5, 3) and plan.decoded("DTEND") == date(2018, 5, 4)
    assert str(plan["SUMMARY"]) == "Frist: jobbvinner-ostfold-2018/moss/fremdriftsplan/1"
    extended = found["jobbvinner-ostfold-2018.moss.statusrapport.4.due@verksted"]
    assert extended.decoded("DTSTART") == date(2019, 6, 1)
    assert "jobbvinner-ostfold-2018.moss.statusrapport.6.due@verksted" not in found  # excused
    assert len([uid for uid in found if uid.endswith(".due@verksted")]) == 10
    assert len([uid for uid in found if uid.endswith(".gathering@verksted")]) == 6


def test_uids_are_stable_so_importing_again_updates(run):
    _, first = calendar(run)
    _, second = calendar(run, now=datetime(2019, 1, 1, tzinfo=OSLO))
    assert set(events(first)) == set(events(second))
    assert {int(e["SEQUENCE"]) for e in events(first).values()} == {run.revision}


def test_nothing_personal_is_in_it(run):
    body, _ = calendar(run)
    text = body.decode("utf-8")
    for team in run.programme.teams:
        for member in team.members:
            assert member.name not in text and member.email not in text
    assert "/t/" not in text  # no personal link
