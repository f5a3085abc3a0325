"""The store's domain errors: what a caller can get wrong or run into, each a clear sentence.

They carry English messages for logs and the CLI; the web layer maps the *types* to translated
messages for users (``StaleRevision`` → "someone else saved this programme …").
"""

from __future__ import annotations

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


class ProgrammeClosed(StoreError):
    """The programme is closed (read-only) or purged; nothing in it may change."""

    def __init__(self, pid: str, purged: bool = False) -> None:
        state = "purged" if purged else "closed"
        super().__init__(f"Programme {pid} is {state}: nothing in it can be changed.")
        self.pid = pid
        self.purged = purged
