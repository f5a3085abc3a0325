"""The clock the test apps read, as a pytest plugin (registered in ``tests/conftest.py``).

``clock`` is None here: an app reads the real time. A directory or module whose apps run on
simulated time overrides ``clock`` with a :class:`Clock` at its own starting instant, and the root
``app_config`` hands that clock to the app as ``CLOCK``; its tests then move time with
``clock.set``/``clock.advance`` (or ``clock.now = …``), never by sleeping.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest


class Clock:
    """A clock a test sets: ``app.config["CLOCK"]`` calls it."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock | None:
    """The test's clock: none (the real time) unless the directory or module says otherwise."""
    return None
