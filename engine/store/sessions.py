"""Admin sessions, kept on the server so that they can end there, in ``sessions.json``.

A session is ``{id, session_hash, admin, created_at, expires_at}``. The browser's cookie holds the
session's random id; the store keeps only its SHA-256 (``session_hash``), so a copy of the data
folder opens no session. A session ends when it is removed — log-out ends one, a password change
or the account's removal ends all of the account's (``engine.store.admins`` removes them in the
same transaction as the change) — or at ``expires_at``. Ended and expired sessions are pruned
whenever a session starts.

- ``add_session(store, session_hash, admin_id, now, expires_at) -> dict``
- ``find_session(store, session_hash, now) -> dict | None`` (live sessions only)
- ``end_session(store, session_hash) -> bool``
- ``end_admin_sessions(table, admin_id) -> int`` (inside a transaction over ``sessions.json``)
- ``list_sessions(store, admin_id=None) -> list[dict]``
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tinydb import Query
from tinydb.table import Table

from .base import Store
from .records import iso, new_id, parse_iso

_SHA256 = re.compile(r"[0-9a-f]{64}")
TABLE = "sessions"


def add_session(store: Store, session_hash: str, admin_id: str, now: datetime, expires_at: datetime) -> dict[str, Any]:
    """Record a new session of ``admin_id`` that lives until ``expires_at``; prunes expired ones."""
    if not isinstance(session_hash, str) or not _SHA256.fullmatch(session_hash):
        raise ValueError("store the SHA-256 hex digest of a session id, never the id")
    record = {
        "id": new_id(),
        "session_hash": session_hash,
        "admin": admin_id,
        "created_at": iso(now),
        "expires_at": iso(expires_at),
    }
    path = store.sessions_file
    with store.transaction(path) as tx:
        table = tx.table(path, TABLE)
        expired = [doc.doc_id for doc in table.all() if parse_iso(doc["expires_at"]) <= now]
        if expired:
            table.remove(doc_ids=expired)
        table.insert(record)
    return record


def find_session(store: Store, session_hash: str, now: datetime) -> dict[str, Any] | None:
    """The live session with this hash (not ended, not expired at ``now``), or None."""
    if not isinstance(session_hash, str) or not _SHA256.fullmatch(session_hash):
        return None
    found = store.view(store.sessions_file).table(TABLE).get(Query().session_hash == session_hash)
    if found is None or parse_iso(found["expires_at"]) <= now:
        return None
    return found


def end_session(store: Store, session_hash: str) -> bool:
    """End the session with this hash; whether there was one."""
    path = store.sessions_file
    with store.transaction(path) as tx:
        return bool(tx.table(path, TABLE).remove(Query().session_hash == session_hash))


def end_admin_sessions(table: Table, admin_id: str) -> int:
    """End every session of ``admin_id`` in ``table`` (the sessions table of an open transaction)."""
    return len(table.remove(Query().admin == admin_id))


def list_sessions(store: Store, admin_id: str | None = None) -> list[dict[str, Any]]:
    """Sessions as stored (expired ones until they are pruned), of one admin or of everyone."""
    table = store.view(store.sessions_file).table(TABLE)
    return table.all() if admin_id is None else table.search(Query().admin == admin_id)
