"""The whole way round, as people meet it: e-mail in, form filled in together, receipt out.

A real SMTP server on loopback receives what the scheduler's pass sends. The links the members
follow are taken from the invitations they received; the receipt arrives the same way; the
leader's matrix and the delivery export agree that the Fremdriftsplan came in on time.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest

from engine.mail.scheduler import tick
from tests.support.teamwork import FREMDRIFTSPLAN, OSLO, PID, TeamMember, admin_client, text_of

KEY = f"{PID}/moss/fremdriftsplan/1"
LINK = re.compile(r"http://verksted\.test(/p/[^/\s]+/t/[A-Za-z0-9_-]+/)")


@pytest.fixture
def app_config(app_config, smtp_server):
    return {**app_config, "MAIL_SERVER": smtp_server.host, "MAIL_PORT": smtp_server.port}


def invitation_link(smtp_server, email: str, kind: str = "invitation") -> str:
    """The personal link in the newest message of ``kind`` about the first Fremdriftsplan to ``email``."""
    messages = [
        m
        for m in smtp_server.inbox.to(email)
        if m.header("X-Verksted-Kind") == kind and m.header("X-Verksted-Assignment") == KEY
    ]
    assert messages, f"no {kind} about {KEY} reached {email}"
    match = LINK.search(messages[-1].text())
    assert match, messages[-1].text()
    return match.group(1)


def test_links_from_the_invitations_lead_to_a_delivery_on_time(app, run, clock, store, smtp_server):
    report = tick(app, clock())
    assert report.sent > 0 and report.failed == 0
    smtp_server.inbox.wait_for(lambda ms: any(m.header("X-Verksted-Assignment") == KEY for m in ms))

    maria = TeamMember(app.test_client(), invitation_link(smtp_server, "maria.olsen@example.org"))
    lars = TeamMember(app.test_client(), invitation_link(smtp_server, "lars.kristiansen@example.org"))
    for person in (maria, lars):
        person.client.get("/?lang=en")
    assert "Team Moss" in text_of(maria.get().get_data(as_text=True))

    page = maria.open()
    saved = maria.post(page, FREMDRIFTSPLAN)
    assert saved.status == 200 and "Saved at" in saved.text

    continued = lars.open()
    assert "Draft last saved by Maria Olsen" in continued.text
    confirmation = lars.post(continued, FREMDRIFTSPLAN, action="submit")
    assert lars.confirm(confirmation).status_code == 303

    clock.advance(minutes=5)
    report = tick(app, clock())
    assert report.failed == 0
    [receipt] = smtp_server.inbox.wait_for(lambda ms: [m for m in ms if m.header("X-Verksted-Kind") == "receipt"])[-1:]
    assert receipt.rcpt_tos == ["lars.kristiansen@example.org"]
    assert receipt.header("X-Verksted-Assignment") == KEY
    assert "Kartlegge behovet" in receipt.text() and "Følge opp søkerne" in receipt.text()
    receipt_link = LINK.search(receipt.text()).group(1)
    assert app.test_client().get(receipt_link).status_code == 200  # the link in the receipt works too

    leader = admin_client(app, store, clock)

    matrix = leader.get(f"/admin/p/{PID}/").get_data(as_text=True)
    link = matrix.index(f"/admin/p/{PID}/submissions/moss/fremdriftsplan/1")
    cell = matrix[matrix.rindex('<td class="matrix__cell">', 0, link) : link]
    assert re.findall(r"status--(\w+)", cell) == ["submitted_on_time"]

    export = leader.get(f"/admin/p/{PID}/export/deliveries.csv").get_data(as_text=True)
    rows = {(r["team"], r["deliverable"], r["occurrence"]): r for r in csv.DictReader(io.StringIO(export))}
    row = rows[("moss", "fremdriftsplan", "1")]
    assert row["status"] == "submitted_on_time"
    assert row["submitted_by"] == "Lars Kristiansen"
    assert datetime.fromisoformat(row["submitted_at"]).astimezone(OSLO).date() == clock().date()
