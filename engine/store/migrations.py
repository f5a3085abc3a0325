"""The steps that bring a store in an older data format up to date.

``data/format.json`` says which format the files under ``data/`` are in (``version``). When
Verksted starts (``init_app``) it calls :func:`ensure_current`:

- the current format: nothing to do (one small read);
- an older one: every step from there to :data:`FORMAT` runs in order, with the store's gate
  closed (no other process writes meanwhile; a second process starting at the same time waits and
  then finds the work done), and ``format.json`` is rewritten after each step. A step is
  idempotent, so one cut short by a crash simply runs again;
- a newer one (the data was written by a later Verksted): :class:`FormatTooNew`, and Verksted
  refuses to start rather than misread or damage the data.

A step takes the :class:`~engine.store.base.Store` and changes files through its transactions.
To change the format: add a function here, register it in :data:`STEPS` under the format it
upgrades *from*, raise ``version.FORMAT``, describe the change in HACKING.md, and add a fixture of
the old format to ``tests/fixtures/``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from tinydb import Query

from .base import Store
from .programmes import LIFECYCLE, list_programmes
from .version import FORMAT, FormatTooNew, read_format, write_format

log = logging.getLogger(__name__)


def ensure_current(store: Store) -> list[int]:
    """Bring the store to :data:`FORMAT`; returns the formats it was migrated from (often none).

    Raises :class:`FormatTooNew` for data of a newer Verksted, :class:`FormatUnreadable` for a
    damaged ``format.json``.
    """
    found = read_format(store.root)
    if found == FORMAT:
        return []
    if found is not None and found > FORMAT:
        raise FormatTooNew(store.root, found)
    with store.gate.closed():
        found = read_format(store.root)  # another process may have migrated while we waited
        if found is None:
            write_format(store.root, FORMAT)
            return []
        if found > FORMAT:
            raise FormatTooNew(store.root, found)
        done = []
        while found < FORMAT:
            log.info("migrating the data in %s from format %d to %d", store.root, found, found + 1)
            STEPS[found](store)
            write_format(store.root, found + 1)
            done.append(found)
            found += 1
        return done


def programme_lifecycle(store: Store) -> None:
    """1 → 2: programmes can be closed and purged; every programme and index entry says whether.

    Adds ``closed_at``, ``closed_by`` and ``purged_at`` (all None) to every programme document and
    ``closed_at``/``purged_at`` to every entry of the programme index, where missing.
    """
    index = store.installation_file
    for entry in list_programmes(store):
        path = store.programme_file(entry["id"])
        if not path.exists():
            continue
        with store.transaction(path) as tx:
            table = tx.table(path, "programme")
            for doc in table.all():
                missing = {field: None for field in LIFECYCLE if field not in doc}
                if missing:
                    table.update(missing, doc_ids=[doc.doc_id])
    if index.exists():
        with store.transaction(index) as tx:
            table = tx.table(index, "programmes")
            for doc in table.all():
                missing = {field: None for field in ("closed_at", "purged_at") if field not in doc}
                if missing:
                    table.update(missing, Query().id == doc["id"])


STEPS: dict[int, Callable[[Store], None]] = {1: programme_lifecycle}


__all__ = ["FORMAT", "STEPS", "FormatTooNew", "ensure_current", "read_format"]
