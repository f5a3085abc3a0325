"""The store's gate: every write passes it shared; a backup or a migration closes it for a moment.

Each data file has its own lock (``locks``), which is enough for writers. A backup needs more: a
moment at which *no* write is half done anywhere in the store, so that a delivery is never caught
without the answers it points to and every save acknowledged before that moment is in the copy.
The gate is a readers–writer lock across threads and processes, built from two ``flock``-ed files
in the data folder:

- a writer (a transaction, a journal append, a programme moved away) takes ``.turnstile.lock``
  shared, then ``.gate.lock`` shared, and lets go of the turnstile at once: writers never wait
  for one another here;
- :meth:`Gate.closed` takes the turnstile exclusively — new writers now queue at it — and then the
  gate exclusively, which it gets as soon as the writes in flight have finished.

Linux ``flock`` does not queue an exclusive request ahead of new shared ones; the turnstile is
what keeps a stream of writers from starving a backup. Passing is re-entrant per thread (a
transaction's journal appends pass inside its passage), so a writer never waits for the gate
while holding it — that would deadlock against a closing gate. The gate is always taken before
any file lock, never after. Both files are opened per acquisition and closed on release, like the
file locks, so a forked child never inherits a hold.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TURNSTILE = ".turnstile.lock"
GATE = ".gate.lock"

_held = threading.local()  # per thread: {gate file: depth}


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


def _lock(path: Path, mode: int) -> int:
    fd = _open(path)
    try:
        fcntl.flock(fd, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


class Gate:
    """The gate of the store whose data folder is ``root``."""

    def __init__(self, root: Path) -> None:
        self.turnstile = Path(root) / TURNSTILE
        self.gate = Path(root) / GATE
        self._key = str(self.gate)

    def _depths(self) -> dict[str, int]:
        depths = getattr(_held, "depths", None)
        if depths is None:
            depths = _held.depths = {}
        return depths

    @contextmanager
    def passage(self) -> Iterator[None]:
        """Hold the gate shared for one write (re-entrant within a thread)."""
        depths = self._depths()
        if depths.get(self._key, 0):
            depths[self._key] += 1
            try:
                yield
            finally:
                depths[self._key] -= 1
            return
        turnstile = _lock(self.turnstile, fcntl.LOCK_SH)
        try:
            gate = _lock(self.gate, fcntl.LOCK_SH)
        finally:
            os.close(turnstile)
        depths[self._key] = 1
        try:
            yield
        finally:
            depths[self._key] = 0
            os.close(gate)

    @contextmanager
    def closed(self) -> Iterator[None]:
        """Hold the gate exclusively: no write anywhere in the store starts or is in flight meanwhile.

        Must not be called by a thread that is inside a passage (it would wait for itself).
        """
        if self._depths().get(self._key, 0):
            raise RuntimeError("closing the store's gate from inside a write")
        turnstile = _lock(self.turnstile, fcntl.LOCK_EX)
        try:
            gate = _lock(self.gate, fcntl.LOCK_EX)
            try:
                self._depths()[self._key] = 1  # this thread may write while the gate is closed
                try:
                    yield
                finally:
                    self._depths()[self._key] = 0
            finally:
                os.close(gate)
        finally:
            os.close(turnstile)
