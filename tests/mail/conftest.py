"""Fixtures for the mail tests: an app that sends over real SMTP on loopback, and a small programme.

The programme (``tests.support.programmes.small_programme``) starts on Thursday 5 March 2026: its
Hovedplan, first Fremdriftsplan and first evaluation open that day, so the 19:00 pass sends nine
messages (three members × invitation, invitation, evaluation link).
"""

from __future__ import annotations

from datetime import date

import pytest

from engine import create_app
from tests.support.programmes import small_programme, store_programme

START = date(2026, 3, 5)


@pytest.fixture
def smtp_config(app_config, smtp_server):
    """The test configuration, sending to the ``smtp_server`` fixture."""
    return {
        **app_config,
        "MAIL_SERVER": smtp_server.host,
        "MAIL_PORT": smtp_server.port,
        "MAIL_TIMEOUT": 2,
        "MAIL_SUPPRESS_SEND": False,
    }


@pytest.fixture
def smtp_app(smtp_config):
    """An app whose mail goes to a real SMTP server on 127.0.0.1."""
    return create_app(smtp_config)


@pytest.fixture
def programme(smtp_app):
    """The small programme, stored in ``smtp_app``'s instance."""
    return store_programme(smtp_app, small_programme(START))
