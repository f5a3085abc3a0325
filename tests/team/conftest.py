"""Fixtures for the team pages: the example programme on a test clock, links, members, the leader."""

from __future__ import annotations

import pytest

from engine.access import team as team_access
from engine.programmes import get_catalog, import_programme_file, load_run
from engine.store import get_store
from tests.conftest import test_config
from tests.support.clockfix import Clock
from tests.support.teamwork import EXAMPLE, START, TeamMember, admin_client

LONG_LOG_IN = 5 * 365 * 24 * 3600  # seconds


@pytest.fixture
def app_config(instance, clock):
    """The apps here: on the test clock, with a log-in that outlasts the months these tests move the
    clock by within one test (a log-in's maximum age is tested in ``tests/admin/test_sessions.py``)."""
    return {**test_config(instance, clock), "PERMANENT_SESSION_LIFETIME": LONG_LOG_IN}


@pytest.fixture
def clock():
    """The apps here read this clock, from the day after gathering 1 of the example."""
    return Clock(START)


@pytest.fixture
def store(app):
    """The app's store. (Not inside a pushed app context: requests would share its ``g``.)"""
    with app.app_context():
        return get_store()


@pytest.fixture
def run(app, clock):
    """The Østfold example, loaded as ``flask programme load`` would."""
    with app.app_context():
        loaded, _ = import_programme_file(get_store(), get_catalog(), EXAMPLE, "test", clock())
    return loaded


@pytest.fixture
def reload(app, run):
    """The run as stored now (after submissions)."""

    def load():
        with app.app_context():
            return load_run(get_store(), get_catalog(), run.id)

    return load


@pytest.fixture
def links(app, run, clock):
    """A fresh link path for every link holder: ``links[(team, member)] == "/p/<pid>/t/<token>/"``."""
    with app.app_context():
        minted = team_access.mint_links(get_store(), run, "http://verksted.test", clock())
    return {(link.team.id, link.member.id): link.url.removeprefix("http://verksted.test") for link in minted}


@pytest.fixture
def member(app, links):
    """``member("moss", "maria-olsen")``: that member with a browser of their own, reading English."""

    def make(team: str = "moss", member_id: str = "maria-olsen") -> TeamMember:
        client = app.test_client()
        client.get("/?lang=en")
        return TeamMember(client, links[(team, member_id)])

    return make


@pytest.fixture
def leader(app, store, clock, run):
    """The project leader's browser, logged in, reading English."""
    return admin_client(app, store, clock)
