"""The learning loop's pages in a real browser, in Norwegian and in English: the team's page with
feedback, a request for a new version and messages; the reference group's page; the leader's
feedback on a submission, messages to teams and the follow-up log. Each page state is checked by
axe-core (WCAG 2.1 AA), the Nu HTML Checker and at phone width without sideways scrolling.

One server for the module, set up as ``make run`` sets it up (``flask demo setup``: the demo has
feedback, one open request, messages and notes), with links from ``flask links``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.server import DEMO_DAY, LiveServer, flask_cli
from tests.support.smtp import free_port

PASSWORD = "correct horse battery"
LANGUAGES = ("nb", "nn", "en")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live server with the demo, a leader and an observer, and a link per member of two teams."""
    instance = tmp_path_factory.mktemp("loop-pages") / "instance"
    instance.mkdir()
    live = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SECRET_KEY": "e2e-secret", "CLOCK": DEMO_DAY})
    for args in (
        ["demo", "setup"],
        ["admin", "create", "lea@example.org", "--password-stdin"],
        ["admin", "create", "olav@example.org", "--role", "observer", "--password-stdin"],
    ):
        result = flask_cli(instance, *args, input=PASSWORD + "\n", BASE_URL=live.url, CLOCK=DEMO_DAY)
        assert result.returncode == 0, result.stderr
        found = re.search(r"\((jobbvinner-ostfold-\d{4})\)", result.stdout)
        live.pid = found.group(1) if found else live.pid  # the demo's id carries the years it moved to
    live.links = {}
    for team in ("Fredrikstad", "Eidsberg"):
        result = flask_cli(instance, "links", live.pid, "--team", team, BASE_URL=live.url, CLOCK=DEMO_DAY)
        assert result.returncode == 0, result.stderr
        live.links[team] = result.stdout.splitlines()[0].split("\t")[3]
    live.start()
    yield live
    live.stop()


def log_in(page, server, email: str = "lea@example.org") -> None:
    page.goto(server.url + "/admin/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_team_page_receipt_and_form_with_feedback(page, server, checks, lang):
    link = server.links["Fredrikstad"]
    page.goto(f"{link}?lang={lang}")
    request_mark = {"nb": "Ny versjon etterspurt", "nn": "Ny versjon etterspurd", "en": "New version requested"}[lang]
    expect(page.locator(".card--request .mark--request")).to_have_text(re.compile(request_mark))
    assert page.locator(".feedback").count() >= 3 and page.locator(".message").count() == 2
    checks.all(page, f"loop-team-page-{lang}")

    page.locator(".card--request a", has_text=re.compile("feedback|tilbakemeldingen|tilbakemeldinga")).click()
    expect(page.locator("#feedback")).to_be_visible()
    assert page.locator(".feedback--request").count() == 1
    checks.all(page, f"loop-team-receipt-{lang}")

    page.goto(f"{link}a/fremdriftsplan/3")
    expect(page.locator(".feedback--request")).to_be_visible()
    checks.all(page, f"loop-team-form-requested-{lang}")

    page.goto(f"{link}ref/hvaler/hovedplan/1")  # Hvaler has withdrawn: read, not write
    assert page.locator("#write-feedback").count() == 0 and page.locator(".feedback").count() == 1
    checks.all(page, f"loop-reference-closed-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_reference_group_writes_feedback(page, server, checks, lang):
    page.goto(f"{server.links['Eidsberg']}?lang={lang}")
    page.locator("#reference-title ~ ul a").first.click()
    expect(page.locator("h1")).to_contain_text("Marker")
    checks.all(page, f"loop-reference-page-{lang}")
    page.locator("#write-feedback button").click()  # nothing written yet
    expect(page.locator("#notice")).to_be_visible()
    checks.all(page, f"loop-reference-error-{lang}")
    page.fill("#feedback-text", f"Godt skrevet ({lang}).\n\nHvordan går det med traineene?")
    page.locator("#write-feedback button").click()
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator(".feedback", has_text=f"Godt skrevet ({lang}).")).to_be_visible()
    checks.all(page, f"loop-reference-sent-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_leader_gives_feedback_and_asks_for_a_new_version(page, server, checks, lang):
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/{server.pid}/submissions/sarpsborg/fremdriftsplan/3?lang={lang}")
    checks.all(page, f"loop-submission-{lang}")
    page.locator("#feedback-form button").click()  # no text
    expect(page.locator("#text-error")).to_be_visible()
    checks.all(page, f"loop-submission-error-{lang}")
    page.fill("#text", "Fin plan, men tiltak 2 mangler en ansvarlig.")
    page.check("#kind-request")
    page.locator("#feedback-form button").click()
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator(".status + .mark--request")).to_be_visible()
    checks.all(page, f"loop-submission-requested-{lang}")
    page.goto(f"{server.url}/admin/p/{server.pid}/")
    cell = page.locator("td.matrix__cell", has=page.locator("a[href$='/submissions/sarpsborg/fremdriftsplan/3']"))
    expect(cell.locator(".mark--request")).to_be_visible()
    page.goto(f"{server.url}/admin/p/{server.pid}/submissions/sarpsborg/fremdriftsplan/3")
    page.locator(".feedback--request form button").click()  # withdraw the request
    expect(page.locator(".status + .mark--request")).to_have_count(0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_leader_writes_to_teams(page, server, checks, lang):
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/{server.pid}/messages?lang={lang}")
    checks.all(page, f"loop-messages-{lang}")
    page.fill("#subject", f"Til Moss ({lang})")
    page.fill("#text", "Hei!\n\nVi sees på samling 4.")
    page.check("#to-chosen")
    page.locator("main form button[type=submit]").click()  # no team ticked
    expect(page.locator("#teams-error")).to_be_visible()
    assert page.input_value("#subject") == f"Til Moss ({lang})"
    checks.all(page, f"loop-messages-error-{lang}")
    page.check("#teams-moss")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator(".message h3").first).to_have_text(f"Til Moss ({lang})")
    checks.all(page, f"loop-messages-sent-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_follow_up_log_and_the_event_log(page, server, checks, lang):
    log_in(page, server)
    page.goto(f"{server.url}/admin/p/{server.pid}/teams/moss?lang={lang}")
    checks.all(page, f"loop-admin-team-{lang}")
    page.fill("#followup-text", f"Telefon med gruppeleder ({lang}).")
    page.select_option("#followup-kind", "call")
    page.locator("form[action$='/followups'] button").click()
    note = page.locator(".note", has_text=f"Telefon med gruppeleder ({lang}).")
    expect(note).to_be_visible()
    note.locator("a").click()
    expect(page.locator("#text")).to_have_value(f"Telefon med gruppeleder ({lang}).")
    checks.all(page, f"loop-followup-edit-{lang}")
    page.fill("#text", "")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    checks.all(page, f"loop-followup-edit-error-{lang}")
    page.goto(f"{server.url}/admin/p/{server.pid}/events?kind=followup_noted")
    assert page.locator("table.events tbody tr").count() >= 5
    checks.all(page, f"loop-events-{lang}")


def test_an_observer_reads_the_loop_without_forms(page, server, checks):
    log_in(page, server, "olav@example.org")
    for path, name in (
        ("/submissions/fredrikstad/fremdriftsplan/3", "loop-observer-submission"),
        ("/teams/fredrikstad", "loop-observer-team"),
        ("/messages", "loop-observer-messages"),
    ):
        page.goto(f"{server.url}/admin/p/{server.pid}{path}")
        assert page.locator("main textarea").count() == 0, path
        checks.all(page, name)
