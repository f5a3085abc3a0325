"""The outbox (``engine.store.outbox``)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from engine.store import events, outbox

KEY = "reminder:jv-2018/moss/hovedplan/1:soon:2018-06-02"


def message(key=KEY, **changes):
    return {
        "key": key,
        "kind": "reminder",
        "assignment": "jv-2018/moss/hovedplan/1",
        "rule": "soon",
        "team": "moss",
        "member": "kari",
        "to": ["kari@example.org"],
        "cc": ["leder@example.org"],
        "subject": "Påminnelse",
        "text": "Hei Kari …",
        "html": "<p>Hei Kari …</p>",
        "headers": {"X-Verksted-Kind": "reminder"},
        **changes,
    }


def test_enqueue_is_idempotent_by_key(store, pid, now):
    stored, created = outbox.enqueue(store, pid, message(), now)
    assert created and stored["state"] == "pending" and stored["attempts"] == 0
    assert stored["next_attempt_at"] == stored["created_at"] == "2019-03-01T10:00:00+01:00"
    again, created_again = outbox.enqueue(store, pid, message(subject="Another"), now + timedelta(minutes=1))
    assert not created_again and again == stored
    assert len(outbox.list_messages(store, pid)) == 1


def test_a_sent_key_is_not_queued_again(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(), now)
    outbox.claim(store, pid, [stored["id"]], now)
    outbox.mark_sent(store, pid, stored["id"], now)
    again, created = outbox.enqueue(store, pid, message(), now + timedelta(days=1))
    assert not created and again["state"] == "sent" and again["id"] == stored["id"]


@pytest.mark.parametrize(("field", "value"), [("key", ""), ("to", None), ("subject", ""), ("bcc", "x")])
def test_an_incomplete_or_unknown_field_is_refused(store, pid, now, field, value):
    with pytest.raises(ValueError):
        outbox.enqueue(store, pid, {**message(), field: value}, now)


def test_due_messages_are_waiting_due_and_unclaimed(store, pid, now):
    soon, _ = outbox.enqueue(store, pid, message("a"), now)
    later, _ = outbox.enqueue(store, pid, message("b", next_attempt_at=now + timedelta(hours=2)), now)
    assert [m["id"] for m in outbox.due_messages(store, pid, now)] == [soon["id"]]
    assert [m["id"] for m in outbox.due_messages(store, pid, now + timedelta(hours=2))] == [soon["id"], later["id"]]
    outbox.claim(store, pid, [soon["id"]], now)
    assert outbox.due_messages(store, pid, now + timedelta(minutes=1)) == []


def test_a_claim_is_exclusive_until_its_lease_runs_out(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(), now)
    [claimed] = outbox.claim(store, pid, [stored["id"]], now, lease=timedelta(minutes=10), claimant="one")
    assert claimed["claimed_by"] == "one" and claimed["text"] == "Hei Kari …"
    assert outbox.claim(store, pid, [stored["id"]], now + timedelta(minutes=9), claimant="two") == []
    [again] = outbox.claim(store, pid, [stored["id"]], now + timedelta(minutes=10), claimant="two")
    assert again["claimed_by"] == "two"


def test_a_message_not_yet_due_cannot_be_claimed(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(next_attempt_at=now + timedelta(hours=1)), now)
    assert outbox.claim(store, pid, [stored["id"]], now) == []


def test_sending_moves_the_metadata_to_the_sent_log_and_logs_it(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(), now)
    outbox.claim(store, pid, [stored["id"]], now)
    sent = outbox.mark_sent(store, pid, stored["id"], now + timedelta(seconds=3))
    assert sent == {
        "id": stored["id"],
        "key": KEY,
        "kind": "reminder",
        "assignment": "jv-2018/moss/hovedplan/1",
        "rule": "soon",
        "team": "moss",
        "member": "kari",
        "to": ["kari@example.org"],
        "subject": "Påminnelse",
        "attempts": 1,
        "state": "sent",
        "sent_at": "2019-03-01T10:00:03+01:00",
    }
    assert json.loads(store.outbox_file(pid).read_text()) == {"messages": {}}  # the outbox stays small
    assert outbox.list_messages(store, pid) == [sent] and outbox.list_messages(store, pid, state="pending") == []
    assert outbox.mark_sent(store, pid, stored["id"], now) is None
    logged = events.list_events(store, pid, kind="mail_sent")
    assert [(e["team"], e["detail"]["key"], e["detail"]["kind"]) for e in logged] == [("moss", KEY, "reminder")]


def test_a_failed_send_is_retried_later_and_can_be_given_up(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(), now)
    outbox.claim(store, pid, [stored["id"]], now)
    failed = outbox.mark_failed(store, pid, stored["id"], "550 mailbox unavailable", now + timedelta(minutes=5), now)
    assert (failed["state"], failed["attempts"], failed["claimed_until"]) == ("failed", 1, None)
    assert outbox.due_messages(store, pid, now + timedelta(minutes=4)) == []
    assert [m["id"] for m in outbox.due_messages(store, pid, now + timedelta(minutes=5))] == [stored["id"]]
    outbox.mark_failed(store, pid, stored["id"], "550 again", None, now)
    assert outbox.due_messages(store, pid, now + timedelta(days=30)) == []
    assert [m["last_error"] for m in outbox.list_messages(store, pid, state="failed")] == ["550 again"]
    assert [e["detail"]["attempts"] for e in events.list_events(store, pid, kind="mail_failed")] == [1, 2]


def test_rescheduling_makes_a_failed_message_due_again(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(), now)
    outbox.mark_failed(store, pid, stored["id"], "timeout", None, now)
    outbox.reschedule(store, pid, stored["id"], now + timedelta(minutes=1))
    assert [m["id"] for m in outbox.due_messages(store, pid, now + timedelta(minutes=1))] == [stored["id"]]
    assert outbox.reschedule(store, pid, "unknown", now) is None


def test_a_message_in_both_places_after_a_crash_counts_as_sent(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(), now)
    store.sent_log(pid).append(
        [{**{k: stored[k] for k in outbox.SENT_FIELDS}, "state": "sent", "sent_at": "2019-03-01T10:00:01+01:00"}]
    )  # written, then the crash
    assert outbox.due_messages(store, pid, now) == []
    assert outbox.claim(store, pid, [stored["id"]], now) == []
    assert json.loads(store.outbox_file(pid).read_text()) == {"messages": {}}
    assert [m["state"] for m in outbox.list_messages(store, pid)] == ["sent"]


def test_keys_and_filters_cover_waiting_and_sent_mail(store, pid, now):
    a, _ = outbox.enqueue(store, pid, message("a"), now)
    outbox.enqueue(store, pid, message("b", assignment="jv-2018/valer/hovedplan/1"), now + timedelta(minutes=1))
    outbox.claim(store, pid, [a["id"]], now)
    outbox.mark_sent(store, pid, a["id"], now)
    assert outbox.outbox_keys(store, pid) == {"a", "b"}
    assert [m["key"] for m in outbox.list_messages(store, pid, assignment="jv-2018/valer/hovedplan/1")] == ["b"]
    assert [m["key"] for m in outbox.list_messages(store, pid)] == ["a", "b"]


def test_enqueue_many_writes_once_and_keeps_each_key_once(store, pid, now):
    outbox.enqueue(store, pid, message("a"), now)
    results = outbox.enqueue_many(
        store, pid, [message("a"), message("b", link_for={"team": "moss", "member": "kari"}), message("b")], now
    )
    assert [created for _, created in results] == [False, True, False]
    assert results[1][0]["link_for"] == {"team": "moss", "member": "kari"}
    assert sorted(m["key"] for m in outbox.list_messages(store, pid)) == ["a", "b"]
    with pytest.raises(ValueError):
        outbox.enqueue_many(store, pid, [message("c"), {**message("d"), "bcc": "x"}], now)
    assert outbox.outbox_keys(store, pid) == {"a", "b"}  # nothing of a refused batch is stored


def test_record_sent_commits_with_one_append_and_drop_sent_tidies_the_outbox(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(), now)
    [claimed] = outbox.claim(store, pid, [stored["id"]], now)
    before = store.outbox_file(pid).read_bytes()
    extra = events.event_record("reminded", "scheduler", now, "moss", "jv-2018/moss/hovedplan/1", member="kari")
    sent = outbox.record_sent(store, pid, claimed, now + timedelta(seconds=2))
    assert sent["state"] == "sent" and sent["attempts"] == 1 and sent["sent_at"] == "2019-03-01T10:00:02+01:00"
    assert store.outbox_file(pid).read_bytes() == before  # not rewritten per message
    assert outbox.due_messages(store, pid, now + timedelta(hours=1)) == []  # yet it counts as sent
    assert outbox.record_sent(store, pid, claimed, now) is None  # and is recorded once
    assert [m["state"] for m in outbox.list_messages(store, pid)] == ["sent"]
    assert outbox.drop_sent(store, pid, [outbox.sent_event(claimed, now), extra]) == 1
    assert json.loads(store.outbox_file(pid).read_text()) == {"messages": {}}
    assert [e["kind"] for e in events.list_events(store, pid)][-2:] == ["mail_sent", "reminded"]


def test_a_discarded_message_keeps_its_reason_and_its_key_is_never_queued_again(store, pid, now):
    stored, _ = outbox.enqueue(store, pid, message(), now)
    dropped = outbox.discard(store, pid, stored, "the team has submitted", now + timedelta(hours=1))
    assert (dropped["state"], dropped["reason"], dropped["sent_at"]) == ("discarded", "the team has submitted", None)
    assert outbox.enqueue(store, pid, message(), now + timedelta(hours=2))[1] is False
    assert [m["state"] for m in outbox.list_messages(store, pid, state="discarded")] == ["discarded"]
    assert outbox.list_messages(store, pid, state="sent") == []
    [event] = events.list_events(store, pid, kind="mail_discarded")
    assert event["detail"]["reason"] == "the team has submitted"


def test_reschedule_many_moves_several_and_frees_their_leases(store, pid, now):
    ids = [outbox.enqueue(store, pid, message(key), now)[0]["id"] for key in "abc"]
    outbox.claim(store, pid, ids, now)
    later = now + timedelta(minutes=5)
    assert len(outbox.reschedule_many(store, pid, [*ids[:2], "unknown"], later)) == 2
    assert [m["id"] for m in outbox.due_messages(store, pid, later)] == ids[:2]  # the third is still claimed
