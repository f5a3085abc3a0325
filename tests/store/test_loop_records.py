"""The learning loop's records: feedback, messages and follow-up notes (``engine.store.feedback``,
``messages``, ``followups``) — kept once per nonce, each with its event, ids rather than names."""

from __future__ import annotations

import stat
import threading
from datetime import date, timedelta

import pytest

from engine.store import events, feedback, followups, messages

KEY = "jv-2018/moss/fremdriftsplan/1"


def leader_feedback(**changes):
    fields = {
        "assignment": KEY,
        "delivery": "d1",
        "version": 1,
        "by": "leader",
        "author": "admin-1",
        "text": "Godt arbeid.\n\nTiltak 2 mangler ansvarlig.",
        "requests_version": True,
    }
    return {**fields, **changes}


def test_feedback_is_kept_with_its_time_author_and_version(store, pid, now):
    record, created = feedback.add_feedback(store, pid, leader_feedback(), "n1", now)
    assert created
    assert record == {
        "id": record["id"],
        "assignment": KEY,
        "team": "moss",
        "delivery": "d1",
        "version": 1,
        "by": "leader",
        "author": "admin-1",
        "from_team": None,
        "text": "Godt arbeid.\n\nTiltak 2 mangler ansvarlig.",
        "requests_version": True,
        "created_at": "2019-03-01T10:00:00+01:00",
        "nonce": "n1",
        "cancelled_at": None,
        "cancelled_by": None,
    }
    assert feedback.list_feedback(store, pid) == [record]
    [event] = events.list_events(store, pid, kind="feedback_given")
    assert (event["actor"], event["team"], event["assignment"]) == ("admin-1", "moss", KEY)
    assert event["detail"] == {
        "feedback": record["id"],
        "version": 1,
        "by": "leader",
        "from_team": None,
        "requests_version": True,
    }
    mode = stat.S_IMODE(store.feedback_file(pid).stat().st_mode)
    assert mode == 0o600  # it holds what people wrote to each other


def test_a_reference_groups_feedback_names_the_team_and_asks_for_nothing(store, pid, now):
    fields = leader_feedback(by="team", author="per", from_team="valer", requests_version=True)
    record, _ = feedback.add_feedback(store, pid, fields, None, now)
    assert (record["from_team"], record["requests_version"]) == ("valer", False)  # only the leader can ask
    [event] = events.list_events(store, pid, kind="feedback_given")
    assert event["actor"] == "valer/per"  # member ids are unique within their team only
    assert feedback.list_feedback(store, pid, from_team="valer") == [record]
    assert feedback.list_feedback(store, pid, team="valer") == []


@pytest.mark.parametrize(
    "changes",
    [{"text": "  \n "}, {"by": "observer"}, {"author": ""}, {"by": "team"}, {"assignment": "not-a-key"}],
)
def test_feedback_without_what_it_needs_is_refused(store, pid, now, changes):
    with pytest.raises(ValueError):
        feedback.add_feedback(store, pid, leader_feedback(**changes), None, now)
    assert feedback.list_feedback(store, pid) == []


def test_a_replayed_feedback_is_stored_once_even_at_the_same_moment(store, pid, now):
    barrier = threading.Barrier(5)
    results = []

    def post():
        barrier.wait()
        results.append(feedback.add_feedback(store, pid, leader_feedback(), "same", now))

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(feedback.list_feedback(store, pid)) == 1
    assert sorted(created for _, created in results) == [False, False, False, False, True]
    assert len(events.list_events(store, pid, kind="feedback_given")) == 1


def test_a_request_is_cancelled_once_and_a_comment_cannot_be(store, pid, now):
    request, _ = feedback.add_feedback(store, pid, leader_feedback(), None, now)
    comment, _ = feedback.add_feedback(store, pid, leader_feedback(requests_version=False), None, now)
    later = now + timedelta(hours=1)
    cancelled = feedback.cancel_request(store, pid, request["id"], "admin-2", later)
    assert (cancelled["cancelled_at"], cancelled["cancelled_by"]) == ("2019-03-01T11:00:00+01:00", "admin-2")
    again = feedback.cancel_request(store, pid, request["id"], "admin-3", later + timedelta(hours=1))
    assert again["cancelled_by"] == "admin-2"
    assert feedback.cancel_request(store, pid, comment["id"], "admin-2", later) is None
    assert feedback.cancel_request(store, pid, "nope", "admin-2", later) is None
    assert len(events.list_events(store, pid, kind="request_cancelled")) == 1
    stored = feedback.list_feedback(store, pid)
    assert stored[0]["text"] == request["text"] and stored[1] == comment  # nothing else changes


def test_a_message_names_its_teams_and_no_person(store, pid, now):
    record, created = messages.add_message(
        store, pid, "Samling 4", "Velkommen!", ["moss", "valer", "moss"], "a1", "n", now
    )
    assert created and record["teams"] == ["moss", "valer"]
    assert set(record) == {"id", "subject", "text", "teams", "author", "created_at", "nonce"}
    again, created = messages.add_message(store, pid, "Samling 4", "Velkommen!", ["moss"], "a1", "n", now)
    assert not created and again == record
    other, _ = messages.add_message(store, pid, "Til Moss", "Hei", ["moss"], "cli", None, now)
    assert messages.list_team_messages(store, pid, "valer") == [record]
    assert messages.list_team_messages(store, pid, "moss") == [record, other]
    assert messages.get_team_message(store, pid, other["id"]) == other
    [event, _] = events.list_events(store, pid, kind="message_written")
    assert event["detail"] == {"message": record["id"], "teams": ["moss", "valer"]}


@pytest.mark.parametrize(("subject", "text", "teams"), [(" ", "x", ["moss"]), ("s", "", ["moss"]), ("s", "x", [])])
def test_a_message_without_subject_text_or_teams_is_refused(store, pid, now, subject, text, teams):
    with pytest.raises(ValueError):
        messages.add_message(store, pid, subject, text, teams, "a1", None, now)


def test_follow_up_notes_are_listed_by_day_and_changed_or_removed_with_events(store, pid, now):
    call, _ = followups.add_note(store, pid, "moss", date(2019, 2, 20), "call", "Ringte gruppeleder.", "a1", "n1", now)
    visit, _ = followups.add_note(store, pid, "moss", date(2018, 11, 5), "visit", "Besøk på rådhuset.", "a1", None, now)
    other, _ = followups.add_note(store, pid, "valer", date(2018, 11, 5), "meeting", "Møte.", "a1", None, now)
    assert followups.list_notes(store, pid, "moss") == [visit, call]
    assert followups.list_notes(store, pid) == [visit, other, call]
    assert followups.add_note(store, pid, "moss", date(2019, 2, 20), "call", "Ringte.", "a1", "n1", now) == (
        call,
        False,
    )

    later = now + timedelta(days=1)
    changed = followups.update_note(store, pid, call["id"], date(2019, 2, 21), "email", "E-post.", "a2", later)
    assert (changed["date"], changed["kind"], changed["text"], changed["updated_by"]) == (
        "2019-02-21",
        "email",
        "E-post.",
        "a2",
    )
    assert followups.update_note(store, pid, call["id"], date(2019, 2, 21), "email", "E-post.", "a2", later) == changed
    assert followups.remove_note(store, pid, visit["id"], "a2", later)["text"] == "Besøk på rådhuset."
    assert followups.remove_note(store, pid, visit["id"], "a2", later) is None
    assert followups.update_note(store, pid, "nope", date(2019, 1, 1), "call", "x", "a2", later) is None
    assert followups.list_notes(store, pid, "moss") == [changed]
    logged = [
        (e["kind"], e["detail"]["note"]) for e in events.list_events(store, pid) if e["kind"].startswith("followup")
    ]
    assert logged == [
        ("followup_noted", call["id"]),
        ("followup_noted", visit["id"]),
        ("followup_noted", other["id"]),
        ("followup_changed", call["id"]),
        ("followup_removed", visit["id"]),
    ]
    removed = next(e for e in events.list_events(store, pid) if e["kind"] == "followup_removed")
    assert "Besøk" not in str(removed)  # a removed note's text is gone from the record


@pytest.mark.parametrize(("kind", "text"), [("", "x"), ("møte", "x"), ("call", "  ")])
def test_a_note_needs_a_kind_word_and_a_text(store, pid, now, kind, text):
    with pytest.raises(ValueError):
        followups.add_note(store, pid, "moss", date(2019, 1, 1), kind, text, "a1", None, now)
