"""Backups: one consistent archive of an instance folder, taken while the server runs; and restoring it.

:func:`create_backup` closes the store's gate (``gate``) — no write is half done anywhere, every
save acknowledged before is on disk — and, while it is closed, only *hard-links* each file into a
staging folder and notes each journal's length. That takes a moment, not the time a copy of the
whole store would. The gate opens again and the archive is written from the staging folder at
leisure: a data file is only ever replaced by renaming a new one over it, never changed in place,
so a linked file keeps exactly the bytes it had; a journal only grows, so its first *n* bytes stay
what they were. (Where a link is impossible — the data on another file system — the file is
copied while the gate is closed instead.)

The archive is a gzipped tar whose first member is ``manifest.json``::

    {"kind": "verksted-backup", "backup_format": 1, "verksted": "0.1.0", "store_format": 2,
     "created_at": "…", "mailbox": false,
     "files": [{"path": "data/installation.json", "size": 1234, "sha256": "…"}, …]}

and whose other members are the files it lists, by their path in the instance folder: ``data/``,
``secret_key``, ``config.py`` and whatever else an installation keeps at the top of the folder;
the local mailbox (``mailbox/``) only when asked. Left out: lock files, temporary files, the
journals' checkpoints and the kept catalogue (caches), ``last-pass.json`` (a status line) and
hidden files.

Restoring an archive is ``restore``'s.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import secrets
import shutil
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from ..config import VERSION
from .base import Store
from .errors import StoreError
from .fsutil import fsync_dir
from .runcache import CATALOG_NAME
from .version import FORMAT, read_format

KIND = "verksted-backup"
BACKUP_FORMAT = 1
MANIFEST = "manifest.json"
MAILBOX = "mailbox"
# At the top of the instance folder: what is the running server's, not the installation's.
RUNTIME_FILES = frozenset({"scheduler.lock", "tick.lock", "last-pass.json", CATALOG_NAME})
CHUNK = 1024 * 1024


class BackupError(StoreError):
    """The backup could not be made or restored; the message says why in one sentence."""


@dataclass
class Backup:
    """What a backup holds (its manifest) and what making it cost."""

    manifest: dict[str, Any]
    gate_seconds: float = 0.0  # how long writers had to wait
    seconds: float = 0.0

    @property
    def files(self) -> list[dict[str, Any]]:
        """The manifest's file list: path, size, sha256."""
        return self.manifest["files"]

    @property
    def size(self) -> int:
        """Bytes of data in the archive (before compression)."""
        return sum(entry["size"] for entry in self.files)


@dataclass
class _Staged:
    path: str  # in the instance folder, POSIX
    source: Path  # the staged link or copy
    size: int  # bytes to take (a journal's length at the moment of the backup)
    inode: int  # of the file staged, to see whether it was replaced since
    linked: bool  # a hard link (shares later growth) rather than a copy


@dataclass
class _Listing:
    mtime: int  # the folder's, when it was listed
    listed: int  # when it was listed (wall clock, ns)
    files: list[tuple[str, int]]  # (name, inode)
    folders: list[str]


@dataclass
class _Staging:
    folder: Path
    files: dict[str, _Staged] = field(default_factory=dict)
    folders: dict[Path, _Listing] = field(default_factory=dict)


# -- making a backup ---------------------------------------------------------------------------------


def create_backup(
    store: Store, instance: Path, target: Path | IO[bytes], now: datetime, mailbox: bool = False
) -> Backup:
    """Write one consistent archive of ``instance`` (whose store is ``store``) to ``target``.

    ``target`` is a path (written to a temporary name beside it, then renamed) or a binary stream.
    ``now`` is recorded as the backup's time. ``mailbox`` includes the local mailbox.
    """
    started = time.monotonic()
    instance = Path(instance).absolute()
    staging = _Staging(instance / f".backup-{secrets.token_hex(6)}")
    staging.folder.mkdir(mode=0o700)
    try:
        _stage(instance, staging, mailbox)  # everything, while saves go on …
        gate_started = time.monotonic()
        with store.gate.closed():
            _stage(instance, staging, mailbox)  # … then what changed meanwhile, with writers held back
            store_format = read_format(store.root) or FORMAT
        gate_seconds = time.monotonic() - gate_started
        manifest = {
            "kind": KIND,
            "backup_format": BACKUP_FORMAT,
            "verksted": VERSION,
            "store_format": store_format,
            "created_at": now.isoformat(),
            "mailbox": mailbox,
            "files": [
                {"path": item.path, "size": item.size, "sha256": _digest(item.source, item.size)}
                for item in sorted(staging.files.values(), key=lambda item: item.path)
            ],
        }
        if isinstance(target, Path | str):
            _write_file(Path(target), manifest, staging)
        else:
            _write_archive(target, manifest, staging)
    finally:
        shutil.rmtree(staging.folder, ignore_errors=True)
    return Backup(manifest, gate_seconds, time.monotonic() - started)


def backup_name(now: datetime) -> str:
    """A file name for a backup made at ``now``: ``verksted-20260301T020000.tar.gz``."""
    return f"verksted-{now:%Y%m%dT%H%M%S}.tar.gz"


def _included(relative: PurePosixPath, mailbox: bool) -> bool:
    name = relative.name
    if name.startswith(".") or name.endswith((".lock", ".tmp")):
        return False
    top = relative.parts[0]
    if top.startswith("."):
        return False
    if len(relative.parts) == 1:
        return name not in RUNTIME_FILES
    return top != MAILBOX or mailbox


def _stage(instance: Path, staging: _Staging, mailbox: bool) -> None:
    """Link (or copy) into the staging folder every file to back up that is not staged as it is now.

    Run twice: first while writers go on, then with the gate closed, when it only re-links the files
    replaced since (a data file is replaced by a rename: a new inode), re-measures the files that grow
    in place (journals) and forgets the files removed meanwhile. A folder whose modification time has
    not moved since it was listed (and had not for a second before, so a change within the file
    system's clock tick cannot hide) holds the same files: it is not listed again. So writers wait for
    a look at each folder and a few links, not for tens of thousands of them.
    """
    seen = set()
    folders = [(instance, PurePosixPath())]
    while folders:
        here, relative_dir = folders.pop()
        listing = _listing(here, staging)
        folders += [
            (here / name, relative_dir / name)
            for name in listing.folders
            if not name.startswith(".") and (mailbox or here != instance or name != MAILBOX)
        ]
        for name, inode in listing.files:
            relative = relative_dir / name
            if not _included(relative, mailbox):
                continue
            key = str(relative)
            seen.add(key)
            staged = staging.files.get(key)
            if staged is not None and staged.linked and staged.inode == inode:
                if name.endswith(".jsonl") or relative.parts[0] != "data":  # may grow in place
                    staged.size = os.stat(here / name).st_size
                continue
            staging.files[key] = _link(here / name, staging.folder / relative, key)
    for key in set(staging.files) - seen:  # removed meanwhile (a purge, a programme deleted)
        staging.files.pop(key).source.unlink(missing_ok=True)


SETTLED_NS = 1_000_000_000  # a folder unchanged this long before it was listed can be trusted to say so


def _listing(folder: Path, staging: _Staging) -> _Listing:
    """The files (name, inode) and sub-folders of ``folder``: as listed before if it has not changed since."""
    mtime = os.stat(folder).st_mtime_ns
    known = staging.folders.get(folder)
    if known is not None and known.mtime == mtime and known.mtime < known.listed - SETTLED_NS:
        return known
    listed = time.time_ns()
    with os.scandir(folder) as entries:
        found = list(entries)
    listing = _Listing(
        mtime,
        listed,
        sorted((e.name, e.inode()) for e in found if e.is_file(follow_symlinks=False)),
        sorted(e.name for e in found if e.is_dir(follow_symlinks=False)),
    )
    staging.folders[folder] = listing
    return listing


def _link(source: Path, staged: Path, key: str) -> _Staged:
    staged.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    staged.unlink(missing_ok=True)
    try:
        os.link(source, staged)
        linked = True
    except OSError:  # another file system: a copy, made again with the gate closed
        shutil.copyfile(source, staged)
        linked = False
    st = os.stat(staged)
    return _Staged(key, staged, st.st_size, st.st_ino, linked)


def _digest(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with _bounded(path, size) as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def _bounded(path: Path, size: int) -> Iterator[IO[bytes]]:
    """The first ``size`` bytes of ``path`` as a stream (a journal may have grown since)."""
    with path.open("rb") as handle:
        yield _Limited(handle, size)


class _Limited(io.RawIOBase):
    """A read-only view of the first ``size`` bytes of an open file."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self.handle, self.left = handle, size

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.handle.read(n)
        self.left -= len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _write_file(target: Path, manifest: dict[str, Any], staging: _Staging) -> None:
    target = target.absolute()
    if target.is_dir():
        raise BackupError(f"{target} is a folder; name the archive's file (e.g. {target}/verksted.tar.gz)")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            _write_archive(handle, manifest, staging)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _write_archive(stream: IO[bytes], manifest: dict[str, Any], staging: _Staging) -> None:
    stamp = int(time.time())
    with tarfile.open(fileobj=stream, mode="w:gz", compresslevel=6) as archive:
        raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        archive.addfile(_member(MANIFEST, len(raw), stamp), io.BytesIO(raw))
        for item in sorted(staging.files.values(), key=lambda item: item.path):
            with _bounded(item.source, item.size) as source:
                archive.addfile(_member(item.path, item.size, stamp), source)


def _member(name: str, size: int, stamp: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime, info.type = size, 0o600, stamp, tarfile.REGTYPE
    return info
