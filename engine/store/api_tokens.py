"""API tokens: what a program presenting ``Authorization: Bearer …`` may read. Only SHA-256 hashes are stored.

A token record lives in ``installation.json`` (table ``api_tokens``): ``{id, name, token_hash, admin,
programme, addresses, created_at, revoked_at, last_used_at}``. ``admin`` is the id of the project
leader who made it and whose programmes it reads; ``programme`` is one programme's id, or None for
all of them; ``addresses`` says whether it may read e-mail addresses. Tokens only read: there is no
scope that writes. ``last_used_at`` is updated at most once an hour, so API traffic does not rewrite
the installation file on every call.

- ``create_api_token(store, admin_id, name, programme, addresses, token_hash, now) -> dict``
- ``find_api_token(store, token_hash) -> dict | None`` (active tokens only)
- ``list_api_tokens(store) -> list[dict]`` (newest first, revoked ones too)
- ``revoke_api_token(store, token_id, now) -> dict | None``
- ``note_use(store, token, now) -> None``
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from tinydb import Query

from .base import Store
from .records import iso, new_id, parse_iso

_SHA256 = re.compile(r"[0-9a-f]{64}")
TABLE = "api_tokens"
USE_NOTED_EVERY = timedelta(hours=1)


def create_api_token(
    store: Store,
    admin_id: str,
    name: str,
    programme: str | None,
    addresses: bool,
    token_hash: str,
    now: datetime,
) -> dict[str, Any]:
    """Record a new token's hash; refuses anything but a SHA-256 hex digest."""
    if not isinstance(token_hash, str) or not _SHA256.fullmatch(token_hash):
        raise ValueError("store the SHA-256 hex digest of a token, never the token")
    record = {
        "id": new_id(),
        "name": str(name).strip()[:100],
        "token_hash": token_hash,
        "admin": admin_id,
        "programme": programme,
        "addresses": bool(addresses),
        "created_at": iso(now),
        "revoked_at": None,
        "last_used_at": None,
    }
    path = store.installation_file
    with store.transaction(path) as tx:
        tx.table(path, TABLE).insert(record)
    return record


def find_api_token(store: Store, token_hash: str) -> dict[str, Any] | None:
    """The active token with this hash, or None (unknown and revoked look the same)."""
    table = store.view(store.installation_file).table(TABLE)
    return table.get((Query().token_hash == token_hash) & (Query().revoked_at == None))  # noqa: E711 - TinyDB


def list_api_tokens(store: Store) -> list[dict[str, Any]]:
    """Every token, newest first."""
    tokens = store.view(store.installation_file).table(TABLE).all()
    return sorted(tokens, key=lambda token: token["created_at"], reverse=True)


def revoke_api_token(store: Store, token_id: str, now: datetime) -> dict[str, Any] | None:
    """Revoke a token (at once, for every process); None if there is no active token with that id."""
    path = store.installation_file
    with store.transaction(path) as tx:
        table = tx.table(path, TABLE)
        token = table.get((Query().id == token_id) & (Query().revoked_at == None))  # noqa: E711 - TinyDB
        if token is None:
            return None
        table.update({"revoked_at": iso(now)}, doc_ids=[token.doc_id])
    return {**token, "revoked_at": iso(now)}


def note_use(store: Store, token: dict[str, Any], now: datetime) -> None:
    """Remember that ``token`` was used at ``now`` — if the last note is more than an hour old."""
    last = token.get("last_used_at")
    if last is not None and now - parse_iso(last) < USE_NOTED_EVERY:
        return
    path = store.installation_file
    with store.transaction(path) as tx:
        tx.table(path, TABLE).update({"last_used_at": iso(now)}, Query().id == token["id"])
