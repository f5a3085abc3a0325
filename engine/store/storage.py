"""Our TinyDB storage: one JSON file, written atomically, read through the process-wide cache.

TinyDB's own ``JSONStorage`` writes in place (a crash mid-write leaves a torn file), keeps one file
handle open (stale once another process renames a new file into place) and is shared by whoever
holds the ``TinyDB`` object. The layers here follow TinyDB's Storage/Middleware contract instead:

- :class:`JSONFileStorage` — ``read()`` returns the parsed file from :data:`cache.CACHE` when the
  file's version key (inode, size, mtime_ns, write generation) is unchanged, else reads and
  parses it once; ``write()`` writes a temp file in the same folder, fsyncs it, renames it over
  the old one and fsyncs the folder, then caches what it wrote. No handle outlives a call. A
  failed write forgets the cached entry, so the next read goes to disk. The data ``read()``
  returns is *shared*: use this storage only through one of the two middlewares below.
- :class:`BufferingMiddleware` — a transaction's private copy of one file: the first ``read()``
  deep-copies the shared data (TinyDB mutates documents in place when it updates), ``write()``
  only keeps the new state, and ``flush()`` at commit writes it once; the cache then keeps the
  written bytes parsed back, so it never shares an object with the transaction or its caller.
- :class:`ReadOnlyMiddleware` + :class:`SnapshotDB` — queries outside a transaction: no lock, no
  copy of the file, and every document handed out is a deep copy, so a caller cannot change the
  cache by changing what it got.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb import Storage, TinyDB
from tinydb.middlewares import Middleware
from tinydb.table import Document, Table

from .cache import CACHE, FileCache
from .errors import CorruptFile, NotFound, io_failures
from .fsutil import ensure_dir, fsync_dir
from .locks import FileLock, read_generation
from .records import thaw

Data = dict[str, dict[str, Any]]


def encode(data: Mapping[str, Any]) -> bytes:
    """The bytes a data file holds: compact JSON in UTF-8 (Norwegian stays readable on disk)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def write_all(fd: int, payload: bytes) -> None:
    """``os.write`` until every byte is out (a write may be short)."""
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def make_folder(directory: Path, anchor: Path) -> None:
    """:func:`fsutil.ensure_dir`, with a missing anchor reported as the store's ``NotFound`` (and a
    refusal of the operating system as ``StoreUnavailable``)."""
    try:
        with io_failures():
            ensure_dir(directory, anchor)
    except FileNotFoundError:
        raise NotFound(f"{anchor} does not exist") from None


class JSONFileStorage(Storage):
    """One JSON data file: atomic writes, cached reads, a lock that holds across processes.

    ``anchor`` is the folder that must exist for the file to be created (see ``fsutil``).
    """

    def __init__(self, path: Path | str, anchor: Path | str, cache: FileCache = CACHE) -> None:
        super().__init__()
        self.path = Path(path)
        self.anchor = Path(anchor)
        self.cache = cache
        self.lock = FileLock(self.path, prepare=self._make_folder)
        self._name = str(self.path)

    def version(self) -> tuple[int, int, int, int] | None:
        """The file's version key, or None if there is no file. Generation first: see ``locks``."""
        generation = self.lock.generation() if self.lock.held else read_generation(self.path)
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns, generation)

    def read(self) -> Data | None:
        """The parsed file (shared with the cache: never mutate it), or None if there is none.

        A file the operating system will not let us read raises ``StoreUnavailable``.
        """
        with io_failures():
            version = self.version()
            if version is None:
                return None
            data = self.cache.get(self._name, version)
            if data is not None:
                return data
            return self._load()

    def _load(self) -> Data | None:
        generation = self.lock.generation() if self.lock.held else read_generation(self.path)
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed below; fstat needs the handle
        except FileNotFoundError:
            return None
        with handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
        self.cache.count_load()
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise CorruptFile(self.path, str(exc)) from None
        if not isinstance(data, dict):
            raise CorruptFile(self.path, "the top level is not an object")
        self.cache.put(self._name, (st.st_ino, st.st_size, st.st_mtime_ns, generation), data, len(raw))
        return data

    def write(self, data: Data) -> None:
        """Replace the file with ``data`` atomically and durably, and cache what was written.

        Only while holding :attr:`lock`, so no other writer can interleave. The cache gets the
        written bytes parsed back — exactly what a reader in another process sees, sharing nothing
        with ``data`` (parsing is faster than a deep copy in Python).
        """
        if not self.lock.held:
            raise RuntimeError(f"writing {self.path} without holding its lock")
        payload = encode(data)
        # One temp name per file: only the lock holder writes it, and a crash's leftover is reused.
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        replaced = False
        try:
            fd = self._open_temp(tmp)
            try:
                write_all(fd, payload)
                os.fsync(fd)
                st = os.fstat(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
            replaced = True
            fsync_dir(self.path.parent)
        except BaseException:
            self.cache.invalidate(self._name)
            if replaced:
                self.lock.bump_generation()
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            raise
        generation = self.lock.bump_generation()
        self.cache.put(
            self._name, (st.st_ino, st.st_size, st.st_mtime_ns, generation), json.loads(payload), len(payload)
        )

    def _open_temp(self, tmp: Path) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
        try:
            return os.open(tmp, flags, 0o600)
        except FileNotFoundError:  # the folder is new (or gone: then NotFound)
            self._make_folder()
            return os.open(tmp, flags, 0o600)

    def _make_folder(self) -> None:
        make_folder(self.path.parent, self.anchor)


class BufferingMiddleware(Middleware):
    """A transaction's private working copy of one file, written back once by :meth:`flush`."""

    def __init__(self, storage_cls: Callable[..., JSONFileStorage]) -> None:
        super().__init__(storage_cls)
        self.storage: JSONFileStorage
        self.dirty = False
        self.on_first_write: Callable[[], None] | None = None
        self._working: Data | None = None

    def read(self) -> Data:
        """The working copy, made on first use as a deep copy of the file's shared data."""
        if self._working is None:
            self._working = thaw(self.storage.read() or {})
        return self._working

    def write(self, data: Data) -> None:
        """Keep ``data`` as the new working copy; nothing reaches disk before :meth:`flush`."""
        self._working = data
        if not self.dirty:
            self.dirty = True
            if self.on_first_write is not None:
                self.on_first_write()

    def flush(self) -> None:
        """Write the working copy to disk if it changed."""
        if self.dirty and self._working is not None:
            self.storage.write(self._working)
            self.dirty = False


class ReadOnlyMiddleware(Middleware):
    """Reads through to the shared, cached data; refuses to write (queries never modify)."""

    def write(self, data: Data) -> None:
        """Refuse: queries never modify."""
        raise TypeError("a snapshot is read-only: change data in a transaction")


class CopiedDocument(Document):
    """A document handed out by a snapshot: a deep copy, so the cached original stays untouched."""

    def __init__(self, value: Mapping[str, Any], doc_id: int) -> None:
        super().__init__(thaw(value), doc_id)


class SnapshotTable(Table):
    """A table of a snapshot: copies out documents and keeps no query cache of shared objects."""

    document_class = CopiedDocument

    def __init__(self, storage: Storage, name: str, cache_size: int = 0, persist_empty: bool = False) -> None:
        super().__init__(storage, name, cache_size=cache_size, persist_empty=persist_empty)

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        # TinyDB mutates the documents it read *before* it calls ``write``; refusing in the
        # middleware would come too late for the shared, cached data.
        raise TypeError("a snapshot is read-only: change data in a transaction")


class SnapshotDB(TinyDB):
    """A read-only TinyDB over one data file as it is now."""

    table_class = SnapshotTable
