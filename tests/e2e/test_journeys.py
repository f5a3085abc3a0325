"""Whole journeys in a real browser against ``flask serve``, with mail through a real SMTP server.

1. A project leader creates a programme from scratch in the browser — workflow, six gatherings,
   two teams with their members — without touching YAML.
2. The scheduler's pass (``flask tick``) sends the invitations; a team member follows the link in
   the e-mail she received, fills in the Fremdriftsplan with table rows, saves and leaves; a
   team-mate comes back through the link in *his* e-mail, finds the draft, adds a row, submits
   and gets the receipt page — and the receipt by e-mail.
3. A participant answers the anonymous evaluation from the link in the evaluation e-mail.
4. The leader reads the submission and sees it on time in the delivery matrix.

Every new page state is checked with axe-core (WCAG 2.1 A/AA) and the Nu HTML Checker.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from engine.cycle.calendar import is_working_day
from tests.support.server import flask_cli

OSLO = ZoneInfo("Europe/Oslo")
PASSWORD = "a long enough password"
PID = "nettverk-indre"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/p/[^/\s]+/t/[A-Za-z0-9_-]+/)")
EVALUATION = re.compile(r"(http://127\.0\.0\.1:\d+/p/[^/\s]+/evaluering/\d+/[A-Za-z0-9_=-]+)")

GATHERINGS = [
    ("Rådhuset, Askim", "Askim", "Oppstart"),
    ("Kulturhuset, Spydeberg", "Spydeberg", "Rekruttering"),
    ("Rådhuset, Askim", "Askim", "Beholde"),
    ("Kulturhuset, Spydeberg", "Spydeberg", "Heltidskultur"),
    ("Rådhuset, Askim", "Askim", "Implementering"),
    ("Kulturhuset, Spydeberg", "Spydeberg", "Forankring"),
]
TEAMS = {
    "Askim": ["Kari Holm, kari.holm@example.org, gruppeleder", "Per Lie, per.lie@example.org"],
    "Spydeberg": ["Eva Dahl, eva.dahl@example.org, gruppeleder"],
}


def gathering_days(today: date) -> list[date]:
    """The first gathering on the last working day before today (so the first Fremdriftsplan is open
    today and its invitation went out on the gathering's day, not waiting for a Monday), then every
    ten weeks."""
    first = today - timedelta(days=1)
    while not is_working_day(first):
        first -= timedelta(days=1)
    return [first + timedelta(weeks=10 * n) for n in range(len(GATHERINGS))]


def tick(server, smtp_server, when: datetime):
    result = flask_cli(
        server.instance,
        "tick",
        "--now",
        when.isoformat(),
        BASE_URL=server.url,
        SECRET_KEY="e2e-secret",
        MAIL_SERVER=smtp_server.host,
        MAIL_PORT=smtp_server.port,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def link_in(smtp_server, email: str, kind: str, pattern=LINK) -> str:
    messages = smtp_server.inbox.wait_for(
        lambda ms: [m for m in ms if email in m.rcpt_tos and m.header("X-Verksted-Kind") == kind]
    )
    message = [m for m in messages if email in m.rcpt_tos and m.header("X-Verksted-Kind") == kind][-1]
    found = pattern.search(message.text())
    assert found, message.text()
    return found.group(1)


def log_in(page, server) -> None:
    page.goto(server.url + "/admin/login?lang=en")
    page.fill("#email", "leder@example.org")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(server.url + "/admin/")


def create_programme_in_the_browser(page, server, checks, days: list[date]) -> None:
    log_in(page, server)
    page.get_by_role("link", name="New programme").click()
    page.select_option("#workflow", "utviklingsverksted")
    page.fill("#title", "Nettverk Indre Østfold")
    page.fill("#programme_id", PID)
    page.fill("#recipient", "prosjektgruppa v/ prosjektleder")
    page.fill("#leader_name", "Ingrid Solberg")
    page.fill("#leader_email", "ingrid.solberg@example.org")
    page.fill("#first_date", days[0].isoformat())  # places and themes come later, on the gatherings page
    page.fill("#gathering_count", str(len(GATHERINGS)))
    page.fill("#weeks_between", str((days[1] - days[0]).days // 7))
    for n, (name, members) in enumerate(TEAMS.items()):
        page.fill(f"#teams-{n}-name", name)
        page.fill(f"#teams-{n}-members", "\n".join(members))
    page.locator("#teams-2-name").fill("")
    checks.accessible(page, "admin-new-filled")
    page.get_by_role("button", name="Create the programme").click()
    expect(page.locator(".flash--success")).to_contain_text("was created")
    expect(page.locator("table.matrix tbody tr")).to_have_count(2)
    checks.all(page, "journey-new-programme-overview")
    place, host, theme = GATHERINGS[0]
    page.goto(f"{server.url}/admin/p/{PID}/gatherings/g1")
    page.fill("#place", place)
    page.select_option("#host", host)
    page.fill("#theme", theme)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".flash--success")).to_contain_text("The gathering was saved.")


def test_from_a_new_programme_to_a_delivery_read_by_the_leader(browser, page, live_server, smtp_server, checks):
    server = live_server
    created = flask_cli(
        server.instance, "admin", "create", "leder@example.org", "--password-stdin", input=PASSWORD + "\n"
    )
    assert created.returncode == 0, created.stderr
    today = datetime.now(OSLO).date()
    days = gathering_days(today)
    create_programme_in_the_browser(page, server, checks, days)

    # The invitations of the first gathering's day, sent by a scheduler pass at 09:00 that day.
    tick(server, smtp_server, datetime.combine(days[0], datetime.min.time(), OSLO).replace(hour=9))
    kari_link = link_in(smtp_server, "kari.holm@example.org", "invitation")
    per_link = link_in(smtp_server, "per.lie@example.org", "invitation")

    kari = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    tab = kari.new_page()
    tab.goto(kari_link + "?lang=en")
    expect(tab.locator("h1")).to_have_text("Team Askim")
    tab.get_by_role("link", name=re.compile(r"^Fill in\s*: Fremdriftsplan after gathering 1$")).first.click()
    tab.fill("#gruppeleder", "Kari Holm")
    tab.fill("#resultatmal", "To nye traineeplasser er lyst ut.")
    tab.fill("#forste_mote", f"{days[0] + timedelta(days=7)}T14:00")
    tab.fill("#forste_mote_sted", "Rådhuset, møterom 2")
    for column, value in (("delmal", "Kartlegge behovet"), ("tiltak", "Gå gjennom turnover"), ("ansvarlig", "Per Lie")):
        tab.fill(f"[name='tiltak-0-{column}']", value)
    tab.locator("[name='tiltak-0-tidsestimat']").first.check()
    tab.get_by_role("button", name="Add a row").click()
    tab.fill("[name='tiltak-1-delmal']", "Lyse ut stillinger")
    tab.fill("[name='tiltak-1-tiltak']", "Skrive utlysning med HR")
    tab.fill("[name='tiltak-1-ansvarlig']", "Kari Holm")
    tab.get_by_role("button", name="Save draft").click()
    expect(tab.locator(".notice--success")).to_contain_text("Saved at")
    kari.close()  # she leaves

    per = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    tab = per.new_page()
    tab.goto(per_link + "a/fremdriftsplan/1?lang=en")
    expect(tab.locator("body")).to_contain_text("Draft last saved by Kari Holm")
    assert tab.input_value("[name='tiltak-1-delmal']") == "Lyse ut stillinger"
    tab.get_by_role("button", name="Add a row").click()
    tab.fill("[name='tiltak-2-delmal']", "Følge opp søkerne")
    tab.fill("[name='tiltak-2-tiltak']", "Intervjuer og oppfølging")
    tab.fill("[name='tiltak-2-ansvarlig']", "Per Lie")
    tab.fill("#effektmal", "Flere kvalifiserte søkere til ledige stillinger.")
    tab.click(".actions button[value='submit']")
    assert tab.locator(".error-summary").count() == 0, tab.locator(".error-summary").inner_text()
    expect(tab.locator("h1")).to_contain_text("Check and submit")
    tab.get_by_role("button", name="Submit", exact=True).click()
    expect(tab.locator("h1")).to_have_text("Receipt: Fremdriftsplan after gathering 1")
    checks.all(tab, "journey-receipt")
    per.close()

    tick(server, smtp_server, datetime.now(OSLO))
    receipts = smtp_server.inbox.wait_for(lambda ms: [m for m in ms if m.header("X-Verksted-Kind") == "receipt"])
    receipt = [m for m in receipts if m.header("X-Verksted-Kind") == "receipt"][-1]
    assert receipt.rcpt_tos == ["per.lie@example.org"]
    assert "Følge opp søkerne" in receipt.text()

    participant = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    tab = participant.new_page()
    tab.goto(link_in(smtp_server, "eva.dahl@example.org", "evaluation", EVALUATION))
    expect(tab.locator("h1")).to_contain_text("Evaluering")
    for group in tab.locator("fieldset.scale, fieldset:has(input[type=radio])").all()[:3]:
        group.locator("input[type=radio]").last.check()
    tab.locator("button[value='submit']").click()
    expect(tab.locator("main")).to_contain_text(re.compile("Takk|Thank"))
    participant.close()

    page.goto(f"{server.url}/admin/p/{PID}/")
    cell = page.locator("table.matrix tbody tr", has_text="Askim").locator("td").nth(1)
    expect(cell.locator(".status")).to_have_class(re.compile("status--submitted_on_time"))
    cell.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text("Følge opp søkerne")
    expect(page.locator("main")).to_contain_text("Per Lie")
    checks.all(page, "journey-leader-reads")
    page.goto(f"{server.url}/admin/p/{PID}/evaluations")
    expect(page.locator("main")).to_contain_text(re.compile(r"1 (response|svar)"))
