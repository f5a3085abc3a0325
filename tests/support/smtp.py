"""Real SMTP servers on loopback for tests: one that receives, one that refuses, one that hangs,
and one that receives but refuses some recipients.

The receiving server is aiosmtpd's ``Controller`` — a real SMTP conversation over TCP, so the
engine's Flask-Mail code path is exercised exactly as in production.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    """One message as the SMTP server got it."""

    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage

    def header(self, name: str) -> str | None:
        value = self.message.get(name)
        return str(value) if value is not None else None

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part else ""


@dataclass
class Inbox:
    """Everything the server received, safe to read from the test thread."""

    messages: list[Received] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._cond:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
            self._cond.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, predicate: Callable[[list[Received]], bool], timeout: float = 10.0) -> list[Received]:
        """Block until ``predicate(messages)`` holds (real network delivery, not simulated time)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self.messages):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting for mail; have {len(self.messages)} message(s)")
                self._cond.wait(remaining)
            return list(self.messages)

    def clear(self) -> None:
        with self._cond:
            self.messages.clear()

    def to(self, address: str) -> list[Received]:
        with self._cond:
            return [m for m in self.messages if address in m.rcpt_tos]


@dataclass
class RefusingInbox(Inbox):
    """An inbox whose server refuses the recipients ``refused(address)`` picks, as a server refuses
    an unknown mailbox, and takes the rest."""

    refused: Callable[[str], bool] = lambda address: False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd handler hook
        if self.refused(address):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@dataclass
class SMTPServer:
    host: str
    port: int
    inbox: Inbox


@contextmanager
def serving(inbox: Inbox) -> Iterator[SMTPServer]:
    """A real SMTP server on 127.0.0.1 and a free port, handled by ``inbox`` (an :class:`Inbox`, or
    one that answers some commands its own way), for the ``with`` block."""
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SMTPServer("127.0.0.1", port, inbox)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """A receiving SMTP server on 127.0.0.1 and a free port."""
    with serving(Inbox()) as server:
        yield server


@pytest.fixture
def refusing_smtp_port() -> int:
    """A loopback port where connections are refused (nothing listens)."""
    return free_port()


@pytest.fixture
def silent_smtp_server() -> Iterator[tuple[str, int]]:
    """A server that accepts TCP connections and never says a word (no SMTP greeting)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        listener.close()
