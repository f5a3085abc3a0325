"""The leader's mail pages (``engine.web.admin.mail``): failures and retry, reminders by hand, the mailbox."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote

import pytest

import engine.web.admin.mail as mail_views
from engine import create_app
from engine.access.links import resolve_token
from engine.mail.scheduler import tick
from engine.store import get_store
from engine.store import outbox as outbox_repo
from tests.support.programmes import csrf_token, local, log_in, small_programme, store_programme

PID = "demo-2026"
OPENING = local("2026-03-05T19:00")
CLOCK = local("2026-03-17T10:00")  # Fremdriftsplan 1 is due on 19.03; nobody has submitted
PAGE = f"/admin/p/{PID}/mail"


def make_app(app_config, **settings):
    app = create_app({**app_config, "CLOCK": lambda: CLOCK, **settings})
    store_programme(app, small_programme(date(2026, 3, 5)))
    return app


def messages(app, state=None):
    with app.app_context():
        return outbox_repo.list_messages(get_store(), PID, state=state)


def form_fields(html: str, button: str) -> dict[str, str]:
    """The hidden inputs of the form whose submit button starts with ``button``."""
    for form in re.findall(r"<form.*?</form>", html, re.S):
        if re.search(r"<button[^>]*>\s*" + re.escape(button), form):
            return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    raise AssertionError(f"no form with a '{button}' button")


def test_a_failure_shows_its_error_and_retry_now_makes_it_due(app_config, refusing_smtp_port, smtp_server):
    app = make_app(app_config, MAIL_SERVER="127.0.0.1", MAIL_PORT=refusing_smtp_port)
    tick(app, OPENING)
    client = app.test_client()
    log_in(app, client)
    page = client.get(PAGE).get_data(as_text=True)
    assert '<p class="mail-error">the mail server refused the connection</p>' in page
    [failed] = messages(app, "failed")
    fields = form_fields(page, "Retry now")
    response = client.post(f"{PAGE}/{failed['id']}/retry", data=fields)
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    assert messages(app, "failed")[0]["next_attempt_at"] == CLOCK.isoformat()
    working = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port})
    assert tick(working, CLOCK).sent >= 9  # the retried one, and the rest that waited for the server
    assert messages(app, "failed") == []


def test_send_reminder_now_is_once_per_press_even_when_the_post_is_replayed(app_config):
    app = make_app(app_config)
    client = app.test_client()
    log_in(app, client)
    page = client.get(f"{PAGE}?deliverable=fremdriftsplan&occurrence=1").get_data(as_text=True)
    press = form_fields(page, "Send reminder now to the 2 teams that have not submitted")
    first = client.post(f"{PAGE}/remind", data=press)
    assert first.status_code == 302
    assert len(messages(app, "pending")) == 3
    assert client.post(f"{PAGE}/remind", data=press).status_code == 302  # a double click, a reload
    assert len(messages(app, "pending")) == 3
    again = client.get(f"{PAGE}?deliverable=fremdriftsplan&occurrence=1").get_data(as_text=True)
    assert form_fields(again, "Send")["nonce"] != press["nonce"]  # a new page is a new press
    client.post(f"{PAGE}/remind", data={**press, "nonce": form_fields(again, "Send")["nonce"]})
    assert len(messages(app, "pending")) == 6
    assert {m["rule"] for m in messages(app)} == {"manual"}


def test_a_reminder_to_one_team_reaches_its_members_only(app_config):
    app = make_app(app_config)
    client = app.test_client()
    log_in(app, client)
    key = f"{PID}/moss/fremdriftsplan/1"
    page = client.get(PAGE, query_string={"assignment": key}).get_data(as_text=True)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    assert fields["assignment"] == key
    response = client.post(f"{PAGE}/remind", data=fields)
    assert unquote(response.headers["Location"]) == f"{PAGE}?assignment={key}"
    assert sorted(m["member"] for m in messages(app)) == ["kari", "ola"]
    tick(app, CLOCK)  # the next pass sends them (to the local mailbox here), with what else is due
    assert sorted(m["member"] for m in messages(app, "sent") if m["key"].startswith("manual:")) == ["kari", "ola"]
    shown = client.get(PAGE, query_string={"assignment": key}).get_data(as_text=True)
    assert shown.count('<span class="muted small">sent by hand</span>') == 2


def test_observers_read_but_cannot_retry_or_remind(app_config):
    app = make_app(app_config)
    client = app.test_client()
    log_in(app, client, "observer")
    page = client.get(f"{PAGE}?deliverable=fremdriftsplan&occurrence=1")
    assert page.status_code == 200 and 'name="nonce"' not in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    nonce = "n" * 24
    assert (
        client.post(
            f"{PAGE}/remind",
            data={"csrf_token": token, "nonce": nonce, "deliverable": "fremdriftsplan", "occurrence": "1"},
        ).status_code
        == 403
    )
    assert client.post(f"{PAGE}/x/retry", data={"csrf_token": token}).status_code == 403
    assert messages(app) == []


def test_the_pages_need_a_log_in(app_config):
    app = make_app(app_config)
    for url in ("/admin/mail", PAGE, "/admin/mailbox"):
        assert app.test_client().get(url).headers["Location"].startswith("/admin/login")


@pytest.mark.parametrize(
    "query", [{"assignment": f"{PID}/moss/nothing/1"}, {"deliverable": "fremdriftsplan", "occurrence": "9"}]
)
def test_an_unknown_assignment_is_not_found(app_config, query):
    app = make_app(app_config)
    client = app.test_client()
    log_in(app, client)
    assert client.get(PAGE, query_string=query).status_code == 404


def test_the_overview_and_the_outbox_list_what_went_out(app_config):
    app = make_app(app_config)
    tick(app, OPENING)
    client = app.test_client()
    log_in(app, client)
    overview = client.get("/admin/mail").get_data(as_text=True)
    assert f'href="{PAGE}"' in overview and "Demo 2026" in overview
    outbox = client.get(PAGE).get_data(as_text=True)
    assert outbox.count("Hovedplan for Moss – frist 16.04.2026") == 2  # Kari's and Ola's invitations
    assert "?deliverable=hovedplan&amp;occurrence=1" in outbox


def test_the_mailbox_lists_the_newest_first_a_page_at_a_time(app_config, monkeypatch):
    app = make_app(app_config)
    tick(app, OPENING)
    tick(app, local("2026-03-12T19:00"))  # three 'soon' reminders, later than the nine invitations
    monkeypatch.setattr(mail_views, "MAILBOX_PAGE", 5)
    client = app.test_client()
    log_in(app, client)
    first = client.get("/admin/mailbox").get_data(as_text=True)
    assert first.count('href="/admin/mailbox/2') == 5 and "Påminnelse" in first.split("</tr>")[1]
    assert 'href="/admin/mailbox?page=2"' in first
    assert client.get("/admin/mailbox?page=3").status_code == 200
    assert client.get("/admin/mailbox?page=4").status_code == 404


def test_a_mailbox_message_shows_headers_text_and_safe_html_with_a_working_link(app_config):
    app = make_app(app_config)
    tick(app, OPENING)
    client = app.test_client()
    log_in(app, client)
    listing = client.get("/admin/mailbox").get_data(as_text=True)
    entry = re.search(r'href="(/admin/mailbox/[^"]+)">Hovedplan for Moss', listing).group(1)
    page = client.get(entry).get_data(as_text=True)
    assert '<dt lang="en">X-Verksted-Kind</dt><dd>invitation</dd>' in page
    assert '<dt lang="en">Auto-Submitted</dt><dd>auto-generated</dd>' in page
    html_part = page.split('<div class="mail-html">')[1].split("</div>")[0]
    text_part = page.split('<div class="mail-text">')[1].split("</div>")[0]
    link = re.search(
        r'<a href="(http://verksted\.test/p/demo-2026/t/([^/"]+)/)" class="button" rel="noopener noreferrer">',
        html_part,
    )
    assert link and f'<a href="{link.group(1)}">' in text_part
    with app.app_context():
        assert resolve_token(get_store(), PID, link.group(2))["team"] == "moss"


def test_the_mailbox_is_only_there_when_no_mail_server_is_set(app_config):
    app = make_app(app_config, MAIL_SERVER="127.0.0.1")
    client = app.test_client()
    log_in(app, client)
    assert client.get("/admin/mailbox").status_code == 404
    assert 'href="/admin/mailbox"' not in client.get("/admin/mail").get_data(as_text=True)


def test_the_mail_pages_say_in_norwegian_what_they_show(app_config):
    """No 'invitation', 'soon' or 'moss/hovedplan/1' on a Norwegian page, no From/To/Date and no UTC."""
    app = make_app(app_config)
    tick(app, OPENING)
    tick(app, local("2026-03-12T19:00"))  # the 'soon' reminders, seven days before 19.03
    client = app.test_client()
    log_in(app, client, lang="nb")
    listing = client.get("/admin/mailbox").get_data(as_text=True)
    assert "<td>Moss – Hovedplan</td>" in listing and "moss/hovedplan/1" not in listing
    entry = re.search(r'href="(/admin/mailbox/[^"]+)">Hovedplan for Moss', listing).group(1)
    message = client.get(entry).get_data(as_text=True)
    labels = re.findall(r"<dt>([^<]+)</dt>", message.split("<details")[0])
    assert labels == ["Fra", "Til", "Svar går til", "Emne", "Sendt"]
    assert re.search(r"<dt>Sendt</dt>\s*<dd>\d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d</dd>", message)
    assert "+0000" not in message and "Tekniske detaljer" in message
    outbox = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(PAGE).get_data(as_text=True)))
    assert "Påminnelse 7 dager før fristen Moss – Fremdriftsplan etter samling 1" in outbox
    assert "soon" not in outbox and "moss/" not in outbox
    events = client.get(f"/admin/p/{PID}/events?kind=mail_sent").get_data(as_text=True)
    assert "<td>Invitasjon</td>" in events and "invitation" not in events
