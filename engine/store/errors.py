"""The store's domain errors: what a caller can get wrong or run into, each a clear sentence.

They carry English messages for logs and the CLI; the web layer maps the *types* to translated
messages for users (``StaleRevision`` → "someone else saved this programme …").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class StoreError(Exception):
    """Base class of everything the store raises on purpose."""


class InvalidId(StoreError, ValueError):
    """An id that cannot name a file or record (empty, too long, or with path characters)."""


class NotFound(StoreError, LookupError):
    """The programme, admin or message named does not exist."""


class AlreadyExists(StoreError):
    """A record that must be unique (an admin's e-mail) exists already."""


class StaleRevision(StoreError):
    """Somebody saved a newer revision since the caller read it; saving would overwrite their work."""

    def __init__(self, what: str, expected: int, current: int) -> None:
        super().__init__(f"{what} was changed by someone else (revision {current}, you edited revision {expected}).")
        self.expected = expected
        self.current = current


class CorruptFile(StoreError):
    """A data file exists but is not the JSON the store wrote; never overwritten silently."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: not a valid data file ({reason}).")
        self.path = Path(path)


class StoreUnavailable(StoreError, OSError):
    """The data folder cannot be read or written now: a wrong owner, a read-only mount, a full disk.

    Nothing the caller asked to save was saved (writes are atomic: a failed one leaves the old file).
    It is an ``OSError`` too, so code that guarded against the operating system still does.
    ``reason`` is the operating system's word for it ("Permission denied", "No space left on device").
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"the data folder cannot be written or read: {reason}")
        self.reason = reason


@contextmanager
def io_failures() -> Iterator[None]:
    """Raise what the operating system refuses (other than a missing file, which callers handle) as
    :class:`StoreUnavailable`, so every edge can say "nothing was saved" instead of crashing."""
    try:
        yield
    except (StoreError, FileNotFoundError):
        raise
    except OSError as exc:
        raise StoreUnavailable(exc.strerror or str(exc)) from exc
