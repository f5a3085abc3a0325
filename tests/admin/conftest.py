"""Fixtures for the leader's pages: a clock the test moves, accounts, a logged-in test client, the
example programme loaded, and small helpers to post forms the way a browser does (CSRF token and
the revision the page showed)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from engine.access.accounts import create_account
from engine.programmes import get_catalog, import_programme_file, load_run
from engine.store import deliveries as delivery_repo
from engine.store import get_store
from tests.support.clockfix import Clock
from tests.support.teamwork import EXAMPLE, MIDWAY, OSLO, PID

PASSWORD = "correct horse battery"


@pytest.fixture
def clock() -> Clock:
    """The apps here read this clock, from between gathering 3 and gathering 4 of the example."""
    return Clock(MIDWAY)


def make_account(app, email: str, role: str = "leader", name: str | None = None) -> dict:
    with app.app_context():
        return create_account(get_store(), email, PASSWORD, role, datetime(2018, 1, 1, tzinfo=OSLO), name=name)


def csrf(client, url: str = "/admin/login") -> str:
    """The session's CSRF token, as a page hands it out."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def log_in(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    url = "/admin/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": csrf(client), "email": email, "password": password})


@pytest.fixture
def leader(app, client):
    """A test client logged in as the project leader Lea."""
    make_account(app, "lea@example.org", "leader", "Lea Leder")
    assert log_in(client, "lea@example.org").status_code == 302
    return client


@pytest.fixture
def observer(app):
    """A second client, logged in as an observer from the steering group."""
    make_account(app, "olav@example.org", "observer", "Olav Observatør")
    client = app.test_client()
    assert log_in(client, "olav@example.org").status_code == 302
    return client


@pytest.fixture
def example(app, clock):
    """The Østfold example programme, loaded as `flask programme load` does."""
    with app.app_context():
        import_programme_file(get_store(), get_catalog(), EXAMPLE, "system", clock.now)
    return PID


def run_of(app, pid: str = PID):
    with app.app_context():
        return load_run(get_store(), get_catalog(), pid)


def move_clock(client, clock: Clock, when: datetime) -> None:
    """Set the clock to ``when`` and log Lea in again: a log-in lasts at most a working day
    (``PERMANENT_SESSION_LIFETIME``), and tests that jump months ahead outlive it."""
    clock.now = when
    assert log_in(client, "lea@example.org").status_code == 302


def deliver(
    app, team: str, deliverable: str, occurrence: int, at: datetime, version_at=(), pid: str = PID, answers=None
) -> None:
    """Store the team's delivery of an assignment at ``at`` (and later versions at ``version_at``)."""
    run = run_of(app, pid)
    a = run.find(team, deliverable, occurrence)
    with app.app_context():
        for moment in (at, *version_at):
            delivery_repo.submit(
                get_store(),
                pid,
                team,
                a.key,
                answers if answers is not None else {"x": moment.isoformat()},
                {"form": a.form, "form_version": get_catalog().forms[a.form].version, "opens_at": a.opens_at},
                "kari",
                "Kari Holm",
                None,
                a.effective_due_at,
                moment,
            )


def post(client, url: str, data: dict | None = None, app=None, pid: str | None = None, **kwargs):
    """POST ``data`` with the session's CSRF token (and the programme's current revision if ``app``)."""
    body = {"csrf_token": csrf(client, "/admin/"), **(data or {})}
    if app is not None and "revision" not in body:
        body["revision"] = str(run_of(app, pid or PID).revision)
    return client.post(url, data=body, **kwargs)


def text(response) -> str:
    """The page's text with tags removed and white space collapsed (what a reader sees)."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&")


@pytest.fixture
def english(leader):
    """The leader's client switched to English, so assertions read the message ids."""
    leader.get("/admin/?lang=en")
    return leader
