"""The one place the edges read the clock.

Pages and commands call :func:`now`; tests that drive the web through the test client move time
by setting ``app.config["CLOCK"]`` to a callable returning an aware datetime (never by sleeping).
The pure core never calls this: it takes ``now`` as an argument.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

OSLO = ZoneInfo("Europe/Oslo")


def now() -> datetime:
    """The current instant, aware, in Europe/Oslo (or the test's clock)."""
    if has_app_context():
        clock = current_app.config.get("CLOCK")
        if clock is not None:
            value = clock()
            if value.tzinfo is None:
                raise ValueError("CLOCK must return an aware datetime")
            return value
    return datetime.now(OSLO)
