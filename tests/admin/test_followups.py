"""The leader's follow-up log (engine.web.admin.followups) and the team page's part in the learning loop:
dated notes on the team's page beside its deliveries and in the event log, for leaders and observers
only; the reference groups set on the team's page."""

from __future__ import annotations

import pytest

from engine.store import followups as note_repo
from engine.store import get_store
from tests.admin.conftest import PID, post, run_of, text
from tests.admin.test_teams import events

TEAM = f"/admin/p/{PID}/teams/moss"
NOTE = {"followup-date": "2019-04-24", "followup-kind": "visit", "followup-text": "Besøk på Moss rådhus."}


def notes(app, team: str = "moss"):
    with app.app_context():
        return note_repo.list_notes(get_store(), PID, team)


def test_a_note_is_added_listed_beside_the_deliveries_and_logged(app, english, example):
    response = post(english, f"{TEAM}/followups", {**NOTE, "nonce": "n" * 20})
    assert response.status_code == 303 and response.location.endswith("#followup-heading")
    [note] = notes(app)
    assert (note["date"], note["kind"], note["text"]) == ("2019-04-24", "visit", "Besøk på Moss rådhus.")
    page = text(english.get(TEAM))
    assert page.index("Assignments") < page.index("Follow-up") < page.index("Visit, 24.04.2019 Besøk på Moss rådhus.")
    log = text(english.get(f"/admin/p/{PID}/events?kind=followup_noted"))
    assert "Follow-up noted Moss" in log and "Visit on 24.04.2019: Besøk på Moss rådhus." in log
    assert post(english, f"{TEAM}/followups", {**NOTE, "nonce": "n" * 20}).status_code == 303
    assert len(notes(app)) == 1  # the same form sent twice


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"followup-text": " "}, "Write what happened."),
        ({"followup-date": ""}, "Enter the date."),
        ({"followup-date": "31.02.2019"}, "Write the date as dd.mm.yyyy"),
        ({"followup-date": "2019-05-02"}, "The day is in the future"),
        ({"followup-kind": "dinner"}, "Not a valid choice"),
    ],
)
def test_a_bad_note_shows_the_page_again_with_what_was_typed(app, english, example, changes, message):
    response = post(english, f"{TEAM}/followups", {**NOTE, **changes})
    assert response.status_code == 422 and message in text(response)
    if changes.get("followup-text", "x").strip():
        assert "Besøk på Moss rådhus." in response.get_data(as_text=True)
    assert notes(app) == []


def test_a_note_is_corrected_and_removed(app, english, example):
    post(english, f"{TEAM}/followups", NOTE)
    [note] = notes(app)
    url = f"{TEAM}/followups/{note['id']}"
    assert "Besøk på Moss rådhus." in english.get(url).get_data(as_text=True)
    changed = {"date": "2019-04-23", "kind": "meeting", "text": "Møte med gruppeleder."}
    assert post(english, url, changed).status_code == 303
    assert [(n["date"], n["kind"], n["text"]) for n in notes(app)] == [
        ("2019-04-23", "meeting", "Møte med gruppeleder.")
    ]
    assert post(english, url, {**changed, "text": ""}).status_code == 422
    assert post(english, f"{url}/remove").status_code == 303
    assert notes(app) == []
    assert english.get(url).status_code == 404 and post(english, f"{url}/remove").status_code == 404
    assert [e["kind"] for e in events(app, "followup_noted", "followup_changed", "followup_removed")] == [
        "followup_noted",
        "followup_changed",
        "followup_removed",
    ]
    log = text(english.get(f"/admin/p/{PID}/events?team=moss"))
    assert "Follow-up note removed" in log and "Møte med gruppeleder." not in log  # removed text is gone
    assert post(english, f"/admin/p/{PID}/teams/valer/followups/{note['id']}", changed).status_code == 404


def test_observers_read_notes_and_change_nothing(app, english, observer, example):
    post(english, f"{TEAM}/followups", NOTE)
    [note] = notes(app)
    page = text(observer.get(TEAM))
    assert "Besøk på Moss rådhus." in page and "Add a note" not in page and "Correct" not in page
    assert observer.get(f"{TEAM}/followups/{note['id']}").status_code == 403
    assert post(observer, f"{TEAM}/followups", NOTE).status_code == 403
    assert post(observer, f"{TEAM}/followups/{note['id']}/remove").status_code == 403
    assert len(notes(app)) == 1


def test_the_team_page_sets_and_shows_reference_groups(app, english, example):
    page = text(english.get(TEAM))
    assert "Moss is reference group for Våler Reference group for Moss Våler" in page
    response = post(english, f"{TEAM}/reference", {"reference-reference_for": ["valer", "halden"]}, app=app)
    assert response.status_code == 302
    assert run_of(app).programme.team("moss").reference_for == ("valer", "halden")
    assert "Moss is reference group for Våler, Halden" in text(english.get(TEAM))
    assert "Reference group for Halden Moss, Sarpsborg" in text(english.get(f"/admin/p/{PID}/teams/halden"))
    assert [e["detail"] for e in events(app, "reference_set")] == [{"reference_for": ["valer", "halden"]}]
    assert post(english, f"{TEAM}/reference", {}, app=app).status_code == 302  # none ticked: none
    assert run_of(app).programme.team("moss").reference_for == ()
    bad = post(english, f"{TEAM}/reference", {"reference-reference_for": ["oslo"]}, app=app)
    assert bad.status_code == 422 and "no team is named or has the id 'oslo'" in text(bad)
