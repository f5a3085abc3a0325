"""Feedback on submitted versions: the project leader's and the reference groups', every one kept.

One file per programme, ``feedback.json`` (table ``feedback``): feedback is written by hand a few
times per document, so the whole programme's fits in a small file, and a page that shows a
team's feedback reads one cached file. A record (HACKING.md "Feedback") is::

    {id, assignment, team, delivery, version, by: "leader" | "team", author, from_team,
     text, requests_version, created_at, nonce, cancelled_at, cancelled_by}

``team`` is the team whose document it is; ``author`` is the admin's id (``by: leader``) or the
member's id in ``from_team`` (``by: team``, a reference group). Names are looked up when shown,
so a person removed from the programme leaves no name behind here. A request for a new version
(``requests_version``) is open until the team submits a later version, or until the leader
cancels it (``cancelled_at``/``cancelled_by``); the record itself never changes otherwise.

- ``add_feedback(store, pid, fields, nonce, now) -> (record, created)`` — logs ``feedback_given``
- ``list_feedback(store, pid, team=None, assignment=None, from_team=None) -> list[dict]`` (oldest first)
- ``cancel_request(store, pid, feedback_id, actor, now) -> dict | None`` — logs ``request_cancelled``
- ``personal_data`` / ``erase_personal_data`` — the privacy holder contract (``privacy``): a
  reference group member's feedback becomes their team's, names in the texts their team's name
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tinydb import Query

from .base import Store
from .erasure import Erasure, Person, mentions
from .events import event_record
from .kept import add_once, all_records, rewrite_records
from .records import iso, new_id, split_assignment

TABLE = "feedback"
BY = ("leader", "team")


def add_feedback(
    store: Store, pid: str, fields: Mapping[str, Any], nonce: str | None, now: datetime
) -> tuple[dict[str, Any], bool]:
    """Store one feedback; ``fields`` holds ``assignment, delivery, version, by, author, text`` and,
    for a reference group, ``from_team``; for the leader optionally ``requests_version``.

    A nonce seen before returns the feedback it made (created False) and stores nothing.
    """
    _, team, _, _ = split_assignment(fields["assignment"])
    by = fields["by"]
    if by not in BY or not str(fields.get("text", "")).strip() or not fields.get("author"):
        raise ValueError("feedback needs by (leader or team), an author and a text")
    from_team = fields.get("from_team") if by == "team" else None
    if by == "team" and not from_team:
        raise ValueError("feedback from a team names the team (from_team)")
    record = {
        "id": new_id(),
        "assignment": fields["assignment"],
        "team": team,
        "delivery": fields["delivery"],
        "version": int(fields["version"]),
        "by": by,
        "author": fields["author"],
        "from_team": from_team,
        "text": fields["text"],
        "requests_version": bool(fields.get("requests_version")) and by == "leader",
        "created_at": iso(now),
        "nonce": nonce,
        "cancelled_at": None,
        "cancelled_by": None,
    }
    actor = f"{from_team}/{record['author']}" if from_team else record["author"]
    event = event_record(
        "feedback_given",
        actor,
        now,
        team,
        record["assignment"],
        feedback=record["id"],
        version=record["version"],
        by=by,
        from_team=from_team,
        requests_version=record["requests_version"],
    )
    return add_once(store, pid, store.feedback_file(pid), TABLE, record, event)


def list_feedback(
    store: Store, pid: str, team: str | None = None, assignment: str | None = None, from_team: str | None = None
) -> list[dict[str, Any]]:
    """Feedback of ``pid`` in the order it was written, optionally about one team's documents, one
    assignment, or written by one reference group."""
    return [
        record
        for record in all_records(store, store.feedback_file(pid), TABLE)
        if (team is None or record["team"] == team)
        and (assignment is None or record["assignment"] == assignment)
        and (from_team is None or record.get("from_team") == from_team)
    ]


def cancel_request(store: Store, pid: str, feedback_id: str, actor: str, now: datetime) -> dict[str, Any] | None:
    """Withdraw the request for a new version that feedback ``feedback_id`` made; returns the record.

    None if there is no such feedback or it asked for nothing; an already cancelled request stays as
    it was (and is returned unchanged, with no second event).
    """
    path = store.feedback_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, TABLE)
        record = table.get(Query().id == feedback_id)
        if record is None or not record.get("requests_version"):
            return None
        if record.get("cancelled_at"):
            return dict(record)
        change = {"cancelled_at": iso(now), "cancelled_by": actor}
        table.update(change, doc_ids=[record.doc_id])
        tx.append(
            store.event_log(pid),
            event_record("request_cancelled", actor, now, record["team"], record["assignment"], feedback=feedback_id),
        )
    return {**record, **change}


def personal_data(store: Store, pid: str, person: Person) -> list[dict[str, Any]]:
    """The feedback ``person`` wrote for their reference group, and any feedback whose text names them."""
    return [
        {key: value for key, value in record.items() if key != "nonce"}
        for record in list_feedback(store, pid)
        if (record.get("from_team") == person.team and record.get("author") == person.member)
        or mentions(person, record.get("text"))
    ]


def erase_personal_data(store: Store, pid: str, erasure: Erasure) -> int:
    """Feedback an erased member wrote is their reference group's (a pseudonym for the author); every
    text names the erased by their team. A purge keeps the feedback so (the programme's record)."""

    def change(record: dict[str, Any]) -> dict[str, Any]:
        if record.get("by") == "team" and erasure.concerns(record.get("from_team"), record.get("author")):
            record["author"] = erasure.member_id(record.get("from_team"), record.get("author"))
        record["text"] = erasure.text(record.get("text") or "")
        return record

    return rewrite_records(store, store.feedback_file(pid), TABLE, change)
