"""The leader's feedback on a submission: a comment or a request for a new version, seen by the team
on its page and beside the document, kept in the version history, marked in the matrix — and
never changing on time into late. (The mail it sends: ``test_loop_mail``.)"""

from __future__ import annotations

import re

import pytest

from engine.store import events as event_repo
from engine.store import feedback as feedback_repo
from tests.support.loop import forms_row, leader_feedback, matrix_cell, submission_path
from tests.support.teamwork import FREMDRIFTSPLAN, PID, admin_client, hidden, text_of

KEY = f"{PID}/moss/fremdriftsplan/1"
REQUEST = "Tiltak 2 mangler ansvarlig.\n\nSend gjerne en ny versjon."
LABEL = "Fremdriftsplan after gathering 1"


@pytest.fixture
def submitted(member):
    """Moss has submitted its first Fremdriftsplan (on time)."""
    assert member("moss", "maria-olsen").submit(FREMDRIFTSPLAN).status_code == 303
    return member("moss", "lars-kristiansen")


def test_a_request_is_marked_until_the_next_version_and_on_time_stays_on_time(app, store, leader, submitted):
    response = leader_feedback(leader, REQUEST, kind="request")
    assert response.status_code == 303 and response.location.endswith("#feedback")

    home = submitted.get().get_data(as_text=True)
    assert "New version requested" in forms_row(home, LABEL) and "Submitted on time" in forms_row(home, LABEL)
    now = text_of(home[home.index('id="now-title"') : home.index('id="feedback-title"')])
    assert "The project leader asks for a new version of version 1" in now
    assert "Tiltak 2 mangler ansvarlig." in home and "From the project leader" in home
    matrix = leader.get(f"/admin/p/{PID}/").get_data(as_text=True)
    cell = matrix_cell(matrix, "moss", "fremdriftsplan", 1)
    assert re.findall(r"status--(\w+)", cell) == ["submitted_on_time"] and "New version requested" in cell

    form = submitted.open()
    assert "Asks for a new version" in form.text and "Send gjerne en ny versjon." in form.text
    submitted.submit({**FREMDRIFTSPLAN, "tiltak-1-ansvarlig": "Ida Pedersen"})

    home = submitted.get().get_data(as_text=True)
    assert "New version requested" not in home and "Submitted on time" in forms_row(home, LABEL)
    assert "Asked for a new version" in home  # the feedback stays, its request met
    cell = matrix_cell(leader.get(f"/admin/p/{PID}/").get_data(as_text=True), "moss", "fremdriftsplan", 1)
    assert re.findall(r"status--(\w+)", cell) == ["submitted_on_time"] and "New version requested" not in cell
    assert "2 versions" in text_of(cell)


def test_feedback_is_kept_with_time_author_and_version_in_the_history(app, store, leader, submitted):
    leader_feedback(leader, "Første kommentar.")
    submitted.submit({**FREMDRIFTSPLAN, "resultatmal": "Tre traineeplasser."})
    leader_feedback(leader, "Andre kommentar.")
    page = leader.get(submission_path()).get_data(as_text=True)
    history = text_of(page[page.index('id="versions-title"') : page.index("</section>", page.index("versions-title"))])
    assert history.count("Feedback from the project leader, 20.04.2018 at 10:00") == 2
    assert [r["version"] for r in feedback_repo.list_feedback(store, PID)] == [1, 2]
    record = feedback_repo.list_feedback(store, PID)[0]
    assert record["author"] and record["created_at"] == "2018-04-20T10:00:00+02:00"
    receipt = submitted.get(f"a/fremdriftsplan/1/receipt/{record['delivery']}").get_data(as_text=True)
    feedback = text_of(receipt[receipt.index('id="feedback"') :])
    assert "Første kommentar." in feedback and "on version 1" in feedback and "leader@example.org" in feedback
    assert "Feedback: 1" in text_of(receipt[receipt.index("Every version") : receipt.index('id="feedback"')])
    assert [e["detail"]["version"] for e in event_repo.list_events(store, PID, kind="feedback_given")] == [1, 2]


def test_a_replayed_post_stores_the_feedback_once(store, leader, submitted):
    page = leader.get(submission_path()).get_data(as_text=True)
    nonce = hidden(page, "nonce")
    for _ in range(3):
        assert leader_feedback(leader, "Bra!", nonce=nonce).status_code == 303
    assert len(feedback_repo.list_feedback(store, PID)) == 1


@pytest.mark.parametrize(
    ("text", "kind", "version", "message"),
    [
        ("   ", "comment", None, "Write the feedback."),
        ("x" * 10_001, "comment", None, "The feedback is too long"),
        ("Ny versjon, takk.", "request", 1, "A new version can only be asked for on the latest version."),
        ("Hva?", "praise", None, "Not a valid choice"),
    ],
)
def test_a_bad_post_shows_the_page_again_with_the_text(store, leader, submitted, text, kind, version, message):
    if version == 1:
        submitted.submit({**FREMDRIFTSPLAN, "resultatmal": "Tre traineeplasser."})
    response = leader_feedback(leader, text, kind=kind, version=version)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in text_of(page)
    if text.strip():
        assert text[:50] in page
    assert feedback_repo.list_feedback(store, PID) == []


def test_a_comment_on_an_older_version_is_fine(store, leader, submitted):
    submitted.submit({**FREMDRIFTSPLAN, "resultatmal": "Tre traineeplasser."})
    assert leader_feedback(leader, "Om versjon 1.", version=1).status_code == 303
    assert feedback_repo.list_feedback(store, PID)[0]["version"] == 1


def test_the_leader_withdraws_a_request(store, leader, submitted):
    leader_feedback(leader, REQUEST, kind="request")
    [record] = feedback_repo.list_feedback(store, PID)
    page = leader.get(submission_path()).get_data(as_text=True)
    path = f"{submission_path()}/feedback/{record['id']}/cancel"
    assert path in page
    response = leader.post(path, data={"csrf_token": hidden(page, "csrf_token"), "version": "1"})
    assert response.status_code == 303
    assert "New version requested" not in submitted.get().get_data(as_text=True)
    page = leader.get(submission_path()).get_data(as_text=True)
    assert "the request was withdrawn" in text_of(page) and path not in page
    other = leader.post(
        f"{submission_path('moss', 'hovedplan', 1)}/feedback/{record['id']}/cancel",
        data={"csrf_token": hidden(page, "csrf_token")},
    )
    assert other.status_code == 404  # a feedback is withdrawn only on its own document


def test_no_request_where_the_team_can_no_longer_submit(app, store, clock, leader, member):
    member("valer", "sigrid-aas").submit(FREMDRIFTSPLAN)
    clock.set(clock().replace(year=2018, month=12, day=3))  # Våler withdrew on 30.11.2018
    page = leader.get(submission_path("valer")).get_data(as_text=True)
    assert re.search(r'<input type="radio" id="kind-request"[^>]* disabled', page)
    response = leader_feedback(leader, "Ny versjon?", kind="request", team="valer")
    assert response.status_code == 422 and "cannot submit a new version now" in text_of(response.get_data(as_text=True))
    assert leader_feedback(leader, "Takk for innsatsen.", team="valer").status_code == 303


def test_observers_read_feedback_and_cannot_write_it(app, store, clock, leader, submitted):
    leader_feedback(leader, "Godt skrevet.", kind="request")
    observer = admin_client(app, store, clock, role="observer")
    page = observer.get(submission_path()).get_data(as_text=True)
    assert "Godt skrevet." in page and 'id="feedback-form"' not in page and "/cancel" not in page
    response = observer.post(submission_path() + "/feedback", data={"csrf_token": hidden(page, "csrf_token")})
    assert response.status_code == 403
    assert len(feedback_repo.list_feedback(store, PID)) == 1


def test_feedback_on_nothing_submitted_is_a_404(leader, run):
    page = leader.get(submission_path()).get_data(as_text=True)
    assert 'id="feedback-form"' not in page
    response = leader.post(
        submission_path() + "/feedback", data={"csrf_token": hidden(page, "csrf_token"), "version": "1", "text": "x"}
    )
    assert response.status_code == 404


def test_the_new_version_asked_for_waits_on_the_front_page_until_the_leader_answers(store, leader, submitted):
    def waiting() -> str:
        page = leader.get("/admin/?lang=en").get_data(as_text=True)
        return text_of(page[page.index('id="attention-answered"') : page.index('id="attention-mail_failed"')])

    leader_feedback(leader, REQUEST, kind="request")
    assert "Nothing at the moment." in waiting()  # asked, not yet answered
    submitted.submit({**FREMDRIFTSPLAN, "tiltak-1-ansvarlig": "Ida Pedersen"})
    listed = waiting()
    assert "Moss – Fremdriftsplan after gathering 1" in listed and "What changed since version 1" in listed
    leader_feedback(leader, "Takk, nå er det på plass.")  # on version 2: the leader has answered
    assert "Nothing at the moment." in waiting()
