"""The leader's mail pages in a real browser: accessible, valid, readable on a phone.

A live ``flask serve`` with no mail server (so the local mailbox is on), passes run with
``flask tick`` — once into the mailbox, once against a port that refuses, to show a failure.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from engine import create_app
from engine.access.accounts import create_account
from engine.store import get_store
from tests.support.programmes import local, small_programme, store_programme
from tests.support.server import LiveServer, flask_cli
from tests.support.smtp import free_port

PASSWORD = "a-long-password-1"


@pytest.fixture
def mail_server(tmp_path):
    """``flask serve`` (scheduler off, local mailbox) on an instance with a programme whose reminder is due."""
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "e2e-secret"})
    # whatever weekday the test runs on, the reminder goes out today
    store_programme(app, small_programme(date.today() - timedelta(days=36), cycle={"send_on": "any_day"}))
    with app.app_context():
        create_account(get_store(), "lea@example.org", PASSWORD, "leader", local("2026-01-01T12:00"))
    server = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SECRET_KEY": "e2e-secret"}).start()
    yield server
    server.stop()


def tick(server: LiveServer, **settings) -> str:
    result = flask_cli(server.instance, "tick", BASE_URL=server.url, SECRET_KEY="e2e-secret", **settings)
    assert result.returncode == 0, result.stderr
    return result.stdout


def log_in(page, server: LiveServer) -> None:
    page.goto(f"{server.url}/admin/login")
    page.fill("input[name=email]", "lea@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_the_mail_pages_and_the_mailbox(page, mail_server, checks):
    assert " 0 failed" in tick(mail_server)
    log_in(page, mail_server)
    page.goto(f"{mail_server.url}/admin/mail")
    checks.all(page, "mail-overview")
    page.locator("main a[href='/admin/p/demo-2026/mail']").click()
    checks.all(page, "mail-programme")
    page.locator("main a[href*='deliverable=hovedplan']").first.click()
    checks.all(page, "mail-assignment")
    page.locator("form[action$='/remind'] button").first.click()  # remind both teams now
    assert page.locator(".flash--success").count() == 1
    checks.accessible(page, "mail-assignment-reminded")

    assert " 1 failed" in tick(mail_server, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # a refusing port
    page.goto(f"{mail_server.url}/admin/p/demo-2026/mail")
    assert page.locator(".mail-error").first.inner_text() == "the mail server refused the connection"
    checks.all(page, "mail-programme-failed")
    page.locator("form[action$='/retry'] button").first.click()
    assert page.locator(".flash--success").count() == 1

    page.goto(f"{mail_server.url}/admin/mailbox")
    checks.all(page, "mailbox")
    page.locator("main table a", has_text="Påminnelse").first.click()  # a reminder carries a personal link
    checks.all(page, "mailbox-message")
    link = page.locator(".mail-html a").first.get_attribute("href")
    assert link.startswith(f"{mail_server.url}/p/demo-2026/t/")
