"""Registration for the gatherings in a real browser, in Norwegian and English, the way it is used:
the leader turns *Påmelding* on under Syklus, a team member registers the team's people for the
next gathering, and the leader reads who comes and the catering list and downloads the workbook.
Every page state is checked by axe-core (WCAG 2.1 AA), the Nu HTML Checker and at phone width
without sideways scrolling.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serve_example
from tests.support.server import flask_cli
from tests.support.teamwork import OSLO, PID

PASSWORD = "a long enough password"
# Gathering 2 of the example comes 154 days after gathering 1.
GATHERING_2_IN = 14  # days from today: its registration is open (it opened 28 days before, is due 7 before)
WORDS = {
    "en": {"off": "does not ask the teams", "coming": "2 people are coming", "submit": "Submit"},
    "nb": {"off": "ber ikke teamene", "coming": "2 personer kommer", "submit": "Send inn"},
}


@pytest.fixture
def site(live_server):
    first = datetime.now(OSLO).date() + timedelta(days=GATHERING_2_IN - 154)
    served = serve_example(live_server, first)
    created = flask_cli(
        served.instance, "admin", "create", "lea@example.org", "--password-stdin", input=PASSWORD + "\n"
    )
    assert created.returncode == 0, created.stderr
    return served


def log_in(page, site, lang):
    page.goto(f"{site.url}/admin/login?lang={lang}")
    page.fill("#email", "lea@example.org")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_registration_turned_on_filled_in_and_read(page, browser, site, checks, tmp_path, lang):
    words = WORDS[lang]
    log_in(page, site, lang)
    page.goto(f"{site.url}/admin/p/{PID}/registrations?lang={lang}")
    expect(page.locator("main")).to_contain_text(words["off"])
    checks.all(page, f"admin-registrations-off-{lang}")

    page.goto(f"{site.url}/admin/p/{PID}/cycle?lang=en")
    page.check("#d-pamelding-enabled")
    page.get_by_role("button", name="Show what changes").click()
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator("#d-pamelding-enabled")).to_be_checked()

    member = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo").new_page()
    member.goto(site.links["Maria Olsen"] + f"a/pamelding/2?lang={lang}")
    expect(member.locator("h1")).to_contain_text("Påmelding")
    checks.all(member, f"pamelding-form-{lang}")
    assert member.input_value("[name='deltakere-3-navn']") == "Ahmed Ali"  # the team's members, suggested
    member.click("button[value='remove_row:deltakere:3']")
    member.click("button[value='remove_row:deltakere:2']")
    expect(member.locator("[name='deltakere-2-navn']")).to_have_count(0)
    assert member.input_value("[name='deltakere-0-rolle']") == "gruppeleder"
    member.check("[name='deltakere-0-kosthold'][value='Vegetar']")
    member.fill("[name='deltakere-0-allergier']", "Nøtter")
    member.check("[name='deltakere-0-gruppearbeid'][value='På tvers av kommunene']")
    member.locator(".actions button[value='submit']").click()
    member.get_by_role("button", name=words["submit"], exact=True).click()
    expect(member.locator(".notice--success")).to_be_visible()
    checks.all(member, f"pamelding-receipt-{lang}")
    member.context.close()

    page.goto(f"{site.url}/admin/p/{PID}/registrations?lang={lang}")
    checks.all(page, f"admin-registrations-{lang}")
    page.locator("main table a").nth(1).click()  # gathering 2
    expect(page.locator(".lead")).to_contain_text(words["coming"])
    expect(page.locator("main")).to_contain_text("Nøtter")
    checks.all(page, f"admin-registration-{lang}")
    with page.expect_download() as download:
        page.locator("main a[download]").click()
    path = tmp_path / "registrations.xlsx"
    download.value.save_as(path)
    names = [row[1] for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert names == ["Maria Olsen", "Lars Kristiansen"]
    assert re.search(r"\.xlsx$", download.value.suggested_filename)
