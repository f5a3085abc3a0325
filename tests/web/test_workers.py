"""``flask serve --workers 2``: what one process did, the other knows — a log-in, a page's security
token, a saved draft, a programme changed from outside — and the throttles count across processes.

Each request goes to the worker a test chose: the other one is stopped (SIGSTOP) meanwhile, so it
accepts nothing and the one left answers. Every request opens a connection of its own.
"""

from __future__ import annotations

import html
import http.cookiejar
import os
import signal
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest

from engine import create_app
from engine.access import team as team_access
from engine.access.accounts import create_account
from engine.store import get_store
from tests.support.programmes import OSLO, small_programme, store_programme
from tests.support.server import LiveServer
from tests.support.smtp import free_port
from tests.support.teamwork import hidden

pytestmark = pytest.mark.slow

PASSWORD = "a long enough password"
LIMIT = 3  # failed log-ins per account, and failed link look-ups per address, before 429
PID = "demo-2026"


class Browser:
    """A person's browser: its own cookies, a new connection for every request."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    """Two workers on an instance with a programme whose Hovedplan opened yesterday, and a leader.

    No SECRET_KEY is set for the server: it makes one in the instance folder, once, for both. The
    server's clock stands still (``CLOCK``): a throttled attempt must fall inside the wait after the
    last failure however slowly a loaded machine gets the next request there."""
    instance = tmp_path_factory.mktemp("workers") / "instance"
    setup = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "setup only", "SCHEDULER": "off"})
    run = store_programme(setup, small_programme(date.today() - timedelta(days=1)))
    with setup.app_context():
        create_account(get_store(), "leder@example.org", PASSWORD, "leader", datetime.now(OSLO))
    live = LiveServer(
        instance,
        free_port(),
        {
            "SCHEDULER": "off",
            "LOGIN_ATTEMPT_LIMIT": LIMIT,
            "LINK_GUESS_LIMIT": LIMIT,
            "CLOCK": datetime.now(OSLO).isoformat(),
        },
        workers=2,
    )
    live.start()
    live.setup = setup
    live.run = run
    assert len(live.worker_pids()) == 2, live.log()
    yield live
    live.stop()


@contextmanager
def only(server: LiveServer, index: int) -> Iterator[int]:
    """Let only worker ``index`` (0 or 1) take connections in the ``with`` block; yields its pid."""
    pids = server.worker_pids()
    others = [pid for n, pid in enumerate(pids) if n != index]
    for pid in others:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield pids[index]
    finally:
        for pid in others:
            os.kill(pid, signal.SIGCONT)


def member_link(server: LiveServer, member: str = "kari") -> str:
    with server.setup.app_context():
        minted = team_access.mint_links(get_store(), server.run, server.url, datetime.now(OSLO))
    return next(link.url for link in minted if link.member.id == member).removeprefix(server.url)


def log_in(browser: Browser, password: str = PASSWORD) -> int:
    _, page = browser.open("/admin/login")
    status, _ = browser.open(
        "/admin/login", {"csrf_token": hidden(page, "csrf_token"), "email": "leder@example.org", "password": password}
    )
    return status


def test_both_workers_answer_and_share_one_secret_key(server):
    answered = set()
    for index in (0, 1):
        with only(server, index) as pid:
            assert Browser(server.url).open("/healthz")[0] == 200
            answered.add(pid)
    assert answered == set(server.worker_pids())
    key = server.instance / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text().strip()) >= 48


def test_a_log_in_made_by_one_worker_holds_in_the_other(server):
    leader = Browser(server.url)
    with only(server, 0):
        assert log_in(leader) == 200  # the redirect is followed to the programme list
    with only(server, 1):
        status, page = leader.open("/admin/")
    assert status == 200 and "Demo 2026" in page and 'name="password"' not in page


def test_a_form_opened_in_one_worker_is_saved_by_the_other_and_read_back_by_the_first(server):
    kari = Browser(server.url)
    form = member_link(server) + "a/hovedplan/1"
    with only(server, 0):
        status, page = kari.open(form + "?lang=en")
    assert status == 200
    fields = {name: hidden(page, name) for name in ("csrf_token", "nonce", "revision")}
    with only(server, 1):
        status, saved = kari.open(form, {**fields, "action": "save", "effektmal": "Skrevet i den andre prosessen."})
    assert status == 200 and "Saved at" in saved, saved[:2000]  # the token of worker 0's page was good
    with only(server, 0):
        status, again = kari.open(form)
    assert status == 200 and "Skrevet i den andre prosessen." in html.unescape(again)
    assert hidden(again, "revision") == "1"


def test_a_programme_changed_from_outside_is_seen_by_both_workers(server):
    leader = Browser(server.url)
    with only(server, 0):
        log_in(leader)
    for index in (0, 1):  # both have read (and kept) the programme
        with only(server, index):
            assert "Våler" in leader.open(f"/admin/p/{PID}/")[1]
    doc = small_programme(date.today() - timedelta(days=1))
    doc["teams"][1]["name"] = "Våler i Østfold"
    store_programme(server.setup, doc)  # another process writes, as `flask programme load` would
    for index in (0, 1):
        with only(server, index):
            assert "Våler i Østfold" in leader.open(f"/admin/p/{PID}/")[1]


def test_failed_log_ins_in_one_worker_count_in_the_other(server):
    guesser = Browser(server.url)
    with only(server, 0):
        assert [log_in(guesser, "wrong password") for _ in range(LIMIT)] == [200] * LIMIT
        assert log_in(guesser, "wrong password") == 429
    with only(server, 1):
        assert log_in(guesser, "wrong password") == 429


def test_guessed_links_in_one_worker_count_in_the_other(server):
    guesser = Browser(server.url)
    guess = f"/p/{PID}/t/{'x' * 43}/"
    with only(server, 0):
        assert [guesser.open(guess)[0] for _ in range(LIMIT)] == [404] * LIMIT
        assert guesser.open(guess)[0] == 429
    with only(server, 1):
        assert guesser.open(guess)[0] == 429
