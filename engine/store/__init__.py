"""Persistence: TinyDB on our own storage layer, behind small repository functions.

The layers, bottom up (each module's docstring says why it is built the way it is):

- ``locks``, ``cache``, ``storage``, ``journal``, ``transaction`` — the storage layer: one lock per
  file across threads and processes, atomic durable writes, a process-wide cache of parsed files
  validated by ``os.stat``, append-only JSON Lines for logs, and multi-file transactions;
- ``base.Store`` — the data folder's layout and the ways in;
- repository modules, functions taking the ``Store`` first and returning plain JSON-able dicts
  (record shapes: HACKING.md "Domain records"): ``admins``, ``programmes``, ``drafts``,
  ``deliveries``, ``templates``, ``events``, ``outbox``, ``tokens``, ``evaluations``, ``readings``.

Every mutation that matters logs its event itself. Times go in as aware datetimes and are stored
as ISO 8601 strings with offset. Errors a caller can cause are ``errors.StoreError`` subclasses.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from . import cache
from .base import LEADER_OWNER, Store, check_id
from .errors import AlreadyExists, CorruptFile, InvalidId, NotFound, StaleRevision, StoreError, StoreUnavailable

__all__ = [
    "LEADER_OWNER",
    "AlreadyExists",
    "CorruptFile",
    "InvalidId",
    "NotFound",
    "StaleRevision",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "check_id",
    "get_store",
    "init_app",
]

EXTENSION = "verksted.store"


def init_app(app: Flask) -> None:
    """Open the store at ``<instance>/data`` and size the file cache (``STORE_CACHE_MB``, default 64)."""
    cache.configure(int(app.config.get("STORE_CACHE_MB", cache.DEFAULT_MAX_BYTES // 2**20)) * 2**20)
    app.extensions[EXTENSION] = Store(Path(app.instance_path) / "data")


def get_store() -> Store:
    """The store of the current app (inside a request, CLI command or app context)."""
    return current_app.extensions[EXTENSION]
