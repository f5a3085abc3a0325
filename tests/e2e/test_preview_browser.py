"""The preview in a real browser: no WCAG 2.1 AA violations (axe-core), and verksted.js's
enhancements — live counters, progress, table rows without a round trip — do what the server does."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from playwright import sync_api

FORMS = Path(__file__).resolve().parents[2] / "forms"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app behind Werkzeug's threaded server on a free loopback port (in this process, so it is quick)."""
    from werkzeug.serving import make_server

    from engine import create_app

    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {"INSTANCE_PATH": str(instance), "SECRET_KEY": "browser-test", "SCHEDULER": "off", "FORMS_PATH": str(FORMS)}
    )
    wsgi = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=wsgi.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{wsgi.server_port}"
    wsgi.shutdown()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto("/?lang=en")
    yield page
    assert page.errors == []
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/preview/",
        "/preview/hovedplan",
        "/preview/fremdriftsplan",
        "/preview/statusrapport",
        "/preview/sluttrapport",
        "/preview/evaluering",
        "/preview/pamelding",
    ],
)
def test_no_accessibility_violations(page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(path)
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_errors_after_a_submission_are_accessible_too(page):
    from axe_playwright_python.sync_playwright import Axe

    page.goto("/preview/fremdriftsplan")
    page.fill("#resultatmal", "")
    page.click(".actions button[value='submit']")
    assert page.locator(".error-summary li").count() > 0
    assert Axe().run(page, options=WCAG).response["violations"] == []


def test_counters_and_progress_follow_the_typing(page):
    page.goto("/preview/fremdriftsplan")
    expect = sync_api.expect
    expect(page.locator("#progress-text")).to_have_text("2 of 6 required answers filled in")
    page.fill("#resultatmal", "Tre nye  e-post-rutiner – 100 %")
    expect(page.locator("#resultatmal-counter")).to_have_text("4 of at most 150 words")
    expect(page.locator("#progress-text")).to_have_text("3 of 6 required answers filled in")
    page.fill("#resultatmal", " ".join(["ord"] * 151))
    expect(page.locator("#resultatmal-counter")).to_have_class("counter counter--over")


def test_rows_are_added_and_removed_in_the_page_and_the_server_reads_them(page):
    page.goto("/preview/fremdriftsplan")
    rows = page.locator(".table-row")
    assert rows.count() == 2  # the example rows from the "previous" plan
    page.click("button[value='add_row:tiltak']")
    assert rows.count() == 3
    assert page.evaluate("document.activeElement.name") == "tiltak-2-delmal"
    page.fill("[name='tiltak-2-delmal']", "Nytt delmål")
    page.click("button[value='remove_row:tiltak:0']")
    assert rows.count() == 2
    assert page.inner_text("[data-table-status]") == "Row 1 removed."
    assert page.eval_on_selector_all(".table-row > .row > legend", "els => els.map(e => e.textContent)") == [
        "Row 1",
        "Row 2",
    ]
    assert page.input_value("[name='tiltak-1-delmal']") == "Nytt delmål"
    page.click(".actions button[value='save']")
    assert page.input_value("[name='tiltak-1-delmal']") == "Nytt delmål", "the server read the renumbered rows"
    assert page.locator(".table-row").count() == 2


def test_enter_in_a_field_saves_instead_of_removing_a_row(page):
    page.goto("/preview/fremdriftsplan")
    page.fill("#gruppeleder", "Kari")
    page.press("#gruppeleder", "Enter")
    page.wait_for_selector(".notice--success")
    assert page.locator(".table-row").count() == 2
    assert page.input_value("#gruppeleder") == "Kari"
