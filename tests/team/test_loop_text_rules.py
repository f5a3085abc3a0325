"""Text as it is kept (issue #12, items 2 and 3) in what the learning loop and the report store:
feedback, messages, follow-up notes and presenters' reasons lose the characters nobody types,
however they arrive (a post, ``flask message send``, a call), and the one-line fields among them —
a message's subject, a presenter's reason — refuse a line break next to the field rather than
joining the lines silently."""

from __future__ import annotations

from datetime import date

import pytest

from engine.programmes.presenting import PresenterError, clean_reason
from engine.store import feedback as feedback_repo
from engine.store import followups as note_repo
from engine.store import messages as message_repo
from engine.store import presenters as presenter_repo
from engine.teamwork import messages as messaging
from engine.teamwork.followup import add_note
from engine.teamwork.written import written
from tests.support.loop import leader_feedback, submission_path
from tests.support.teamwork import FREMDRIFTSPLAN, PID, hidden, text_of

# C0 and C1 controls, a noncharacter and a lone surrogate: what a script or a broken paste brings
INVISIBLE = "\x00\x07\x1b\x7f\x85\x9f\ufffe\ufdd0\ud800"


@pytest.fixture
def submitted(member):
    assert member("moss", "maria-olsen").submit(FREMDRIFTSPLAN).status_code == 303


def test_written_text_loses_every_invisible_character_and_keeps_lines_and_tabs():
    assert written(f" Hei{INVISIBLE}\r\n\tlinje 2\rlinje 3 ") == "Hei\n\tlinje 2\nlinje 3"


def test_the_leaders_feedback_is_stored_clean(store, leader, submitted):
    assert leader_feedback(leader, "Godt\x85 arbeid\x0c\r\nmed planen").status_code == 303
    [record] = feedback_repo.list_feedback(store, PID)
    assert record["text"] == "Godt arbeid\nmed planen"


def messages_page(leader) -> dict[str, str]:
    page = leader.get(f"/admin/p/{PID}/messages").get_data(as_text=True)
    return {"csrf_token": hidden(page, "csrf_token"), "nonce": hidden(page, "nonce"), "to": "all"}


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\u2028"])
def test_a_line_break_in_a_messages_subject_is_refused_next_to_the_field(store, leader, line_break):
    response = leader.post(
        f"/admin/p/{PID}/messages", data={**messages_page(leader), "subject": f"Samling{line_break}2", "text": "Hei"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Write this on one line." in text_of(page)
    assert 'id="subject-error"' in page or 'aria-invalid="true"' in page
    assert message_repo.list_team_messages(store, PID) == []


def test_a_messages_text_is_stored_clean_with_its_paragraphs(store, leader):
    data = {**messages_page(leader), "subject": "Samling\x85 2\x00", "text": "Hei\x1b!\r\n\r\nVelkommen\ufffe."}
    assert leader.post(f"/admin/p/{PID}/messages", data=data).status_code == 303
    [record] = message_repo.list_team_messages(store, PID)
    assert (record["subject"], record["text"]) == ("Samling 2", "Hei!\n\nVelkommen.")


def test_a_message_from_the_command_line_is_cleaned_and_a_subject_on_two_lines_refused(app, store, run):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["message", "send", PID, "--subject", "Samling\n2"], input="Hei\n")
    assert refused.exit_code == 1
    assert "the subject contains a line break; write it on one line" in refused.output
    typed = INVISIBLE.replace("\ud800", "")  # standard input is UTF-8: it cannot carry a lone surrogate
    sent = runner.invoke(args=["message", "send", PID, "--subject", "Samling\x9f 2"], input=f"Hei{typed}!\n")
    assert sent.exit_code == 0, sent.output
    [record] = message_repo.list_team_messages(store, PID)
    assert (record["subject"], record["text"]) == ("Samling 2", "Hei!")


def test_message_problems_name_the_subjects_line_break(run, clock):
    problems = messaging.message_problems(run, "Samling\n2", "Hei", None, clock())
    assert problems == [(messaging.SUBJECT_LINES, "")]


def test_a_follow_up_note_is_stored_clean(app, store, run, clock):
    with app.app_context():
        typed = f"Ringte{INVISIBLE}\r\nMaria"
        note, _ = add_note(store, run, "moss", date(2018, 4, 19), "call", typed, "lea", None, clock())
    assert note["text"] == "Ringte\nMaria"
    assert note_repo.list_notes(store, PID, "moss")[0]["text"] == "Ringte\nMaria"


def test_a_follow_up_note_posted_with_control_characters_is_stored_clean(store, leader):
    page = leader.get(f"/admin/p/{PID}/teams/moss").get_data(as_text=True)
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "nonce": hidden(page, "nonce") or "",
        "followup-date": "2018-04-19",
        "followup-kind": "visit",
        "followup-text": "Besøk\x00 i Moss\x85\r\nGod stemning",
    }
    response = leader.post(f"/admin/p/{PID}/teams/moss/followups", data=data)
    assert response.status_code in (302, 303), text_of(response.get_data(as_text=True))[-500:]
    assert [n["text"] for n in note_repo.list_notes(store, PID, "moss")] == ["Besøk i Moss\nGod stemning"]


def test_a_presenters_reason_is_one_line_and_clean():
    assert clean_reason(f"Godt\x85 arbeid{INVISIBLE}\t med veileder ") == "Godt arbeid med veileder"
    for line_break in ("\n", "\r\n", "\r", "\u2029"):
        with pytest.raises(PresenterError) as refused:
            clean_reason(f"Godt{line_break}arbeid")
        assert refused.value.reason == "lines"


def test_a_line_break_in_a_presenters_reason_is_refused_with_what_was_typed(store, leader, submitted, clock):
    path = submission_path()
    token = hidden(leader.get(path).get_data(as_text=True), "csrf_token")
    response = leader.post(path + "/share", data={"csrf_token": token, "action": "mark", "reason": "Godt\narbeid"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Write this on one line." in text_of(page)
    assert presenter_repo.list_presenters(store, PID) == []
