"""The pages of the programme's own report in a real browser against `flask serve`: the report, the
evaluation trends, every team side by side, presenters, the leader's own document and the team
page's calendar subscription — accessible (axe), valid (Nu), no sideways scrolling on a phone, no
inline script or style refused by the CSP, in Norwegian and in English."""

from __future__ import annotations

import re

import pytest

from tests.support.server import DEMO_DAY, LiveServer, flask_cli
from tests.support.smtp import free_port

PASSWORD = "correct horse battery"
DONE = "jobbvinner-ostfold-2018-2020"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live server with the demo (alive and finished) and a leader."""
    instance = tmp_path_factory.mktemp("report-pages") / "instance"
    instance.mkdir()
    live = LiveServer(instance, free_port(), {"SCHEDULER": "off", "SECRET_KEY": "e2e-secret", "CLOCK": DEMO_DAY})
    setup = flask_cli(instance, "demo", "setup", BASE_URL=live.url, CLOCK=DEMO_DAY)
    assert setup.returncode == 0, setup.stderr
    live.pid = re.search(r"\((jobbvinner-ostfold-\d{4})\)", setup.stdout).group(1)  # moved with the years
    links = flask_cli(instance, "links", live.pid, "--team", "Fredrikstad", BASE_URL=live.url, CLOCK=DEMO_DAY)
    assert links.returncode == 0, links.stderr
    live.team_link = links.stdout.splitlines()[0].split("\t")[3]  # the candidate to present at gathering 4
    created = flask_cli(instance, "admin", "create", "lea@example.org", "--password-stdin", input=PASSWORD + "\n")
    assert created.returncode == 0, created.stderr
    live.start()
    yield live
    live.stop()


@pytest.fixture
def csp_errors(page):
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


def log_in(page, server) -> None:
    page.goto(server.url + "/admin/login")
    page.fill("#email", "lea@example.org")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_report_and_the_evaluation_trends(page, server, checks, csp_errors, lang):
    log_in(page, server)
    page.goto(f"{server.url}/admin/?lang={lang}")
    page.goto(f"{server.url}/admin/p/{DONE}/report")
    assert page.locator("h1").count() == 1
    charts = page.locator("svg.trend-chart")
    assert charts.count() == 3
    # the chart's numbers are the table's numbers
    for key in ("faglig_innhold", "gruppearbeid_eget_team", "gruppearbeid_paa_tvers"):
        drawn = page.locator(f"svg[data-trend={key}] circle").evaluate_all("cs => cs.map(c => c.dataset.mean)")
        listed = page.locator(f"table[data-trend-table={key}] td[data-mean]").evaluate_all(
            "cs => cs.map(c => c.dataset.mean)"
        )
        assert drawn == listed and len(drawn) == 6
    assert page.locator("table.report-table").count() == 2
    assert page.locator("table.report-table").first.locator("tbody tr").count() == 5
    checks.all(page, f"admin-report-{lang}")
    page.goto(f"{server.url}/admin/p/{server.pid}/report")
    checks.all(page, f"admin-report-running-{lang}")
    page.goto(f"{server.url}/admin/p/{DONE}/evaluations")
    assert page.locator("svg.trend-chart").count() == 3
    checks.all(page, f"admin-evaluations-trends-{lang}")
    assert csp_errors == []


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_team_side_by_side_and_the_presenters(page, server, checks, csp_errors, lang):
    log_in(page, server)
    page.goto(f"{server.url}/admin/?lang={lang}")
    page.goto(f"{server.url}/admin/p/{server.pid}/submissions")
    checks.all(page, f"admin-submissions-occurrences-{lang}")
    page.goto(f"{server.url}/admin/p/{server.pid}/documents/statusrapport/4")
    assert page.locator("section.answers-question").count() >= 8
    checks.all(page, f"admin-occurrence-{lang}")
    page.goto(f"{server.url}/admin/p/{server.pid}/gatherings/g4/presenters")
    assert page.locator("main .card h2", has_text="Fredrikstad").count() == 1  # the demo's candidate
    checks.all(page, f"admin-presenters-{lang}")
    page.goto(f"{server.url}/admin/p/{server.pid}/submissions/eidsberg/statusrapport/4")
    page.fill("#share-reason", "")
    page.locator("button[value=mark]").click()
    assert page.locator("#share-reason-error").is_visible()
    checks.all(page, f"admin-submission-share-error-{lang}")
    page.fill("#share-reason", "Tidlig levert og godt gjennomarbeidet")
    page.locator("button[value=mark]").click()
    page.goto(f"{server.url}/admin/p/{server.pid}/gatherings/g4/presenters")
    assert page.locator("main .card h2", has_text="Eidsberg").count() == 1
    assert csp_errors == []


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_leaders_own_document(page, server, checks, csp_errors, lang):
    log_in(page, server)
    page.goto(f"{server.url}/admin/?lang={lang}")
    checks.all(page, f"admin-programmes-own-due-{lang}")
    page.goto(f"{server.url}/admin/p/{server.pid}/own/styringsgrupperapport/2")
    assert page.locator("#samlinger").input_value().startswith("• Samling 1")
    checks.all(page, f"admin-own-form-{lang}")
    page.goto(f"{server.url}/admin/p/{DONE}/own/styringsgrupperapport/6/document")
    checks.all(page, f"admin-own-document-{lang}")
    assert csp_errors == []


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_team_page_presenting_and_subscribing(page, server, checks, csp_errors, lang):
    page.goto(f"{server.team_link}?lang={lang}")
    assert page.locator("#presenting-title").is_visible()
    if page.locator("button[value=create]").count():
        page.locator("button[value=create]").click()
    assert page.locator("a[href^='webcal://']").count() == 1
    checks.all(page, f"team-calendar-subscription-{lang}")
    url = page.locator("#calendar-url").input_value()
    response = page.request.get(url)
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    assert csp_errors == []
