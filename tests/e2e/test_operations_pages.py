"""The pages this release adds, in a real browser against `flask serve`: the accessibility statement,
the API tokens, closing a programme and a closed programme's pages — accessible (axe), valid (Nu), no
sideways scrolling on a phone, no inline script or style refused by the CSP, in Norwegian and English."""

from __future__ import annotations

import re

import pytest

from tests.support.server import LiveServer, flask_cli
from tests.support.smtp import free_port

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The demo programme, a leader, and a contact address for accessibility problems."""
    instance = tmp_path_factory.mktemp("operations-pages") / "instance"
    instance.mkdir()
    live = LiveServer(
        instance,
        free_port(),
        {"SCHEDULER": "off", "SECRET_KEY": "e2e-secret", "ACCESSIBILITY_CONTACT": "uu@example.org"},
    )
    for args in (["demo", "setup"], ["admin", "create", "lea@example.org", "--password-stdin"]):
        result = flask_cli(instance, *args, input=PASSWORD + "\n", BASE_URL=live.url)
        assert result.returncode == 0, result.stderr
        if args[0] == "demo":  # the example's id carries the years it was moved to today
            live.demo = re.search(r"\((jobbvinner-ostfold-\d{4})\)", result.stdout).group(1)
    live.start()
    yield live
    live.stop()


@pytest.fixture
def pid(server) -> str:
    """The id of the demo's live programme."""
    return server.demo


@pytest.fixture
def csp_errors(page):
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    return refused


def log_in(page, server) -> None:
    page.goto(server.url + "/admin/login")
    page.fill("#email", "lea@example.org")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_the_accessibility_statement_is_linked_from_every_page(page, server, checks, csp_errors):
    page.goto(server.url + "/")
    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    assert page.locator("h1").inner_text() == "Tilgjengelighetserklæring"
    assert page.locator("table.criteria tbody tr").count() == 50
    assert page.get_by_role("link", name="uu@example.org").get_attribute("href") == "mailto:uu@example.org"
    checks.all(page, "accessibility-statement")
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "Accessibility statement"
    checks.accessible(page, "accessibility-statement-en")
    log_in(page, server)
    assert (
        page.get_by_role("link", name="Accessibility statement").count()
        + page.get_by_role("link", name="Tilgjengelighetserklæring").count()
        == 1
    )
    assert csp_errors == []


def test_a_leader_makes_an_api_token(page, server, pid, checks, csp_errors):
    log_in(page, server)
    page.goto(server.url + "/admin/api-tokens")
    checks.all(page, "admin-api-tokens-empty")
    page.locator("main form button[type=submit]").click()  # no name: an error, linked from the summary
    assert page.locator("#name-error").is_visible()
    checks.all(page, "admin-api-tokens-error")
    page.fill("#name", "Sak- og arkivsystemet")
    page.select_option("#programme", pid)
    page.check("#addresses")
    page.locator("main form button[type=submit]").last.click()
    token = page.locator("#new-token").input_value()
    assert token.startswith("vk_")
    checks.all(page, "admin-api-tokens-created")
    response = page.request.get(server.url + "/api/v1/programmes", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200 and [p["id"] for p in response.json()] == [pid]
    assert csp_errors == []


def test_closing_a_programme_in_the_browser(page, server, pid, checks, csp_errors):
    links = flask_cli(server.instance, "links", pid, "--team", "Moss", BASE_URL=server.url)
    team_link = links.stdout.splitlines()[0].split("\t")[-1]
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/{pid}/settings")
    page.get_by_role("link", name="Avslutt programmet …").click()
    checks.all(page, "admin-close-programme")
    page.locator("main form button[type=submit]").click()
    notice = page.locator(".closed-notice")
    assert "skrivebeskyttet, ingen e-post, ingen lenker" in notice.inner_text()
    checks.all(page, "admin-closed-programme")
    page.goto(f"{server.url}/admin/p/{pid}/settings")
    checks.all(page, "admin-closed-settings")
    page.goto(team_link)
    assert page.locator("h1").inner_text() == "Programmet er avsluttet"
    checks.all(page, "team-link-closed-programme")
    page.goto(f"{server.url}/admin/p/{pid}/settings")
    page.get_by_role("button", name="Åpne programmet igjen").click()
    assert page.locator(".closed-notice").count() == 0
    assert csp_errors == []
