"""A programme run by a nynorsk municipality (``language: nn``), in a real browser: its teams' pages,
forms and evaluation speak Nynorsk without anyone choosing, and the leader's main pages do in nn.

Every page state is checked with ``checks.all`` (axe-core WCAG 2.1 AA at two widths, the Nu HTML
Checker, screenshots). The programme is the Østfold example moved so that gathering 1 was yesterday.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from engine import create_app
from engine.access.links import evaluation_path
from engine.cycle import load_programme_file, shift_programme_by
from engine.programmes import get_catalog, save_programme_document
from engine.store import get_store
from tests.support.server import LiveServer, flask_cli
from tests.support.smtp import free_port
from tests.support.teamwork import EXAMPLE, OSLO, PID

SECRET = "e2e-secret"
PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A live server with the example programme in Nynorsk, Moss's links and a leader."""
    instance = tmp_path_factory.mktemp("nynorsk") / "instance"
    instance.mkdir()
    live = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SECRET_KEY": SECRET})
    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": SECRET, "SCHEDULER": "off", "BASE_URL": live.url})
    with app.app_context():
        catalog = get_catalog()
        programme = load_programme_file(EXAMPLE, catalog.workflows, catalog.forms)
        yesterday = datetime.now(OSLO).date() - timedelta(days=1)
        shifted = shift_programme_by(programme, (yesterday - programme.gatherings[0].date).days)
        document = {**shifted.to_document(), "language": "nn"}
        save_programme_document(get_store(), catalog, document, "e2e", datetime.now(OSLO))
    links = flask_cli(instance, "links", PID, "--team", "Moss", BASE_URL=live.url, SECRET_KEY=SECRET)
    assert links.returncode == 0, links.stderr
    live.links = {line.split("\t")[1]: line.split("\t")[3] for line in links.stdout.splitlines()}
    admin = flask_cli(instance, "admin", "create", "lea@example.org", "--password-stdin", input=PASSWORD + "\n")
    assert admin.returncode == 0, admin.stderr
    live.start()
    yield live
    live.stop()


def test_a_teams_pages_form_and_evaluation_in_nynorsk(page, site, checks):
    page.goto(site.links["Maria Olsen"])  # nobody chose: the programme's language
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.locator("h1")).to_have_text("Team Moss")
    checks.all(page, "nn-team-page")

    page.get_by_role("link", name=re.compile(r"^Fyll ut\s*: Framdriftsplan etter samling 1$")).first.click()
    expect(page.locator("h1")).to_have_text("Framdriftsplan etter samling 1")
    expect(page.locator("main")).to_contain_text("Delmål, tiltak, ansvarleg og tidsestimat")
    checks.all(page, "nn-fremdriftsplan-empty")

    page.click(".actions button[value='submit']")
    expect(page.locator(".error-summary")).to_be_visible()
    checks.all(page, "nn-fremdriftsplan-errors")

    page.goto(site.url + evaluation_path(SECRET, PID, 1))
    expect(page.locator("h1")).to_have_text("Evaluering av samlinga")
    expect(page.locator("main")).to_contain_text("Kor nøgd er du med det faglege innhaldet på samlinga?")
    checks.all(page, "nn-evaluation-form")


def test_the_leaders_main_pages_in_nynorsk(page, site, checks):
    page.goto(site.url + "/admin/login?lang=nn")
    checks.all(page, "nn-admin-login")
    page.fill("#email", "lea@example.org")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    base = f"{site.url}/admin/p/{PID}"
    for path, name in [
        ("/admin/", "nn-admin-front"),
        (f"/admin/p/{PID}/", "nn-admin-matrix"),
        (f"/admin/p/{PID}/teams", "nn-admin-teams"),
        (f"/admin/p/{PID}/teams/moss", "nn-admin-team"),
        (f"/admin/p/{PID}/gatherings", "nn-admin-gatherings"),
        (f"/admin/p/{PID}/cycle", "nn-admin-cycle"),
        (f"/admin/p/{PID}/cycle/mail/reminder", "nn-admin-cycle-mail"),
        (f"/admin/p/{PID}/mail", "nn-admin-mail"),
    ]:
        page.goto(site.url + path)
        expect(page.locator("html")).to_have_attribute("lang", "nn")
        assert page.locator("h1").count() == 1, path
        checks.all(page, name)
    page.goto(base + "/cycle/mail/reminder")
    expect(page.locator("main")).to_contain_text("Venleg helsing")  # the programme's nn mail text
