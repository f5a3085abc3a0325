"""The team pages, the evaluation and the leader's reading of submissions in a real browser.

Every page state is checked with ``checks.all`` (axe-core WCAG 2.1 AA, the Nu HTML Checker,
screenshots on desktop and phone without sideways scrolling). The programme is the Østfold
example moved in time so that gathering 1 was yesterday (the ``site`` fixture): the first
Fremdriftsplan and the evaluation of gathering 1 are open today. The leader's account comes from
``flask admin create``.
"""

from __future__ import annotations

import re
from datetime import datetime

from playwright.sync_api import expect

from engine.access.links import evaluation_path
from tests.support.server import flask_cli
from tests.support.teamwork import FREMDRIFTSPLAN, PID, TeamMember

SECRET = "e2e-secret"
PASSWORD = "a long enough password"


def fill_fremdriftsplan(page, rows=1):
    page.fill("#gruppeleder", FREMDRIFTSPLAN["gruppeleder"])
    page.fill("#effektmal", FREMDRIFTSPLAN["effektmal"])
    page.fill("#resultatmal", FREMDRIFTSPLAN["resultatmal"])
    page.fill("#forste_mote", FREMDRIFTSPLAN["forste_mote"])
    page.fill("#forste_mote_sted", FREMDRIFTSPLAN["forste_mote_sted"])
    for row in range(rows):
        for column in ("delmal", "tiltak", "ansvarlig"):
            page.fill(f"[name='tiltak-{row}-{column}']", FREMDRIFTSPLAN[f"tiltak-{row}-{column}"])


def test_a_team_fills_in_and_submits_its_plan(page, browser, site, checks):
    page.goto(site.links["Maria Olsen"] + "?lang=en")
    expect(page.locator("h1")).to_have_text("Team Moss")
    checks.all(page, "team-page")

    page.get_by_role("link", name=re.compile(r"^Fill in\s*: Fremdriftsplan after gathering 1$")).first.click()
    expect(page.locator("h1")).to_have_text("Fremdriftsplan after gathering 1")
    checks.all(page, "fremdriftsplan-empty")

    page.click(".actions button[value='submit']")
    expect(page.locator(".error-summary")).to_be_visible()
    checks.all(page, "fremdriftsplan-errors")

    other = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    lars = other.new_page()
    lars.goto(site.links["Lars Kristiansen"] + "a/fremdriftsplan/1?lang=en")
    lars.fill("#resultatmal", "Lars sitt resultatmål")
    lars.click(".actions button[value='save']")
    expect(lars.locator(".notice--success")).to_contain_text("Saved at")
    other.close()

    page.fill("#resultatmal", "Marias resultatmål")
    page.click(".actions button[value='save']")
    expect(page.locator(".conflict")).to_contain_text("Lars sitt resultatmål")
    assert page.input_value("#resultatmal") == "Marias resultatmål"
    checks.all(page, "conflict")

    fill_fremdriftsplan(page, rows=3)
    page.click(".actions button[value='submit']")
    expect(page.locator("h1")).to_contain_text("Check and submit")
    checks.all(page, "confirm")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("h1")).to_have_text("Receipt: Fremdriftsplan after gathering 1")
    expect(page.locator(".notice--success")).to_contain_text("Thank you! The form is submitted.")
    checks.all(page, "receipt")


def test_on_a_phone_each_form_is_a_card_with_its_deadline_and_links(page, site):
    """At 375 px the table of the team's forms showed two columns and hid the deadline and the links
    to the side, with no sign of it: now each form is a card, everything on the screen."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site.links["Maria Olsen"] + "?lang=en")
    rows = page.locator("table.team-forms tbody tr")
    assert rows.count() == 11
    for index in (0, 1):  # the open ones, then any other
        card = rows.nth(index).bounding_box()
        assert card["x"] >= 0 and card["x"] + card["width"] <= 375
        deadline = rows.nth(index).locator("td[data-label='Deadline']")
        assert deadline.is_visible() and deadline.bounding_box()["x"] + deadline.bounding_box()["width"] <= 375
        assert "Deadline" in deadline.evaluate("td => getComputedStyle(td, '::before').content")
    link = rows.first.get_by_role("link", name=re.compile("^Fill in"))
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


def tab_to(page, selector, limit=400):
    """Press Tab until the focused element matches ``selector`` (the keyboard is all we use)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus")


def test_the_plan_can_be_completed_with_the_keyboard_alone(page, site):
    page.goto(site.links["Ida Pedersen"] + "a/fremdriftsplan/1?lang=en")
    typed = {
        "#gruppeleder": "Ida Pedersen",
        "#effektmal": "Flere søkere.",
        "#resultatmal": "To traineeplasser.",
        "#forste_mote_sted": "Moss rådhus",
        "[name='tiltak-0-delmal']": "Kartlegge",
        "[name='tiltak-0-tiltak']": "Gå gjennom turnover",
        "[name='tiltak-0-ansvarlig']": "Ida",
    }
    for selector, text in typed.items():
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "#forste_mote")
    page.keyboard.type("03052018")  # day, month, year of the date and time input …
    page.keyboard.press("Tab")
    page.keyboard.type("1400")  # … then its hours and minutes
    typed_day = datetime.fromisoformat(page.input_value("#forste_mote"))  # the order depends on the browser's locale
    assert (typed_day.hour, typed_day.minute, typed_day.year) == (14, 0, 2018)
    tab_to(page, "#tiltak-0-tidsestimat-1")
    page.keyboard.press("Space")
    month = page.inner_text("label[for='tiltak-0-tidsestimat-1']")
    tab_to(page, "button[value='add_row:tiltak']")
    page.keyboard.press("Enter")
    expect(page.locator(".table-row")).to_have_count(4)
    assert page.evaluate("document.activeElement.name") == "tiltak-3-delmal"
    page.keyboard.type("Lyse ut plasser")
    for column in ("tiltak", "ansvarlig"):
        tab_to(page, f"[name='tiltak-3-{column}']")
        page.keyboard.type("Maria")
    tab_to(page, ".actions button[value='submit']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Check and submit")
    tab_to(page, "button[value='submit']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Receipt: Fremdriftsplan after gathering 1")
    text = page.inner_text("main")
    assert "Kartlegge\tGå gjennom turnover\tIda\t" + month in text
    assert "Lyse ut plasser\tMaria\tMaria" in text
    assert typed_day.strftime("%d.%m.%Y kl. 14.00") in text


def test_autosave_keeps_what_is_typed(page, site):
    page.goto(site.links["Maria Olsen"] + "a/fremdriftsplan/1?lang=en")
    assert "No draft saved yet" in page.inner_text("#draft-state")
    page.locator("#resultatmal").press_sequentially("Lagret uten å trykke på noe")
    status = page.locator("[data-autosave-status]")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"), timeout=20000)
    assert page.input_value("input[name=revision]") == "1"
    # the line at the top no longer says that nothing is saved
    expect(page.locator("#draft-state")).to_contain_text(re.compile(r"Draft last saved by Maria Olsen, \d\d\.\d\d"))
    assert "No draft saved yet" not in page.inner_text("#draft-state")
    page.reload()
    assert page.input_value("#resultatmal") == "Lagret uten å trykke på noe"
    assert "Draft last saved by Maria Olsen" in page.inner_text("#draft-state")


def test_the_evaluation_of_a_gathering(page, site, checks):
    page.goto(site.url + evaluation_path(SECRET, PID, 1) + "?lang=en")
    expect(page.locator("h1")).to_have_text("Evaluering av samlingen")
    checks.all(page, "evaluation-form")
    for key, value in (("faglig_innhold", 4), ("gruppearbeid_eget_team", 5), ("gruppearbeid_paa_tvers", 3)):
        page.check(f"input[name='{key}'][value='{value}']")
    page.fill("#faglig_kommentar", "Nyttig.")
    page.click("button[value='submit']")
    expect(page.locator("h1")).to_have_text("Thank you!")
    checks.all(page, "evaluation-thanks")


def test_the_leader_reads_and_compares_versions(page, site, checks):
    maria = TeamMember(site.app.test_client(), site.links["Maria Olsen"].removeprefix(site.url))
    maria.client.get("/?lang=en")
    answers = {key: value for key, value in FREMDRIFTSPLAN.items() if not key.endswith("tidsestimat")}
    maria.submit(answers)  # (no months ticked: the example's months are not this moved period's)
    maria.submit({**answers, "resultatmal": "Tre nye traineeplasser er lyst ut før sommeren."})
    created = flask_cli(
        site.instance,
        "admin",
        "create",
        "leader@example.org",
        "--password-stdin",
        input=PASSWORD + "\n",
        SECRET_KEY=SECRET,
    )
    assert created.returncode == 0, created.stderr
    page.goto(site.url + "/admin/login?lang=en")
    page.fill("#email", "leader@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(site.url + f"/admin/p/{PID}/submissions/moss/fremdriftsplan/1")
    expect(page.locator("h1")).to_have_text("Fremdriftsplan after gathering 1")
    checks.all(page, "submission")
    page.get_by_role("link", name="changes from version 1 to 2").click()
    expect(page.locator("ins").first).to_contain_text("Tre")
    checks.all(page, "submission-compare")
    for path, name in (
        ("submissions", "submissions"),
        ("evaluations", "evaluations"),
        ("evaluations/1/poster", "evaluation-poster"),
        ("links", "links"),
    ):
        page.goto(f"{site.url}/admin/p/{PID}/{path}")
        checks.all(page, name)
