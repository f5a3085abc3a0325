"""Scope: a team's link reaches that team's data only; admin pages need a log-in; observers read.

Every rule of the URL map is tried, so a page added later is covered by the same promises: no
page leaks another team's work, no bad link or missing log-in ends in a server error.
"""

from __future__ import annotations

import pytest

from engine.access.accounts import create_account
from tests.support.teamwork import FREMDRIFTSPLAN, PID, hidden, with_registration

MOSS_ONLY = "Moss rådhus, møterom 2"  # in Moss's submitted Fremdriftsplan and nowhere else
PASSWORD = "a long enough password"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LINK_GUESS_LIMIT": 10_000}


@pytest.fixture
def moss_delivery(member):
    response = member("moss", "maria-olsen").submit(FREMDRIFTSPLAN)
    return response.location.split("/receipt/")[1].split("?")[0]


@pytest.fixture
def moss_file(member):
    """A file Moss attached to its Hovedplan draft: ``<sha256>.pdf``."""
    import hashlib
    import io

    from tests.support.files import pdf_bytes

    maria = member("moss", "maria-olsen")
    page = maria.open("hovedplan", 1)
    data = pdf_bytes(padding=16)
    fields = {"csrf_token": page.csrf, "nonce": page.nonce, "revision": "0", "action": "save", "effektmal": MOSS_ONLY}
    fields["kompetanseplan_vedlegg"] = (io.BytesIO(data), "plan.pdf")
    assert maria.client.post(page.url, data=fields, content_type="multipart/form-data").status_code == 200
    file = f"{hashlib.sha256(data).hexdigest()}.pdf"
    assert maria.get(f"files/{file}/plan.pdf").data == data
    return file


def rules(app, prefix):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(prefix)]


def fill(rule, values):
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<{name}>", str(values.get(name, "x"))).replace(f"<int:{name}>", str(values.get(name, 1)))
    return path


def team_urls(app, token, delivery, partner="moss", file="0" * 64 + ".pdf"):
    values = {
        "pid": PID,
        "token": token,
        "deliverable": "fremdriftsplan",
        "occurrence": 1,
        "delivery_id": delivery,
        "partner": partner,
        "file": file,
        "name": "plan.pdf",
    }
    return [(fill(rule, values), rule.methods) for rule in rules(app, "/p/<pid>/t/")]


def test_every_team_url_with_another_teams_link_shows_nothing_of_moss(app, links, moss_delivery, moss_file):
    assert len(rules(app, "/p/<pid>/t/")) >= 5
    assert any("/files/" in url for url, _ in team_urls(app, "x", moss_delivery, file=moss_file))
    for (team, _member), base in links.items():
        if team == "moss":
            continue
        token = base.split("/t/")[1].strip("/")
        client = app.test_client()
        for url, _methods in team_urls(app, token, moss_delivery, file=moss_file):
            response = client.get(url)
            body = response.get_data(as_text=True)
            assert response.status_code in (200, 404), (url, response.status_code)
            # Våler is Moss's reference group: it reads what Moss submitted (the file is in a draft)
            if team == "valer" and "/ref/moss/" in url and "/files/" not in url:
                assert response.status_code == 200 and MOSS_ONLY in body, url
                continue
            assert MOSS_ONLY not in body and "Team Moss" not in body, url
            if "/receipt/" in url or "/ref/" in url or "/files/" in url:
                assert response.status_code == 404, url


# Texts of the learning loop, each meant for some eyes only (see the test below).
DRAFT_ONLY = "Mossutkast som bare Moss skal se"
LEADER_TO_MOSS = "Prosjektleders tilbakemelding til Moss"
VALER_TO_MOSS = "Vålers tilbakemelding til Moss"
EIDSBERG_TO_MARKER = "Eidsbergs tilbakemelding til Marker"
MESSAGE_TO_MOSS = "Melding bare til Moss"
NOTE_ABOUT = {"moss": "Notat om Moss fra oppfølgingen", "valer": "Notat om Våler fra oppfølgingen"}


@pytest.fixture
def loop_texts(app, store, clock, member, leader, moss_delivery):
    """Every kind of learning-loop record, each with a text that must not leak."""
    from tests.support.loop import leader_feedback, reference_feedback

    maria = member("moss", "maria-olsen")
    # a draft after the submission: the form shows it to Moss, the reference group reads what was submitted
    assert maria.post(maria.open(), {**FREMDRIFTSPLAN, "effektmal": DRAFT_ONLY}).status == 200
    liv = member("marker", "liv-strand")
    assert liv.submit(FREMDRIFTSPLAN).status_code == 303
    assert leader_feedback(leader, LEADER_TO_MOSS, kind="request").status_code == 303
    assert reference_feedback(member("valer", "sigrid-aas"), "moss", VALER_TO_MOSS).status_code == 303
    assert reference_feedback(member("eidsberg", "kari-holm"), "marker", EIDSBERG_TO_MARKER).status_code == 303
    with app.app_context():
        from engine.programmes import get_catalog, load_run
        from engine.store import followups
        from engine.teamwork.messages import send_message

        run = load_run(store, get_catalog(), PID)
        send_message(store, run, "Til Moss", MESSAGE_TO_MOSS, ["moss"], "test", None, clock())
        for team, text in NOTE_ABOUT.items():
            followups.add_note(store, PID, team, clock().date(), "visit", text, "test", None, clock())


def may_see(team: str) -> set[str]:
    """The loop texts ``team``'s links may show: its own, and what it wrote as a reference group."""
    own = {
        "moss": {DRAFT_ONLY, LEADER_TO_MOSS, VALER_TO_MOSS, MESSAGE_TO_MOSS},
        "valer": {VALER_TO_MOSS},
        "marker": {EIDSBERG_TO_MARKER},
        "eidsberg": {EIDSBERG_TO_MARKER},
    }
    return own.get(team, set())


def test_every_team_url_with_every_link_shows_only_that_teams_part_of_the_loop(app, links, moss_delivery, loop_texts):
    secret = {DRAFT_ONLY, LEADER_TO_MOSS, VALER_TO_MOSS, EIDSBERG_TO_MARKER, MESSAGE_TO_MOSS, *NOTE_ABOUT.values()}
    seen: set[str] = set()
    tokens = {team: base.split("/t/")[1].strip("/") for (team, _member), base in links.items()}
    teams = sorted(tokens)
    for team, token in tokens.items():
        client = app.test_client()
        urls = {
            (url, "POST" in methods)
            for partner in teams
            for url, methods in team_urls(app, token, moss_delivery, partner)
        }
        for url, posts in sorted(urls):
            for method in ("GET", "POST") if "/ref/" in url and posts else ("GET",):
                response = client.open(url, method=method, data={"text": "x", "version": "1"})
                assert response.status_code in (200, 400, 404), (team, url, response.status_code)
                body = response.get_data(as_text=True)
                shown = {text for text in secret if text in body}
                assert shown <= may_see(team), (team, url, shown - may_see(team))
                seen |= shown
    assert seen == secret - set(NOTE_ABOUT.values())  # the texts are there, and the notes are never shown


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
    "admin.copy_programme",
    "admin.settings",
    "admin.new_gathering",
    "admin.gathering",
    "admin.new_member",
    "admin.member",
    "admin.mailbox",
    "admin.mailbox_message",
    "admin.close_programme",
    "admin.followup_note",
    "admin.own_form",
}


# Pages of the leader's own documents: "fremdriftsplan" is a team's, so these answer 404 here (the
# observer reads them in tests/report/test_leader_documents.py).
LEADERS_OWN = {"admin.own_document", "admin.own_docx"}


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
        known = set(rule.arguments) <= set(values) and rule.endpoint not in LEADERS_OWN
        found.append((fill(rule, values), rule.methods, known, rule.endpoint))
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
    with_registration(app, run, clock())  # so the registration pages have something to show
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
