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

from tests.support.server import DEMO_DAY, LiveServer, flask_cli
from tests.support.smtp import free_port

PASSWORD = "correct horse battery"
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
    live = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SECRET_KEY": "e2e-secret", "CLOCK": DEMO_DAY})
    demo = flask_cli(instance, "demo", "setup", BASE_URL=live.url, CLOCK=DEMO_DAY)
    assert demo.returncode == 0, demo.stderr
    live.pid = re.search(r"\((jobbvinner-ostfold-\d{4})\)", demo.stdout).group(1)  # its years move with the demo
    for args in (
        ["admin", "create", "lea@example.org", "--password-stdin"],
        ["admin", "create", "olav@example.org", "--role", "observer", "--password-stdin"],
    ):
        result = flask_cli(instance, *args, input=PASSWORD + "\n", BASE_URL=live.url, CLOCK=DEMO_DAY)
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
    base = f"{server.url}/admin/p/{server.pid}"
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
    assert summary.locator("li").count() == 4  # leader's name and address, date, member line: all at once
    page.locator("button[value=add_team]").click()
    assert page.locator("input[name^='teams-'][name$='-name']").count() == 4
    assert page.locator("#title").input_value() == "Nettverk uten samlinger"
    assert csp_errors == []


def test_an_observer_reads_without_buttons(page, server, checks):
    log_in(page, server, "olav@example.org")
    page.goto(f"{server.url}/admin/p/{server.pid}/teams/moss")
    assert page.locator("main form").count() == 0
    checks.all(page, "admin-team-observer", phone=False)


def test_the_links_page_lists_each_working_link_and_ends_one(page, server, checks, csp_errors):
    """Issue #12, item 10: every link that works, sent when, with what, until when; one can be ended."""
    for _ in range(2):  # two links each for Moss's members (as two e-mails would give them)
        assert flask_cli(server.instance, "links", server.pid, "--team", "moss", BASE_URL=server.url).returncode == 0
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/{server.pid}/links")
    rows = page.locator("#links-moss + .table-scroll tbody tr")
    before = rows.count()
    assert before >= 8
    checks.all(page, "admin-links")
    rows.first.locator("form[action$='/end'] button").click()
    page.wait_for_load_state()
    assert page.locator(".flash--success").count() == 1
    assert page.locator("#links-moss + .table-scroll tbody tr").count() == before - 1
    assert csp_errors == []


PHONE = {"width": 375, "height": 740}


def test_the_matrix_shows_the_documents_that_matter_now_without_sideways_scrolling(page, server, checks):
    """At 1280 px the open Statusrapport is on the screen, not behind three old columns; every cell fits."""
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/{server.pid}/")
    region = page.locator(".matrix-scroll")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.locator("th.matrix__group", has_text="Statusrapport").count() == 1
    assert page.locator("th.matrix__group", has_text="Hovedplan").count() == 0  # delivered long ago
    icon = page.locator(".matrix__extended svg.icon").first  # Moss's extension, drawn
    assert icon.bounding_box()["width"] > 8
    standing = " ".join(page.locator("ul.standing").inner_text().split())
    assert re.search(r"Trukket seg [23] team", standing)  # teams, not cells (Halden's date moves with the demo)
    page.get_by_role("link", name=re.compile("Vis alle de 11")).click()
    assert page.locator("table.matrix tbody tr").first.locator("td").count() == 11
    checks.all(page, "admin-matrix-all", phone=False)


def test_on_a_phone_the_page_starts_near_the_top_and_the_matrix_says_it_scrolls(page, server):
    log_in(page, server)
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/admin/p/{server.pid}/events")
    assert page.locator("h1").bounding_box()["y"] < 200  # the two menus take a row each
    assert page.locator(".programme-nav [aria-current=page]").evaluate(
        "a => { const m = a.closest('nav').getBoundingClientRect(), r = a.getBoundingClientRect();"
        " return r.left >= m.left && r.right <= m.right }"
    )  # the menu shows where one is
    page.goto(f"{server.url}/admin/p/{server.pid}/")
    team_column = page.locator("table.matrix tbody th[scope=row]").first.bounding_box()["width"]
    assert team_column < PHONE["width"] * 0.35
    assert page.locator(".scroll-hint--shown").is_visible()


def test_on_a_phone_the_timeline_shows_today(page, server, checks):
    log_in(page, server)
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/admin/p/{server.pid}/timeline")
    today = page.locator(".timeline-scroll--phone .tl-today-label")
    box = today.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert not page.locator(".timeline-scroll--wide").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator(".timeline-scroll--wide .tl-today-label").is_visible()
    checks.all(page, "admin-timeline-today")


def test_the_front_page_says_what_needs_attention_and_leads_there(page, server, checks):
    log_in(page, server)
    page.goto(f"{server.url}/admin/")
    expect_heading = page.locator("h1")
    assert expect_heading.inner_text() == "Til oppfølging"
    for kind in ("overdue", "due_soon", "draft", "unread"):
        assert page.locator(f"#attention-{kind} .attention-item").count() >= 1, kind
    checks.all(page, "admin-front")
    page.goto(f"{server.url}/admin/?lang=en")
    checks.all(page, "admin-front-en")
    unread = page.locator("#attention-unread .attention-item")
    before = unread.count()
    unread.first.get_by_role("link", name="Read it").click()
    assert page.locator("h1").count() == 1 and "/submissions/" in page.url
    page.goto(f"{server.url}/admin/?lang=nb")
    assert page.locator("#attention-unread .attention-item").count() == before - 1
