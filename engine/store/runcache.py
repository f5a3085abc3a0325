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
# The validated catalogue, kept at the top of the instance folder by ``engine.programmes.catalog``:
# a cache like this one, so a backup leaves it out and a restore does not count it as data.
CATALOG_NAME = "catalog.cache"


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


def drop_run_cache(store: Store, pid: str) -> bool:
    """Remove the cached run of ``pid``; whether there was one. The next reader assembles it anew."""
    try:
        (store.programme_dir(pid) / NAME).unlink()
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


# The privacy holder contract (``engine.store.privacy``): the cache is a copy of the programme and
# its deliveries, names and addresses included. It holds nothing of its own to export, and an
# erasure deletes it (the copy would otherwise keep what the other holders just replaced).


def personal_data(store: Store, pid: str, person: object) -> dict:
    """Nothing of its own: what the cache copies is exported by the holders it copies."""
    return {}


def erase_personal_data(store: Store, pid: str, erasure: object) -> int:
    """Delete the cached run (1 if there was one)."""
    return int(drop_run_cache(store, pid))
