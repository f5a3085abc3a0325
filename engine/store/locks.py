"""One lock per data file, holding across threads *and* processes, and the file's write generation.

A data file ``x.json`` has a sidecar ``x.json.lock``. A writer takes, in this order, the
process-wide ``threading.Lock`` of the path (threads queue on it without touching the OS) and then
``fcntl.flock(LOCK_EX)`` on the sidecar (other processes queue there). ``flock`` belongs to an
open file description, so the sidecar is opened for each acquisition and closed on release: a
forked child never inherits a lock its parent holds, and no handle outlives a transaction.

The sidecar also holds the file's *write generation*: an 8-byte counter the writer bumps after
each rename while it still holds the lock. Readers put it in the cache key next to the stat
fields: an atomic rename frees the old inode, ext4 hands it to the next temp file, and mtime ticks
coarsely, so (inode, size, mtime) alone can repeat when another process writes twice in a few
milliseconds. With the counter, an unchanged key means an unchanged file.
"""

from __future__ import annotations

import fcntl
import os
import struct
import threading
from collections.abc import Callable
from pathlib import Path

_COUNTER = struct.Struct("<Q")

_registry_guard = threading.Lock()
_thread_locks: dict[str, threading.Lock] = {}


def _reset_after_fork() -> None:
    # Locks held by threads of the parent would never be released in the child.
    global _registry_guard, _thread_locks
    _registry_guard = threading.Lock()
    _thread_locks = {}


os.register_at_fork(after_in_child=_reset_after_fork)


def thread_lock(path: str) -> threading.Lock:
    """The process-wide ``threading.Lock`` of ``path`` (one object per path, made on first use)."""
    with _registry_guard:
        lock = _thread_locks.get(path)
        if lock is None:
            lock = _thread_locks[path] = threading.Lock()
        return lock


def sidecar(path: Path | str) -> str:
    """The lock file that guards the data file ``path``."""
    return f"{path}.lock"


def read_generation(path: Path | str) -> int:
    """The write generation of data file ``path`` (0 if it was never written through a lock)."""
    try:
        fd = os.open(sidecar(path), os.O_RDONLY)
    except FileNotFoundError:
        return 0
    try:
        raw = os.pread(fd, _COUNTER.size, 0)
    finally:
        os.close(fd)
    return _COUNTER.unpack(raw)[0] if len(raw) == _COUNTER.size else 0


class FileLock:
    """The exclusive lock of one data file; not re-entrant (a second acquire in a thread would wait forever).

    ``prepare`` is called before the sidecar is created the first time, to make its folder
    (the storage passes its anchored ``ensure_dir``).
    """

    def __init__(self, path: Path | str, prepare: Callable[[], None] | None = None) -> None:
        self.path = str(path)
        self._prepare = prepare
        self._fd: int | None = None
        self._generation: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None

    def acquire(self) -> None:
        """Wait for the lock of this file in this process, then across processes."""
        local = thread_lock(self.path)
        local.acquire()
        try:
            fd = self._open_sidecar()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
        except BaseException:
            local.release()
            raise
        self._fd = fd

    def release(self) -> None:
        """Give the lock up (closing the sidecar drops the ``flock``)."""
        fd, self._fd, self._generation = self._fd, None, None
        if fd is None:
            raise RuntimeError(f"lock of {self.path} is not held")
        try:
            os.close(fd)
        finally:
            thread_lock(self.path).release()

    def generation(self) -> int:
        """The file's write generation, read through the held sidecar (no extra open)."""
        if self._fd is None:
            raise RuntimeError(f"lock of {self.path} is not held")
        if self._generation is None:
            raw = os.pread(self._fd, _COUNTER.size, 0)
            self._generation = _COUNTER.unpack(raw)[0] if len(raw) == _COUNTER.size else 0
        return self._generation

    def bump_generation(self) -> int:
        """Count one more write of the file; only while holding the lock."""
        generation = self.generation() + 1
        os.pwrite(self._fd, _COUNTER.pack(generation), 0)  # type: ignore[arg-type]  # held: checked above
        self._generation = generation
        return generation

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def _open_sidecar(self) -> int:
        flags = os.O_RDWR | os.O_CREAT
        try:
            return os.open(sidecar(self.path), flags, 0o600)
        except FileNotFoundError:
            if self._prepare is None:
                raise
            self._prepare()
            return os.open(sidecar(self.path), flags, 0o600)
