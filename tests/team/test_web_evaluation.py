"""engine.web.evaluation: the anonymous evaluation of a gathering — open in its window, stored
without anything that points to a person, a double post stored once, closed politely after."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.access.links import evaluation_path
from engine.store import evaluations as evaluation_repo
from engine.store import events as event_repo
from tests.support.teamwork import OSLO, PID, hidden, notices, text_of

ANSWERS = {
    "faglig_innhold": "4",
    "gruppearbeid_eget_team": "5",
    "gruppearbeid_paa_tvers": "3",
    "faglig_kommentar": "Nyttig om traineeprogram.",
    "forbedringer": "Mer tid til gruppearbeid.",
}


@pytest.fixture
def participant(app, run):
    client = app.test_client()
    client.get("/?lang=en")
    return client


def path(number=1):
    return evaluation_path("test-secret", PID, number)


def post(client, answers, number=1, **extra):
    page = client.get(path(number)).get_data(as_text=True)
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "nonce": hidden(page, "nonce"),
        "action": "submit",
        **answers,
        **extra,
    }
    return client.post(path(number), data=data), data


def test_the_form_is_open_in_the_gatherings_window(participant):
    response = participant.get(path())
    page = text_of(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Evaluering av samlingen Samling 1, 19. april 2018, Litteraturhuset, Fredrikstad" in page
    assert "Open until 26.04.2018." in page
    assert "Save draft" not in page and "Send my answers" in page


def test_the_questions_speak_the_language_the_participant_chose(app, run):
    participant = app.test_client()
    page = text_of(participant.get(path() + "?lang=nn").get_data(as_text=True))
    assert "Evaluering av samlinga" in page and "Evaluering av samlingen" not in page
    assert "Kor nøgd er du med det faglege innhaldet på samlinga?" in page


def test_an_answer_is_stored_anonymously_and_once(participant, store):
    response, data = post(participant, ANSWERS)
    assert response.status_code == 303 and response.location.endswith(path() + "/takk")
    assert participant.post(path(), data=data).status_code == 303  # the same post again (double click)
    [stored] = evaluation_repo.list_evaluations(store, PID, "g1")
    assert stored["answers"]["faglig_innhold"] == 4 and stored["answers"]["forbedringer"] == "Mer tid til gruppearbeid."
    assert set(stored) == {"id", "gathering", "answers", "submitted_on", "nonce"}
    assert stored["submitted_on"] == "2018-04-20"
    assert event_repo.list_events(store, PID) == [
        e for e in event_repo.list_events(store, PID) if e["kind"] == "programme_saved"
    ]
    thanks = text_of(participant.get(response.location).get_data(as_text=True))
    assert "Thank you! Your answers to the evaluation of gathering 1 are received." in thanks


def test_an_incomplete_answer_comes_back_with_what_was_written(participant, store):
    response, _ = post(participant, {**ANSWERS, "gruppearbeid_paa_tvers": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hvor nyttig var gruppearbeidet på tvers av kommunene?" in text_of(page.split('id="error-summary-title"')[1])
    assert "Nyttig om traineeprogram." in page and 'value="4" checked' in page
    assert evaluation_repo.list_evaluations(store, PID) == []


def test_an_expired_security_token_keeps_the_answers(participant, store):
    response, _ = post(participant, ANSWERS, csrf_token="stale")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "security check expired" in notices(page)[0]
    assert "Mer tid til gruppearbeid." in page
    assert evaluation_repo.list_evaluations(store, PID) == []


def test_before_and_after_the_window_a_polite_page(participant, clock):
    early = participant.get(path(2))
    assert early.status_code == 200
    assert "The evaluation of gathering 2 opens 20.09.2018." in text_of(early.get_data(as_text=True))
    clock.set(datetime(2018, 4, 27, 0, 0, tzinfo=OSLO))
    late = participant.get(path(1))
    assert late.status_code == 410
    assert "The evaluation of gathering 1 closed 26.04.2018." in text_of(late.get_data(as_text=True))
    assert participant.post(path(1), data=ANSWERS).status_code == 410


def test_a_signature_for_another_gathering_or_programme_is_a_404(participant):
    assert participant.get(evaluation_path("test-secret", PID, 7)).status_code == 404  # no gathering 7
    assert participant.get(evaluation_path("other-secret", PID, 1)).status_code == 404
    assert participant.get(path(1).replace("/1/", "/2/")).status_code == 404
