"""The local mailbox: with no SMTP server configured, sent mail lands here and the admin UI shows it.

One ``.eml`` file per message in ``<instance>/mailbox``, written atomically (a reader never sees
half a message). The messages hold the members' working links, as their real inboxes would, so the
folder is private to the server's user (0700, tightened if an older version made it 0755) and
every message is 0600. They are not flushed to disk one by one: the mailbox stands in for an SMTP
server while an installation is tried out, and a pass that delivers a few hundred messages should
not wait for a few hundred fsyncs. File names sort by time so the newest come first without
reading every file.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from flask import Flask
from flask_mail import Message

_NAME = re.compile(r"^[0-9]{8}T[0-9]{12}-[0-9a-f]{12}\.eml$")


@dataclass(frozen=True)
class MailboxEntry:
    """A message in the local mailbox, with the headers the list shows."""

    id: str
    received_at: datetime
    subject: str
    to: str
    kind: str
    assignment: str

    @classmethod
    def from_message(cls, entry_id: str, received_at: datetime, message: EmailMessage) -> MailboxEntry:
        return cls(
            entry_id,
            received_at,
            str(message.get("Subject", "")),
            str(message.get("To", "")),
            str(message.get("X-Verksted-Kind", "")),
            str(message.get("X-Verksted-Assignment", "")),
        )


def folder(app: Flask) -> Path:
    """``<instance>/mailbox``, made (or tightened) private: its messages carry working links."""
    path = Path(app.instance_path) / "mailbox"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def store(app: Flask, message: Message, now: datetime) -> str:
    """Write ``message`` to the mailbox as received at ``now``; returns its id."""
    now = now.astimezone(UTC)
    entry_id = f"{now:%Y%m%dT%H%M%S%f}-{os.urandom(6).hex()}"
    path = folder(app) / f"{entry_id}.eml"
    tmp = path.with_suffix(".tmp")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
        fh.write(message.as_bytes())
    tmp.replace(path)
    return entry_id


def list_entries(app: Flask, limit: int = 200, offset: int = 0) -> tuple[list[MailboxEntry], int]:
    """The newest messages first, and how many there are in all."""
    names = sorted((n for n in os.listdir(folder(app)) if _NAME.match(n)), reverse=True)
    entries = []
    for name in names[offset : offset + limit]:
        entry_id = name[:-4]
        with (folder(app) / name).open("rb") as fh:
            headers = email.parser.BytesHeaderParser(policy=email.policy.default).parse(fh)
        entries.append(MailboxEntry.from_message(entry_id, _received(entry_id), headers))
    return entries, len(names)


def read(app: Flask, entry_id: str) -> tuple[MailboxEntry, EmailMessage] | None:
    """One message, parsed; None for an unknown or malformed id."""
    if not _NAME.match(f"{entry_id}.eml"):
        return None
    path = folder(app) / f"{entry_id}.eml"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    message = email.message_from_bytes(data, policy=email.policy.default)
    return MailboxEntry.from_message(entry_id, _received(entry_id), message), message


def _received(entry_id: str) -> datetime:
    stamp = entry_id.split("-", 1)[0]
    return datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
