"""Admin accounts: creating them with a hashed password, checking a log-in, changing the password,
removing an account — and the sessions a log-in opens.

Passwords are hashed with Werkzeug (scrypt); the store never sees a password. A failed log-in
costs the same time whether or not the account exists, so the log-in form does not reveal who
has an account.

A log-in opens a session (:func:`start_session`): a random 256-bit id for the browser's cookie, of
which the store keeps only the SHA-256 (``engine.store.sessions``) with its maximum age. Every
request finds its admin through it (:func:`session_admin`), so a session ends on the server — at
log-out (:func:`end_session`), when the password changes or the account is removed (every session
of the account), or when it reaches its age — whatever copies of the cookie exist. Nothing derived
from the password is in the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from ..store import AlreadyExists, Store
from ..store import admins as admin_repo
from ..store import sessions as session_repo

MIN_PASSWORD_LENGTH = 10
ROLES = admin_repo.ROLES


@cache
def dummy_hash() -> str:
    """A hash to check a password against when the account does not exist, so that costs the same.

    Made on first use, not on import: hashing takes about 80 ms, and most processes (``flask
    tick`` from cron, every other command) never check a password. ``flask serve`` makes it before
    it forks its workers, so no log-in in a server pays for it.
    """
    return generate_password_hash("not-a-real-password-only-for-timing")


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


def create_account(
    store: Store, email: str, password: str, role: str, now: datetime, name: str | None = None
) -> dict[str, Any]:
    """Create a leader or observer account; raises :class:`AccountError` with a clear reason."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    _check_password(password)
    try:
        return admin_repo.create_admin(store, email, generate_password_hash(password), role, now, name=name)
    except (ValueError, AlreadyExists) as exc:  # an invalid e-mail address, an existing account
        raise AccountError(str(exc)) from None


def authenticate(store: Store, email: str, password: str) -> dict[str, Any] | None:
    """The account if ``password`` is right for ``email``, else None (same cost either way)."""
    admin = admin_repo.find_admin_by_email(store, email or "")
    if admin is None:
        check_password_hash(dummy_hash(), password or "")
        return None
    return admin if check_password_hash(admin["password_hash"], password or "") else None


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")


def _account(store: Store, email: str) -> dict[str, Any]:
    admin = admin_repo.find_admin_by_email(store, email)
    if admin is None:
        raise AccountError(f"there is no account {email.strip().lower()}")
    return admin


def change_password(store: Store, email: str, password: str, now: datetime) -> dict[str, Any]:
    """Give the account ``email`` a new password; every session it has ends."""
    _check_password(password)
    admin = _account(store, email)
    return admin_repo.update_admin(store, admin["id"], now, password_hash=generate_password_hash(password))


def remove_account(store: Store, email: str) -> None:
    """Remove the account ``email`` and end every session it has."""
    admin_repo.remove_admin(store, _account(store, email)["id"])


def _session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def start_session(store: Store, admin: dict[str, Any], now: datetime, max_age: timedelta) -> str:
    """Open a session of ``admin`` for at most ``max_age``; returns the id for the cookie."""
    session_id = secrets.token_urlsafe(32)
    session_repo.add_session(store, _session_hash(session_id), admin["id"], now, now + max_age)
    return session_id


def session_admin(store: Store, session_id: Any, now: datetime) -> dict[str, Any] | None:
    """The admin whose live session ``session_id`` is (from a cookie: anything), or None."""
    if not isinstance(session_id, str) or not 16 <= len(session_id) <= 128:
        return None
    found = session_repo.find_session(store, _session_hash(session_id), now)
    return admin_repo.get_admin(store, found["admin"]) if found is not None else None


def end_session(store: Store, session_id: Any) -> None:
    """End the session ``session_id`` (log-out); nothing if there is none."""
    if isinstance(session_id, str) and session_id:
        session_repo.end_session(store, _session_hash(session_id))
