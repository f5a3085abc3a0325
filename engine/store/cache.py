"""The process-wide cache of parsed data files, so an unchanged file is never read or parsed twice.

Entries are keyed by the file's absolute path and validated by a *version key* the caller
computes from ``os.stat`` (and the write generation, see ``locks``): a lookup with a different
key is a miss. The cache holds the parsed data and **owns** it: nobody mutates a cached value —
the storage layer copies data out to transactions and callers, and copies it in at commit.

The cache is bounded by the size of the files it holds (least recently used entries go first),
because a national installation's files do not all fit in a small server's memory; the size is
set once per process with :func:`configure` (``STORE_CACHE_MB`` in the app config).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass
class CacheStats:
    """Counters for tests and the benchmark: how often a file had to come from disk."""

    hits: int = 0
    misses: int = 0
    loads: int = 0  # files read and parsed


class FileCache:
    """An LRU map ``path → (key, data, nbytes)``, safe to use from many threads."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.stats = CacheStats()
        self._entries: OrderedDict[str, tuple[Any, Any, int]] = OrderedDict()
        self._bytes = 0
        self._guard = threading.Lock()

    def get(self, path: str, key: Any) -> Any | None:
        """The data cached for ``path`` if it was cached under ``key``, else None."""
        with self._guard:
            entry = self._entries.get(path)
            if entry is None or entry[0] != key:
                self.stats.misses += 1
                return None
            self._entries.move_to_end(path)
            self.stats.hits += 1
            return entry[1]

    def entry(self, path: str) -> tuple[Any, Any] | None:
        """The ``(key, data)`` cached for ``path`` whatever its key (journals extend their entry)."""
        with self._guard:
            entry = self._entries.get(path)
            return None if entry is None else (entry[0], entry[1])

    def put(self, path: str, key: Any, data: Any, nbytes: int) -> None:
        """Cache ``data`` (which the cache now owns) for ``path`` under ``key``."""
        with self._guard:
            old = self._entries.pop(path, None)
            if old is not None:
                self._bytes -= old[2]
            if nbytes > self.max_bytes:
                return
            self._entries[path] = (key, data, nbytes)
            self._bytes += nbytes
            self._evict()

    def resize(self, max_bytes: int) -> None:
        """Change the bound, evicting at once if it shrank."""
        with self._guard:
            self.max_bytes = max_bytes
            self._evict()

    def after_fork(self) -> None:
        """Start empty in a forked child: the parent's lock may have been held mid-update."""
        self._guard = threading.Lock()
        self._entries = OrderedDict()
        self._bytes = 0

    def _evict(self) -> None:
        while self._bytes > self.max_bytes and self._entries:
            _, (_, _, evicted) = self._entries.popitem(last=False)
            self._bytes -= evicted

    def count_load(self) -> None:
        """Record that a file was read and parsed from disk."""
        with self._guard:
            self.stats.loads += 1

    def invalidate(self, path: str) -> None:
        """Forget ``path`` (after a failed write: what is on disk is no longer known)."""
        with self._guard:
            old = self._entries.pop(path, None)
            if old is not None:
                self._bytes -= old[2]

    def invalidate_tree(self, folder: str) -> None:
        """Forget every file under ``folder`` (a programme moved away)."""
        prefix = folder.rstrip("/") + "/"
        with self._guard:
            for path in [p for p in self._entries if p.startswith(prefix)]:
                self._bytes -= self._entries.pop(path)[2]

    def invalidate_prefix(self, name: str) -> None:
        """Forget ``name`` and every entry derived from it (a journal and its projections, ``name#…``)."""
        with self._guard:
            for path in [p for p in self._entries if p == name or p.startswith(name + "#")]:
                self._bytes -= self._entries.pop(path)[2]

    def clear(self) -> None:
        """Forget everything and reset the counters (tests; the benchmark's cold start)."""
        with self._guard:
            self._entries.clear()
            self._bytes = 0
            self.stats = CacheStats()

    @property
    def size(self) -> int:
        """Bytes of file data held now."""
        return self._bytes


CACHE = FileCache()


def configure(max_bytes: int) -> None:
    """Set the process's cache size in bytes of file data."""
    CACHE.resize(max_bytes)


os.register_at_fork(after_in_child=CACHE.after_fork)
