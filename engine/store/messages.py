"""The project leader's messages to teams: what was written, when, and to which teams.

One file per programme, ``messages.json`` (table ``messages``). A record (HACKING.md "Message")
is ``{id, subject, text, teams, author, created_at, nonce}``: ``teams`` are the ids of the teams it
went to (each team's page lists the messages naming it), ``author`` the admin's id, or ``cli`` for
one sent with ``flask message send``. Who received it by mail is in the outbox's sent log; the
message names no person, so purging a member touches nothing here.

- ``add_message(store, pid, subject, text, teams, author, nonce, now) -> (record, created)`` —
  logs ``message_written``
- ``list_team_messages(store, pid, team=None) -> list[dict]`` (oldest first)
- ``get_team_message(store, pid, message_id) -> dict | None``
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .base import Store, check_id
from .events import event_record
from .kept import add_once, all_records
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
