"""The project leader's messages to teams: what was written, when, and to which teams.

One file per programme, ``messages.json`` (table ``messages``). A record (HACKING.md "Message")
is ``{id, subject, text, teams, author, created_at, nonce}``: ``teams`` are the ids of the teams it
went to (each team's page lists the messages naming it), ``author`` the admin's id, or ``cli`` for
one sent with ``flask message send``. Who received it by mail is in the outbox's sent log; the
message names no person by id; a name a leader wrote into it is taken out when that person is
erased (``erase_personal_data``).

- ``add_message(store, pid, subject, text, teams, author, nonce, now) -> (record, created)`` —
  logs ``message_written``
- ``list_team_messages(store, pid, team=None) -> list[dict]`` (oldest first)
- ``get_team_message(store, pid, message_id) -> dict | None``
- ``personal_data`` / ``erase_personal_data`` — the privacy holder contract (``privacy``): the
  messages a member's team received; names in a subject or text give way to their team's name
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .base import Store, check_id
from .erasure import Erasure, Person
from .events import event_record
from .kept import add_once, all_records, rewrite_records
from .records import iso, new_id

TABLE = "messages"


def add_message(
    store: Store,
    pid: str,
    subject: str,
    text: str,
    teams: Iterable[str],
    author: str,
    nonce: str | None,
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """Store a message to ``teams``; a nonce seen before returns that message and stores nothing."""
    team_ids = [check_id(team, "team") for team in dict.fromkeys(teams)]
    if not subject.strip() or not text.strip() or not team_ids or not author:
        raise ValueError("a message needs a subject, a text, an author and at least one team")
    record = {
        "id": new_id(),
        "subject": subject,
        "text": text,
        "teams": team_ids,
        "author": author,
        "created_at": iso(now),
        "nonce": nonce,
    }
    event = event_record("message_written", author, now, message=record["id"], teams=team_ids)
    return add_once(store, pid, store.messages_file(pid), TABLE, record, event)


def list_team_messages(store: Store, pid: str, team: str | None = None) -> list[dict[str, Any]]:
    """The messages of ``pid`` in the order they were written; with ``team``, those sent to it."""
    records = all_records(store, store.messages_file(pid), TABLE)
    return [record for record in records if team is None or team in record["teams"]]


def get_team_message(store: Store, pid: str, message_id: str) -> dict[str, Any] | None:
    """One message by its id."""
    return next((r for r in all_records(store, store.messages_file(pid), TABLE) if r["id"] == message_id), None)


def personal_data(store: Store, pid: str, person: Person) -> list[dict[str, Any]]:
    """The messages sent to ``person``'s team (they received them with their link)."""
    fields = ("subject", "text", "teams", "created_at")
    return [{key: record.get(key) for key in fields} for record in list_team_messages(store, pid, person.team)]


def erase_personal_data(store: Store, pid: str, erasure: Erasure) -> int:
    """Every erased person a leader named in a message's subject or text gives way to their team's name."""

    def change(record: dict[str, Any]) -> dict[str, Any]:
        return {"subject": erasure.text(record.get("subject") or ""), "text": erasure.text(record.get("text") or "")}

    return rewrite_records(store, store.messages_file(pid), TABLE, change)
