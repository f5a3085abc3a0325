"""Deciding at send time whether a waiting message still goes, and where (``engine.mail.relevance``)."""

from __future__ import annotations

from datetime import date

import pytest

from engine.mail.relevance import current_recipients, why_not_send
from engine.mail.survey import survey
from engine.programmes import get_catalog
from engine.store import deliveries, get_store
from tests.support.programmes import local, small_programme, store_programme

SOON = local("2026-03-12T19:00")  # the 'soon' reminder of Fremdriftsplan 1 (due 19.03) is due


def record(key, **fields):
    return {
        "key": key,
        "kind": fields.pop("kind", "reminder"),
        "assignment": "demo-2026/moss/fremdriftsplan/1",
        "team": "moss",
        "member": "kari",
        "to": [{"name": "Old", "email": "old@example.org"}],
        **fields,
    }


@pytest.fixture
def surveyed(app):
    def at(now, **changes):
        store_programme(app, small_programme(date(2026, 3, 5), **changes))
        with app.app_context():
            return survey(get_store(), get_catalog(), "demo-2026", now)

    return at


PLANNED = "reminder:demo-2026/moss/fremdriftsplan/1:soon:2026-03-19:kari"
MANUAL = "manual:demo-2026/moss/fremdriftsplan/1:Abcdefghijklmnop1234:2026-03-19:kari"


def test_planned_mail_goes_while_its_key_is_due(surveyed):
    assert why_not_send(record(PLANNED), surveyed(SOON), SOON) is None


def test_planned_mail_past_its_window_is_stale(surveyed):
    later = local("2026-03-18T19:00")  # 'tomorrow' has replaced 'soon'
    reason = why_not_send(record(PLANNED), surveyed(later), later)
    assert reason == "its moment has passed (a later message replaces it)"


def test_submitted_withdrawn_and_inactive_are_named(app, surveyed):
    state = surveyed(SOON)
    with app.app_context():
        deliveries.submit(
            get_store(),
            "demo-2026",
            "moss",
            "demo-2026/moss/fremdriftsplan/1",
            {},
            {"form": "fremdriftsplan", "form_version": 1},
            "kari",
            "Kari",
            None,
            None,
            local("2026-03-12T10:00"),
        )
        state = survey(get_store(), get_catalog(), "demo-2026", SOON)
    assert why_not_send(record(PLANNED), state, SOON) == "the team has submitted"
    assert why_not_send(record(MANUAL), state, SOON) == "the team has submitted"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"withdrawn": {"date": "2026-03-10", "reason": "Tid"}}, "the team has withdrawn"),
        (
            {"members": [{"id": "kari", "name": "Kari", "email": "k@example.org", "active": False}]},
            "the member is no longer active",
        ),
    ],
)
def test_a_manual_reminder_is_held_back_for_a_team_that_left_or_a_member_who_did(surveyed, change, reason):
    doc = small_programme(date(2026, 3, 5))
    teams = [{**doc["teams"][0], **change}, doc["teams"][1]]
    assert why_not_send(record(MANUAL), surveyed(SOON, teams=teams), SOON) == reason


def test_an_excused_assignment_gets_nothing(surveyed):
    excusals = [{"team": "moss", "deliverable": "fremdriftsplan", "occurrence": 1, "reason": "Fritak"}]
    assert why_not_send(record(MANUAL), surveyed(SOON, excusals=excusals), SOON) == "the assignment was excused"


def test_receipts_and_links_always_go(surveyed):
    doc = small_programme(date(2026, 3, 5))
    state = surveyed(SOON, teams=[{**doc["teams"][0], "withdrawn": {"date": "2026-03-06", "reason": "Tid"}}])
    assert why_not_send(record("receipt:abc", kind="receipt"), state, SOON) is None
    assert why_not_send(record("link:abc", kind="link"), state, SOON) is None


def test_planned_mail_goes_to_the_address_the_programme_has_now(surveyed):
    state = surveyed(SOON)
    assert current_recipients(record(PLANNED), state) == [{"name": "Kari Nordmann", "email": "kari@example.org"}]
    leader_copy = record(
        "overdue:demo-2026/moss/fremdriftsplan/1:overdue:2026-03-19:@leader", kind="overdue", member=None
    )
    assert current_recipients(leader_copy, state) == [{"name": "Lea Leder", "email": "lea@example.org"}]
    # a receipt or a re-sent link goes to the member's address as it is now (a corrected typo)
    assert current_recipients(record("receipt:x", kind="receipt"), state) == [
        {"name": "Kari Nordmann", "email": "kari@example.org"}
    ]
    assert current_recipients(record("receipt:y", kind="receipt", member=None), state) == [
        {"name": "Old", "email": "old@example.org"}
    ]
