"""Scope: a team's link reaches that team's data only; admin pages need a log-in; observers read.

Every rule of the URL map is tried, so a page added later is covered by the same promises: no
page leaks another team's work, no bad link or missing log-in ends in a server error.
"""

from __future__ import annotations

import pytest

from engine.access.accounts import create_account
from tests.support.teamwork import FREMDRIFTSPLAN, PID, hidden

MOSS_ONLY = "Moss rådhus, møterom 2"  # in Moss's submitted Fremdriftsplan and nowhere else
PASSWORD = "a long enough password"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LINK_GUESS_LIMIT": 10_000}


@pytest.fixture
def moss_delivery(member):
    response = member("moss", "maria-olsen").submit(FREMDRIFTSPLAN)
    return response.location.split("/receipt/")[1].split("?")[0]


def rules(app, prefix):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(prefix)]


def fill(rule, values):
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<{name}>", str(values.get(name, "x"))).replace(f"<int:{name}>", str(values.get(name, 1)))
    return path


def team_urls(app, token, delivery):
    values = {"pid": PID, "token": token, "deliverable": "fremdriftsplan", "occurrence": 1, "delivery_id": delivery}
    return [(fill(rule, values), rule.methods) for rule in rules(app, "/p/<pid>/t/")]


def test_every_team_url_with_another_teams_link_shows_nothing_of_moss(app, links, moss_delivery):
    assert len(rules(app, "/p/<pid>/t/")) >= 4
    for (team, _member), base in links.items():
        if team == "moss":
            continue
        token = base.split("/t/")[1].strip("/")
        client = app.test_client()
        for url, _methods in team_urls(app, token, moss_delivery):
            response = client.get(url)
            body = response.get_data(as_text=True)
            assert response.status_code in (200, 404), (url, response.status_code)
            assert MOSS_ONLY not in body and "Team Moss" not in body, url
            if "/receipt/" in url:
                assert response.status_code == 404, url


@pytest.mark.parametrize("token", ["garbage", "x" * 43, "x" * 500, "%00", "..%2F..%2Fsecret"])
def test_every_team_url_with_a_bad_link_is_a_404(app, run, moss_delivery, token):
    client = app.test_client()
    for url, methods in team_urls(app, token, moss_delivery):
        for method in ("GET", "POST") if "POST" in methods else ("GET",):
            response = client.open(url, method=method, data={"action": "save"})
            assert response.status_code == 404, (method, url, response.status_code)
            assert MOSS_ONLY not in response.get_data(as_text=True)


def test_every_evaluation_url_with_a_bad_signature_is_a_404(app, run):
    client = app.test_client()
    evaluation = rules(app, "/p/<pid>/evaluering/")
    assert evaluation
    for rule in evaluation:
        for sig in ("garbage", ""):
            url = fill(rule, {"pid": PID, "number": 1, "sig": sig or "x"})
            assert client.get(url).status_code == 404, url


# Admin pages an observer gets 403 for (engine.web.admin.common.leader_only): those that are only
# forms, and the local mailbox, whose messages hold members' live personal links.
FORM_ONLY = {
    "admin.new_programme",
    "admin.settings",
    "admin.new_gathering",
    "admin.gathering",
    "admin.new_member",
    "admin.member",
    "admin.mailbox",
    "admin.mailbox_message",
    "admin.close_programme",
}


def admin_urls(app, delivery):
    values = {
        "pid": PID,
        "team": "moss",
        "deliverable": "fremdriftsplan",
        "occurrence": 1,
        "member": "maria-olsen",
        "number": 1,
        "delivery_id": delivery,
    }
    found = []
    for rule in rules(app, "/admin/"):
        if rule.endpoint.startswith("auth."):
            continue
        found.append((fill(rule, values), rule.methods, set(rule.arguments) <= set(values), rule.endpoint))
    return found


def csrf_for(client):
    return hidden(client.get("/admin/login").get_data(as_text=True), "csrf_token")


def test_every_admin_url_needs_a_log_in(app, run, moss_delivery):
    client = app.test_client()
    token = csrf_for(client)
    urls = admin_urls(app, moss_delivery)
    assert any("/submissions/" in url for url, _, _, _ in urls)
    for url, methods, _known, _endpoint in urls:
        for method in sorted(methods & {"GET", "POST"}):
            response = client.open(url, method=method, data={"csrf_token": token})
            if method == "GET":
                assert response.status_code == 302, (method, url, response.status_code)
                assert response.location.startswith("/admin/login")
            else:  # a POST is not redirected (that would lose what was typed): refused with a log-in link
                assert response.status_code == 401, (method, url, response.status_code)
                assert "/admin/login?next=" in response.get_data(as_text=True)


def test_an_observer_reads_every_admin_page_and_changes_nothing(app, run, store, clock, moss_delivery):
    create_account(store, "observer@example.org", PASSWORD, "observer", clock())
    client = app.test_client()
    response = client.post(
        "/admin/login", data={"csrf_token": csrf_for(client), "email": "observer@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    token = csrf_for(client)
    for url, methods, known, endpoint in admin_urls(app, moss_delivery):
        if "GET" in methods:
            status = client.get(url).status_code
            if endpoint in FORM_ONLY:  # pages that are nothing but a form to change things: refused outright
                assert status == 403, (url, status)
            else:
                assert status == 200 if known else status not in (403, 500), (url, status)
        if "POST" in methods:
            status = client.post(url, data={"csrf_token": token}).status_code
            assert status == 403, (url, status)
