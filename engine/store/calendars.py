"""Calendar subscriptions: the secret addresses calendar programs fetch a team's or the programme's
calendar from. Only the SHA-256 of each address's secret is stored.

A feed is ``{id, scope, team, token_hash, created_at, created_by, revoked_at}`` in
``calendars.json`` (table ``feeds``); ``scope`` is ``team`` (``team`` its id) or ``programme``
(``team`` None). At most one feed per scope and team is active; revoking it (and making a new
one) gives a new address, and the old one answers 404. Events: ``calendar_created``,
``calendar_revoked``.

- ``add_feed(store, pid, feed_id, scope, team, token_hash, actor, now) -> dict``
- ``find_feed(store, pid, token_hash) -> dict | None`` (active only)
- ``active_feed(store, pid, scope, team=None) -> dict | None``
- ``revoke_feeds(store, pid, scope, team, actor, now) -> int``
- ``list_feeds(store, pid) -> list[dict]`` (active only)
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tinydb import Query

from .base import Store
from .events import event_record
from .records import iso

SCOPES = ("team", "programme")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _active(scope: str, team: str | None):
    return (Query().scope == scope) & (Query().team == team) & (Query().revoked_at == None)  # noqa: E711


def add_feed(
    store: Store, pid: str, feed_id: str, scope: str, team: str | None, token_hash: str, actor: str, now: datetime
) -> dict[str, Any]:
    """Record a new active feed (the caller revoked the old one first, or there was none)."""
    if scope not in SCOPES or not _SHA256.fullmatch(token_hash or ""):
        raise ValueError("a feed has a scope (team or programme) and the SHA-256 of its secret")
    record = {
        "id": feed_id,
        "scope": scope,
        "team": team,
        "token_hash": token_hash,
        "created_at": iso(now),
        "created_by": actor,
        "revoked_at": None,
    }
    path = store.calendars_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "feeds")
        current = table.get(_active(scope, team))
        if current is not None:
            return dict(current)  # two presses at once: the first one's address stands
        table.insert(record)
        tx.append(store.event_log(pid), event_record("calendar_created", actor, now, team, scope=scope))
    return record


def find_feed(store: Store, pid: str, token_hash: str) -> dict[str, Any] | None:
    """The active feed whose secret hashes to ``token_hash``."""
    return (
        store.view(store.calendars_file(pid))
        .table("feeds")
        .get((Query().token_hash == token_hash) & (Query().revoked_at == None))  # noqa: E711
    )


def active_feed(store: Store, pid: str, scope: str, team: str | None = None) -> dict[str, Any] | None:
    """The active feed of a scope (and team), if one was made."""
    return store.view(store.calendars_file(pid)).table("feeds").get(_active(scope, team))


def revoke_feeds(store: Store, pid: str, scope: str, team: str | None, actor: str, now: datetime) -> int:
    """Revoke the active feed of a scope (and team); how many were revoked."""
    path = store.calendars_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "feeds")
        ids = [doc.doc_id for doc in table.search(_active(scope, team))]
        if ids:
            table.update({"revoked_at": iso(now)}, doc_ids=ids)
            tx.append(store.event_log(pid), event_record("calendar_revoked", actor, now, team, scope=scope))
    return len(ids)


def list_feeds(store: Store, pid: str) -> list[dict[str, Any]]:
    """Every active feed of the programme."""
    return store.view(store.calendars_file(pid)).table("feeds").search(Query().revoked_at == None)  # noqa: E711
