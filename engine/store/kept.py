"""What the learning loop's three record files share: add a record once per nonce, with its event.

Feedback, messages and follow-up notes are written from forms a person may send twice (a double
click, a reload of the POST). Each form carries a nonce made when it was shown; a record is
stored with it, and a second add with the same nonce returns the first record instead of storing
another. The event that says it happened is appended in the same transaction, after the record.

- ``add_once(store, pid, path, table, record, event) -> (record, created)``
- ``all_records(store, path, table) -> list[dict]`` (copies, in the order they were added)
- ``rewrite_records(store, path, table, change) -> int`` — how the holders of personal data
  (``privacy``) among these files and their kin replace people in them
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb import Query

from .base import Store
from .records import thaw


def add_once(
    store: Store, pid: str, path: Path, table_name: str, record: Mapping[str, Any], event: Mapping[str, Any]
) -> tuple[dict[str, Any], bool]:
    """Insert ``record`` into ``table_name`` of ``path`` unless one with its ``nonce`` is there.

    Returns the stored record and whether it is new; ``event`` is logged only for a new one.
    """
    nonce = record.get("nonce")
    with store.transaction(path) as tx:
        table = tx.table(path, table_name)
        if nonce is not None:
            earlier = table.get(Query().nonce == nonce)
            if earlier is not None:
                return dict(earlier), False
        stored = thaw(record)
        table.insert(stored)
        tx.append(store.event_log(pid), event)
    return stored, True


def all_records(store: Store, path: Path, table_name: str) -> list[dict[str, Any]]:
    """Every record of ``table_name`` in ``path``, as copies, in the order they were added."""
    return store.view(path).table(table_name).all()


def rewrite_records(
    store: Store, path: Path, table_name: str, change: Callable[[dict[str, Any]], Mapping[str, Any]]
) -> int:
    """Give every record of ``table_name`` in ``path`` the fields ``change`` returns for it (a copy of
    it, changed); how many records changed. A file that is not there is not created."""
    if not path.exists():
        return 0
    changed = 0
    with store.transaction(path) as tx:
        table = tx.table(path, table_name)
        for doc in table.all():
            update = {key: value for key, value in change(thaw(dict(doc))).items() if doc.get(key) != value}
            if update:
                table.update(update, doc_ids=[doc.doc_id])
                changed += 1
    return changed
