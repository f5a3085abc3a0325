"""Anonymous evaluations (``engine.store.evaluations``)."""

from __future__ import annotations

import threading

from engine.store import evaluations, events


def test_a_response_keeps_the_answers_and_the_day_only(store, pid, now):
    response = evaluations.add_evaluation(store, pid, 3, {"nytte": 5, "kommentar": "Bra"}, "n1", now)
    assert response == {
        "id": response["id"],
        "gathering": "3",
        "answers": {"nytte": 5, "kommentar": "Bra"},
        "submitted_on": "2019-03-01",
        "nonce": "n1",
    }
    assert evaluations.list_evaluations(store, pid, 3) == [response]
    assert [e["kind"] for e in events.list_events(store, pid)] == ["programme_saved"]  # nothing that dates it


def test_concurrent_replays_are_stored_once(store, pid, now):
    barrier = threading.Barrier(6)

    def post():
        barrier.wait()
        evaluations.add_evaluation(store, pid, 1, {"nytte": 4}, "same-nonce", now)

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(evaluations.list_evaluations(store, pid, 1)) == 1


def test_responses_are_listed_per_gathering_or_all_in_gathering_order(store, pid, now):
    for gathering in (10, 2, 1, 2):
        evaluations.add_evaluation(store, pid, gathering, {"g": gathering}, None, now)
    assert [r["gathering"] for r in evaluations.list_evaluations(store, pid)] == ["1", "2", "2", "10"]
    assert len(evaluations.list_evaluations(store, pid, 2)) == 2
    assert evaluations.list_evaluations(store, pid, 5) == []
    assert evaluations.list_evaluations(store, "unknown") == []
