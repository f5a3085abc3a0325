"""engine.store.presenters, engine.store.calendars and the leader's own folder: records, events, and
what is (and is not) kept."""

from __future__ import annotations

from datetime import timedelta

from engine.store import LEADER_OWNER, deliveries, events, presenters
from engine.store import calendars as feeds
from tests.store.conftest import PID

HASH = "a" * 64


def test_a_mark_is_one_record_per_gathering_and_team_and_every_change_is_logged(store, pid, now):
    presenters.mark(store, PID, "g4", "moss", f"{PID}/moss/statusrapport/4", "d1", "Godt arbeid", "lea", now)
    again = presenters.mark(store, PID, "g4", "moss", f"{PID}/moss/statusrapport/4", "d2", "Enda bedre", "lea", now)
    assert [r["reason"] for r in presenters.list_presenters(store, PID)] == ["Enda bedre"]
    assert again["delivery"] == "d2" and again["confirmed_at"] is None
    record, changed = presenters.set_confirmed(store, PID, "g4", "moss", True, "lea", now)
    assert changed and record["confirmed_by"] == "lea"
    assert presenters.set_confirmed(store, PID, "g4", "moss", True, "lea", now)[1] is False
    presenters.mark(store, PID, "g4", "moss", f"{PID}/moss/statusrapport/4", "d3", "Ny grunn", "lea", now)
    assert presenters.list_presenters(store, PID, gathering="g4")[0]["confirmed_at"]  # a new reason keeps the choice
    assert presenters.set_confirmed(store, PID, "g5", "moss", True, "lea", now) == (None, False)
    assert presenters.unmark(store, PID, "g4", "moss", "lea", now) is True
    assert presenters.list_presenters(store, PID) == []
    kinds = [e["kind"] for e in events.list_events(store, PID, kind=None) if e["kind"].startswith("presenter")]
    assert kinds == [
        "presenter_marked",
        "presenter_marked",
        "presenter_confirmed",
        "presenter_marked",
        "presenter_unmarked",
    ]


def test_one_active_feed_per_team_and_only_its_hash(store, pid, now):
    first = feeds.add_feed(store, PID, "f1", "team", "moss", HASH, "kari", now)
    assert feeds.add_feed(store, PID, "f2", "team", "moss", "b" * 64, "kari", now) == first  # two presses at once
    assert feeds.find_feed(store, PID, HASH)["id"] == "f1"
    assert feeds.revoke_feeds(store, PID, "team", "moss", "lea", now + timedelta(hours=1)) == 1
    assert feeds.find_feed(store, PID, HASH) is None and feeds.active_feed(store, PID, "team", "moss") is None
    feeds.add_feed(store, PID, "f3", "programme", None, "c" * 64, "lea", now)
    assert [f["id"] for f in feeds.list_feeds(store, PID)] == ["f3"]
    kinds = [e["kind"] for e in events.list_events(store, PID) if e["kind"].startswith("calendar")]
    assert kinds == ["calendar_created", "calendar_revoked", "calendar_created"]


def test_the_leaders_documents_live_beside_the_teams_under_owner_dash(store, pid, now):
    key = f"{PID}/-/styringsgrupperapport/2"
    delivery = deliveries.submit(
        store,
        PID,
        LEADER_OWNER,
        key,
        {"videre": "Mer"},
        {"form": "f", "form_version": 1},
        "lea",
        "Lea",
        None,
        None,
        now,
    )
    assert store.deliveries_file(PID, LEADER_OWNER) == store.programme_dir(PID) / "leader" / "deliveries.json"
    assert [d["id"] for d in deliveries.list_deliveries(store, PID)] == [delivery["id"]]
    assert deliveries.get_answers(store, PID, LEADER_OWNER, delivery["content_hash"]) == {"videre": "Mer"}
