"""A programme's assembled run, kept between processes: ``programmes/<id>/run.cache``.

A fresh process (``flask tick`` from cron, a new server worker) would otherwise read and parse every
team's delivery records of every programme before it can do anything. The programme service
(``engine.programmes.runs``) decides what the bytes are and when they are still good — they carry
the fingerprint of the files they were made from; the store only reads and writes them: atomically
(a temporary file renamed over the old one), readable by the owner only, and without fsync, since
a lost or torn cache costs one assembly, never data.
"""

from __future__ import annotations

import contextlib
import os

from .base import Store

NAME = "run.cache"


def read_run_cache(store: Store, pid: str) -> bytes | None:
    """The cached bytes of programme ``pid``, or None."""
    try:
        with open(store.programme_dir(pid) / NAME, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, NotADirectoryError):
        return None


def write_run_cache(store: Store, pid: str, data: bytes) -> None:
    """Replace the cached bytes of programme ``pid`` (the programme's folder must exist)."""
    folder = store.programme_dir(pid)
    tmp = folder / f".{NAME}.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / NAME)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
