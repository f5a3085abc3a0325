"""What each leader has read: the newest version of each submitted document they have opened.

A reading is ``{id, admin, assignment, version, delivery, at}`` in the programme's
``readings.json`` (table ``readings``), one per admin and assignment. Opening a submission as a
logged-in admin records it (``mark_read``, only forward: reading version 1 after version 2 keeps
2); "mark as unread" forgets it. Personal link pages never write here: a GET by a team — or a mail
scanner following a link — changes nothing.

Readings are one leader's own bookkeeping, like a mail client's read flags: they change nothing a
team sees or the record says, so they are not events in the programme's log.

- ``mark_read(store, pid, admin, entries, now) -> int`` — ``(assignment, version, delivery id)`` each
- ``mark_unread(store, pid, admin, assignment) -> bool``
- ``read_versions(store, pid, admin) -> dict[assignment, version]``
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tinydb import Query

from .base import Store
from .records import iso, new_id


def mark_read(store: Store, pid: str, admin: str, entries: Iterable[tuple[str, int, str]], now: datetime) -> int:
    """Record that ``admin`` has read these versions (only ever forward); how many readings changed."""
    wanted = {}
    for assignment, version, delivery in entries:
        if version > wanted.get(assignment, (0, ""))[0]:
            wanted[assignment] = (version, delivery)
    if not wanted:
        return 0
    path = store.readings_file(pid)
    changed = 0
    with store.transaction(path) as tx:
        table = tx.table(path, "readings")
        known = {doc["assignment"]: doc for doc in table.search(Query().admin == admin)}
        for assignment, (version, delivery) in wanted.items():
            record = known.get(assignment)
            if record is not None and record["version"] >= version:
                continue
            fields = {"version": version, "delivery": delivery, "at": iso(now)}
            if record is None:
                table.insert({"id": new_id(), "admin": admin, "assignment": assignment, **fields})
            else:
                table.update(fields, doc_ids=[record.doc_id])
            changed += 1
    return changed


def mark_unread(store: Store, pid: str, admin: str, assignment: str) -> bool:
    """Forget that ``admin`` read ``assignment`` (it is waiting again); whether there was a reading."""
    path = store.readings_file(pid)
    with store.transaction(path) as tx:
        removed = tx.table(path, "readings").remove((Query().admin == admin) & (Query().assignment == assignment))
    return bool(removed)


def read_versions(store: Store, pid: str, admin: str) -> dict[str, int]:
    """The newest version of each assignment ``admin`` has read."""
    rows = store.peek(store.readings_file(pid)).get("readings", {}).values()
    return {row["assignment"]: int(row["version"]) for row in rows if row.get("admin") == admin}
