"""Shared fixtures: a fresh app on a temporary instance folder, its test client and CLI runner.

Mail can never leave the machine from a test: ``MAIL_SERVER`` is unset (local mailbox) unless a
test starts its own SMTP server on loopback (``smtp_server`` in ``tests/support/smtp.py``). Apps
read the real time unless a directory or module sets a ``clock`` (``tests/support/clockfix.py``).
"""

from __future__ import annotations

import pytest

from engine import create_app

pytest_plugins = ["tests.support.clockfix", "tests.support.example", "tests.support.smtp"]


@pytest.fixture
def instance(tmp_path):
    """An empty instance folder."""
    path = tmp_path / "instance"
    path.mkdir()
    return path


def test_config(instance, clock=None) -> dict:
    """The configuration every test app starts from: ``instance`` as its folder, ``clock`` if given."""
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "test-secret",
        "BASE_URL": "http://verksted.test",
        "SCHEDULER": "off",
        "MAIL_SERVER": None,
    }
    return config if clock is None else {**config, "CLOCK": clock}


test_config.__test__ = False  # a helper, not a test


@pytest.fixture
def app_config(instance, clock):
    """The configuration every test app starts from; override keys per test by extending this."""
    return test_config(instance, clock)


@pytest.fixture
def app(app_config):
    """A fresh application on its own temporary instance folder."""
    return create_app(app_config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
