"""Browser fixtures: Debian's chromium driven by Playwright, a live ``flask serve``, real SMTP,
and the page checks (axe-core, Nu HTML Checker, screenshots) every e2e test uses.

Never a downloaded browser: the executable is /usr/bin/chromium, installed by ``make test``.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from engine import create_app
from engine.cycle import load_programme_file, shift_programme_by
from engine.programmes import get_catalog, save_programme_document
from engine.store import get_store
from tests.support.quality import (
    LEDGER,
    NuChecker,
    axe_violations,
    describe_html_errors,
    describe_violations,
)
from tests.support.server import LiveServer, flask_cli
from tests.support.smtp import free_port
from tests.support.teamwork import EXAMPLE, OSLO, PID

CHROMIUM = os.environ.get("VERKSTED_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter):
    if LEDGER.axe_pages or LEDGER.vnu_pages:
        terminalreporter.write_sep("-", "page quality")
        terminalreporter.write_line(
            f"axe-core (WCAG 2.1 A+AA): {LEDGER.axe_pages} page states checked, {LEDGER.axe_violations} violations"
        )
        terminalreporter.write_line(f"Nu HTML Checker: {LEDGER.vnu_pages} pages checked, {LEDGER.vnu_errors} errors")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO", timezone_id="Europe/Oslo")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def nu_checker():
    checker = NuChecker()
    yield checker
    checker.close()


def settled(page) -> None:
    """Wait until the page has drawn twice more: after a resize, its resize handlers have run."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


class PageChecks:
    """Run on a page state: zero axe violations (at desktop and phone width), zero HTML errors,
    screenshots at two widths."""

    def __init__(self, nu: NuChecker):
        self.nu = nu

    def accessible(self, page, name: str) -> None:
        violations = axe_violations(page)
        LEDGER.axe_pages += 1
        LEDGER.axe_violations += len(violations)
        LEDGER.pages.append(name)
        assert not violations, f"axe found violations on {name}:\n{describe_violations(violations)}"

    def valid_html(self, page, name: str) -> None:
        errors = self.nu.validate(page.content())
        LEDGER.vnu_pages += 1
        LEDGER.vnu_errors += len(errors)
        assert not errors, f"HTML errors on {name}:\n{describe_html_errors(errors)}"

    def screenshot(self, page, name: str, phone: bool = True) -> None:
        out = ARTIFACTS / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=out / f"{name}-desktop.png", full_page=True)
        if phone:
            page.set_viewport_size(PHONE)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            page.screenshot(path=out / f"{name}-phone.png", full_page=True)
            page.set_viewport_size(DESKTOP)
            assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width}px wide)"

    def all(self, page, name: str, phone: bool = True) -> None:
        self.accessible(page, name)
        self.valid_html(page, name)
        self.screenshot(page, name, phone)
        if phone:  # a phone gets its own layout (cards, one-row menus, another drawing): checked too
            page.set_viewport_size(PHONE)
            settled(page)
            try:
                self.accessible(page, f"{name}-phone")
            finally:
                page.set_viewport_size(DESKTOP)


@pytest.fixture(scope="session")
def checks(nu_checker):
    return PageChecks(nu_checker)


@pytest.fixture
def live_server(tmp_path, smtp_server):
    """``flask serve`` on loopback with mail going to the test's real SMTP server; scheduler off
    (tests move time with ``flask tick --now``)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    server = LiveServer(
        instance,
        free_port(),
        {
            "SCHEDULER": "off",
            "MAIL_SERVER": smtp_server.host,
            "MAIL_PORT": smtp_server.port,
            "SECRET_KEY": "e2e-secret",
        },
    )
    server.start()
    yield server
    server.stop()


def serve_example(live_server, first_day):
    """``live_server`` with the example programme moved so that gathering 1 is on ``first_day``, and
    Moss's links by member name (``links``); ``app`` is an app on the same instance."""
    app = create_app(
        {
            "INSTANCE_PATH": str(live_server.instance),
            "SECRET_KEY": "e2e-secret",
            "SCHEDULER": "off",
            "BASE_URL": live_server.url,
        }
    )
    with app.app_context():
        catalog = get_catalog()
        programme = load_programme_file(EXAMPLE, catalog.workflows, catalog.forms)
        shifted = shift_programme_by(programme, (first_day - programme.gatherings[0].date).days)
        save_programme_document(get_store(), catalog, shifted.to_document(), "e2e", datetime.now(OSLO))
    result = flask_cli(
        live_server.instance, "links", PID, "--team", "Moss", BASE_URL=live_server.url, SECRET_KEY="e2e-secret"
    )
    assert result.returncode == 0, result.stderr
    live_server.links = {line.split("\t")[1]: line.split("\t")[3] for line in result.stdout.splitlines()}
    live_server.app = app
    return live_server


@pytest.fixture
def site(live_server):
    """The live server with the example programme moved so that gathering 1 was yesterday, and Moss's
    links by member name (``links``); the Hovedplan and the first Fremdriftsplan are open today."""
    return serve_example(live_server, datetime.now(OSLO).date() - timedelta(days=1))
