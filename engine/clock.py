"""The one place the edges read the clock.

Pages and commands call :func:`now`; tests that drive the web through the test client move time
by setting ``app.config["CLOCK"]`` to a callable returning an aware datetime (never by sleeping).
``CLOCK`` may also be an ISO 8601 instant with its offset (``VERKSTED_CLOCK=2026-11-22T10:00+01:00``):
a server or command that always takes that moment as now — for browser tests of a demo set up on
a fixed day, or a training session that shows a programme as it stood then. The pure core never
calls this: it takes ``now`` as an argument.
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
            value = datetime.fromisoformat(clock) if isinstance(clock, str) else clock()
            if value.tzinfo is None:
                raise ValueError("CLOCK must be, or return, an aware datetime (with its UTC offset)")
            return value
    return datetime.now(OSLO)
