"""Link tokens: which team member a personal link belongs to. Only SHA-256 hashes are stored.

A token record is ``{id, token_hash, team, member, created_at, revoked_at, about_until, sent_with}``
in ``tokens.json``: ``about_until`` is the end of what the mail that carried it was about (an
assignment's due instant) or None, ``sent_with`` what carried it (``[{kind, assignment}]``, empty
for ``flask links``). The raw token (``secrets.token_urlsafe(32)``) exists only in the e-mail; the
web layer hashes what a request brings and looks the hash up. A revoked token is
indistinguishable from an unknown one. How long a token works is the access layer's rule
(``engine.access.team``); :func:`find_token_with_successor` gives it what it needs: the record and
when the member's next newer active link was made.

- ``add_token(store, pid, token_hash, team, member, now) -> dict``
- ``add_tokens(store, pid, entries, now) -> list[dict]`` — several ``(token_hash, team, member[, extra])``
  in one write; ``extra`` may set ``about_until`` (an aware datetime) and ``sent_with``
- ``find_token(store, pid, token_hash) -> dict | None`` (active tokens only)
- ``find_token_with_successor(store, pid, token_hash) -> (dict, superseded_at | None) | None``
- ``revoke_tokens(store, pid, team, member=None, *, now, actor="system") -> int``
- ``revoke_token(store, pid, token_id, *, now, actor) -> dict | None`` — one link
- ``list_tokens(store, pid, team=None) -> list[dict]``
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from tinydb import Query

from .base import Store
from .events import event_record
from .records import iso, iso_or_none, new_id, parse_iso, thaw

_SHA256 = re.compile(r"[0-9a-f]{64}")


def add_token(store: Store, pid: str, token_hash: str, team: str, member: str, now: datetime) -> dict[str, Any]:
    """Record the hash of a new link of ``member`` of ``team``; refuses anything but a SHA-256 hex digest."""
    return add_tokens(store, pid, [(token_hash, team, member)], now)[0]


def add_tokens(store: Store, pid: str, entries: Iterable[tuple[Any, ...]], now: datetime) -> list[dict[str, Any]]:
    """:func:`add_token` for several ``(token_hash, team, member[, extra])`` at once (the mail pass mints
    a batch); ``extra`` is a mapping with ``about_until`` (aware datetime or None) and ``sent_with``."""
    records = []
    for token_hash, team, member, *rest in entries:
        if not isinstance(token_hash, str) or not _SHA256.fullmatch(token_hash):
            raise ValueError("store the SHA-256 hex digest of a token, never the token")
        extra: Mapping[str, Any] = rest[0] if rest else {}
        records.append(
            {
                "id": new_id(),
                "token_hash": token_hash,
                "team": team,
                "member": member,
                "created_at": iso(now),
                "revoked_at": None,
                "about_until": iso_or_none(extra.get("about_until")),
                "sent_with": thaw(list(extra.get("sent_with") or [])),
            }
        )
    if records:
        path = store.tokens_file(pid)
        with store.transaction(path) as tx:
            tx.table(path, "tokens").insert_multiple(records)
    return records


def find_token(store: Store, pid: str, token_hash: str) -> dict[str, Any] | None:
    """The active (not revoked) token with this hash, or None."""
    found = find_token_with_successor(store, pid, token_hash)
    return found[0] if found is not None else None


def find_token_with_successor(store: Store, pid: str, token_hash: str) -> tuple[dict[str, Any], datetime | None] | None:
    """The active token with this hash and when its member's next newer active link was made (None if
    it is the newest), or None. One pass over the cached file, copying only the match."""
    records = store.peek(store.tokens_file(pid)).get("tokens", {}).values()
    found = next((r for r in records if r["token_hash"] == token_hash and r["revoked_at"] is None), None)
    if found is None:
        return None
    created = parse_iso(found["created_at"])
    newer = [
        parse_iso(r["created_at"])
        for r in records
        if r["team"] == found["team"]
        and r["member"] == found["member"]
        and r["revoked_at"] is None
        and r["id"] != found["id"]
        and parse_iso(r["created_at"]) > created
    ]
    return thaw(found), min(newer, default=None)


def revoke_tokens(
    store: Store, pid: str, team: str, member: str | None = None, *, now: datetime, actor: str = "system"
) -> int:
    """Revoke the active links of one member of ``team`` (or of the whole team); returns how many.

    Logs ``link_revoked`` when any was revoked.
    """
    path = store.tokens_file(pid)
    condition = (Query().team == team) & (Query().revoked_at == None)  # noqa: E711 - TinyDB query
    if member is not None:
        condition &= Query().member == member
    with store.transaction(path) as tx:
        table = tx.table(path, "tokens")
        doc_ids = [doc.doc_id for doc in table.search(condition)]
        if doc_ids:
            table.update({"revoked_at": iso(now)}, doc_ids=doc_ids)
            tx.append(
                store.event_log(pid), event_record("link_revoked", actor, now, team, member=member, count=len(doc_ids))
            )
    return len(doc_ids)


def revoke_token(store: Store, pid: str, token_id: str, *, now: datetime, actor: str) -> dict[str, Any] | None:
    """Revoke the one active link ``token_id``; the record as it was, or None if there is no such active
    link. Logs ``link_revoked`` with the token's id."""
    path = store.tokens_file(pid)
    with store.transaction(path) as tx:
        table = tx.table(path, "tokens")
        doc = table.get((Query().id == token_id) & (Query().revoked_at == None))  # noqa: E711 - TinyDB query
        if doc is None:
            return None
        table.update({"revoked_at": iso(now)}, doc_ids=[doc.doc_id])
        tx.append(
            store.event_log(pid),
            event_record("link_revoked", actor, now, doc["team"], member=doc["member"], count=1, token=doc["id"]),
        )
    return dict(doc)


def list_tokens(store: Store, pid: str, team: str | None = None) -> list[dict[str, Any]]:
    """Token records (hashes, owners, dates) of the programme or of one team, revoked ones too."""
    table = store.view(store.tokens_file(pid)).table("tokens")
    return table.all() if team is None else table.search(Query().team == team)
