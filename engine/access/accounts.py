"""Admin accounts: creating them with a hashed password, checking a log-in.

Passwords are hashed with Werkzeug (scrypt); the store never sees a password. A failed log-in
costs the same time whether or not the account exists, so the log-in form does not reveal who
has an account.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from ..store import AlreadyExists, Store
from ..store import admins as admin_repo

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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
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
