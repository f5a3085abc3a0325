"""Personal links and evaluation links.

A member's link carries a token from ``secrets.token_urlsafe(32)`` (256 bits); only its SHA-256 is
stored (``engine.store.tokens``). Tokens are minted when a link is handed out — when a message
is sent, or printed by ``flask links`` — so a raw token never rests on disk: an outbox record
holds :data:`LINK_MARKER` where the link goes, and the sender replaces it at the last moment.

An evaluation link is anonymous and the same for everyone at a gathering (it is shown as a QR
code): it is signed with the app's secret key instead of stored. Its short form, ``/e/<code>``
with eight letters and digits, is what a poster asks people to type; it is signed the same way.
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


# The short evaluation address people type from a poster: no 0/O, 1/l/i, so it can be read aloud.
SHORT_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SHORT_LENGTH = 8  # 31**8 ≈ 8.5e11 codes; guessing is throttled like every link


def evaluation_code(secret: str, pid: str, number: int) -> str:
    """The short code of gathering ``number``'s evaluation (``/e/<code>``): signed like the long
    link, so it is not guessable and nothing is stored."""
    digest = hmac.new(secret.encode("utf-8"), f"evaluation-code:{pid}:{number}".encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(SHORT_LENGTH):
        value, index = divmod(value, len(SHORT_ALPHABET))
        letters.append(SHORT_ALPHABET[index])
    return "".join(letters)


def evaluation_short_url(base_url: str, secret: str, pid: str, number: int) -> str:
    """The short address of gathering ``number``'s evaluation, to print on a poster."""
    return f"{base_url.rstrip('/')}/e/{evaluation_code(secret, pid, number)}"


def find_evaluation_code(secret: str, gatherings: Iterable[tuple[str, int]], code: str) -> tuple[str, int] | None:
    """The ``(programme, gathering number)`` among ``gatherings`` whose short code is ``code`` (as typed:
    any case, spaces and hyphens ignored), or None."""
    wanted = "".join(ch for ch in (code or "").lower() if ch not in " -")
    if len(wanted) != SHORT_LENGTH or not wanted.isascii():  # compare_digest refuses other text
        return None
    for pid, number in gatherings:
        if hmac.compare_digest(evaluation_code(secret, pid, number), wanted):
            return pid, number
    return None


def valid_evaluation_signature(secret: str, pid: str, number: int, signature: str) -> bool:
    """Whether ``signature`` is the one :func:`evaluation_signature` gives (constant time). An address
    can carry any text; one that is not ASCII is no signature (``compare_digest`` would raise)."""
    if not isinstance(signature, str) or not signature.isascii():
        return False
    return hmac.compare_digest(evaluation_signature(secret, pid, number), signature)
