"""Turning an outbox record into a MIME message: plain text + HTML, our headers, nothing injectable.

Every header value that could carry user text (names, subjects built from team names) goes
through :func:`header_safe`, so a team called "Moss\\r\\nBcc: x@y" cannot add a header.
"""

from __future__ import annotations

import email.policy
import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask_mail import Message

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# Flask-Mail has already encoded every header (RFC 2047 words of at most 75 characters) when it
# builds the MIME tree; generating it under the SMTP policy parses each header again to refold
# it, which is half the cost of a message. The compat32 policy writes the encoded headers as they
# are, with CRLF line ends.
_GENERATE = email.policy.compat32.clone(linesep="\r\n", max_line_length=None)


class MailMessage(Message):
    """Flask-Mail's message, written out without re-parsing the headers it has encoded (see above)."""

    def as_bytes(self) -> bytes:
        """The message as SMTP and the mailbox take it."""
        return self._message().as_bytes(policy=_GENERATE)

    def as_string(self) -> str:
        """The message as text, CRLF line ends."""
        return self._message().as_string(policy=_GENERATE)


def header_safe(value: str) -> str:
    """One line of header text: control characters (CR, LF, tabs …) become single spaces."""
    return _CONTROL.sub(" ", str(value)).strip()


def address(entry: Mapping[str, Any] | str) -> tuple[str, str]:
    """``{"name": …, "email": …}`` → ``(name, email)``, one line each; Flask-Mail encodes and quotes."""
    if isinstance(entry, str):
        return "", header_safe(entry)
    return header_safe(entry.get("name") or ""), header_safe(entry["email"])


def message_id(key: str, domain: str = "verksted") -> str:
    """A Message-ID derived from the idempotency key, so a resent message is recognisably the same."""
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:40]}@{header_safe(domain)}>"


def verksted_headers(record: Mapping[str, Any]) -> dict[str, str]:
    """The headers other programs rely on (DESIGN §4) plus RFC 3834's Auto-Submitted."""
    headers = {"Auto-Submitted": "auto-generated", "X-Verksted-Kind": header_safe(record["kind"])}
    if record.get("assignment"):
        headers["X-Verksted-Assignment"] = header_safe(record["assignment"])
    if record.get("rule"):
        headers["X-Verksted-Rule"] = header_safe(record["rule"])
    if record.get("programme"):
        headers["X-Verksted-Programme"] = header_safe(record["programme"])
    return headers


def build_message(record: Mapping[str, Any], sender: str, text: str, html: str | None) -> MailMessage:
    """A Flask-Mail ``Message`` for ``record`` with the final ``text``/``html`` (links filled in)."""
    to: Sequence = record.get("to") or []
    cc: Sequence = record.get("cc") or []
    message = MailMessage(
        subject=header_safe(record["subject"]),
        recipients=[address(r) for r in to],
        cc=[address(r) for r in cc],
        body=text,
        html=html,
        sender=header_safe(sender),
        extra_headers=verksted_headers(record),
    )
    domain = sender.rsplit("@", 1)[-1].rstrip(">") if "@" in sender else "verksted"
    message.msgId = message_id(record["key"], domain)
    return message
