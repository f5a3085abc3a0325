"""File-system steps the storage layer needs to be durable: make folders, fsync folders.

A rename is durable only once the folder holding it is fsynced, and a new folder only once its
parent is. Folders are created *below an anchor* that must already exist: writing a team's draft
creates ``teams/<team>/`` inside the programme folder but never recreates a programme folder that
was deleted (moved away) meanwhile — the write fails with ``FileNotFoundError`` instead.
"""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(directory: Path | str) -> None:
    """Make the entries of ``directory`` (a rename, a new file) durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(directory: Path, anchor: Path) -> None:
    """Create ``directory`` and any missing folders between it and ``anchor``, durably.

    ``anchor`` itself must exist (``FileNotFoundError`` otherwise). Each level is made with
    ``os.mkdir``, which fails if its parent vanished, so a folder renamed away is never rebuilt.
    """
    if directory.is_dir():
        return
    relative = directory.relative_to(anchor)  # ValueError: not inside the anchor
    if not anchor.is_dir():
        raise FileNotFoundError(f"{anchor} does not exist")
    current = anchor
    for part in relative.parts:
        current = current / part
        try:
            os.mkdir(current, 0o700)
        except FileExistsError:
            continue  # there already, or another writer made it just now
        fsync_dir(current.parent)
