"""The outbox: every e-mail is first a record with an idempotency key, then sent.

A message (HACKING.md "Outbox message") waits in ``outbox.json`` while it is ``pending`` or
``failed``. Sending is claim → send → ``mark_sent``/``mark_failed``: ``claim`` gives the caller a
lease (``claimed_until``) on due messages under the outbox lock, so two processes never send one
message twice while the lease lasts; choose a lease longer than a send can take (the SMTP timeout).

Sent mail is moved out: its metadata — what went to whom and when: ``id, key, kind, assignment,
rule, team, member, to, subject, attempts, sent_at`` and ``state: sent``, not the bodies, headers
or bookkeeping — is appended to ``sent.jsonl`` and the message leaves ``outbox.json``, which
therefore stays as small as the mail waiting to go. The sent log is written first; a message found
in both (a crash between the two writes) counts as sent and is dropped from the outbox at the
next claim. Deciding what is already queued or sent reads only the cached ids and keys of the
sent log (``journal`` projections), not every record: a programme's second year sends thousands.

- ``enqueue(store, pid, message, now) -> (message, created)`` — idempotent by ``message["key"]``
- ``due_messages(store, pid, now) -> list[dict]`` — pending/failed, due, not claimed
- ``claim(store, pid, message_ids, now, lease=DEFAULT_LEASE, claimant=None) -> list[dict]``
- ``mark_sent(store, pid, message_id, now) -> dict | None``
- ``mark_failed(store, pid, message_id, error, next_attempt_at, now) -> dict | None`` (None: give up)
- ``reschedule(store, pid, message_id, next_attempt_at) -> dict | None`` (the admin's "retry now")
- ``list_messages(store, pid, state=None, assignment=None) -> list[dict]`` (oldest first)
- ``outbox_keys(store, pid) -> frozenset[str]`` — every key ever enqueued
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from tinydb import Query

from .base import Store
from .events import event_record
from .records import iso, iso_or_none, new_id, parse_iso, thaw

DEFAULT_LEASE = timedelta(minutes=10)
SENT_FIELDS = ("id", "key", "kind", "assignment", "rule", "team", "member", "to", "subject", "attempts")
_OPTIONAL = {"assignment": None, "rule": None, "team": None, "member": None, "cc": [], "html": None,
             "headers": {}, "link_for": None}
_REQUIRED = ("key", "kind", "to", "subject", "text")
WAITING = ("pending", "failed")


def enqueue(store: Store, pid: str, message: Mapping[str, Any], now: datetime) -> tuple[dict[str, Any], bool]:
    """Add ``message`` unless one with its ``key`` exists (waiting or sent): (stored message, created?)."""
    missing = [field for field in _REQUIRED if not message.get(field)]
    unknown = set(message) - set(_REQUIRED) - set(_OPTIONAL) - {"next_attempt_at"}
    if missing or unknown:
        raise ValueError(f"outbox message: missing {missing}, unknown {sorted(unknown)}")
    key = message["key"]
    path, sent = store.outbox_file(pid), store.sent_log(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        existing = table.get(Query().key == key)
        if existing is not None:
            return dict(existing), False
        if any(sent_key == key for _, sent_key in sent.read(sent_references)):
            # read under the outbox lock: mark_sent cannot move one meanwhile
            return thaw(next(record for record in sent.read() if record["key"] == key)), False
        next_attempt = message.get("next_attempt_at")
        record = {
            "id": new_id(), "programme": pid,
            **{field: thaw(message[field]) for field in _REQUIRED},
            **{field: thaw(message.get(field, default)) for field, default in _OPTIONAL.items()},
            "state": "pending", "attempts": 0,
            "next_attempt_at": iso(next_attempt if next_attempt is not None else now),
            "last_error": None, "created_at": iso(now), "sent_at": None, "claimed_until": None, "claimed_by": None,
        }
        table.insert(record)
    return dict(record), True


def due_messages(store: Store, pid: str, now: datetime) -> list[dict[str, Any]]:
    """Messages waiting to go whose next attempt is due at ``now`` and that nobody holds a lease on."""
    sent_ids = _sent_ids(store, pid)
    waiting = store.peek(store.outbox_file(pid)).get("messages", {}).values()
    due = [message for message in waiting if message["id"] not in sent_ids and _is_due(message, now)]
    due.sort(key=lambda message: (parse_iso(message["next_attempt_at"]), parse_iso(message["created_at"])))
    return [thaw(message) for message in due]


def claim(store: Store, pid: str, message_ids: Iterable[str], now: datetime, lease: timedelta = DEFAULT_LEASE,
          claimant: str | None = None) -> list[dict[str, Any]]:
    """Take a lease on those of ``message_ids`` that are still due and free; returns them, to send.

    A message another process claimed (lease not run out), sent or rescheduled meanwhile is left out.
    """
    wanted = set(message_ids)
    claimant = claimant or f"{os.uname().nodename}:{os.getpid()}:{threading.get_ident()}"
    path = store.outbox_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        sent_ids = _sent_ids(store, pid)
        leftovers = [doc.doc_id for doc in table.all() if doc["id"] in sent_ids]
        if leftovers:
            table.remove(doc_ids=leftovers)
        claimed = []
        for doc in table.search(Query().id.one_of(sorted(wanted))):
            if _is_due(doc, now):
                lease_fields = {"claimed_until": iso(now + lease), "claimed_by": claimant}
                table.update(lease_fields, doc_ids=[doc.doc_id])
                claimed.append({**doc, **lease_fields})
    return claimed


def mark_sent(store: Store, pid: str, message_id: str, now: datetime) -> dict[str, Any] | None:
    """Record that ``message_id`` went out at ``now``; returns its sent record (None: not waiting).

    Logs ``mail_sent``.
    """
    path, sent = store.outbox_file(pid), store.sent_log(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        doc = table.get(Query().id == message_id)
        if doc is None:
            return None
        already = message_id in _sent_ids(store, pid)
        record = {field: doc.get(field) for field in SENT_FIELDS}
        record.update(state="sent", sent_at=iso(now), attempts=doc["attempts"] + 1)
        if not already:
            tx.append(sent, record)  # first: from here on the message counts as sent
        table.remove(doc_ids=[doc.doc_id])
        if not already:
            tx.append(store.event_log(pid), event_record(
                "mail_sent", "scheduler", now, doc.get("team"), doc.get("assignment"), message=message_id,
                key=doc["key"], kind=doc["kind"], member=doc.get("member")))
    return record


def mark_failed(store: Store, pid: str, message_id: str, error: str, next_attempt_at: datetime | None,
                now: datetime) -> dict[str, Any] | None:
    """Record a failed send; it is tried again at ``next_attempt_at`` (None: never). Logs ``mail_failed``."""
    path = store.outbox_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        doc = table.get(Query().id == message_id)
        if doc is None:
            return None
        changes = {"state": "failed", "attempts": doc["attempts"] + 1, "last_error": str(error)[:2000],
                   "next_attempt_at": iso_or_none(next_attempt_at), "claimed_until": None, "claimed_by": None}
        table.update(changes, doc_ids=[doc.doc_id])
        tx.append(store.event_log(pid), event_record(
            "mail_failed", "scheduler", now, doc.get("team"), doc.get("assignment"), message=message_id,
            key=doc["key"], kind=doc["kind"], attempts=changes["attempts"], error=changes["last_error"]))
    return {**doc, **changes}


def reschedule(store: Store, pid: str, message_id: str, next_attempt_at: datetime) -> dict[str, Any] | None:
    """Make a waiting message due at ``next_attempt_at`` (and free its lease); None if it is not waiting."""
    path = store.outbox_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        doc = table.get(Query().id == message_id)
        if doc is None:
            return None
        changes = {"next_attempt_at": iso(next_attempt_at), "claimed_until": None, "claimed_by": None}
        table.update(changes, doc_ids=[doc.doc_id])
    return {**doc, **changes}


def list_messages(store: Store, pid: str, state: str | None = None,
                  assignment: str | None = None) -> list[dict[str, Any]]:
    """Messages of ``pid`` — sent ones as their metadata — by time sent or queued, optionally filtered."""
    sent = store.sent_log(pid).read()
    sent_ids = _sent_ids(store, pid)
    waiting = [m for m in store.peek(store.outbox_file(pid)).get("messages", {}).values() if m["id"] not in sent_ids]
    chosen = [m for m in (*sent, *waiting)
              if (state is None or m["state"] == state) and (assignment is None or m.get("assignment") == assignment)]
    chosen.sort(key=lambda message: parse_iso(message.get("sent_at") or message["created_at"]))
    return [thaw(message) for message in chosen]


def outbox_keys(store: Store, pid: str) -> frozenset[str]:
    """The key of every message ever enqueued in ``pid`` (for a pass deciding what is still to queue)."""
    waiting = store.peek(store.outbox_file(pid)).get("messages", {}).values()
    return frozenset(key for _, key in store.sent_log(pid).read(sent_references)) | {m["key"] for m in waiting}


def sent_references(records: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    """The projection of the sent log the outbox keeps in memory: ``(id, key)`` of each message."""
    return tuple((record["id"], record["key"]) for record in records)


def _sent_ids(store: Store, pid: str) -> set[str]:
    return {message_id for message_id, _ in store.sent_log(pid).read(sent_references)}


def _is_due(message: Mapping[str, Any], now: datetime) -> bool:
    if message["state"] not in WAITING or message["next_attempt_at"] is None:
        return False
    if parse_iso(message["next_attempt_at"]) > now:
        return False
    return message.get("claimed_until") is None or parse_iso(message["claimed_until"]) <= now
