"""Mail: composing messages, the outbox, sending through Flask-Mail, the local mailbox.

Nothing is sent inside a web request: pages and the scheduler put messages in the outbox (with
an idempotency key), and the scheduler's pass sends them (``engine.mail.outbox``).
"""

from __future__ import annotations

from flask import Flask
from flask_mail import Mail

from .health import remember_start

mail = Mail()


def init_app(app: Flask) -> None:
    """Configure Flask-Mail from the app's MAIL_* settings (read once, so tests configure first)."""
    mail.init_app(app)
    remember_start(app)
