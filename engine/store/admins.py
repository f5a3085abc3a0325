"""Admin accounts: project leaders and observers, in ``installation.json`` (table ``admins``).

An admin is ``{id, email, name, password_hash, role, language?, created_at, updated_at}``; ``email``
is kept lower-case and is unique; ``role`` is ``leader`` or ``observer``; ``language`` is the
interface language they chose last (``nb``, ``en`` …, absent until they choose); ``password_hash``
is whatever Werkzeug produced — the store never sees a password.

- ``create_admin(store, email, password_hash, role, now, name=None) -> dict``
- ``get_admin(store, admin_id) -> dict | None``
- ``find_admin_by_email(store, email) -> dict | None``
- ``list_admins(store) -> list[dict]`` (by e-mail)
- ``update_admin(store, admin_id, now, **changes) -> dict`` (``email``, ``name``, ``password_hash``, ``role``,
  ``language``); a new ``password_hash`` ends every session of the admin in the same transaction
- ``remove_admin(store, admin_id) -> bool`` (and every session of the admin)
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tinydb import Query

from .base import Store
from .errors import AlreadyExists, NotFound
from .records import iso, new_id
from .sessions import TABLE as SESSIONS
from .sessions import end_admin_sessions

ROLES = ("leader", "observer")
EDITABLE = ("email", "name", "password_hash", "role", "language")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def _email(value: str) -> str:
    email = value.strip().lower() if isinstance(value, str) else ""
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise ValueError(f"invalid e-mail address {value!r}")
    return email


def _role(value: str) -> str:
    if value not in ROLES:
        raise ValueError(f"invalid role {value!r}: expected one of {', '.join(ROLES)}")
    return value


def create_admin(
    store: Store, email: str, password_hash: str, role: str, now: datetime, name: str | None = None
) -> dict[str, Any]:
    """Add an admin; ``AlreadyExists`` if the e-mail address has an account."""
    admin = {
        "id": new_id(),
        "email": _email(email),
        "name": name,
        "password_hash": password_hash,
        "role": _role(role),
        "created_at": iso(now),
        "updated_at": iso(now),
    }
    path = store.installation_file
    with store.transaction(path) as tx:
        table = tx.table(path, "admins")
        if table.contains(Query().email == admin["email"]):
            raise AlreadyExists(f"an admin with e-mail {admin['email']} exists already")
        table.insert(admin)
    return admin


def get_admin(store: Store, admin_id: str) -> dict[str, Any] | None:
    """The admin with id ``admin_id``, or None."""
    return store.view(store.installation_file).table("admins").get(Query().id == admin_id)


def find_admin_by_email(store: Store, email: str) -> dict[str, Any] | None:
    """The admin with this e-mail address (any case), or None."""
    if not isinstance(email, str):
        return None
    return store.view(store.installation_file).table("admins").get(Query().email == email.strip().lower())


def list_admins(store: Store) -> list[dict[str, Any]]:
    """Every admin, sorted by e-mail address."""
    return sorted(store.view(store.installation_file).table("admins").all(), key=lambda doc: doc["email"])


def update_admin(store: Store, admin_id: str, now: datetime, **changes: Any) -> dict[str, Any]:
    """Change some of ``email``, ``name``, ``password_hash``, ``role``; returns the admin as stored."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))} of an admin")
    if "email" in changes:
        changes["email"] = _email(changes["email"])
    if "role" in changes:
        _role(changes["role"])
    if "language" in changes and not _LANGUAGE.fullmatch(str(changes["language"])):
        raise ValueError(f"invalid language {changes['language']!r}: expected a code such as nb")
    path = store.installation_file
    with store.transaction(path, store.sessions_file) as tx:
        table = tx.table(path, "admins")
        current = table.get(Query().id == admin_id)
        if current is None:
            raise NotFound(f"no admin {admin_id}")
        if "password_hash" in changes and changes["password_hash"] != current["password_hash"]:
            end_admin_sessions(tx.table(store.sessions_file, SESSIONS), admin_id)  # a leaked session ends too
        if (
            "email" in changes
            and changes["email"] != current["email"]
            and table.contains(Query().email == changes["email"])
        ):
            raise AlreadyExists(f"an admin with e-mail {changes['email']} exists already")
        table.update({**changes, "updated_at": iso(now)}, doc_ids=[current.doc_id])
        return {**current, **changes, "updated_at": iso(now)}


def remove_admin(store: Store, admin_id: str) -> bool:
    """Remove the admin and every session of theirs; whether there was one."""
    path = store.installation_file
    with store.transaction(path, store.sessions_file) as tx:
        removed = tx.table(path, "admins").remove(Query().id == admin_id)
        end_admin_sessions(tx.table(store.sessions_file, SESSIONS), admin_id)
    return bool(removed)
