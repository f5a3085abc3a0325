"""The API over everything `flask demo setup` stores: the teams' submissions and nothing more — not the
leader's own documents, not the learning loop's feedback, messages or follow-up notes, not a calendar
address, not what a leader has read."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from engine.access.api import mint_api_token
from engine.access.calendars import subscribe
from engine.demo import FINISHED_ID
from engine.store import admins as admin_repo
from engine.store import calendars as feed_repo
from engine.store import feedback as feedback_repo
from engine.store import followups as note_repo
from engine.store import get_store
from engine.store import messages as message_repo
from tests.support.clockfix import Clock

from .conftest import bearer

TODAY = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
LIVE = "jobbvinner-ostfold-2025"
ENDPOINTS = ("", "/gatherings", "/teams", "/assignments", "/submissions", "/evaluations")


@pytest.fixture
def clock():
    return Clock(TODAY)


def test_the_api_of_the_demo_lists_the_teams_submissions_and_no_private_record(app, runner, clock):
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    client = app.test_client()
    with app.app_context():
        store = get_store()
        admin = admin_repo.find_admin_by_email(store, "leder@example.org")
        token = mint_api_token(store, admin["id"], "Alt", None, True, clock())[0]
        subscribe(store, "test-secret", LIVE, "programme", None, admin["id"], clock())
        private = [f["text"] for pid in (LIVE, FINISHED_ID) for f in feedback_repo.list_feedback(store, pid)]
        private += [m["text"] for m in message_repo.list_team_messages(store, LIVE)]
        private += [n["text"] for pid in (LIVE, FINISHED_ID) for n in note_repo.list_notes(store, pid)]
        hashes = [f["token_hash"] for f in feed_repo.list_feeds(store, LIVE)]
    assert len(private) > 10 and hashes
    for pid in (LIVE, FINISHED_ID):
        answers = {path: client.get(f"/api/v1/programmes/{pid}{path}", headers=bearer(token)) for path in ENDPOINTS}
        assert {response.status_code for response in answers.values()} == {200}
        submissions = answers["/submissions"].get_json()
        assert submissions
        assert "-" not in {s["team"] for s in submissions}  # the leader's own documents are theirs
        text = json.dumps([r.get_json() for r in answers.values()], ensure_ascii=False)
        assert not [words for words in private if words[:60] in text]
        assert not [digest for digest in hashes if digest in text] and "readings" not in text
