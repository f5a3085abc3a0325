"""Drafts shared by a team (``engine.store.drafts``)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from engine.store import NotFound, drafts, events

KEY = "jv-2018/moss/fremdriftsplan/2"


def save(store, pid, now, values, base, nonce=None, member="kari", assignment=KEY):
    return drafts.save_draft(store, pid, "moss", assignment, values, member, member.title(), base, nonce, now)


def test_the_first_save_makes_revision_one_and_logs_it(store, pid, now):
    result = save(store, pid, now, {"resultatmal": "Flere i jobb"}, 0, "n1")
    assert result.status == "saved" and not result.conflict
    assert result.draft == {
        "id": result.draft["id"],
        "assignment": KEY,
        "team": "moss",
        "revision": 1,
        "values": {"resultatmal": "Flere i jobb"},
        "created_at": "2019-03-01T10:00:00+01:00",
        "saved_at": "2019-03-01T10:00:00+01:00",
        "saved_by": "kari",
        "saved_by_name": "Kari",
    }
    assert drafts.get_draft(store, pid, "moss", KEY) == result.draft
    logged = events.list_events(store, pid, kind="draft_saved")
    assert [(e["actor"], e["team"], e["assignment"], e["detail"]) for e in logged] == [
        ("kari", "moss", KEY, {"revision": 1})
    ]


def test_saving_on_the_current_revision_moves_it_on(store, pid, now):
    save(store, pid, now, {"a": "1"}, 0)
    result = save(store, pid, now + timedelta(minutes=5), {"a": "2"}, 1, member="ola")
    assert (result.status, result.draft["revision"], result.draft["saved_by"]) == ("saved", 2, "ola")
    assert result.draft["created_at"] == "2019-03-01T10:00:00+01:00"


def test_a_team_mates_newer_save_is_a_conflict_not_an_overwrite(store, pid, now):
    save(store, pid, now, {"a": "base"}, 0)
    save(store, pid, now, {"a": "Kari's text"}, 1, member="kari")
    result = save(store, pid, now, {"a": "Ola's text"}, 1, member="ola")
    assert result.conflict and result.draft["values"] == {"a": "Kari's text"} and result.draft["revision"] == 2
    assert drafts.get_draft(store, pid, "moss", KEY)["values"] == {"a": "Kari's text"}
    assert len(events.list_events(store, pid, kind="draft_saved")) == 2


def test_saving_what_is_stored_already_is_not_a_conflict(store, pid, now):
    save(store, pid, now, {"a": "same"}, 0)
    save(store, pid, now, {"a": "same", "b": "x"}, 1)
    result = save(store, pid, now, {"a": "same", "b": "x"}, 1, member="ola")
    assert result.status == "saved" and result.draft["revision"] == 2


def test_a_replayed_nonce_is_stored_once(store, pid, now):
    first = save(store, pid, now, {"a": "1"}, 0, "nonce-1")
    again = save(store, pid, now, {"a": "1"}, 0, "nonce-1")  # the same POST, sent twice
    assert again.status == "replayed" and again.draft == first.draft
    assert len(events.list_events(store, pid, kind="draft_saved")) == 1


def test_concurrent_saves_from_one_revision_make_one_save_and_conflicts(store, pid, now):
    barrier, results = threading.Barrier(8), []

    def member(n):
        barrier.wait()
        results.append(save(store, pid, now, {"a": f"text of member {n}"}, 0, f"n{n}", member=f"m{n}"))

    threads = [threading.Thread(target=member, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [r for r in results if r.status == "saved"]
    assert len(saved) == 1 and sum(r.conflict for r in results) == 7
    assert all(r.draft == saved[0].draft for r in results)
    assert drafts.get_draft(store, pid, "moss", KEY)["revision"] == 1


def test_drafts_of_a_team_are_listed_by_assignment(store, pid, now):
    save(store, pid, now, {"a": "2"}, 0, assignment="jv-2018/moss/statusrapport/3")
    save(store, pid, now, {"a": "1"}, 0, assignment="jv-2018/moss/hovedplan/1")
    assert [d["assignment"] for d in drafts.list_drafts(store, pid, "moss")] == [
        "jv-2018/moss/hovedplan/1",
        "jv-2018/moss/statusrapport/3",
    ]
    assert drafts.list_drafts(store, pid, "valer") == []


def test_a_save_rewrites_only_its_own_form(store, pid, now):
    save(store, pid, now, {"a": "1"}, 0, assignment="jv-2018/moss/hovedplan/1")
    other = store.draft_file(pid, "moss", "hovedplan", 1)
    before = other.stat().st_ino
    save(store, pid, now, {"a": "2"}, 0)
    assert other.stat().st_ino == before


@pytest.mark.parametrize("assignment", ["jv-2018/valer/hovedplan/1", "other/moss/hovedplan/1", "jv-2018/moss/x"])
def test_an_assignment_of_another_team_or_programme_is_refused(store, pid, now, assignment):
    with pytest.raises(ValueError):
        save(store, pid, now, {"a": "1"}, 0, assignment=assignment)


def test_a_draft_in_an_unknown_programme_is_refused(store, now):
    with pytest.raises(NotFound):
        drafts.save_draft(store, "nope", "moss", "nope/moss/hovedplan/1", {}, "kari", "Kari", 0, None, now)
    assert drafts.get_draft(store, "nope", "moss", "nope/moss/hovedplan/1") is None
