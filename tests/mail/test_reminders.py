"""Reminders by hand (``engine.mail.reminders``): once per press, only to teams that still owe it."""

from __future__ import annotations

from datetime import date

import pytest

from engine.mail.compose import LinkBase
from engine.mail.reminders import new_nonce, remind_now, valid_nonce
from engine.programmes import get_catalog, load_run
from engine.store import deliveries, events, get_store
from engine.store import outbox as outbox_repo
from tests.support.programmes import local, small_programme, store_programme

LINKS = LinkBase("http://verksted.test", "test-secret")
NOW = local("2026-03-17T10:00")  # Fremdriftsplan 1 is due 19.03


@pytest.fixture
def run(app):
    return store_programme(app, small_programme(date(2026, 3, 5)))


def fremdriftsplan(run):
    return [a for a in run.assignments if a.deliverable == "fremdriftsplan" and a.occurrence == 1]


def test_a_press_queues_one_reminder_per_active_member_and_a_replay_queues_nothing(app, run):
    nonce = new_nonce()
    with app.app_context():
        store = get_store()
        first = remind_now(store, run, fremdriftsplan(run), nonce, "admin-1", NOW, LINKS)
        again = remind_now(store, run, fremdriftsplan(run), nonce, "admin-1", NOW, LINKS)
        messages = outbox_repo.list_messages(store, "demo-2026")
        requested = events.list_events(store, "demo-2026", kind="reminder_requested")
    assert (first.queued, first.teams) == (3, ["moss", "valer"])
    assert (again.queued, again.teams) == (0, ["moss", "valer"])
    assert sorted(m["key"] for m in messages) == sorted(
        f"manual:demo-2026/{team}/fremdriftsplan/1:{nonce}:2026-03-19:{member}"
        for team, member in (("moss", "kari"), ("moss", "ola"), ("valer", "per"))
    )
    assert {(m["kind"], m["rule"]) for m in messages} == {("reminder", "manual")}
    assert "om 2 dager" in messages[0]["text"]
    assert [(e["actor"], e["team"], e["detail"]["messages"]) for e in requested] == [
        ("admin-1", "moss", 2),
        ("admin-1", "valer", 1),
    ]


def test_a_second_press_is_a_second_reminder(app, run):
    with app.app_context():
        remind_now(get_store(), run, fremdriftsplan(run)[:1], new_nonce(), "a", NOW, LINKS)
        second = remind_now(get_store(), run, fremdriftsplan(run)[:1], new_nonce(), "a", NOW, LINKS)
    assert second.queued == 2


def test_after_the_deadline_the_overdue_text_is_used(app, run):
    with app.app_context():
        remind_now(get_store(), run, fremdriftsplan(run)[:1], new_nonce(), "a", local("2026-03-23T10:00"), LINKS)
        [message, _] = outbox_repo.list_messages(get_store(), "demo-2026")
    assert message["kind"] == "overdue" and message["subject"].startswith("Fristen er passert")


def test_teams_that_submitted_are_left_out_and_named(app, run):
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
            local("2026-03-16T10:00"),
        )
        fresh = load_run(get_store(), get_catalog(), "demo-2026")
        result = remind_now(get_store(), fresh, fremdriftsplan(fresh), new_nonce(), "a", NOW, LINKS)
    assert result.teams == ["valer"] and result.skipped == [("moss", "the team has submitted")]


@pytest.mark.parametrize(
    ("nonce", "valid"),
    [
        ("short", False),
        ("a" * 16, True),
        ("x:y" + "a" * 16, False),
        (None, False),
        ("A_b-" * 16, True),
        ("a" * 65, False),
    ],
)
def test_a_nonce_must_be_safe_to_put_in_a_key(nonce, valid):
    assert valid_nonce(nonce) is valid
