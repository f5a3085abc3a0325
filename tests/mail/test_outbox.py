"""The mail pass (``engine.mail.outbox``): what is due is queued and sent once, over real SMTP on loopback."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from engine import create_app
from engine.access.links import evaluation_url, resolve_token
from engine.mail.scheduler import tick
from engine.store import deliveries, events, get_store
from engine.store import outbox as outbox_repo
from engine.store import programmes as programme_repo
from tests.support.programmes import LEADER, local, small_programme, store_programme
from tests.support.smtp import RefusingInbox, serving

from .conftest import START

PID = "demo-2026"
OPENING = local("2026-03-05T19:00")  # nine messages: two invitations and an evaluation link per member
MEMBERS = {"kari@example.org", "ola@example.org", "per@example.org"}
LINK = re.compile(r"http://verksted\.test/p/demo-2026/t/([A-Za-z0-9_-]{43})/")


def outbox(app, state=None):
    with app.app_context():
        return outbox_repo.list_messages(get_store(), PID, state=state)


def submit(app, team, deliverable, occurrence, when):
    with app.app_context():
        deliveries.submit(
            get_store(),
            PID,
            team,
            f"{PID}/{team}/{deliverable}/{occurrence}",
            {"x": "y"},
            {"form": deliverable, "form_version": 1},
            "kari",
            "Kari Nordmann",
            None,
            None,
            when,
        )


def test_a_pass_sends_what_is_due_once_with_the_headers_other_programs_rely_on(smtp_app, programme, smtp_server):
    report = tick(smtp_app, OPENING)
    assert (report.queued, report.sent, report.failed) == (9, 9, 0)
    received = smtp_server.inbox.messages
    assert sorted(
        (m.header("X-Verksted-Kind"), m.header("X-Verksted-Assignment"), m.rcpt_tos[0]) for m in received
    ) == sorted(
        [
            (kind, f"{PID}/{team}/{what}", email)
            for kind, what in (("invitation", "hovedplan/1"), ("invitation", "fremdriftsplan/1"))
            for team, email in (("moss", "kari@example.org"), ("moss", "ola@example.org"), ("valer", "per@example.org"))
        ]
        + [("evaluation", f"{PID}/-/evaluering/1", email) for email in MEMBERS]
    )
    for message in received:
        assert message.header("Auto-Submitted") == "auto-generated"
        assert message.header("X-Verksted-Programme") == PID
        assert message.header("X-Verksted-Rule") is None  # invitations follow no reminder rule
        assert message.text() and "<p>" in message.html()
    again = tick(smtp_app, OPENING + timedelta(hours=12))
    assert (again.queued, again.sent) == (0, 0) and len(smtp_server.inbox.messages) == 9
    assert len({m.header("Message-ID") for m in received}) == 9


def test_reminders_carry_their_rule_and_overdue_notices_copy_the_leader(smtp_app, programme, smtp_server):
    tick(smtp_app, OPENING)
    smtp_server.inbox.clear()
    tick(smtp_app, local("2026-03-12T19:00"))  # 'soon': 7 days before the Fremdriftsplan is due (19.03)
    assert {(m.header("X-Verksted-Kind"), m.header("X-Verksted-Rule")) for m in smtp_server.inbox.messages} == {
        ("reminder", "soon")
    }
    smtp_server.inbox.clear()
    tick(smtp_app, local("2026-03-20T19:00"))  # a day after: the first notice, and a copy per team to the leader
    notices = [m for m in smtp_server.inbox.messages if m.header("X-Verksted-Kind") == "overdue"]
    assert [m.header("X-Verksted-Kind") for m in smtp_server.inbox.messages].count("digest") == 1  # Monday's
    assert sorted((m.header("X-Verksted-Rule"), m.rcpt_tos[0]) for m in notices) == sorted(
        [("overdue", email) for email in MEMBERS] + [("overdue", LEADER["email"])] * 2
    )
    copy = next(m for m in notices if m.rcpt_tos == [LEADER["email"]] and "Våler" in m.header("Subject"))
    assert "Per Hansen <per@example.org>" in copy.text()


def test_no_reminder_after_the_team_submitted(smtp_app, programme, smtp_server):
    tick(smtp_app, OPENING)
    submit(smtp_app, "moss", "fremdriftsplan", 1, local("2026-03-10T12:00"))
    smtp_server.inbox.clear()
    tick(smtp_app, local("2026-03-12T19:00"))
    assert [m.rcpt_tos for m in smtp_server.inbox.messages] == [["per@example.org"]]


def test_the_personal_link_is_absolute_minted_at_sending_and_never_stored(smtp_app, programme, smtp_server):
    tick(smtp_app, OPENING)
    invitation = next(
        m for m in smtp_server.inbox.to("kari@example.org") if m.header("X-Verksted-Kind") == "invitation"
    )
    token = LINK.search(invitation.text()).group(1)
    assert f'<a class="button" href="http://verksted.test/p/{PID}/t/{token}/"' in invitation.html()
    with smtp_app.app_context():
        owner = resolve_token(get_store(), PID, token)
    assert (owner["team"], owner["member"]) == ("moss", "kari")
    for path in Path(smtp_app.instance_path).rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path  # only its hash rests on disk
    assert all("text" not in record for record in outbox(smtp_app, "sent"))  # metadata only: no bodies kept


def test_each_message_gets_a_link_of_its_own(smtp_app, programme, smtp_server):
    tick(smtp_app, OPENING)
    tokens = [
        LINK.search(m.text()).group(1)
        for m in smtp_server.inbox.to("kari@example.org")
        if m.header("X-Verksted-Kind") == "invitation"
    ]
    assert len(tokens) == 2
    with smtp_app.app_context():
        assert all(resolve_token(get_store(), PID, token)["member"] == "kari" for token in tokens)


def test_the_evaluation_link_is_signed_for_its_gathering(smtp_app, programme, smtp_server):
    tick(smtp_app, OPENING)
    message = next(m for m in smtp_server.inbox.messages if m.header("X-Verksted-Kind") == "evaluation")
    link = evaluation_url("http://verksted.test", "test-secret", PID, 1)
    assert link in message.text() and f'href="{link}"' in message.html()


def test_the_digest_goes_to_the_leader_on_monday(smtp_app, programme, smtp_server):
    tick(smtp_app, OPENING)
    smtp_server.inbox.clear()
    tick(smtp_app, local("2026-03-16T19:00"))  # the Fremdriftsplan is due this week
    [digest] = [m for m in smtp_server.inbox.messages if m.header("X-Verksted-Kind") == "digest"]
    assert digest.rcpt_tos == [LEADER["email"]] and digest.header("X-Verksted-Assignment") is None
    assert "Moss: Fremdriftsplan etter samling 1, frist 19.03.2026" in digest.text()
    assert "http://verksted.test/admin/p/demo-2026/" in digest.text()  # the programme overview, or its mail page


@pytest.mark.parametrize(
    "name", ["Moss\r\nBcc: spy@example.org", "Moss\nX-Verksted-Kind: receipt", "Moss\r\n\r\nInjected body"]
)
def test_a_team_name_with_line_breaks_cannot_add_headers(smtp_config, smtp_server, name):
    app = create_app(smtp_config)
    doc = small_programme(START)
    doc["teams"][0]["name"] = name
    with app.app_context():  # stored as a hand-edited file would be: past the admin UI's validation
        programme_repo.save_programme(get_store(), doc, "test", OPENING)
    tick(app, OPENING)
    moss = [
        m
        for m in smtp_server.inbox.messages
        if m.rcpt_tos[0] in ("kari@example.org", "ola@example.org") and m.header("X-Verksted-Kind") == "invitation"
    ]
    assert len(moss) == 4
    for message in moss:
        assert message.message.get_all("Bcc") is None and message.message.get_all("X-Verksted-Kind") == ["invitation"]
        assert "\n" not in message.header("Subject") and "Moss" in message.header("Subject")
    assert all(m.rcpt_tos[0] != "spy@example.org" for m in smtp_server.inbox.messages)


def test_the_html_part_escapes_what_people_typed(smtp_config, smtp_server):
    app = create_app(smtp_config)
    doc = small_programme(START)
    doc["teams"][0]["name"] = 'Moss <script>alert("x")</script> & Rygge'
    store_programme(app, doc)
    tick(app, OPENING)
    html = smtp_server.inbox.to("kari@example.org")[0].html()
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Rygge" in html


@pytest.fixture
def refusing_per():
    """An SMTP server that refuses Per's address and takes the others."""
    with serving(RefusingInbox(refused=lambda address: address == "per@example.org")) as server:
        yield server


def test_a_refused_recipient_fails_alone_and_is_retried_with_back_off(app_config, refusing_per):
    app = create_app(
        {
            **app_config,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": refusing_per.port,
            "MAIL_RETRY_BASE": 300,
            "MAIL_RETRY_MAX": 900,
        }
    )
    store_programme(app, small_programme(START))
    report = tick(app, OPENING)
    assert (report.sent, report.failed, report.deferred) == (6, 3, 0)  # the others still went
    failed = outbox(app, "failed")
    assert {m["to"][0]["email"] for m in failed} == {"per@example.org"}
    assert all("550" in m["last_error"] and m["attempts"] == 1 for m in failed)
    assert {m["next_attempt_at"] for m in failed} == {(OPENING + timedelta(seconds=300)).isoformat()}
    assert tick(app, OPENING + timedelta(seconds=299)).failed == 0  # not yet
    tick(app, OPENING + timedelta(seconds=300))
    assert {m["next_attempt_at"] for m in outbox(app, "failed")} == {(OPENING + timedelta(seconds=900)).isoformat()}
    tick(app, OPENING + timedelta(seconds=900))  # 300, 600, then capped at 900
    assert {m["attempts"] for m in outbox(app, "failed")} == {3}
    assert {m["next_attempt_at"] for m in outbox(app, "failed")} == {(OPENING + timedelta(seconds=1800)).isoformat()}
    with app.app_context():
        assert len(events.list_events(get_store(), PID, kind="mail_failed")) == 9


def test_a_refused_connection_stops_the_pass_and_leaves_the_rest_for_later(app_config, refusing_smtp_port):
    app = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": refusing_smtp_port})
    store_programme(app, small_programme(START))
    report = tick(app, OPENING)
    assert (report.queued, report.sent, report.failed, report.deferred) == (9, 0, 1, 8)
    [failed] = outbox(app, "failed")
    assert failed["last_error"] == "the mail server refused the connection"
    retry_at = (OPENING + timedelta(seconds=300)).isoformat()
    assert {m["next_attempt_at"] for m in outbox(app)} == {retry_at}  # all wait for the server's next chance


def test_mail_that_went_stale_while_the_server_was_down_is_dropped(app_config, refusing_smtp_port, smtp_server):
    down = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": refusing_smtp_port})
    up = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port})
    store_programme(up, small_programme(START))
    tick(up, OPENING)
    smtp_server.inbox.clear()
    assert tick(down, local("2026-03-12T19:00")).failed == 1  # 'soon' for all three members is stuck
    submit(up, "moss", "fremdriftsplan", 1, local("2026-03-13T09:00"))
    report = tick(up, local("2026-03-13T19:00"))
    assert (report.sent, report.discarded) == (1, 2)
    assert [m.rcpt_tos for m in smtp_server.inbox.messages] == [["per@example.org"]]
    dropped = outbox(up, "discarded")
    assert {(m["member"], m["reason"]) for m in dropped} == {
        ("kari", "the team has submitted"),
        ("ola", "the team has submitted"),
    }


def test_a_corrected_address_is_used_for_the_next_attempt(app_config, refusing_per):
    app = create_app({**app_config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": refusing_per.port})
    doc = small_programme(START)
    store_programme(app, doc)
    tick(app, OPENING)
    doc["teams"][1]["members"][0]["email"] = "per.hansen@example.org"
    store_programme(app, doc)
    assert tick(app, OPENING + timedelta(minutes=5)).sent == 3
    assert len(refusing_per.inbox.to("per.hansen@example.org")) == 3


def test_receipts_queued_by_the_team_pages_go_out_with_the_next_pass(smtp_app, programme, smtp_server):
    with smtp_app.app_context():
        outbox_repo.enqueue(
            get_store(),
            PID,
            {
                "key": "receipt:d1",
                "kind": "receipt",
                "assignment": f"{PID}/moss/hovedplan/1",
                "team": "moss",
                "member": "kari",
                "to": [{"name": "Kari Nordmann", "email": "kari@example.org"}],
                "subject": "Kvittering",
                "text": "Takk!\n\n[[link]]\n",
                "html": "<p>Takk!</p><p>[[link]]</p>",
                "link_for": {"team": "moss", "member": "kari"},
            },
            OPENING - timedelta(hours=13),
        )
    tick(smtp_app, OPENING - timedelta(hours=12))  # before anything else is due
    [receipt] = smtp_server.inbox.messages
    assert receipt.header("X-Verksted-Kind") == "receipt" and LINK.search(receipt.text())
    assert "[[link]]" not in receipt.html() and LINK.search(receipt.html())


def test_sent_mail_is_logged_as_invited_and_reminded(smtp_app, programme, smtp_server):
    tick(smtp_app, OPENING)
    tick(smtp_app, local("2026-03-12T19:00"))
    with smtp_app.app_context():
        store = get_store()
        invited = events.list_events(store, PID, kind="invited")
        reminded = events.list_events(store, PID, kind="reminded")
        sent = events.list_events(store, PID, kind="mail_sent")
    assert len(invited) == 6 and {e["detail"]["member"] for e in invited} == {"kari", "ola", "per"}
    assert [(e["assignment"], e["detail"]["rule"]) for e in reminded] == [
        (f"{PID}/moss/fremdriftsplan/1", "soon")
    ] * 2 + [(f"{PID}/valer/fremdriftsplan/1", "soon")]
    assert len(sent) == 12


def test_with_no_mail_server_the_mail_lands_in_the_local_mailbox(app):
    from engine.mail import mailbox

    store_programme(app, small_programme(START))
    assert tick(app, OPENING).sent == 9
    entries, total = mailbox.list_entries(app)
    assert total == 9 and {e.kind for e in entries} == {"invitation", "evaluation"}


def test_a_malformed_message_fails_alone(smtp_app, programme, smtp_server):
    with smtp_app.app_context():
        outbox_repo.enqueue(
            get_store(),
            PID,
            {
                "key": "receipt:broken",
                "kind": "receipt",
                "subject": "Kvittering",
                "to": [{"name": "No address"}],
                "text": "Takk!",
            },
            OPENING,
        )
    report = tick(smtp_app, OPENING)
    assert (report.sent, report.failed) == (9, 1)
    [failed] = outbox(smtp_app, "failed")
    assert failed["key"] == "receipt:broken" and failed["last_error"].startswith("the message could not be built")
