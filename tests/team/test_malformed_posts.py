"""Malformed posts to every kind of form (issue #12, item 1): a text field sent as a file, a table
row index written with a Unicode digit, a JSON body instead of a form. Each used to answer 500 —
before the security check, so without a log-in on the preview. Now the page answers as for any
other post: the file and the odd names are ignored, everything else typed is kept."""

from __future__ import annotations

import io
import json

import pytest

from engine.access.links import evaluation_path
from engine.store import drafts as draft_repo
from tests.support.teamwork import PID, hidden, text_of


def file(content: bytes = b"verksted-host\n", name: str = "hostname"):
    return (io.BytesIO(content), name)


def csrf_of(client, url: str) -> str:
    return hidden(client.get(url).get_data(as_text=True), "csrf_token")


MALFORMED = {
    "a text field sent as a file": lambda field: {field: file()},
    "a row index written as ²": lambda field: {"tiltak-²-delmal": "x"},
    "a row index written as ①": lambda field: {"tiltak-①-tiltak": "x"},
    "a huge row index": lambda field: {"tiltak-99999999999999999999-delmal": "x"},
    "a negative row index": lambda field: {"tiltak--1-delmal": "x"},
    "a duplicated name": lambda field: {field: ["første", "andre"]},
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_the_public_preview_answers_without_a_security_token(client, case):
    response = client.post("/preview/fremdriftsplan", data=MALFORMED[case]("effektmal"))
    assert response.status_code < 500
    assert response.status_code == 400, "no valid security token: nothing checked, the text given back"


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_the_preview_answers_with_a_security_token(client, case):
    token = csrf_of(client, "/preview/fremdriftsplan")
    data = {"csrf_token": token, "action": "save", "resultatmal": "Kept as typed", **MALFORMED[case]("effektmal")}
    response = client.post("/preview/fremdriftsplan", data=data)
    assert response.status_code == 200
    assert "Kept as typed</textarea>" in response.get_data(as_text=True)


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_the_team_form_answers_and_saves_what_was_typed(member, case, store):
    maria = member()
    page = maria.open()
    response = maria.post(page, {"resultatmal": "Two trainees", **MALFORMED[case]("gruppeleder")})
    assert response.status == 200, response.text[:500]
    assert "Two trainees" in response.page


def test_a_file_in_a_text_field_is_not_stored(member, store):
    maria = member()
    maria.post(maria.open(), {"resultatmal": "Two trainees", "gruppeleder": file(b"secret file")})
    draft = draft_repo.get_draft(store, PID, "moss", f"{PID}/moss/fremdriftsplan/1")
    assert draft["values"]["resultatmal"] == "Two trainees"
    assert "secret file" not in json.dumps(draft)


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_the_evaluation_answers(app, run, case):
    client = app.test_client()
    url = evaluation_path("test-secret", PID, 1)
    data = {"csrf_token": csrf_of(client, url), "action": "submit", **MALFORMED[case]("faglig_kommentar")}
    assert client.post(url, data=data).status_code < 500


@pytest.mark.parametrize(
    "data",
    [
        {"gatherings-²-date": "2026-01-01"},
        {"gatherings-0-date": file(), "title": "A"},
        {"teams-①-name": "Moss", "title": "B"},
        {"title": file(), "leader_email": file()},
    ],
)
def test_the_new_programme_form_answers(leader, data):
    token = csrf_of(leader, "/admin/new")
    response = leader.post("/admin/new", data={"csrf_token": token, "workflow": "utviklingsverksted", **data})
    assert response.status_code in (200, 422)


def test_the_log_in_form_answers_a_file_for_the_password(app):
    client = app.test_client()
    token = csrf_of(client, "/admin/login")
    data = {"csrf_token": token, "email": "x@example.org", "password": file()}
    assert client.post("/admin/login", data=data).status_code == 200


@pytest.mark.parametrize("body", ["[1, 2]", '{"effektmal": {"a": 1}}', '"text"', "12", '{"tiltak-²-delmal": "x"}'])
def test_a_json_body_is_not_a_form(client, body):
    token = csrf_of(client, "/preview/fremdriftsplan")
    response = client.post(f"/preview/fremdriftsplan?csrf_token={token}", data=body, content_type="application/json")
    assert response.status_code < 500
    assert "Fremdriftsplan" in text_of(response.get_data(as_text=True))


def test_a_multipart_part_without_a_name_is_left_out(client):
    """Found by the hostile suite: a part named with a line break reached the form cleaning as None."""
    response = client.post(
        "/preview/fremdriftsplan", data={"\n": "", "effektmal": "x"}, content_type="multipart/form-data"
    )
    assert response.status_code == 400  # no security token: the text given back, nothing else


def test_a_gathering_posted_without_its_host_is_saved_not_a_crash(leader, run, reload):
    """Found by the hostile suite: a post without the host select made the programme rules crash.
    A gathering's host may come later (the new-programme page leaves it empty), so it is saved."""
    gathering = run.programme.gatherings[0]
    data = {
        "csrf_token": csrf_of(leader, f"/admin/p/{PID}/gatherings/{gathering.id}"),
        "revision": str(run.revision),
        "date": gathering.date.isoformat(),
        "start": gathering.start,
        "place": gathering.place,
        "theme": gathering.theme,
    }
    response = leader.post(f"/admin/p/{PID}/gatherings/{gathering.id}", data=data)
    assert response.status_code == 302
    assert reload().programme.gatherings[0].host == ""
