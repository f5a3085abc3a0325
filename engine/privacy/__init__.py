"""Privacy: closing and purging programmes, forgetting a person, exporting what is stored about them.

The store's repository modules each answer for the personal data they hold
(``engine.store.privacy``); this package decides *when* and *for whom*, and reaches what lies
outside the store — the local mailbox, the last pass's status line, deleted programmes' folders:

- ``lifecycle``: :func:`close`, :func:`reopen`, :func:`purge` a closed programme, and
  :func:`purge_due` — the scheduler's step that purges what the retention period
  (``RETENTION_DAYS``) has run out for;
- ``people``: :func:`export` everything about one e-mail address, :func:`forget` it everywhere.

What is stored, where, for how long and who can see it: README, "Privacy and data protection".
"""

from __future__ import annotations

from flask import Flask

from ..mail.scheduler import add_pass_step
from .lifecycle import NotClosed, Purge, close, purge, purge_due, purge_due_at, reopen, retention
from .people import Forgotten, export, forget

__all__ = [
    "Forgotten",
    "NotClosed",
    "Purge",
    "close",
    "export",
    "forget",
    "init_app",
    "purge",
    "purge_due",
    "purge_due_at",
    "reopen",
    "retention",
]


def init_app(app: Flask) -> None:
    """Make every scheduler pass purge the programmes whose retention period has run out."""
    add_pass_step(app, purge_due)
