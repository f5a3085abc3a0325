"""The data format's version: ``data/format.json`` says which format the files under ``data/`` are in.

``{"format": N}``; a store from before the file existed is format 1. A new, empty store is
stamped with the current :data:`FORMAT` when it is created (``Store``); an older one is brought
up to date by ``migrations`` when Verksted starts. Raise :data:`FORMAT` only together with a new
step in ``migrations.STEPS``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import StoreError
from .fsutil import fsync_dir
from .storage import write_all

FORMAT = 2
FORMAT_FILE = "format.json"


class FormatTooNew(StoreError):
    """The data was written by a newer Verksted than this one."""

    def __init__(self, root: Path, found: int) -> None:
        super().__init__(
            f"The data in {root} is in format {found}, written by a newer Verksted; this Verksted reads "
            f"format {FORMAT} and older. Install the newer Verksted again (or restore a backup made by this one)."
        )
        self.found = found


class FormatUnreadable(StoreError):
    """``format.json`` exists but says nothing this Verksted understands."""


def read_format(root: Path) -> int | None:
    """The format of the store at ``root``: the number in ``format.json``, 1 for data from before
    the file existed, None for an empty folder (a new installation)."""
    path = Path(root) / FORMAT_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        has_data = (Path(root) / "installation.json").exists() or (Path(root) / "programmes").is_dir()
        return 1 if has_data else None
    try:
        found = json.loads(raw)["format"]
    except (ValueError, KeyError, TypeError):
        raise FormatUnreadable(f"{path}: not a format file Verksted wrote") from None
    if not isinstance(found, int) or isinstance(found, bool) or found < 1:
        raise FormatUnreadable(f"{path}: the format {found!r} is not a positive whole number")
    return found


def write_format(root: Path, number: int) -> None:
    """Record that the data under ``root`` is in format ``number`` (atomically, durably)."""
    path = Path(root) / FORMAT_FILE
    tmp = path.with_name(f".{FORMAT_FILE}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    try:
        write_all(fd, json.dumps({"format": number}).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def stamp_if_new(root: Path) -> None:
    """Write the current format into a store folder that holds no data yet (a new installation)."""
    if read_format(root) is None:
        write_format(root, FORMAT)
