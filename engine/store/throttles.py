"""Counts of failed attempts (log-ins, link guesses), shared by every process of the instance.

``throttles.json`` holds one record per counted key: ``{key, failures: [ISO 8601 …], not_before}``.
Keys are hashed (``engine.access.throttle`` hashes ``account+address`` and ``address`` pairs), so
the file names no e-mail address or IP address. A record lists the failures of the last window
(oldest first, at most a bounded number) and the instant before which the key is refused; records
with neither are dropped whenever the file is written, so it stays as small as the current guessing.

Reads go through the store's cache (an unchanged file is not read again), so a log-in or a link
look-up that changes nothing costs no write; a change is one transaction under the file's lock,
which holds across processes — two server processes count the same attempts.

- ``read_counts(store, keys, now, window) -> dict[key, Count]``
- ``change_counts(store, keys, now, window, change) -> result`` — ``change(counts)`` runs under the lock
  and may mutate the counts it is given; they are written back if it did
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from .base import Store
from .records import iso, parse_iso

TABLE = "counts"
MAX_FAILURES_KEPT = 1000  # per key; more than any limit a throttle sets
T = TypeVar("T")


@dataclass
class Count:
    """The failures of one key in the current window, oldest first, and when it may try again."""

    failures: list[datetime] = field(default_factory=list)
    not_before: datetime | None = None

    def waiting(self, now: datetime) -> timedelta:
        """How long the key must still wait at ``now`` (zero if it may try)."""
        return max(self.not_before - now, timedelta(0)) if self.not_before is not None else timedelta(0)


def _count(doc: Any, now: datetime, window: timedelta) -> Count:
    if doc is None:
        return Count()
    failures = [moment for moment in map(parse_iso, doc.get("failures", ())) if moment > now - window]
    not_before = parse_iso(doc["not_before"]) if doc.get("not_before") else None
    return Count(failures, not_before if not_before is not None and not_before > now else None)


def read_counts(store: Store, keys: Iterable[str], now: datetime, window: timedelta) -> dict[str, Count]:
    """The counts of ``keys`` at ``now`` (failures older than ``window`` forgotten); no lock, no write."""
    stored = store.peek(store.throttles_file).get(TABLE, {})
    by_key = {doc["key"]: doc for doc in stored.values()}
    return {key: _count(by_key.get(key), now, window) for key in keys}


def change_counts(
    store: Store, keys: Iterable[str], now: datetime, window: timedelta, change: Callable[[dict[str, Count]], T]
) -> T:
    """Run ``change`` on the counts of ``keys`` under the file's lock and write back what it changed."""
    keys = list(keys)
    path = store.throttles_file
    with store.transaction(path) as tx:
        table = tx.table(path, TABLE)
        docs = {doc["key"]: doc for doc in table.all()}
        counts = {key: _count(docs.get(key), now, window) for key in keys}
        before = {key: _document(key, count) for key, count in counts.items()}
        result = change(counts)
        after = {key: _document(key, count) for key, count in counts.items()}
        stale = [doc.doc_id for doc in table.all() if not _count(doc, now, window).failures and not _live(doc, now)]
        if after != before or stale:
            table.remove(doc_ids=list({doc.doc_id for doc in table.all() if doc["key"] in counts} | set(stale)))
            table.insert_multiple(doc for doc in after.values() if doc["failures"] or doc["not_before"])
    return result


def _live(doc: Any, now: datetime) -> bool:
    return bool(doc.get("not_before")) and parse_iso(doc["not_before"]) > now


def _document(key: str, count: Count) -> dict[str, Any]:
    return {
        "key": key,
        "failures": [iso(moment) for moment in count.failures[-MAX_FAILURES_KEPT:]],
        "not_before": iso(count.not_before) if count.not_before is not None else None,
    }
