"""Template snapshots: every version of a form template that a programme ever used, kept forever.

An old delivery renders with the schema it was filled in with, even after ``forms/<id>.yaml``
moved on. Snapshots live in the programme file (table ``templates``) as ``{id: "<form>@<version>",
form, version, template}``; the first snapshot of a version wins and is never replaced.

- ``snapshot_template(store, pid, form_id, version, template) -> bool`` (True if stored now)
- ``get_template_snapshot(store, pid, form_id, version) -> dict | None``
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tinydb import Query

from .base import Store
from .records import thaw


def snapshot_template(store: Store, pid: str, form_id: str, version: int, template: Mapping[str, Any]) -> bool:
    """Keep ``template`` as version ``version`` of ``form_id`` unless that version is kept already."""
    key = f"{form_id}@{version}"
    path = store.programme_file(pid)
    if store.view(path).table("templates").contains(Query().id == key):
        return False  # the common case, answered without a lock or a write
    with store.transaction(path) as tx:
        table = tx.table(path, "templates")
        if table.contains(Query().id == key):
            return False
        table.insert({"id": key, "form": form_id, "version": version, "template": thaw(template)})
    return True


def get_template_snapshot(store: Store, pid: str, form_id: str, version: int) -> dict[str, Any] | None:
    """The template as it was in ``version``, or None if no delivery used it in this programme."""
    doc = store.view(store.programme_file(pid)).table("templates").get(Query().id == f"{form_id}@{version}")
    return None if doc is None else doc["template"]
