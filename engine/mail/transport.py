"""Delivering messages: over SMTP through Flask-Mail with a timeout, or to the local mailbox.

Flask-Mail 0.10 opens ``smtplib.SMTP(host, port)`` with no timeout, so a server that accepts the
connection and never answers would hang the scheduler for ever. :class:`TimeoutConnection` is
Flask-Mail's own connection with the socket timeout set (``MAIL_TIMEOUT``) on the connect and on
every command.

A pass sends its messages through one :class:`Postman`, which opens one SMTP connection on the
first message and keeps it for the pass (a connection per message would cost a handshake each).
Failures come back as :class:`DeliveryError`; ``connection`` says whether the *server* failed
(refused, silent, gone, refusing to authenticate) — then the pass stops sending over SMTP, so a
server in trouble is not hammered — or only this *message* did (a recipient refused), and the
others still go.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime
from email.utils import parseaddr
from types import TracebackType

from flask import Flask
from flask_mail import Connection, Message

from . import mailbox

SERVICE_UNAVAILABLE = 421  # RFC 5321: the server is closing the channel


class DeliveryError(Exception):
    """The message could not be handed over; it stays in the outbox and is retried.

    ``connection`` is True when the server (not this message) is the problem. ``anonymous`` is the
    reason without the recipients' names and addresses, for the log (the reason itself is kept with
    the message, where the leader reads it).
    """

    def __init__(self, reason: str, connection: bool = False, anonymous: str | None = None):
        super().__init__(reason)
        self.connection = connection
        self.anonymous = anonymous if anonymous is not None else reason


class TimeoutConnection(Connection):
    """Flask-Mail's SMTP connection with a socket timeout on connect and on every command."""

    def __init__(self, mail, timeout: float):
        super().__init__(mail)
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP:
        """Connect (and STARTTLS, log in) with the timeout; a failure closes the socket at once."""
        mail = self.mail
        if mail.use_ssl:
            host = smtplib.SMTP_SSL(mail.server, mail.port, timeout=self.timeout)
        else:
            host = smtplib.SMTP(mail.server, mail.port, timeout=self.timeout)
        try:
            host.set_debuglevel(int(mail.debug))
            if mail.use_tls:
                host.starttls()
            if mail.username and mail.password:
                host.login(mail.username, mail.password)
        except BaseException:
            host.close()
            raise
        return host


class Postman:
    """Delivers a pass's messages: to the local mailbox, or over one SMTP connection kept open.

    Use as a context manager (the connection is closed at the end). With no ``MAIL_SERVER`` every
    message goes to the local mailbox the admin UI shows.
    """

    def __init__(self, app: Flask):
        self.app = app
        self.local = not app.config.get("MAIL_SERVER")
        self.timeout = float(app.config["MAIL_TIMEOUT"])
        self._connection: TimeoutConnection | None = None

    def __enter__(self) -> Postman:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def target(self) -> str:
        """Where messages go: ``mailbox`` or ``smtp``."""
        return "mailbox" if self.local else "smtp"

    def deliver(self, message: Message, now: datetime) -> str:
        """Hand ``message`` over (dated ``now``); returns ``smtp`` or ``mailbox``.

        Raises :class:`DeliveryError` with a short reason when it could not be delivered.
        """
        message.date = now.timestamp()
        if self.local:
            try:
                mailbox.store(self.app, message, now)
            except OSError as exc:
                raise DeliveryError(
                    f"could not write to the local mailbox: {exc.strerror or exc}", connection=True
                ) from exc
            return "mailbox"
        for attempt in (1, 2):
            reused = self._connection is not None
            try:
                self._send(message)
                return "smtp"
            except smtplib.SMTPServerDisconnected as exc:
                self._drop()
                if not reused or attempt == 2:
                    raise describe(exc) from exc
                # else: an idle connection the server had closed; one fresh try
        raise AssertionError("unreachable")

    def _send(self, message: Message) -> None:
        try:
            if self._connection is None:
                connection = TimeoutConnection(self.app.extensions["mail"], self.timeout)
                connection.host = connection.configure_host()
                self._connection = connection
            self._connection.send(message)
        except smtplib.SMTPServerDisconnected:
            raise
        except Exception as exc:
            error = describe(exc)
            if error.connection:
                self._drop()
            raise error from exc

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and connection.host is not None:
            connection.host.close()

    def close(self) -> None:
        """Say goodbye to the server (bounded by the timeout) and close the connection."""
        connection, self._connection = self._connection, None
        if connection is None or connection.host is None:
            return
        try:
            connection.host.quit()
        except (smtplib.SMTPException, OSError):
            connection.host.close()


def describe(exc: BaseException) -> DeliveryError:
    """The :class:`DeliveryError` for what smtplib or the socket raised: a reason, and whose fault."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, TimeoutError):
        return DeliveryError("the mail server did not answer in time", connection=True)
    if isinstance(exc, ConnectionRefusedError):
        return DeliveryError("the mail server refused the connection", connection=True)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        if "timed out" in str(exc):  # smtplib turns a socket timeout into a disconnection
            return DeliveryError("the mail server did not answer in time", connection=True)
        return DeliveryError("the mail server closed the connection", connection=True)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(
            f"{parseaddr(address)[1] or address} ({code} {_text(reply)})"
            for address, (code, reply) in exc.recipients.items()
        )
        codes = ", ".join(sorted({str(code) for code, _ in exc.recipients.values()}))
        return DeliveryError(
            f"the mail server refused the recipients: {refused}",
            anonymous=f"the mail server refused {len(exc.recipients)} recipient(s) ({codes})",
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(
            f"the mail server refused the log-in: {exc.smtp_code} {_text(exc.smtp_error)}", connection=True
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        server_side = exc.smtp_code == SERVICE_UNAVAILABLE or isinstance(
            exc, (smtplib.SMTPConnectError, smtplib.SMTPHeloError)
        )
        return DeliveryError(f"the mail server said: {exc.smtp_code} {_text(exc.smtp_error)}", connection=server_side)
    if isinstance(exc, (smtplib.SMTPNotSupportedError, ssl.SSLError)):
        return DeliveryError(f"could not secure the connection to the mail server: {exc}", connection=True)
    if isinstance(exc, smtplib.SMTPException):
        return DeliveryError(f"the mail server said: {exc}")
    if isinstance(exc, OSError):
        return DeliveryError(f"could not reach the mail server: {exc.strerror or exc}", connection=True)
    return DeliveryError(f"the message could not be sent: {exc}")


def _text(reply: bytes | str) -> str:
    return (reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)).strip()


def deliver(app: Flask, message: Message, now: datetime) -> str:
    """Deliver one message on a connection of its own (see :class:`Postman`); returns where it went."""
    with Postman(app) as postman:
        return postman.deliver(message, now)
