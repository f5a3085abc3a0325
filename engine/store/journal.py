"""Append-only JSON Lines files: the event log and the record of sent mail.

TinyDB's storage contract is read-everything/write-everything, which cannot express "append":
every event would rewrite the whole log, and the log only grows. A JSON Lines file opened with
``O_APPEND`` costs one short write and one fsync per append whatever its size, and a line once
written is never touched again — exactly the guarantee an audit log wants.

Appends take the path's thread lock and ``flock`` the journal itself (it is never replaced, so
it needs no sidecar), so two writers never interleave bytes. A journal lock is a *leaf*: it is
held only for the append and never while taking another lock, so appending inside a transaction
cannot deadlock. Readers take no lock. A line torn by a crash is never parsed as a record:
readers only consume complete lines, and the next append first ends the torn line, which readers
then skip with a warning. Reads are cached like data files, and a grown file is read only from
where the cached copy ends.

A *projection* (say, the ids and keys of sent mail) is cached on its own and also kept on disk as
a checkpoint beside the journal (``.<name>.<projection>.json``: inode, byte offset, values). A
prefix of an append-only file never changes, so a checkpoint stays true for the bytes it covers:
a fresh process — ``flask tick`` from cron — parses only what was appended after it. Checkpoints
are a cache: written without fsync by whichever reader parsed a long tail, ignored when unreadable.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .cache import CACHE, FileCache
from .errors import io_failures
from .fsutil import fsync_dir
from .locks import thread_lock
from .storage import make_folder, write_all

log = logging.getLogger(__name__)

Projection = Callable[[list[dict[str, Any]]], tuple[Any, ...]]
PROJECTED_BYTES = 160  # what the cache charges per projected value: a small tuple of short strings
CHECKPOINT_AFTER = 128 * 1024  # bytes parsed past the last checkpoint before a reader writes a new one


class Journal:
    """One append-only JSON Lines file; ``anchor`` is the folder that must exist to create it."""

    def __init__(self, path: Path | str, anchor: Path | str, cache: FileCache = CACHE) -> None:
        self.path = Path(path)
        self.anchor = Path(anchor)
        self.cache = cache
        self._name = str(self.path)

    def append(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Add ``records`` at the end, durably, as one write."""
        payload = b"".join(
            json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode() + b"\n"
            for record in records
        )
        if not payload:
            return
        with thread_lock(self._name), io_failures():
            fd, created = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # closing the file releases it
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    payload = b"\n" + payload  # end a line torn by a crash; readers skip it
                write_all(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                fsync_dir(self.path.parent)

    def read(self, projection: Projection | None = None) -> tuple[Any, ...]:
        """Every complete record in file order (shared with the cache: never mutate them).

        With ``projection`` (a module-level function from a list of records to a tuple of values),
        its values instead, cached on their own: a caller that needs two fields of a large log —
        the outbox needs the ids and keys of sent mail — keeps those in memory, not every record.
        """
        try:
            with io_failures():
                st = os.stat(self.path)
        except FileNotFoundError:
            return ()
        name = self._name if projection is None else f"{self._name}#{projection.__module__}.{projection.__qualname__}"
        cached = self.cache.get(name, (st.st_ino, st.st_size))
        if cached is not None:
            return cached[1]
        entry = self.cache.entry(name)
        if entry is not None:
            (inode, _), known = entry
            if inode == st.st_ino and known[0] <= st.st_size:
                return self._load(name, projection, *known)  # grown: read only the new lines
        return self._load(name, projection, 0, (), 0)

    def _load(
        self, name: str, projection: Projection | None, offset: int, known: tuple[Any, ...], weight: int
    ) -> tuple[Any, ...]:
        """Parse the file from ``offset`` on and cache ``(end, values, weight)``; weight ≈ bytes held."""
        try:
            with io_failures():
                fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return ()
        try:
            st = os.fstat(fd)
            if st.st_size < offset:  # replaced by a shorter file: start over
                offset, known, weight = 0, (), 0
            if offset == 0 and projection is not None:
                offset, known = self._read_checkpoint(projection, st.st_ino, st.st_size)
                weight = PROJECTED_BYTES * len(known)
            checkpointed = offset
            chunk = os.pread(fd, st.st_size - offset, offset)
        finally:
            os.close(fd)
        self.cache.count_load()
        end = chunk.rfind(b"\n") + 1  # only complete lines; a torn tail waits
        records = self._parse(chunk[:end], offset)
        if projection is None:
            added, weight = tuple(records), weight + end
        else:
            added = projection(records)
            weight += PROJECTED_BYTES * len(added)
        values = known + added
        self.cache.put(name, (st.st_ino, st.st_size), (offset + end, values, weight), weight)
        if projection is not None and offset + end - checkpointed >= CHECKPOINT_AFTER:
            self._write_checkpoint(projection, st.st_ino, offset + end, values)
        return values

    def _checkpoint_file(self, projection: Projection) -> Path:
        return self.path.with_name(f".{self.path.name}.{projection.__name__}.json")

    def _read_checkpoint(self, projection: Projection, inode: int, size: int) -> tuple[int, tuple[Any, ...]]:
        """``(offset, values)`` of this journal's checkpoint for ``projection``, or ``(0, ())``."""
        try:
            data = json.loads(self._checkpoint_file(projection).read_bytes())
            offset, values = int(data["offset"]), data["values"]
            if data["inode"] != inode or not 0 <= offset <= size or not isinstance(values, list):
                return 0, ()
        except (OSError, ValueError, KeyError, TypeError):
            return 0, ()
        return offset, tuple(tuple(value) if isinstance(value, list) else value for value in values)

    def _write_checkpoint(self, projection: Projection, inode: int, offset: int, values: tuple[Any, ...]) -> None:
        target = self._checkpoint_file(projection)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        payload = {"inode": inode, "offset": offset, "values": values}
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
            try:
                write_all(fd, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())
            finally:
                os.close(fd)
            os.replace(tmp, target)
        except OSError as exc:  # a cache: the next reader parses the log instead
            log.warning("%s: could not write a checkpoint (%s)", self.path, exc)
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _parse(self, chunk: bytes, offset: int) -> list[dict[str, Any]]:
        lines = [line for line in chunk.split(b"\n") if line.strip()]
        try:  # one C-level parse of the whole chunk; a torn line sends us line by line
            parsed = json.loads(b"[" + b",".join(lines) + b"]")
        except ValueError:
            parsed = []
            for line in lines:
                try:
                    parsed.append(json.loads(line))
                except ValueError:
                    log.warning("%s: skipping a torn line after byte %d", self.path, offset)
        return [record for record in parsed if isinstance(record, dict)]

    def _open(self) -> tuple[int, bool]:
        flags = os.O_RDWR | os.O_APPEND | os.O_CLOEXEC  # read: to see whether the last line is complete
        try:
            return os.open(self.path, flags), False
        except FileNotFoundError:
            pass
        self._make_folder()
        try:
            return os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o600), True
        except FileExistsError:
            return os.open(self.path, flags), False

    def _make_folder(self) -> None:
        make_folder(self.path.parent, self.anchor)
