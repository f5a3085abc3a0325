"""The event log (``engine.store.events``)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from engine.store import NotFound, events


@pytest.fixture
def logged(store, pid, now):
    events.log_event(
        store, pid, "invited", "scheduler", now, team="moss", assignment="jv-2018/moss/hovedplan/1", kind="invitation"
    )
    events.log_event(
        store, pid, "opened", "kari", now + timedelta(hours=1), team="moss", assignment="jv-2018/moss/hovedplan/1"
    )
    events.log_event(
        store,
        pid,
        "reminded",
        "scheduler",
        now + timedelta(days=1),
        team="valer",
        assignment="jv-2018/valer/hovedplan/1",
        rule="soon",
    )
    return pid


def test_an_event_carries_its_time_actor_and_detail(store, pid, now):
    event = events.log_event(store, pid, "extended", "leader", now, team="moss", assignment="a", due="2019-06-01")
    assert event == {
        "id": event["id"],
        "at": "2019-03-01T10:00:00+01:00",
        "kind": "extended",
        "actor": "leader",
        "team": "moss",
        "assignment": "a",
        "detail": {"due": "2019-06-01"},
    }
    assert events.list_events(store, pid, kind="extended") == [event]


def test_events_come_back_in_the_order_logged(store, logged):
    kinds = [e["kind"] for e in events.list_events(store, logged)]
    assert kinds == ["programme_saved", "invited", "opened", "reminded"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "reminded"}, ["reminded"]),
        ({"kind": ["invited", "opened"]}, ["invited", "opened"]),
        ({"team": "moss"}, ["invited", "opened"]),
        ({"assignment": "jv-2018/valer/hovedplan/1"}, ["reminded"]),
        ({"limit": 2}, ["opened", "reminded"]),
        ({"limit": 0}, []),
    ],
)
def test_events_can_be_filtered(store, logged, filters, expected):
    assert [e["kind"] for e in events.list_events(store, logged, **filters)] == expected


def test_since_keeps_events_at_or_after_an_instant_in_any_offset(store, logged, now):
    since = (now + timedelta(hours=1)).astimezone(UTC)  # stored in Oslo time, asked in UTC
    assert [e["kind"] for e in events.list_events(store, logged, since=since)] == ["opened", "reminded"]


@pytest.mark.parametrize("kind", ["", "Invited", "draft saved", None])
def test_a_malformed_kind_is_refused(store, pid, now, kind):
    with pytest.raises(ValueError):
        events.log_event(store, pid, kind, "kari", now)


def test_events_of_an_unknown_programme_are_refused(store, now):
    with pytest.raises(NotFound):
        events.log_event(store, "nope", "opened", "kari", now)
    assert events.list_events(store, "nope") == []


def test_an_event_is_on_disk_when_log_event_returns(store, pid, now):
    events.log_event(store, pid, "opened", "kari", now)
    assert store.event_log(pid).path.read_text().count('"kind":"opened"') == 1
