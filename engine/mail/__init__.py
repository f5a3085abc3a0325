"""Mail: composing messages, the outbox, sending through Flask-Mail, the local mailbox."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Set up Flask-Mail and the outbox sender."""
    app.extensions.setdefault("verksted.mail", None)
