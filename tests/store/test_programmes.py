"""Programmes and the programme index (``engine.store.programmes``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.store import StaleRevision, events, programmes


def doc(pid="jv", **changes):
    return {"id": pid, "workflow": "utviklingsverksted", "title": "Jobbvinner", "teams": [], **changes}


def test_a_new_programme_is_stored_indexed_and_logged(store, now):
    saved = programmes.save_programme(store, doc(), "leader", now)
    assert saved["revision"] == 1 and saved["created_at"] == saved["updated_at"] == "2019-03-01T10:00:00+01:00"
    assert programmes.get_programme(store, "jv") == saved
    assert programmes.list_programmes(store) == [
        {
            "id": "jv",
            "title": "Jobbvinner",
            "workflow": "utviklingsverksted",
            "revision": 1,
            "created_at": "2019-03-01T10:00:00+01:00",
            "updated_at": "2019-03-01T10:00:00+01:00",
            "closed_at": None,
            "purged_at": None,
        }
    ]
    logged = events.list_events(store, "jv")
    assert [(e["kind"], e["actor"], e["detail"]) for e in logged] == [("programme_saved", "leader", {"revision": 1})]


def test_saving_again_bumps_the_revision_and_keeps_the_creation_time(store, now):
    programmes.save_programme(store, doc(), "leader", now)
    saved = programmes.save_programme(store, doc(title="Ny tittel"), "leader", now + timedelta(days=1))
    assert (saved["revision"], saved["title"]) == (2, "Ny tittel")
    assert saved["created_at"] < saved["updated_at"]
    assert programmes.list_programmes(store)[0]["title"] == "Ny tittel"


def test_a_removed_key_is_gone_after_saving(store, now):
    programmes.save_programme(store, doc(recipient="prosjektgruppa"), "leader", now)
    assert "recipient" not in programmes.save_programme(store, doc(), "leader", now)
    assert "recipient" not in programmes.get_programme(store, "jv")


def test_saving_over_a_revision_someone_else_saved_is_refused(store, now):
    programmes.save_programme(store, doc(), "leader", now)
    programmes.save_programme(store, doc(title="Kari's edit"), "kari", now, expected_revision=1)
    with pytest.raises(StaleRevision) as refused:
        programmes.save_programme(store, doc(title="Ola's edit"), "ola", now, expected_revision=1)
    assert (refused.value.expected, refused.value.current) == (1, 2)
    assert programmes.get_programme(store, "jv")["title"] == "Kari's edit"


def test_expecting_a_new_programme_refuses_an_existing_one(store, now):
    programmes.save_programme(store, doc(), "leader", now, expected_revision=0)
    with pytest.raises(StaleRevision):
        programmes.save_programme(store, doc(title="Another"), "leader", now, expected_revision=0)


def test_saving_the_same_document_again_changes_nothing(store, now):
    first = programmes.save_programme(store, doc(), "leader", now)
    again = programmes.save_programme(store, {**doc(), "revision": 9}, "leader", now + timedelta(days=1))
    assert again == first
    assert len(events.list_events(store, "jv")) == 1


def test_saving_repairs_an_index_entry_a_crash_left_out(store, now):
    programmes.save_programme(store, doc(), "leader", now)
    path = store.installation_file
    with store.transaction(path) as tx:  # as if the crash came between the two writes
        tx.table(path, "programmes").truncate()
    assert programmes.list_programmes(store) == []
    programmes.save_programme(store, doc(), "leader", now)
    assert [entry["id"] for entry in programmes.list_programmes(store)] == ["jv"]


def test_programmes_are_listed_by_id(store, now):
    for pid in ("b", "c", "a"):
        programmes.save_programme(store, doc(pid), "leader", now)
    assert [entry["id"] for entry in programmes.list_programmes(store)] == ["a", "b", "c"]


def test_deleting_unlists_the_programme_and_keeps_its_files_aside(store, now):
    programmes.save_programme(store, doc(), "leader", now)
    assert programmes.delete_programme(store, "jv", "leader", now) is True
    assert programmes.list_programmes(store) == [] and programmes.get_programme(store, "jv") is None
    kept = next((store.root / "deleted").iterdir())
    assert (kept / "programme.json").exists()
    assert (kept / "events.jsonl").read_text().splitlines()[-1].count("programme_deleted") == 1
    assert programmes.delete_programme(store, "jv", "leader", now) is False


def test_an_unknown_programme_is_none(store):
    assert programmes.get_programme(store, "nope") is None
