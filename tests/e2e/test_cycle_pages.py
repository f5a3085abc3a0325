"""The cycle pages and the copy page in a real browser: accessible (axe 0), valid (Nu 0), no
sideways scrolling on a phone, in Norwegian and English — and a change made the way a leader
makes it: a deadline moved, the confirmation read, saved; a mail text previewed and saved."""

from __future__ import annotations

import pytest

from tests.e2e.test_admin_pages import PASSWORD, log_in
from tests.e2e.test_admin_pages import server as admin_server  # noqa: F401  (the module's live server)


@pytest.fixture(scope="module")
def server(admin_server):  # noqa: F811
    return admin_server


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_cycle_page_the_mail_page_and_the_copy_page(page, server, checks, lang):
    log_in(page, server, "lea@example.org", PASSWORD)
    base = f"{server.url}/admin/p/{server.pid}"
    for path, name in [
        ("/cycle", "admin-cycle"),
        ("/cycle/mail/reminder", "admin-cycle-mail"),
        ("/copy", "admin-copy"),
    ]:
        page.goto(f"{base}{path}?lang={lang}")
        assert page.locator("h1").count() == 1, path
        checks.all(page, f"{name}-{lang}")
    page.goto(f"{base}/cycle?lang={lang}")
    assert page.locator("fieldset.cycle-deliverable").count() == 7  # the leader's report and påmelding (off) too
    assert page.locator("a[href$='/cycle/mail/invitation']").count() == 1


def test_a_deadline_moved_in_the_browser_is_confirmed_then_saved(page, server, checks):
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/hadeland-2026/cycle?lang=en")
    page.fill("#d-fremdriftsplan-due-days", "21")
    page.get_by_role("button", name="Show what changes").click()
    assert "Confirm the change of the cycle" in page.locator("h1").inner_text()
    checks.all(page, "admin-cycle-confirm")
    page.get_by_role("button", name="Save the change").click()
    assert page.url.endswith("/admin/p/hadeland-2026/cycle")
    assert page.locator("#d-fremdriftsplan-due-days").input_value() == "21"
    assert "adjusted" in page.locator("fieldset.cycle-deliverable").nth(1).inner_text()


def test_errors_on_the_cycle_page_are_listed_and_accessible(page, server, checks):
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/hadeland-2026/cycle?lang=en")
    page.fill("#d-hovedplan-due-days", "many")
    page.get_by_role("button", name="Show what changes").click()
    assert page.locator("#error-summary li").count() == 1
    assert page.locator("#d-hovedplan-due-days").input_value() == "many"
    checks.all(page, "admin-cycle-errors")


def test_a_mail_text_preview_in_the_browser(page, server, checks):
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/hadeland-2026/cycle/mail/invitation?lang=en")
    page.fill("#subject", "Skjema for {{ team }}: {{ deliverable }}")
    page.get_by_role("button", name="Show the preview").click()
    assert "Skjema for Gran:" in page.locator(".mail-preview").inner_text()
    checks.all(page, "admin-cycle-mail-preview")
