"""Delivering one message: over SMTP through Flask-Mail with a timeout, or to the local mailbox.

Flask-Mail 0.10 opens ``smtplib.SMTP(host, port)`` with no timeout, so a server that accepts the
connection and never answers would hang the scheduler for ever. :class:`TimeoutConnection` is
Flask-Mail's own connection with the socket timeout set (``MAIL_TIMEOUT``).
"""

from __future__ import annotations

import smtplib
from datetime import datetime

from flask import Flask
from flask_mail import Connection, Message

from . import mailbox


class DeliveryError(Exception):
    """The message could not be handed over; it stays in the outbox and is retried."""


class TimeoutConnection(Connection):
    """Flask-Mail's SMTP connection with a socket timeout on connect and on every command."""

    def __init__(self, mail, timeout: float):
        super().__init__(mail)
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP:
        mail = self.mail
        if mail.use_ssl:
            host = smtplib.SMTP_SSL(mail.server, mail.port, timeout=self.timeout)
        else:
            host = smtplib.SMTP(mail.server, mail.port, timeout=self.timeout)
        host.set_debuglevel(int(mail.debug))
        if mail.use_tls:
            host.starttls()
        if mail.username and mail.password:
            host.login(mail.username, mail.password)
        return host


def deliver(app: Flask, message: Message, now: datetime) -> str:
    """Hand ``message`` to the SMTP server, or to the local mailbox when none is configured.

    Returns where it went (``smtp`` or ``mailbox``); raises :class:`DeliveryError` with a short
    reason (refused, timed out, rejected …) when it could not be delivered.
    """
    if not app.config.get("MAIL_SERVER"):
        mailbox.store(app, message, now)
        return "mailbox"
    state = app.extensions["mail"]
    try:
        with TimeoutConnection(state, float(app.config["MAIL_TIMEOUT"])) as connection:
            connection.send(message)
    except (TimeoutError, smtplib.SMTPServerDisconnected) as exc:
        raise DeliveryError(f"the mail server did not answer in time ({exc or 'timeout'})") from exc
    except ConnectionRefusedError as exc:
        raise DeliveryError("the mail server refused the connection") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"the mail server refused the recipients: {', '.join(exc.recipients)}") from exc
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"the mail server said: {exc}") from exc
    except OSError as exc:
        raise DeliveryError(f"could not reach the mail server: {exc.strerror or exc}") from exc
    return "smtp"
