"""The leader's pages in a real browser against `flask serve`: accessible (axe), valid (Nu), no
sideways scrolling on a phone, no inline script or style refused by the CSP.

One server serves the whole module (the same ``LiveServer`` as the ``live_server`` fixture, with
the scheduler off and no mail to send): preparing it — the demo, two accounts, a programme file,
each a real `flask` command — costs several seconds, and the tests only read, except one that
moves a gathering of a programme no other test looks at.
"""

from __future__ import annotations

import re

import pytest

from tests.support.server import LiveServer, flask_cli
from tests.support.smtp import free_port

PASSWORD = "correct horse battery"
PID = "jobbvinner-ostfold-2018"
SMALL = """\
id: hadeland-2026
workflow: utviklingsverksted
title: Hadeland 2026–2027
leader: {name: Lea Leder, email: lea@example.org}
recipient: prosjektleder
gatherings:
  - {date: 2026-01-15, start: "09:00", place: Gran, host: Gran, theme: Oppstart}
  - {date: 2026-04-16, start: "09:00", place: Lunner, host: Lunner, theme: Rekruttering}
  - {date: 2026-08-27, start: "09:00", place: Gran, host: Gran, theme: Beholde}
  - {date: 2026-11-19, start: "09:00", place: Lunner, host: Lunner, theme: Heltid}
  - {date: 2027-02-18, start: "09:00", place: Gran, host: Gran, theme: Implementering}
  - {date: 2027-05-20, start: "09:00", place: Lunner, host: Partner AS, theme: Avslutning}
teams:
  - name: Gran
    members: [{name: Kari Holm, email: kari@example.org}]
  - name: Lunner
    members: [{name: Liv Lie, email: liv@example.org}]
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live server with the demo programme, a second programme from a file, a leader and an observer."""
    instance = tmp_path_factory.mktemp("admin-pages") / "instance"
    instance.mkdir()
    live = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SECRET_KEY": "e2e-secret"})
    for args in (
        ["demo", "setup"],
        ["admin", "create", "lea@example.org", "--password-stdin"],
        ["admin", "create", "olav@example.org", "--role", "observer", "--password-stdin"],
    ):
        result = flask_cli(instance, *args, input=PASSWORD + "\n", BASE_URL=live.url)
        assert result.returncode == 0, result.stderr
    small = instance.parent / "hadeland.yaml"
    small.write_text(SMALL, encoding="utf-8")
    assert flask_cli(instance, "programme", "load", str(small)).returncode == 0
    live.start()
    yield live
    live.stop()


@pytest.fixture
def csp_errors(page):
    """Console messages about anything the Content-Security-Policy refused."""
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    return refused


def log_in(page, server, email: str = "lea@example.org", password: str = PASSWORD) -> None:
    page.goto(server.url + "/admin/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()


def test_log_in_page_and_its_error(page, server, checks, csp_errors):
    page.goto(server.url + "/admin/")
    assert page.url.endswith("/admin/login?next=/admin/")
    checks.all(page, "admin-login")
    log_in(page, server, password="not the password")
    assert page.locator("#password-error").is_visible()
    checks.all(page, "admin-login-error")
    log_in(page, server)
    assert page.url == server.url + "/admin/"
    checks.all(page, "admin-programmes")
    assert page.locator("main a[href='/admin/new']").is_visible()
    assert csp_errors == []


def test_a_programmes_pages(page, server, checks, csp_errors):
    log_in(page, server)
    base = f"{server.url}/admin/p/{PID}"
    for path, name in [
        ("/", "admin-matrix"),
        ("/timeline", "admin-timeline"),
        ("/gatherings", "admin-gatherings"),
        ("/gatherings/g4", "admin-gathering-edit"),
        ("/teams", "admin-teams"),
        ("/teams/moss", "admin-team"),
        ("/teams/moss/members/maria-olsen", "admin-member"),
        ("/events", "admin-events"),
        ("/export", "admin-export"),
        ("/settings", "admin-settings"),
    ]:
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        checks.all(page, name)
    page.goto(base + "/")
    matrix = page.locator("table.matrix")
    assert matrix.locator("tbody tr").count() == 8
    assert matrix.locator(".status--submitted_late").count() >= 1
    assert page.locator(".matrix__row--withdrawn").count() == 3
    page.goto(base + "/timeline")
    assert page.get_by_role("img", name=re.compile("Jobbvinner Østfold")).count() == 1
    assert csp_errors == []


def test_moving_a_gathering_asks_first(page, server, checks):
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/hadeland-2026/gatherings/g4")
    page.fill("#date", "2026-11-26")
    page.locator("main form button[type=submit]").first.click()
    assert page.locator("input[name=confirm][value=yes]").count() == 1  # the preview, nothing saved yet
    checks.all(page, "admin-gathering-confirm")
    page.locator("main form button[type=submit]").first.click()
    assert page.url.endswith("/admin/p/hadeland-2026/gatherings")
    assert "26.11.2026" in page.locator("table").inner_text()


def test_the_new_programme_form_empty_and_with_errors(page, server, checks, csp_errors):
    log_in(page, server)
    page.goto(server.url + "/admin/new")
    checks.all(page, "admin-new")
    page.fill("#title", "Nettverk uten samlinger")
    page.fill("#teams-0-name", "Gran")
    page.fill("#teams-0-members", "Kari Holm kari-uten-komma")
    page.locator("button[value=create]").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    checks.all(page, "admin-new-errors")
    page.locator("button[value=add_gathering]").click()
    assert page.locator("input[name^='gatherings-'][name$='-date']").count() == 7
    assert page.locator("#title").input_value() == "Nettverk uten samlinger"
    assert csp_errors == []


def test_an_observer_reads_without_buttons(page, server, checks):
    log_in(page, server, "olav@example.org")
    page.goto(f"{server.url}/admin/p/{PID}/teams/moss")
    assert page.locator("main form").count() == 0
    checks.all(page, "admin-team-observer", phone=False)


def test_the_links_page_lists_each_working_link_and_ends_one(page, server, checks, csp_errors):
    """Issue #12, item 10: every link that works, sent when, with what, until when; one can be ended."""
    for _ in range(2):  # two links each for Moss's members (as two e-mails would give them)
        assert flask_cli(server.instance, "links", PID, "--team", "moss", BASE_URL=server.url).returncode == 0
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/{PID}/links")
    rows = page.locator("#links-moss + .table-scroll tbody tr")
    before = rows.count()
    assert before >= 8
    checks.all(page, "admin-links")
    rows.first.locator("form[action$='/end'] button").click()
    page.wait_for_load_state()
    assert page.locator(".flash--success").count() == 1
    assert page.locator("#links-moss + .table-scroll tbody tr").count() == before - 1
    assert csp_errors == []
