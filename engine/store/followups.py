"""The project leader's follow-up notes: what happened with a team between gatherings.

One file per programme, ``followups.json`` (table ``notes``). A note (HACKING.md "Follow-up
note") is ``{id, team, date, kind, text, author, created_at, updated_at, updated_by, nonce}``:
``date`` is the day it happened (``2018-09-03``), ``kind`` what it was (``meeting``, ``call``,
``visit``, ``email``, ``other``; the service checks the word), ``author`` the admin's id. Notes are
for the leader and observers only: no team page reads this file. A removed note is gone from the
file; its events keep only its id, kind and day.

- ``add_note(store, pid, team, day, kind, text, author, nonce, now) -> (note, created)`` — logs ``followup_noted``
- ``update_note(store, pid, note_id, day, kind, text, actor, now) -> dict | None`` — logs ``followup_changed``
- ``remove_note(store, pid, note_id, actor, now) -> dict | None`` — logs ``followup_removed``
- ``list_notes(store, pid, team=None) -> list[dict]`` (by day, then as written)
- ``personal_data`` / ``erase_personal_data`` — the privacy holder contract (``privacy``): the notes
  that name a member; an erased member's name in a note gives way to their team's name
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from tinydb import Query
from tinydb.table import Document, Table

from .base import Store, check_id
from .erasure import Erasure, Person, mentions
from .events import event_record
from .kept import add_once, all_records, rewrite_records
from .records import iso, new_id

TABLE = "notes"


def add_note(
    store: Store,
    pid: str,
    team: str,
    day: date,
    kind: str,
    text: str,
    author: str,
    nonce: str | None,
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """Store a note about ``team``; a nonce seen before returns that note and stores nothing."""
    _check(kind, text)
    note = {
        "id": new_id(),
        "team": check_id(team, "team"),
        "date": day.isoformat(),
        "kind": kind,
        "text": text,
        "author": author,
        "created_at": iso(now),
        "updated_at": None,
        "updated_by": None,
        "nonce": nonce,
    }
    event = event_record("followup_noted", author, now, team, note=note["id"], kind=kind, date=note["date"])
    return add_once(store, pid, store.followups_file(pid), TABLE, note, event)


def update_note(
    store: Store, pid: str, note_id: str, day: date, kind: str, text: str, actor: str, now: datetime
) -> dict[str, Any] | None:
    """Change a note's day, kind and text; None if there is no such note. Saving it unchanged logs nothing."""
    _check(kind, text)
    change = {"date": day.isoformat(), "kind": kind, "text": text}

    def edit(table: Table, note: Document) -> tuple[dict[str, Any], dict[str, Any] | None]:
        if all(note.get(key) == value for key, value in change.items()):
            return dict(note), None
        stamped = {**change, "updated_at": iso(now), "updated_by": actor}
        table.update(stamped, doc_ids=[note.doc_id])
        return {**note, **stamped}, event_record(
            "followup_changed", actor, now, note["team"], note=note_id, kind=kind, date=change["date"]
        )

    return _change(store, pid, note_id, edit)


def remove_note(store: Store, pid: str, note_id: str, actor: str, now: datetime) -> dict[str, Any] | None:
    """Remove a note for good; returns what it was, or None if there was none."""

    def remove(table: Table, note: Document) -> tuple[dict[str, Any], dict[str, Any] | None]:
        table.remove(doc_ids=[note.doc_id])
        return dict(note), event_record(
            "followup_removed", actor, now, note["team"], note=note_id, kind=note["kind"], date=note["date"]
        )

    return _change(store, pid, note_id, remove)


def _change(
    store: Store,
    pid: str,
    note_id: str,
    change: Callable[[Table, Document], tuple[dict[str, Any], dict[str, Any] | None]],
) -> dict[str, Any] | None:
    """Apply ``change`` to note ``note_id`` under the file's lock and log the event it returns."""
    path = store.followups_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, TABLE)
        note = table.get(Query().id == note_id)
        if note is None:
            return None
        result, event = change(table, note)
        if event is not None:
            tx.append(store.event_log(pid), event)
    return result


def list_notes(store: Store, pid: str, team: str | None = None) -> list[dict[str, Any]]:
    """The notes of ``pid`` (or of one team), by the day they concern, then in the order written."""
    notes = [n for n in all_records(store, store.followups_file(pid), TABLE) if team is None or n["team"] == team]
    return sorted(notes, key=lambda note: note["date"])  # stable: same day keeps the written order


def _check(kind: str, text: str) -> None:
    if not kind or not kind.isascii() or not kind.isalpha() or not text.strip():
        raise ValueError("a note needs a kind (a word) and a text")


def personal_data(store: Store, pid: str, person: Person) -> list[dict[str, Any]]:
    """The notes about ``person``'s team that name them (a note is about a team, not about each member)."""
    return [
        {key: value for key, value in note.items() if key != "nonce"}
        for note in list_notes(store, pid, person.team)
        if mentions(person, note.get("text"))
    ]


def erase_personal_data(store: Store, pid: str, erasure: Erasure) -> int:
    """The erased people named in a note's text give way to their team's name (the note stays)."""
    return rewrite_records(
        store, store.followups_file(pid), TABLE, lambda note: {"text": erasure.text(note.get("text") or "")}
    )
