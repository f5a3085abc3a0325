"""Small helpers every repository module uses: record ids, times as stored, content hashes.

Records carry their own string ``id`` (never TinyDB's per-process doc ids). Times are stored as
ISO 8601 strings with the caller's offset, at second precision; callers pass aware datetimes.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any


def new_id() -> str:
    """A fresh record id: 16 hex digits from the OS's random source, unique across processes."""
    return secrets.token_hex(8)


def iso(moment: datetime) -> str:
    """``moment`` as stored: ISO 8601 with its offset, to the second. Naive datetimes are refused."""
    if not isinstance(moment, datetime):
        raise TypeError(f"expected an aware datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware datetime (with a time zone)")
    return moment.isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    """A stored time back as an aware datetime."""
    return datetime.fromisoformat(text)


def iso_or_none(moment: datetime | None) -> str | None:
    """:func:`iso`, passing ``None`` through (an optional time such as ``revoked_at``)."""
    return None if moment is None else iso(moment)


def canonical_json(value: Any) -> bytes:
    """The one byte string a JSON value hashes as: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def content_hash(value: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``value``: equal answers, equal hash."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


_SCALARS = frozenset({str, int, float, bool, type(None)})


def thaw(value: Any) -> Any:
    """A deep copy of a JSON tree (dicts, lists, scalars): several times faster than ``copy.deepcopy``."""
    kind = type(value)
    if kind is dict:
        return {key: item if type(item) in _SCALARS else thaw(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [item if type(item) in _SCALARS else thaw(item) for item in value]
    if kind in _SCALARS:
        return value
    if isinstance(value, Mapping):  # a TinyDB Document, a MappingProxy …
        return {key: thaw(item) for key, item in value.items()}
    return value


def split_assignment(key: str) -> tuple[str, str, str, int]:
    """``<programme>/<team>/<deliverable>/<occurrence>`` → its four parts (occurrence as int)."""
    parts = key.split("/") if isinstance(key, str) else []
    if len(parts) != 4 or not all(parts) or not parts[3].isdigit():
        raise ValueError(f"invalid assignment key {key!r}: expected <programme>/<team>/<deliverable>/<occurrence>")
    return parts[0], parts[1], parts[2], int(parts[3])


def check_assignment(key: str, pid: str, team: str) -> tuple[str, int]:
    """``key`` belongs to programme ``pid`` and team ``team``; returns (deliverable, occurrence)."""
    programme, owner, deliverable, occurrence = split_assignment(key)
    if programme != pid or owner != team:
        raise ValueError(f"assignment {key!r} does not belong to team {team!r} of programme {pid!r}")
    return deliverable, occurrence
