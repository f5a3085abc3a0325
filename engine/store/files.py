"""Attachments' bytes: one file per distinct content, in the team's folder, named by its hash.

``teams/<team>/files/<sha256>.<kind>`` — the SHA-256 of the bytes and the kind the content was
recognised as (``engine.schema.files``), so the same plan attached twice is kept once, a stored
file is never changed, and the name alone says how to serve it. A file is written before any
draft or delivery points to it (temp file, fsync, rename, like every write here); one nobody
points to is invisible. The answers of a submitted version carry the reference
(``{sha256, name, type, size}``), so every version keeps the files it was submitted with.
The folder is inside the data folder, so a backup of the data folder holds the files too.

- ``keep_file(store, pid, team, ref, data)`` — store the bytes of an accepted file (idempotent)
- ``stored_file(store, pid, team, ref) -> Path | None`` — the stored file a reference names, if its
  hash, kind and size match what is on disk
- ``find_file(store, pid, team, sha256, kind) -> Path | None`` — a stored file by hash and kind
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .base import Store, check_id
from .fsutil import fsync_dir
from .storage import make_folder


def _path(store: Store, pid: str, team: str, ref: Mapping[str, Any]) -> Path:
    return store.files_dir(pid, team) / f"{check_id(ref['sha256'], 'hash')}.{check_id(ref['type'], 'kind')}"


def keep_file(store: Store, pid: str, team: str, ref: Mapping[str, Any], data: bytes) -> Path:
    """Store ``data`` as the attachment ``ref`` of ``team`` (written once; a second call is free)."""
    if hashlib.sha256(data).hexdigest() != ref["sha256"] or len(data) != ref["size"]:
        raise ValueError("the bytes do not match the reference")
    path = _path(store, pid, team, ref)
    if path.exists():
        return path
    make_folder(path.parent, store.anchor(path))
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)  # the same content under the same name: a race is harmless
    finally:
        if temp.exists():
            temp.unlink()
    fsync_dir(path.parent)
    return path


def stored_file(store: Store, pid: str, team: str, ref: Mapping[str, Any]) -> Path | None:
    """The file of ``team`` that ``ref`` names, or None if there is none of that hash, kind and size."""
    try:
        path = _path(store, pid, team, ref)
        size = path.stat().st_size
    except (OSError, KeyError, TypeError, ValueError):
        return None
    return path if size == ref.get("size") else None


def find_file(store: Store, pid: str, team: str, sha256: str, kind: str) -> Path | None:
    """The stored file of ``team`` with this hash and kind, or None."""
    try:
        path = _path(store, pid, team, {"sha256": sha256, "type": kind})
    except (KeyError, ValueError):
        return None
    return path if path.is_file() else None


# The privacy holder contract (``engine.store.privacy``). An attached file is the team's document
# as it was sent (a PDF, a spreadsheet): Verksted cannot take a name out of it. Forgetting one
# person leaves the files (their names in a team's plan are the team's record, like the answers'
# text before an erasure replaced it); a purge deletes every attachment of the programme, and the
# answers that pointed to them keep only the file's name, kind and size.


def personal_data(store: Store, pid: str, person: object) -> dict:
    """Nothing by person: files are the team's, listed with the answers that carry them."""
    return {}


def erase_personal_data(store: Store, pid: str, erasure: Any) -> int:
    """On a purge, delete every attached file of programme ``pid``; how many were deleted."""
    if not getattr(erasure, "purge", False):
        return 0
    removed = 0
    teams = store.teams_dir(pid)
    for path in sorted(teams.glob("*/files/*")) if teams.is_dir() else []:
        path.unlink(missing_ok=True)
        removed += 1
    return removed
