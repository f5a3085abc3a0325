"""Transactions: a read-modify-write over one or several data files, under all their locks.

``with store.transaction(a, b) as tx:`` takes the lock of every file named — in one canonical
order (sorted paths), so two transactions over overlapping files can never deadlock — and gives a
fresh ``TinyDB`` per file over a private working copy. Fresh objects per transaction matter:
TinyDB caches the next document id and query results per ``Table``, and another process may have
inserted since. Nothing reaches disk inside the block. At a normal exit each *changed* file is
written once (so a change to several tables of one file costs one rewrite) and each journal gets
its records in one append, in the order the files were first changed or appended to. That order
is the commit protocol for multi-file changes: write first what is invisible until referenced, the
referencing record last, and the event saying it happened after that. An exception inside the
block writes nothing.

Transactions do not nest (a nested one could take locks out of order); journal appends are leaf
locks and may be made anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from .errors import io_failures
from .journal import Journal
from .storage import BufferingMiddleware, JSONFileStorage

_active = threading.local()


class Transaction:
    """Locks, working copies and buffered writes of one transaction; see the module docstring."""

    def __init__(self, files: Iterable[tuple[Path, Path]]) -> None:
        """``files``: pairs of (data file, anchor folder that must exist to create it)."""
        unique = {str(path): (Path(path), Path(anchor)) for path, anchor in files}
        self._files = [unique[name] for name in sorted(unique)]
        self._dbs: dict[str, TinyDB] = {}
        self._held: list[JSONFileStorage] = []
        self._order: list[str] = []
        self._journals: dict[str, tuple[Journal, list[Mapping[str, Any]]]] = {}

    def __enter__(self) -> Transaction:
        if getattr(_active, "transaction", None) is not None:
            raise RuntimeError("transactions do not nest: name every file in one transaction")
        _active.transaction = self
        try:
            with io_failures():  # a lock file that cannot be made: StoreUnavailable
                for path, anchor in self._files:
                    db = TinyDB(path, anchor, storage=BufferingMiddleware(JSONFileStorage))
                    middleware: BufferingMiddleware = db.storage  # type: ignore[assignment]
                    middleware.on_first_write = lambda name=str(path): self._order.append(name)
                    middleware.storage.lock.acquire()
                    self._held.append(middleware.storage)
                    self._dbs[str(path)] = db
        except BaseException:
            self._finish()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        try:
            if exc_type is None:
                self._commit()
        finally:
            self._finish()

    def db(self, path: Path) -> TinyDB:
        """The working copy of ``path``, which must be one of the files this transaction locked."""
        try:
            return self._dbs[str(path)]
        except KeyError:
            raise RuntimeError(f"{path} is not part of this transaction") from None

    def table(self, path: Path, name: str) -> Table:
        """A table of the working copy of ``path``."""
        return self.db(path).table(name)

    def append(self, journal: Journal, record: Mapping[str, Any]) -> None:
        """Append ``record`` to ``journal`` at commit (after the data files, unless added first)."""
        key = f"journal:{journal.path}"
        if key not in self._journals:
            self._journals[key] = (journal, [])
            self._order.append(key)
        self._journals[key][1].append(record)

    def _commit(self) -> None:
        with io_failures():  # a write the operating system refuses: StoreUnavailable, the old file intact
            for key in self._order:
                if key in self._journals:
                    journal, records = self._journals[key]
                    journal.append(records)
                else:
                    middleware: BufferingMiddleware = self._dbs[key].storage  # type: ignore[assignment]
                    middleware.flush()

    def _finish(self) -> None:
        while self._held:
            self._held.pop().lock.release()
        _active.transaction = None
