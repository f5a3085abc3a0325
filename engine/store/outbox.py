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

A pass sending many messages commits each one with :func:`record_sent` — one append to the sent
log under the outbox lock, without rewriting ``outbox.json`` — and removes them all from the
outbox at the end with :func:`drop_sent` (one rewrite), so a pass costs one append per message
rather than one rewrite of the whole outbox per message. A message that is no longer worth
sending (the team submitted while it waited for a retry) is :func:`discard`-ed: it moves to the
sent log with ``state: discarded`` and the reason, so its key is never queued again.

- ``enqueue(store, pid, message, now) -> (message, created)`` — idempotent by ``message["key"]``
- ``enqueue_many(store, pid, messages, now) -> list[(message, created)]`` — the same, one write
- ``due_messages(store, pid, now) -> list[dict]`` — pending/failed, due, not claimed
- ``claim(store, pid, message_ids, now, lease=DEFAULT_LEASE, claimant=None) -> list[dict]``
- ``mark_sent(store, pid, message_id, now) -> dict | None``
- ``record_sent(store, pid, message, now) -> dict | None`` — then ``drop_sent(store, pid, events)`` with
  each one's ``sent_event(message, now)``
- ``discard(store, pid, message, reason, now) -> dict | None``
- ``mark_failed(store, pid, message_id, error, next_attempt_at, now) -> dict | None`` (None: give up)
- ``reschedule(store, pid, message_id, next_attempt_at) -> dict | None`` (the admin's "retry now");
  ``reschedule_many(store, pid, message_ids, next_attempt_at) -> list[dict]``
- ``list_messages(store, pid, state=None, assignment=None) -> list[dict]`` (oldest first)
- ``outbox_keys(store, pid) -> frozenset[str]`` — every key ever enqueued
- ``waiting_counts(store, pid) -> (pending, failed)`` — how many messages wait, by state
- ``discard_all(store, pid, reason, now) -> int`` — give up every waiting message (a programme closed)

The personal data in the outbox and the sent log is ``outbox_people``'s to answer for.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from tinydb import Query

from .base import Store
from .events import event_record
from .records import iso, iso_or_none, new_id, parse_iso, thaw

DEFAULT_LEASE = timedelta(minutes=10)
SENT_FIELDS = ("id", "key", "kind", "assignment", "rule", "team", "member", "to", "subject", "attempts")
_OPTIONAL = {
    "assignment": None,
    "rule": None,
    "team": None,
    "member": None,
    "cc": [],
    "html": None,
    "headers": {},
    "link_for": None,
}
_REQUIRED = ("key", "kind", "to", "subject", "text")
WAITING = ("pending", "failed")
# What a change makes of a waiting message: the fields to set, and the events to log with them.
Change = Callable[[Mapping[str, Any]], tuple[dict[str, Any], list[dict[str, Any]]]]


def enqueue(store: Store, pid: str, message: Mapping[str, Any], now: datetime) -> tuple[dict[str, Any], bool]:
    """Add ``message`` unless one with its ``key`` exists (waiting or sent): (stored message, created?)."""
    return enqueue_many(store, pid, [message], now)[0]


def enqueue_many(
    store: Store, pid: str, messages: Iterable[Mapping[str, Any]], now: datetime
) -> list[tuple[dict[str, Any], bool]]:
    """:func:`enqueue` for several messages in one transaction (the outbox file is written once)."""
    messages = list(messages)
    for message in messages:
        missing = [field for field in _REQUIRED if not message.get(field)]
        unknown = set(message) - set(_REQUIRED) - set(_OPTIONAL) - {"next_attempt_at"}
        if missing or unknown:
            raise ValueError(f"outbox message: missing {missing}, unknown {sorted(unknown)}")
    path, sent = store.outbox_file(pid), store.sent_log(pid)
    results: list[tuple[dict[str, Any], bool]] = []
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        waiting = {doc["key"]: doc for doc in table.all()}
        # read under the outbox lock: mark_sent cannot move one meanwhile
        sent_keys = {sent_key for _, sent_key in sent.read(sent_references)}
        for message in messages:
            key = message["key"]
            if key in waiting:
                results.append((dict(waiting[key]), False))
            elif key in sent_keys:
                results.append((thaw(next(record for record in sent.read() if record["key"] == key)), False))
            else:
                record = _new_record(pid, message, now)
                table.insert(record)
                waiting[key] = record
                results.append((dict(record), True))
    return results


def _new_record(pid: str, message: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    next_attempt = message.get("next_attempt_at")
    return {
        "id": new_id(),
        "programme": pid,
        **{field: thaw(message[field]) for field in _REQUIRED},
        **{field: thaw(message.get(field, default)) for field, default in _OPTIONAL.items()},
        "state": "pending",
        "attempts": 0,
        "next_attempt_at": iso(next_attempt if next_attempt is not None else now),
        "last_error": None,
        "created_at": iso(now),
        "sent_at": None,
        "claimed_until": None,
        "claimed_by": None,
    }


def due_messages(store: Store, pid: str, now: datetime) -> list[dict[str, Any]]:
    """Messages waiting to go whose next attempt is due at ``now`` and that nobody holds a lease on."""
    waiting = [m for m in store.peek(store.outbox_file(pid)).get("messages", {}).values() if _is_due(m, now)]
    if not waiting:
        return []  # the usual case, answered without reading the sent log
    sent_ids = _sent_ids(store, pid)
    due = [message for message in waiting if message["id"] not in sent_ids]
    due.sort(key=lambda message: (parse_iso(message["next_attempt_at"]), parse_iso(message["created_at"])))
    return [thaw(message) for message in due]


def claim(
    store: Store,
    pid: str,
    message_ids: Iterable[str],
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    claimant: str | None = None,
) -> list[dict[str, Any]]:
    """Take a lease on those of ``message_ids`` that are still due and free; returns them, to send.

    A message another process claimed (lease not run out), sent or rescheduled meanwhile is left out.
    """
    wanted = set(message_ids)
    claimant = claimant or f"{os.uname().nodename}:{os.getpid()}:{threading.get_ident()}"
    path = store.outbox_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        _remove_sent(store, pid, table)
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
            tx.append(
                store.event_log(pid),
                event_record(
                    "mail_sent",
                    "scheduler",
                    now,
                    doc.get("team"),
                    doc.get("assignment"),
                    message=message_id,
                    key=doc["key"],
                    kind=doc["kind"],
                    member=doc.get("member"),
                ),
            )
    return record


def record_sent(store: Store, pid: str, message: Mapping[str, Any], now: datetime) -> dict[str, Any] | None:
    """Commit a claimed ``message`` as sent at ``now`` with one append to the sent log; None if it is not
    waiting any more (or was recorded already).

    ``outbox.json`` is not rewritten: the message counts as sent from here on, and :func:`drop_sent`
    (or the next claim) removes it from the outbox file. Its ``mail_sent`` event (:func:`sent_event`)
    is logged by :func:`drop_sent` with the rest of the batch's, in one append.
    """
    extra = {"state": "sent", "sent_at": iso(now), "attempts": int(message.get("attempts") or 0) + 1}
    return _settle(store, pid, message, extra, [])


def sent_event(message: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The ``mail_sent`` event of a message :func:`record_sent` committed (for :func:`drop_sent`)."""
    return event_record(
        "mail_sent",
        "scheduler",
        now,
        message.get("team"),
        message.get("assignment"),
        message=message["id"],
        key=message["key"],
        kind=message["kind"],
        member=message.get("member"),
    )


def discard(store: Store, pid: str, message: Mapping[str, Any], reason: str, now: datetime) -> dict[str, Any] | None:
    """Give up a waiting ``message`` that is no longer relevant: it moves to the sent log as ``discarded``
    with ``reason``, so its key is never queued again. Logs ``mail_discarded``; None if it is not waiting."""
    extra = {
        "state": "discarded",
        "sent_at": None,
        "discarded_at": iso(now),
        "reason": str(reason)[:500],
        "attempts": int(message.get("attempts") or 0),
    }
    event = event_record(
        "mail_discarded",
        "scheduler",
        now,
        message.get("team"),
        message.get("assignment"),
        message=message["id"],
        key=message["key"],
        kind=message["kind"],
        reason=extra["reason"],
    )
    return _settle(store, pid, message, extra, [event])


def drop_sent(store: Store, pid: str, events: Iterable[Mapping[str, Any]] = ()) -> int:
    """Remove from ``outbox.json`` what the sent log already holds (after :func:`record_sent`), and log
    ``events`` (the batch's ``mail_sent`` and the like) in one append; returns how many were removed."""
    path, events = store.outbox_file(pid), list(events)
    if not path.exists() and not events:
        return 0
    with store.transaction(path) as tx:
        removed = _remove_sent(store, pid, tx.table(path, "messages"))
        for event in events:
            tx.append(store.event_log(pid), event)
    return removed


def _settle(
    store: Store, pid: str, message: Mapping[str, Any], extra: Mapping[str, Any], events: Iterable[Mapping[str, Any]]
) -> dict[str, Any] | None:
    path, sent = store.outbox_file(pid), store.sent_log(pid)
    with store.transaction(path) as tx:  # the outbox lock, so nothing else moves the message meanwhile
        # peek, not the transaction's working copy: no copy of every waiting body per message
        doc = next((m for m in store.peek(path).get("messages", {}).values() if m["id"] == message["id"]), None)
        if doc is None or doc["id"] in _sent_ids(store, pid):
            return None
        record = {field: thaw(doc.get(field)) for field in SENT_FIELDS}
        record.update(extra)
        tx.append(sent, record)  # the commit point; outbox.json is left as it is (no write)
        for event in events:
            tx.append(store.event_log(pid), event)
    return record


def _remove_sent(store: Store, pid: str, table: Any) -> int:
    sent_ids = _sent_ids(store, pid)
    leftovers = [doc.doc_id for doc in table.all() if doc["id"] in sent_ids]
    if leftovers:
        table.remove(doc_ids=leftovers)
    return len(leftovers)


def mark_failed(
    store: Store, pid: str, message_id: str, error: str, next_attempt_at: datetime | None, now: datetime
) -> dict[str, Any] | None:
    """Record a failed send; it is tried again at ``next_attempt_at`` (None: never). Logs ``mail_failed``."""

    def failed(doc: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        changes = {
            "state": "failed",
            "attempts": doc["attempts"] + 1,
            "last_error": str(error)[:2000],
            "next_attempt_at": iso_or_none(next_attempt_at),
            "claimed_until": None,
            "claimed_by": None,
        }
        return changes, [
            event_record(
                "mail_failed",
                "scheduler",
                now,
                doc.get("team"),
                doc.get("assignment"),
                message=message_id,
                key=doc["key"],
                kind=doc["kind"],
                attempts=changes["attempts"],
                error=changes["last_error"],
            )
        ]

    return _update_waiting(store, pid, message_id, failed)


def reschedule(store: Store, pid: str, message_id: str, next_attempt_at: datetime) -> dict[str, Any] | None:
    """Make a waiting message due at ``next_attempt_at`` (and free its lease); None if it is not waiting."""
    changes = {"next_attempt_at": iso(next_attempt_at), "claimed_until": None, "claimed_by": None}
    return _update_waiting(store, pid, message_id, lambda _doc: (changes, []))


def _update_waiting(store: Store, pid: str, message_id: str, change: Change) -> dict[str, Any] | None:
    """Under the outbox lock, set on the waiting message ``message_id`` the fields ``change(message)``
    returns and log the events it returns with them, in one transaction; the message as updated,
    or None if it is not waiting."""
    path = store.outbox_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        doc = table.get(Query().id == message_id)
        if doc is None:
            return None
        changes, events = change(doc)
        table.update(changes, doc_ids=[doc.doc_id])
        for event in events:
            tx.append(store.event_log(pid), event)
    return {**doc, **changes}


def reschedule_many(
    store: Store, pid: str, message_ids: Iterable[str], next_attempt_at: datetime
) -> list[dict[str, Any]]:
    """:func:`reschedule` for several messages in one write (a pass leaving the rest for later)."""
    wanted = set(message_ids)
    path = store.outbox_file(pid)
    changes = {"next_attempt_at": iso(next_attempt_at), "claimed_until": None, "claimed_by": None}
    with store.transaction(path) as tx:
        table = tx.table(path, "messages")
        docs = [doc for doc in table.all() if doc["id"] in wanted]
        if docs:
            table.update(changes, doc_ids=[doc.doc_id for doc in docs])
    return [{**doc, **changes} for doc in docs]


def list_messages(
    store: Store, pid: str, state: str | None = None, assignment: str | None = None
) -> list[dict[str, Any]]:
    """Messages of ``pid`` — sent (and discarded) ones as their metadata — by time sent, discarded or queued,
    optionally filtered by ``state`` (``pending``, ``failed``, ``sent``, ``discarded``) and assignment."""
    sent = store.sent_log(pid).read()
    sent_ids = _sent_ids(store, pid)
    waiting = [m for m in store.peek(store.outbox_file(pid)).get("messages", {}).values() if m["id"] not in sent_ids]
    chosen = [
        m
        for m in (*sent, *waiting)
        if (state is None or m["state"] == state) and (assignment is None or m.get("assignment") == assignment)
    ]
    chosen.sort(
        key=lambda message: parse_iso(message.get("sent_at") or message.get("discarded_at") or message["created_at"])
    )
    return [thaw(message) for message in chosen]


def outbox_keys(store: Store, pid: str) -> frozenset[str]:
    """The key of every message ever enqueued in ``pid`` (for a pass deciding what is still to queue)."""
    waiting = store.peek(store.outbox_file(pid)).get("messages", {}).values()
    return frozenset(key for _, key in store.sent_log(pid).read(sent_references)) | {m["key"] for m in waiting}


def waiting_counts(store: Store, pid: str) -> tuple[int, int]:
    """How many messages of ``pid`` wait to be sent: ``(pending, failed)`` (the health check's figures)."""
    waiting = store.peek(store.outbox_file(pid)).get("messages", {}).values()
    if not waiting:
        return 0, 0
    sent_ids = _sent_ids(store, pid)
    states = [m["state"] for m in waiting if m["id"] not in sent_ids]
    return states.count("pending"), states.count("failed")


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


def discard_all(store: Store, pid: str, reason: str, now: datetime) -> int:
    """:func:`discard` every message waiting in ``pid`` (the programme was closed); returns how many."""
    waiting = [m for m in list_messages(store, pid) if m["state"] in WAITING]
    return sum(1 for message in waiting if discard(store, pid, message, reason, now) is not None)
