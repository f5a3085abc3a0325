"""Submissions and their answers (``engine.store.deliveries``)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from engine.store import deliveries, events
from engine.store.records import content_hash
from engine.store.storage import JSONFileStorage

KEY = "jv-2018/moss/statusrapport/4"
META = {"form": "statusrapport", "form_version": 2}


def submit(store, pid, now, answers, nonce=None, assignment=KEY, team="moss", due=None):
    return deliveries.submit(store, pid, team, assignment, answers, META, "kari", "Kari", nonce, due, now)


def test_a_submission_records_a_delivery_with_the_answers_hash(store, pid, now):
    due = now + timedelta(days=3)
    delivery = submit(store, pid, now, {"status": "I rute", "tiltak": [{"delmal": "A"}]}, "n1", due=due)
    assert delivery == {
        "id": delivery["id"],
        "assignment": KEY,
        "team": "moss",
        "deliverable": "statusrapport",
        "occurrence": 4,
        "version": 1,
        "submitted_at": "2019-03-01T10:00:00+01:00",
        "submitted_by": "kari",
        "submitted_by_name": "Kari",
        "form": "statusrapport",
        "form_version": 2,
        "content_hash": content_hash({"tiltak": [{"delmal": "A"}], "status": "I rute"}),
        "due_at": "2019-03-04T10:00:00+01:00",
        "opens_at": None,
        "nonce": "n1",
    }
    assert deliveries.get_answers(store, pid, "moss", delivery["content_hash"]) == {
        "status": "I rute",
        "tiltak": [{"delmal": "A"}],
    }
    assert deliveries.get_delivery(store, pid, delivery["id"]) == delivery
    logged = events.list_events(store, pid, kind="submitted")
    assert [(e["actor"], e["assignment"], e["detail"]["version"]) for e in logged] == [("kari", KEY, 1)]


def test_every_version_is_kept_and_numbered(store, pid, now):
    first = submit(store, pid, now, {"status": "Utkast"})
    second = submit(store, pid, now + timedelta(days=1), {"status": "Rettet"})
    assert (first["version"], second["version"]) == (1, 2)
    assert [d["version"] for d in deliveries.list_deliveries(store, pid, assignment=KEY)] == [1, 2]
    assert deliveries.get_answers(store, pid, "moss", first["content_hash"]) == {"status": "Utkast"}


def test_a_replayed_nonce_returns_the_delivery_it_made(store, pid, now):
    first = submit(store, pid, now, {"status": "x"}, "nonce-1")
    assert submit(store, pid, now + timedelta(seconds=2), {"status": "x"}, "nonce-1") == first
    assert len(deliveries.list_deliveries(store, pid)) == 1
    assert len(events.list_events(store, pid, kind="submitted")) == 1


def test_concurrent_replays_of_one_submission_store_one_delivery(store, pid, now):
    barrier, results = threading.Barrier(8), []

    def post():
        barrier.wait()
        results.append(submit(store, pid, now, {"status": "x"}, "same-nonce"))

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r["id"] for r in results}) == 1 and len(deliveries.list_deliveries(store, pid)) == 1


def test_deliveries_are_listed_by_team_and_filtered(store, pid, now):
    submit(store, pid, now, {"a": 1}, assignment="jv-2018/valer/hovedplan/1", team="valer")
    submit(store, pid, now, {"a": 2})
    submit(store, pid, now, {"a": 3}, assignment="jv-2018/moss/hovedplan/1")
    assert [(d["team"], d["deliverable"]) for d in deliveries.list_deliveries(store, pid)] == [
        ("moss", "statusrapport"),
        ("moss", "hovedplan"),
        ("valer", "hovedplan"),
    ]
    assert [d["deliverable"] for d in deliveries.list_deliveries(store, pid, team="moss")] == [
        "statusrapport",
        "hovedplan",
    ]
    assert deliveries.list_deliveries(store, pid, team="valer", assignment=KEY) == []
    assert deliveries.list_deliveries(store, "jv-2018", team="nobody") == []


def test_the_answers_are_written_before_the_delivery_that_points_to_them(store, pid, now, monkeypatch):
    write = JSONFileStorage.write

    def crash_at_the_commit_point(self, data):
        if self.path.name == "deliveries.json":
            raise OSError("power cut")
        write(self, data)

    monkeypatch.setattr(JSONFileStorage, "write", crash_at_the_commit_point)
    with pytest.raises(OSError):
        submit(store, pid, now, {"status": "x"})
    monkeypatch.undo()
    assert deliveries.list_deliveries(store, pid) == []  # nothing visible …
    assert deliveries.get_answers(store, pid, "moss", content_hash({"status": "x"})) == {"status": "x"}  # … but kept
    assert events.list_events(store, pid, kind="submitted") == []
    assert submit(store, pid, now, {"status": "x"})["version"] == 1


def test_the_form_must_be_named(store, pid, now):
    with pytest.raises(ValueError, match="form_version"):
        deliveries.submit(store, pid, "moss", KEY, {}, {"form": "statusrapport"}, "kari", "Kari", None, None, now)


def test_unknown_deliveries_and_answers_are_none(store, pid):
    assert deliveries.get_delivery(store, pid, "nope") is None
    assert deliveries.get_answers(store, pid, "moss", "0" * 64) is None


def test_a_submission_keeps_the_opening_instant_it_had(store, pid, now):
    opened = now - timedelta(days=30)
    delivery = deliveries.submit(
        store, pid, "moss", KEY, {"status": "x"}, {**META, "opens_at": opened}, "kari", "Kari", None, now, now
    )
    assert delivery["opens_at"] == "2019-01-30T10:00:00+01:00"


def test_submitting_the_same_answers_again_makes_no_new_version(store, pid, now):
    first = submit(store, pid, now, {"status": "I rute"}, "n1")
    again = submit(store, pid, now + timedelta(minutes=5), {"status": "I rute"}, "n2")
    changed = submit(store, pid, now + timedelta(minutes=9), {"status": "Rettet"}, "n3")
    assert again == first
    assert changed["version"] == 2
    assert [d["version"] for d in deliveries.list_deliveries(store, pid, assignment=KEY)] == [1, 2]
