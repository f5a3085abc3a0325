"""Personal links and evaluation links.

A member's link carries a token from ``secrets.token_urlsafe(32)`` (256 bits); only its SHA-256 is
stored (``engine.store.tokens``). Tokens are minted when a link is handed out — when a message
is sent, or printed by ``flask links`` — so a raw token never rests on disk: an outbox record
holds :data:`LINK_MARKER` where the link goes, and the sender replaces it at the last moment.

An evaluation link is anonymous and the same for everyone at a gathering (it is shown as a QR
code): it is signed with the app's secret key instead of stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ..store import Store
from ..store import tokens as token_repo

LINK_MARKER = "[[link]]"


def new_token() -> str:
    """A fresh 256-bit URL-safe token."""
    return secrets.token_urlsafe(32)


def token_hash(raw: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def member_path(pid: str, raw: str) -> str:
    """The path of a member's team page."""
    return f"/p/{pid}/t/{raw}/"


def mint_member_link(store: Store, base_url: str, pid: str, team: str, member: str, now: datetime) -> str:
    """Store a new token for ``member`` of ``team`` and return the absolute link to their team page."""
    return mint_member_links(store, base_url, pid, [(team, member)], now)[(team, member)]


def mint_member_links(
    store: Store,
    base_url: str,
    pid: str,
    members: Iterable[tuple[str, str]],
    now: datetime,
    purposes: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
) -> dict[tuple[str, str], str]:
    """:func:`mint_member_link` for several ``(team, member)`` pairs in one write: a link each.

    ``purposes`` may say, per pair, what the link is sent with: ``about_until`` (the end of what the
    mail is about — an assignment's due instant: an older link stays valid at least that long) and
    ``sent_with`` (``[{kind, assignment}]``, shown to the leader).
    """
    raw = {pair: new_token() for pair in dict.fromkeys(members)}
    purposes = purposes or {}
    entries = [
        (token_hash(token), team, member, purposes.get((team, member), {})) for (team, member), token in raw.items()
    ]
    token_repo.add_tokens(store, pid, entries, now)
    return {pair: f"{base_url.rstrip('/')}{member_path(pid, token)}" for pair, token in raw.items()}


def resolve_token(store: Store, pid: str, raw: str) -> dict[str, Any] | None:
    """The active token record for ``raw`` in programme ``pid``, or None (unknown or revoked)."""
    found = resolve_link(store, pid, raw)
    return found[0] if found is not None else None


def resolve_link(store: Store, pid: str, raw: str) -> tuple[dict[str, Any], datetime | None] | None:
    """The active token record for ``raw`` and when its member was sent a newer link (or None), or None."""
    if not raw or len(raw) > 128:
        return None
    return token_repo.find_token_with_successor(store, pid, token_hash(raw))


def evaluation_signature(secret: str, pid: str, number: int) -> str:
    """The signature in the evaluation link of gathering ``number`` (not guessable, not stored)."""
    digest = hmac.new(secret.encode("utf-8"), f"evaluation:{pid}:{number}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode("ascii")


def evaluation_path(secret: str, pid: str, number: int) -> str:
    """The path of the anonymous evaluation of gathering ``number``."""
    return f"/p/{pid}/evaluering/{number}/{evaluation_signature(secret, pid, number)}"


def evaluation_url(base_url: str, secret: str, pid: str, number: int) -> str:
    """The absolute evaluation link for mail and the QR code."""
    return f"{base_url.rstrip('/')}{evaluation_path(secret, pid, number)}"


def valid_evaluation_signature(secret: str, pid: str, number: int, signature: str) -> bool:
    """Whether ``signature`` is the one :func:`evaluation_signature` gives (constant time)."""
    return hmac.compare_digest(evaluation_signature(secret, pid, number), signature or "")
