"""Feedback and messages by e-mail, through the outbox and a real SMTP server on loopback: once, to
every active member of the team(s), with their own working link, and to nobody else."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from engine.mail.scheduler import tick
from engine.store import messages as message_repo
from tests.support.loop import leader_feedback, reference_feedback
from tests.support.teamwork import FREMDRIFTSPLAN, OSLO, PID, hidden, text_of

LINK = re.compile(r"http://verksted\.test(/p/[^/\s]+/t/[A-Za-z0-9_-]+/)")
KEY = f"{PID}/moss/fremdriftsplan/1"
MOSS = ["ahmed.ali@example.org", "ida.pedersen@example.org", "lars.kristiansen@example.org", "maria.olsen@example.org"]
VALER = ["bjorn.hagen@example.org", "sigrid.aas@example.org"]


@pytest.fixture
def app_config(app_config, smtp_server):
    return {**app_config, "MAIL_SERVER": smtp_server.host, "MAIL_PORT": smtp_server.port}


@pytest.fixture
def quiet(app, clock, smtp_server, run):
    """The invitations due today are sent and forgotten: the inbox is empty, the outbox too."""
    assert tick(app, clock()).failed == 0
    smtp_server.inbox.clear()
    return smtp_server.inbox


def of_kind(inbox, kind: str):
    return [m for m in inbox.messages if m.header("X-Verksted-Kind") == kind]


def deliver(app, clock, inbox, kind: str, count: int):
    """One scheduler pass; then exactly ``count`` messages of ``kind`` have arrived (waits for SMTP)."""
    clock.advance(minutes=1)
    report = tick(app, clock())
    assert report.failed == 0, report.errors
    return inbox.wait_for(lambda ms: len([m for m in ms if m.header("X-Verksted-Kind") == kind]) >= count)


def test_the_leaders_feedback_reaches_every_active_member_once_with_their_link(app, clock, quiet, member, leader):
    member("moss", "maria-olsen").submit(FREMDRIFTSPLAN)
    deliver(app, clock, quiet, "receipt", 1)
    assert leader_feedback(leader, "Tiltak 2 mangler ansvarlig.", kind="request").status_code == 303
    deliver(app, clock, quiet, "feedback", 4)
    mails = of_kind(quiet, "feedback")
    assert sorted(address for m in mails for address in m.rcpt_tos) == MOSS
    for mail in mails:
        assert mail.header("X-Verksted-Assignment") == KEY
        assert mail.header("Subject") == "Prosjektleder ber om ny versjon av fremdriftsplan etter samling 1"
        assert "Tiltak 2 mangler ansvarlig." in mail.text() and "Prosjektleder ber om en ny versjon." in mail.text()
        link = LINK.search(mail.text()).group(1)
        page = app.test_client().get(link + "?lang=en").get_data(as_text=True)
        assert "Tiltak 2 mangler ansvarlig." in page and "New version requested" in text_of(page)
    assert len({LINK.search(m.text()).group(1) for m in mails}) == 4  # each member's own link
    clock.advance(hours=1)
    assert tick(app, clock()).sent == 0  # once
    assert len(of_kind(quiet, "feedback")) == 4
    sent = text_of(leader.get(f"/admin/p/{PID}/mail").get_data(as_text=True))
    assert "Feedback" in sent and "maria.olsen@example.org" in sent  # the leader's mail page names the kind


def test_feedback_from_the_reference_group_is_mailed_to_the_team_it_concerns(app, clock, quiet, member):
    member("moss", "maria-olsen").submit(FREMDRIFTSPLAN)
    assert reference_feedback(member("valer", "sigrid-aas"), "moss", "Hvem følger opp søkerne?").status_code == 303
    deliver(app, clock, quiet, "feedback", 4)
    mails = of_kind(quiet, "feedback")
    assert sorted(address for m in mails for address in m.rcpt_tos) == MOSS
    assert {m.header("Subject") for m in mails} == {
        "Tilbakemelding fra referansegruppen Våler på fremdriftsplan etter samling 1"
    }
    assert "Sigrid Aas i Våler, som er referansegruppe for dere" in mails[0].text()


def post_message(leader, subject: str, text: str, to: str = "all", teams=()):
    page = leader.get(f"/admin/p/{PID}/messages").get_data(as_text=True)
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "nonce": hidden(page, "nonce"),
        "subject": subject,
        "text": text,
        "to": to,
        "teams": list(teams),
    }
    return leader.post(f"/admin/p/{PID}/messages", data=data)


def test_a_message_reaches_the_active_members_of_the_chosen_teams_and_nobody_else(
    app, clock, quiet, member, leader, store
):
    page = leader.get(f"/admin/p/{PID}/teams/moss/members/ahmed-ali").get_data(as_text=True)
    leader.post(  # Ahmed no longer receives mail
        f"/admin/p/{PID}/teams/moss/members/ahmed-ali/active",
        data={"csrf_token": hidden(page, "csrf_token"), "revision": hidden(page, "revision"), "active": "no"},
    )
    response = post_message(leader, "Samling 2", "Hei!\n\nVelkommen til Hvaler.", to="chosen", teams=["moss", "valer"])
    assert response.status_code == 303
    assert "5 people in 2 teams" in text_of(leader.get(f"/admin/p/{PID}/messages").get_data(as_text=True))
    deliver(app, clock, quiet, "message", 5)
    mails = of_kind(quiet, "message")
    assert sorted(address for m in mails for address in m.rcpt_tos) == sorted(
        [a for a in MOSS if not a.startswith("ahmed")] + VALER
    )
    assert {m.header("Subject") for m in mails} == {"Samling 2"}
    assert all(m.header("X-Verksted-Assignment") is None for m in mails)
    sigrid = next(m for m in mails if m.rcpt_tos == ["sigrid.aas@example.org"])
    assert sigrid.text().startswith("Hei!\n\nVelkommen til Hvaler.\n") and "sendt til Våler" in sigrid.text()
    home = app.test_client().get(LINK.search(sigrid.text()).group(1) + "?lang=en").get_data(as_text=True)
    messages = text_of(home[home.index('id="messages-title"') :])
    assert "Samling 2" in messages and "Velkommen til Hvaler." in messages
    assert "Samling 2" not in member("eidsberg", "kari-holm").get().get_data(as_text=True)
    clock.advance(hours=1)
    assert tick(app, clock()).sent == 0 and len(of_kind(quiet, "message")) == 5


def test_a_message_to_every_team_leaves_out_the_teams_that_withdrew(app, clock, quiet, leader, store):
    clock.set(datetime(2018, 12, 3, 10, 0, tzinfo=OSLO))  # Våler withdrew on 30.11.2018
    tick(app, clock())
    quiet.clear()
    assert post_message(leader, "Julehilsen", "God jul!").status_code == 303
    [record] = message_repo.list_team_messages(store, PID)
    assert "valer" not in record["teams"] and len(record["teams"]) == 7
    deliver(app, clock, quiet, "message", 23)
    addresses = {address for m in of_kind(quiet, "message") for address in m.rcpt_tos}
    assert len(addresses) == 23 and not addresses & set(VALER)
    response = post_message(leader, "Til Våler", "Hei", to="chosen", teams=["valer"])
    assert response.status_code == 422 and "Våler has withdrawn" in text_of(response.get_data(as_text=True))


def test_a_member_deactivated_before_the_pass_gets_nothing(app, clock, quiet, leader, store):
    assert post_message(leader, "Samling 2", "Hei!", to="chosen", teams=["valer"]).status_code == 303
    page = leader.get(f"/admin/p/{PID}/teams/valer/members/bjorn-hagen").get_data(as_text=True)
    leader.post(
        f"/admin/p/{PID}/teams/valer/members/bjorn-hagen/active",
        data={"csrf_token": hidden(page, "csrf_token"), "revision": hidden(page, "revision"), "active": "no"},
    )
    report = tick(app, clock())
    assert (report.sent, report.discarded) == (1, 1)
    assert [m.rcpt_tos for m in of_kind(quiet, "message")] == [["sigrid.aas@example.org"]]
