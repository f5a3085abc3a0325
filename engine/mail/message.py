"""Turning an outbox record into a MIME message: plain text + HTML, our headers, nothing injectable.

Every header value that could carry user text (names, subjects built from team names) goes
through :func:`header_safe`, so a team called "Moss\\r\\nBcc: x@y" cannot add a header. An address
with letters outside ASCII before the @ (which the rules refuse where addresses are typed, but an
older programme may hold) raises :class:`UndeliverableAddress`: that message fails with a reason
the leader can act on, and no other.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from email import charset as _charset
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from typing import Any

from flask_mail import Message

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# RFC 2047 words in base64: the standard library's "shortest" choice measures the quoted-printable
# length character by character, which cost more than the rest of a message.
_UTF8_B = _charset.Charset("utf-8")
_UTF8_B.header_encoding = _charset.BASE64


class UndeliverableAddress(ValueError):
    """An address no message can be written to (letters outside ASCII before the @)."""


class MailMessage(Message):
    """Flask-Mail's message, written out by a small serializer of our own.

    Every message Verksted sends has one shape — headers, then ``multipart/alternative`` with a
    UTF-8 text part and a UTF-8 HTML part — and Python's general MIME generator spent about 4 ms
    on each (building MIME objects, folding every header again, compiling a regular expression per
    boundary): most of a scheduler pass on a day with a few hundred messages. Writing this one
    shape directly costs a tenth of that. Non-ASCII subjects and names become RFC 2047 words (folded
    at 78 columns), ASCII names are quoted where RFC 5322 needs it.
    """

    def as_bytes(self) -> bytes:
        """The message as SMTP and the mailbox take it (CRLF line ends)."""
        if self.attachments or self.alts.keys() - {"html"}:
            return super().as_bytes()  # not a shape Verksted sends; let Flask-Mail write it
        boundary = f"==verksted-{os.urandom(12).hex()}=="
        lines = [
            f"Subject: {_encoded(self.subject)}",
            f"From: {_address(self.sender)}",
            f"To: {_addresses(self.recipients)}",
        ]
        if self.cc:
            lines.append(f"Cc: {_addresses(self.cc)}")
        if self.reply_to:
            lines.append(f"Reply-To: {_address(self.reply_to)}")
        lines += [f"Date: {formatdate(self.date, localtime=True)}", f"Message-ID: {self.msgId}"]
        lines += [f"{name}: {_encoded(value)}" for name, value in (self.extra_headers or {}).items()]
        lines.append("MIME-Version: 1.0")
        parts = [("plain", self.body or "")] + ([("html", self.html)] if self.html else [])
        if len(parts) == 1:
            lines += [*_part_headers("plain"), "", _base64(parts[0][1])]
        else:
            lines += [f'Content-Type: multipart/alternative; boundary="{boundary}"', ""]
            for subtype, content in parts:
                lines += [f"--{boundary}", *_part_headers(subtype), "", _base64(content)]
            lines.append(f"--{boundary}--")
        return ("\r\n".join(lines) + "\r\n").encode("ascii")

    def as_string(self) -> str:
        """The message as text, CRLF line ends."""
        return self.as_bytes().decode("ascii")


def _encoded(value: str) -> str:
    """A header value: as it is if it is printable ASCII, else RFC 2047 words (folded)."""
    value = header_safe(value)
    if value.isascii() and len(value) < 900:
        return value
    return Header(value, _UTF8_B, header_name="Subject").encode(linesep="\r\n")


def _address(address: str | tuple[str, str]) -> str:
    """One address: an ASCII name quoted where RFC 5322 needs it, any other name as RFC 2047 words."""
    name, email = address if isinstance(address, tuple) else parseaddr(header_safe(address))
    name, email = header_safe(name), header_safe(email)
    if not email.isascii():  # an internationalised domain: IDNA, as Flask-Mail does
        local, _, domain = email.rpartition("@")
        if not local.isascii():
            raise UndeliverableAddress(
                f"the address {email} has letters outside A–Z before the @, which mail cannot carry; "
                "correct the address in the programme"
            )
        email = f"{local}@{domain.encode('idna').decode('ascii')}"
    if name.isascii():
        return formataddr((name, email))
    return f"{_encoded_name(name)} <{email}>"


def _encoded_name(name: str) -> str:
    """A display name as RFC 2047 words. One word where it reasonably can be: decoders disagree on the
    white space between words (RFC 2047 drops it, Python's parser keeps it), so a name split inside a
    word would read "Tveit en" somewhere. A very long name is split at its spaces, each space kept
    inside the word before it, with CRLF folds (never a bare LF)."""
    word = f"=?utf-8?b?{base64.b64encode(name.encode('utf-8')).decode('ascii')}?="
    if len(word) <= 200:
        return word
    pieces = [f"{piece} " for piece in name.split(" ")[:-1]] + [name.split(" ")[-1]]
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(p.encode('utf-8')).decode('ascii')}?=" for p in pieces)


def _addresses(addresses: Sequence[str | tuple[str, str]]) -> str:
    """A list of addresses, one per folded line when they would not fit on one."""
    written = [_address(a) for a in addresses]
    one_line = ", ".join(written)
    return one_line if len(one_line) <= 72 else ",\r\n ".join(written)


def _part_headers(subtype: str) -> list[str]:
    return [f'Content-Type: text/{subtype}; charset="utf-8"', "Content-Transfer-Encoding: base64"]


def _base64(text: str) -> str:
    """UTF-8 text as base64 in lines of 76 characters."""
    data = text.encode("utf-8")
    return (
        "\r\n".join(
            binascii.b2a_base64(data[i : i + 57], newline=False).decode("ascii") for i in range(0, len(data), 57)
        )
        or ""
    )


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
