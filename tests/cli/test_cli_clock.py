"""``VERKSTED_CLOCK``: a server or command that takes one fixed instant as now."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import clock, create_app


def test_an_iso_instant_in_the_environment_is_now(tmp_path, monkeypatch):
    monkeypatch.setenv("VERKSTED_CLOCK", "2026-11-22T10:00:00+01:00")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SCHEDULER": "off", "SECRET_KEY": "x"})
    with app.app_context():
        assert clock.now() == datetime.fromisoformat("2026-11-22T09:00:00+00:00")


def test_an_instant_without_its_offset_is_refused(tmp_path):
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path), "SCHEDULER": "off", "SECRET_KEY": "x", "CLOCK": "2026-11-22T10:00"}
    )
    with app.app_context(), pytest.raises(ValueError, match="with its UTC offset"):
        clock.now()
