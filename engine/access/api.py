"""API tokens for other programs: minting one for a leader, and what a bearer token may read.

A token is ``vk_`` and ``secrets.token_urlsafe(32)`` (256 bits); only its SHA-256 is stored
(``engine.store.api_tokens``) and the raw token is shown once, to the leader who made it. A token
reads on behalf of its leader: it stops working when revoked, and when its leader's account is gone
or is no longer a leader's. Its scope is one programme or all of them, and it may or may not read
e-mail addresses.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..store import Store
from ..store import admins as admin_repo
from ..store import api_tokens as token_repo
from .links import token_hash

PREFIX = "vk_"


@dataclass(frozen=True)
class Grant:
    """What a valid bearer token may read."""

    token: dict[str, Any]
    admin: dict[str, Any]

    @property
    def programme(self) -> str | None:
        """The one programme it reads, or None for all."""
        return self.token.get("programme")

    @property
    def addresses(self) -> bool:
        """Whether it may read e-mail addresses."""
        return bool(self.token.get("addresses"))

    def reaches(self, pid: str) -> bool:
        """Whether programme ``pid`` is in the token's scope."""
        return self.programme is None or self.programme == pid


def mint_api_token(
    store: Store, admin_id: str, name: str, programme: str | None, addresses: bool, now: datetime
) -> tuple[str, dict[str, Any]]:
    """A new token for ``admin_id``: the raw token (to show once) and its stored record."""
    raw = PREFIX + secrets.token_urlsafe(32)
    return raw, token_repo.create_api_token(store, admin_id, name, programme, addresses, token_hash(raw), now)


def bearer(header: str | None) -> str | None:
    """The token in an ``Authorization: Bearer <token>`` header, or None."""
    scheme, _, value = (header or "").partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value.startswith(PREFIX) or len(value) > 100:
        return None
    return value


def authenticate(store: Store, header: str | None, now: datetime) -> Grant | None:
    """The grant of the bearer token in ``header``, or None (missing, malformed, unknown, revoked,
    or its leader no longer a leader)."""
    raw = bearer(header)
    if raw is None:
        return None
    token = token_repo.find_api_token(store, token_hash(raw))
    if token is None:
        return None
    admin = admin_repo.get_admin(store, token["admin"])
    if admin is None or admin.get("role") != "leader":
        return None
    token_repo.note_use(store, token, now)
    return Grant(token, admin)
