"""Restoring a backup (``backup``) into an instance folder, every file checked before any is put in place.

:func:`restore_backup` refuses an instance folder that holds data unless ``force``, refuses while
a Verksted server runs on it, reads the manifest, extracts every file to a staging folder inside
the instance folder checking its size and SHA-256, and only when *every* file is verified moves
them into place. A damaged or incomplete archive leaves the folder as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from .backup import BACKUP_FORMAT, CHUNK, KIND, MANIFEST, RUNTIME_FILES, BackupError
from .fsutil import fsync_dir
from .version import FORMAT

# What may be in an instance folder that counts as empty: what starting any command creates.
CREATED_ON_START = frozenset({"secret_key", "data", *RUNTIME_FILES})


def holds_data(instance: Path) -> bool:
    """Whether ``instance`` holds anything a restore would destroy (more than a fresh start creates)."""
    instance = Path(instance)
    if not instance.is_dir():
        return False
    for entry in instance.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.name not in CREATED_ON_START:
            return True
        if entry.name == "data" and any(
            not name.startswith(".") and not name.endswith(".lock") and name != "format.json"
            for name in os.listdir(entry)
        ):
            return True
    return False


def restore_backup(archive: Path, instance: Path, force: bool = False) -> dict[str, Any]:
    """Bring the backup ``archive`` back into ``instance``; returns its manifest.

    Refuses (:class:`BackupError`) an instance folder holding data unless ``force`` (then what is
    there is replaced), a folder a running Verksted server uses, an archive of a newer Verksted's
    data format, and any archive whose files do not all match the manifest — before changing anything.
    """
    archive, instance = Path(archive).absolute(), Path(instance).absolute()
    if not archive.is_file():
        raise BackupError(f"there is no backup file {archive}")
    if holds_data(instance) and not force:
        raise BackupError(f"{instance} already holds an installation; restore into an empty folder, or use --force")
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _server_stopped(instance):
        staging = instance / f".restore-{secrets.token_hex(6)}"
        staging.mkdir(mode=0o700)
        try:
            manifest = _extract_verified(archive, staging)
            if force:
                _clear(instance, keep={staging.name})
            _move_into_place(staging, instance)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


@contextlib.contextmanager
def _server_stopped(instance: Path) -> Iterator[None]:
    """Hold the scheduler's runner lock and the pass lock: no server or pass runs during a restore."""
    fds = []
    try:
        for name in ("scheduler.lock", "tick.lock"):
            fd = os.open(instance / name, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fds.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BackupError(f"a Verksted server or pass is running on {instance}; stop it first") from None
        yield
    finally:
        for fd in fds:
            os.close(fd)  # closing drops the lock


def _extract_verified(archive: Path, staging: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(f"{archive} is not a Verksted backup (it does not start with {MANIFEST})")
            manifest = _read_manifest(tar, first, archive)
            expected = {entry["path"]: entry for entry in manifest["files"]}
            seen: set[str] = set()
            while (member := tar.next()) is not None:
                name = _safe_name(member, archive)
                entry = expected.get(name)
                if entry is None or name in seen:
                    raise BackupError(f"{archive}: {name} is not in the manifest (or twice in the archive)")
                _extract_one(tar, member, staging / name, entry, archive)
                seen.add(name)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{archive} cannot be read as a backup: {exc}") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{archive} is incomplete: {len(missing)} file(s) missing, the first {missing[0]}")
    return manifest


def _read_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo, archive: Path) -> dict[str, Any]:
    handle = tar.extractfile(member)
    try:
        manifest = json.loads(handle.read() if handle else b"")
        files = manifest["files"]
        ok = manifest.get("kind") == KIND and isinstance(files, list)
        ok = ok and all(isinstance(e.get("path"), str) and isinstance(e.get("size"), int) for e in files)
    except (ValueError, KeyError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise BackupError(f"{archive}: its manifest is not a Verksted backup manifest")
    if manifest.get("backup_format", 0) > BACKUP_FORMAT:
        raise BackupError(f"{archive} was made by a newer Verksted ({manifest.get('verksted')}); restore it with that")
    if int(manifest.get("store_format") or 1) > FORMAT:
        raise BackupError(
            f"{archive} holds data in format {manifest['store_format']}, written by a newer Verksted "
            f"({manifest.get('verksted')}); this Verksted reads format {FORMAT} and older"
        )
    return manifest


def _safe_name(member: tarfile.TarInfo, archive: Path) -> str:
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"{archive}: refusing the archive member {member.name!r}")
    return str(path)


def _extract_one(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, entry: dict, archive: Path) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    source = tar.extractfile(member)
    digest, size = hashlib.sha256(), 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as out:
        while source is not None and (chunk := source.read(CHUNK)):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if size != entry["size"] or digest.hexdigest() != entry.get("sha256"):
        raise BackupError(f"{archive}: {entry['path']} does not match its checksum; the archive is damaged")


def _clear(instance: Path, keep: set[str]) -> None:
    """Remove what ``instance`` holds (for ``--force``), except ``keep`` and the locks we hold."""
    for entry in instance.iterdir():
        if entry.name in keep or entry.name in ("scheduler.lock", "tick.lock"):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _move_into_place(staging: Path, instance: Path) -> None:
    for entry in sorted(staging.iterdir()):
        target = instance / entry.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # an empty store a fresh start made (holds_data said so)
        elif target.exists():
            target.unlink()
        os.rename(entry, target)
    fsync_dir(instance)
