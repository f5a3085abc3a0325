"""An instance folder the server can read but not write — a wrong owner, a read-only mount — for real.

Run as root (as the tests are here), the process takes the effective user ``nobody`` for the
duration: the files stay readable (made world-readable meanwhile, their folders traversable),
but every write the store tries fails in the kernel with ``EACCES``, exactly as it would for a
server started as the wrong user. Run as any other user, the folder's write permissions are
removed instead. Either way everything is put back afterwards. Nothing is mocked: the store, the
pages and the scheduler meet a real ``PermissionError``. Use :func:`private_instance` for the
folder, so no folder shared with other tests (pytest's own) has to be opened to ``nobody``.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

NOBODY = 65534


@contextmanager
def private_instance() -> Iterator[Path]:
    """A fresh instance folder in a temporary folder of its own (removed afterwards)."""
    parent = Path(tempfile.mkdtemp(prefix="verksted-unwritable-"))
    try:
        folder = parent / "instance"
        folder.mkdir()
        yield folder
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(name="instance")
def private_instance_fixture() -> Iterator[Path]:
    """The app's ``instance`` as :func:`private_instance` (import it into a test module to use it)."""
    with private_instance() as folder:
        yield folder


def _tree(folder: Path) -> list[Path]:
    return [folder, *sorted(folder.rglob("*"))]


@contextmanager
def _modes(paths: list[Path], change) -> Iterator[None]:
    saved = {path: stat.S_IMODE(path.lstat().st_mode) for path in paths if not path.is_symlink()}
    try:
        for path, mode in saved.items():
            os.chmod(path, change(path, mode))
        yield
    finally:
        for path, mode in saved.items():
            os.chmod(path, mode)


@contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """While inside, ``folder`` (an instance folder) can be read but nothing in it can be written."""
    folder = Path(folder).resolve()
    if os.geteuid() != 0:
        with _modes(_tree(folder), lambda path, mode: mode & ~0o222):
            yield
        return
    ancestors = [parent for parent in folder.parents if not parent.stat().st_mode & 0o001]

    def readable(path: Path, mode: int) -> int:
        return mode | (0o555 if path.is_dir() else 0o444)

    with _modes(ancestors, lambda path, mode: mode | 0o111), _modes(_tree(folder), readable):
        os.setegid(NOBODY)
        os.seteuid(NOBODY)
        try:
            yield
        finally:
            os.seteuid(0)
            os.setegid(0)
