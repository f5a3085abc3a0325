"""Whatever is posted to the learning loop's forms, the answer is a page, never a server error, and
nothing half-made is stored."""

from __future__ import annotations

import pytest

from engine.store import feedback as feedback_repo
from engine.store import followups as note_repo
from engine.store import messages as message_repo
from tests.support.loop import partner_path, submission_path
from tests.support.teamwork import FREMDRIFTSPLAN, PID, hidden

ODD = [
    {},
    {"version": "abc", "text": "x"},
    {"version": "99999999999999999999", "text": "x"},
    {"version": "-1", "text": "x"},
    {"version": "1", "text": "\x00\x01\x1b[31m kontroll", "kind": "request\r\nBcc: x@y"},
    {"version": "1", "text": "\x00\x01\x1b[31m kontroll\r\nlinje 2", "kind": "comment"},
    {"version": "1", "text": ["a", "b"], "kind": ["comment", "request"]},
    {"subject": "A\r\nBcc: x@example.org", "text": "Hei", "to": "chosen", "teams": ["../../etc", "moss\x00"]},
    {"subject": "S", "text": "T", "to": "everyone", "teams": "valer"},
    {"followup-date": "2019-13-45", "followup-kind": "visit", "followup-text": "x"},
    {"followup-date": "0001-01-01", "followup-kind": "visit", "followup-text": "x"},
    {"date": "99999-01-01", "kind": "\x00", "text": "x" * 6000},
    {"reference-reference_for": ["moss", "moss", "", "\x00", "x" * 500]},
]


@pytest.fixture
def submitted(member):
    assert member("moss", "maria-olsen").submit(FREMDRIFTSPLAN).status_code == 303


def leader_posts():
    base = f"/admin/p/{PID}"
    return [
        submission_path() + "/feedback",
        submission_path() + "/feedback/nope/cancel",
        f"{base}/messages",
        f"{base}/teams/moss/followups",
        f"{base}/teams/moss/followups/nope",
        f"{base}/teams/moss/followups/nope/remove",
        f"{base}/teams/moss/reference",
        f"{base}/teams/nope/followups",
        f"{base}/submissions/moss/nope/1/feedback",
    ]


def test_odd_posts_from_the_leader_get_pages_not_errors(app, store, leader, submitted):
    page = leader.get(f"/admin/p/{PID}/teams/moss").get_data(as_text=True)
    token, revision = hidden(page, "csrf_token"), hidden(page, "revision")
    for url in leader_posts():
        for data in ODD:
            response = leader.post(url, data={"csrf_token": token, "revision": revision, **data})
            assert response.status_code < 500, (url, data, response.status_code)
    stored = [r["text"] for r in feedback_repo.list_feedback(store, PID)]
    assert "[31m kontroll\nlinje 2" in stored and all("\x00" not in t and "\x1b" not in t for t in stored)
    assert all(
        "\r" not in m["subject"] and "\n" not in m["subject"] for m in message_repo.list_team_messages(store, PID)
    )
    assert all(len(n["text"]) <= 5000 for n in note_repo.list_notes(store, PID))


def test_odd_posts_from_a_reference_group_get_pages_not_errors(store, member, submitted):
    sigrid = member("valer", "sigrid-aas")
    page = sigrid.client.get(partner_path(sigrid, "moss")).get_data(as_text=True)
    for partner, deliverable, occurrence in (("moss", "fremdriftsplan", 1), ("moss", "x", 99999), ("../x", "a", 1)):
        url = partner_path(sigrid, partner, deliverable, occurrence)
        for data in ODD:
            response = sigrid.client.post(url, data={"csrf_token": hidden(page, "csrf_token"), **data})
            assert response.status_code < 500, (url, data, response.status_code)
