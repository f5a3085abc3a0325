"""Text the leader types (issue #12, items 2 and 3): a line break in a one-line field is refused next
to the field, control characters never reach the store, multi-line texts keep their lines."""

from __future__ import annotations

import pytest

from tests.admin.conftest import PID, post, run_of, text
from tests.admin.test_teams import field_error

SETTINGS = f"/admin/p/{PID}/settings"


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\u2028"])
def test_a_line_break_in_the_programme_title_is_refused_next_to_the_field(app, english, example, line_break):
    before = run_of(app).programme.title
    response = post(
        english,
        SETTINGS,
        {
            "title": f"Jobbvinner{line_break}Østfold",
            "recipient": "prosjektleder",
            "leader_name": "Nina Ny",
            "leader_email": "nina@example.org",
        },
        app=app,
    )
    assert response.status_code == 422
    assert field_error(response, "title") == "Write this on one line."
    assert run_of(app).programme.title == before


def add_member(client, app, name: str, role: str = ""):
    data = {"name": name, "email": "nora@example.org", "role": role, "active": "yes"}
    return post(client, f"/admin/p/{PID}/teams/moss/members/new", data, app=app)


def test_a_line_break_in_a_members_name_is_refused(app, english, example):
    response = add_member(english, app, "Nora\nNes")
    assert response.status_code == 422
    assert field_error(response, "name") == "Write this on one line."


def test_control_characters_never_reach_the_store(app, english, example):
    response = add_member(english, app, "Nora\x00 Nes\x07\x1b", role="syke\x85pleier")
    assert response.status_code == 302
    member = run_of(app).programme.team("moss").member("nora-nes")
    assert (member.name, member.role) == ("Nora Nes", "sykepleier")


def test_an_agenda_keeps_its_lines_and_tabs(app, english, example):
    gathering = run_of(app).programme.gatherings[3]
    response = post(
        english,
        f"/admin/p/{PID}/gatherings/{gathering.id}",
        {
            "date": gathering.date.isoformat(),
            "start": gathering.start,
            "end": gathering.end or "",
            "place": gathering.place,
            "host": gathering.host,
            "host_other": "",
            "theme": gathering.theme,
            "agenda": "09.00\tVelkommen\r\n10.00\tGruppearbeid\x0c",
        },
        app=app,
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert run_of(app).programme.gatherings[3].agenda == "09.00\tVelkommen\n10.00\tGruppearbeid"


def test_a_line_break_in_a_cycle_mail_subject_is_refused_and_the_body_keeps_its_lines(app, english, example):
    """The programme's own mail texts (its cycle) follow the programme's text rules: a subject is one line."""
    url = f"/admin/p/{PID}/cycle/mail/invitation"
    body = "Hei, {{ member }}!\n\nFristen er {{ due|date }}.\n{{ link }}\n"
    two_lines = {"subject": "Nytt skjema\nBcc: x@example.org", "body": body, "action": "save"}
    refused = post(english, url, two_lines, app=app)
    assert refused.status_code == 422
    assert "Write this on one line." in text(refused)
    assert "cycle" not in run_of(app).document
    saved = post(english, url, {"subject": "Nytt\x85 skjema\x00", "body": body + "\x07", "action": "save"}, app=app)
    assert saved.status_code == 302
    mail = run_of(app).workflow.mail["invitation"]
    assert (mail.subject, mail.body) == ("Nytt skjema", body)
