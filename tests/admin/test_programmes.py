"""engine.web.admin.programmes: the programme list, the new-programme form and the settings."""

from __future__ import annotations

import re

import pytest

from tests.admin.conftest import PID, csrf, post, run_of, text
from tests.admin.test_setup_in_browser import new_programme_form


def create(client, **changes):
    data = {**new_programme_form(), **changes}
    return client.post("/admin/new", data={"csrf_token": csrf(client, "/admin/"), **data})


def error_summary(response) -> list[str]:
    html = response.get_data(as_text=True)
    box = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return (
        [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in re.findall(r"<li>(.*?)</li>", box.group(0), re.S)]
        if box
        else []
    )


def field_error(response, field_id: str) -> str:
    html = response.get_data(as_text=True)
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return " ".join(match.group(1).split()) if match else ""


def test_the_list_shows_each_programme_with_its_figures(english, example):
    page = text(english.get("/admin/"))
    assert "Jobbvinner Østfold – utviklingsverksted 2018–2020" in page
    assert "Workflow Utviklingsverksted" in page
    assert "Teams 6 of 8 active" in page  # Våler and Hvaler withdrew before 01.05.2019; Halden on 02.05.
    assert "Next deadline 23.05.2019 – Statusrapport" in page
    # Nothing delivered: the six teams still in are behind; two have left (teams, not 16 cells).
    assert "Something overdue 6 teams Eidsberg, Marker, Fredrikstad, Moss, Halden, Sarpsborg" in page
    assert "Withdrawn 2 teams Hvaler, Våler" in page
    assert "·" not in page  # no separator left alone at the end of a line
    assert "New programme" in page


def test_the_new_form_asks_only_for_what_a_programme_must_have(english):
    html = english.get("/admin/new").get_data(as_text=True)
    assert 'name="gatherings-' not in html  # places, hosts, themes come later
    assert 'name="first_date"' in html and 'name="gathering_count"' in html
    assert re.search(r'name="gathering_count"[^>]*value="3"', html)  # the fewest the workflow carries
    assert [f"teams-{i}-name" in html for i in range(4)] == [True, True, True, False]
    assert '<option selected value="utviklingsverksted">Utviklingsverksted</option>' in html


@pytest.mark.parametrize(("action", "teams"), [("add_team", 4), ("remove_team:0", 2)])
def test_team_rows_are_added_and_removed_without_javascript_keeping_what_was_typed(english, action, teams):
    response = create(english, action=action)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r'name="teams-\d+-members"', html)) == teams
    assert 'value="Læringsnettverk Innlandet 2026"' in html and 'value="2026-01-15"' in html
    if action == "remove_team:0":
        assert re.findall(r'name="teams-\d+-name" type="text" value="(\w+)"', html) == ["Lunner", "Jevnaker"]


def test_the_gatherings_are_placed_weeks_apart_with_places_to_come(english, app):
    assert create(english, gathering_count="4", weeks_between="10").status_code == 302
    gatherings = run_of(app, "laeringsnettverk-innlandet-2026").programme.gatherings
    assert [g.date.isoformat() for g in gatherings] == ["2026-01-15", "2026-03-26", "2026-06-04", "2026-08-13"]
    assert {(g.start, g.place, g.theme) for g in gatherings} == {("09:00", "", "")}


def test_a_created_programme_gets_its_id_from_the_title(english, app):
    assert create(english).location == "/admin/p/laeringsnettverk-innlandet-2026/"
    assert run_of(app, "laeringsnettverk-innlandet-2026").revision == 1


def test_an_existing_id_is_refused_and_the_form_kept(english):
    create(english)
    response = create(english, title="Et annet nettverk", programme_id="laeringsnettverk-innlandet-2026")
    assert response.status_code == 409
    assert field_error(response, "programme_id") == (
        "A programme with the id laeringsnettverk-innlandet-2026 exists already; choose another id."
    )
    assert 'value="Et annet nettverk"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"title": ""}, "title", "This must be filled in."),
        ({"leader_email": "lea.example.org"}, "leader_email", "lea.example.org is not a valid e-mail address."),
        ({"programme_id": "Mitt Program"}, "programme_id", "Use only lower-case letters a–z, digits and hyphens."),
        ({"first_date": "31.02.2026"}, "first_date", "Write the date as dd.mm.yyyy, for example 19.04.2018."),
        ({"gathering_count": "seks"}, "gathering_count", "Write the number of gatherings, for example 6."),
        ({"weeks_between": "0"}, "weeks_between", "Write a number of weeks from 1 to 104."),
        (
            {"gathering_count": "2"},
            "gathering_count",
            "The workflow is made for 3 to 12 gatherings; the programme has 2.",
        ),
        ({"teams-1-name": "Gran"}, "teams-1-name", "Another team is called Gran."),
        (
            {"teams-0-members": "Kari Holm, kari@example.org\nOla Berg, ola(at)example.org"},
            "teams-0-members",
            "Line 2: ola(at)example.org is not a valid e-mail address.",
        ),
        (
            {"teams-2-members": "Siri Moe siri@example.org"},
            "teams-2-members",
            "Line 1: write the name and the e-mail address, separated by a comma.",
        ),
    ],
)
def test_problems_are_shown_next_to_the_field_and_in_the_summary(english, changes, field_id, message):
    response = create(english, **changes)
    assert response.status_code == 422
    assert field_error(response, field_id) == message.replace("'", "&#39;")
    summary = error_summary(response)
    assert any(line.endswith(message.replace("'", "&#39;")) for line in summary), summary


def test_every_problem_is_listed_at_once_with_its_field_named(english):
    response = create(
        english, title="", first_date="", gathering_count="twenty", **{"teams-0-members": "Kari Holm kari@example.org"}
    )
    assert response.status_code == 422
    assert error_summary(response) == [
        "Title: This must be filled in.",
        "Date of the first gathering: Enter the date.",
        "Number of gatherings: Write the number of gatherings, for example 6.",
        "Team 1 – Members: Line 1: write the name and the e-mail address, separated by a comma.",
    ]


def test_a_programme_without_teams_is_refused(english):
    rows = {f"teams-{i}-{key}": "" for i in range(3) for key in ("name", "members")}
    response = create(english, **rows)
    assert error_summary(response) == ["Add at least one team."]


def test_the_settings_change_the_title_and_leader(english, app, example):
    response = post(
        english,
        f"/admin/p/{PID}/settings",
        {
            "title": "Jobbvinner Østfold",
            "recipient": "prosjektleder",
            "leader_name": "Nina Ny",
            "leader_email": "nina@example.org",
        },
        app=app,
    )
    assert response.status_code == 302
    programme = run_of(app).programme
    assert (programme.title, programme.recipient, programme.leader.name) == (
        "Jobbvinner Østfold",
        "prosjektleder",
        "Nina Ny",
    )


def test_settings_saved_over_someone_elses_change_show_what_was_typed(english, app, example):
    stale = str(run_of(app).revision)
    post(
        english,
        f"/admin/p/{PID}/settings",
        {"title": "Først", "recipient": "r", "leader_name": "A", "leader_email": "a@example.org"},
        app=app,
    )
    response = post(
        english,
        f"/admin/p/{PID}/settings",
        {
            "title": "Min tittel",
            "recipient": "r",
            "leader_name": "B",
            "leader_email": "b@example.org",
            "revision": stale,
        },
    )
    assert response.status_code == 409
    page = text(response)
    assert "Someone else saved this programme while you were editing." in page
    assert 'value="Min tittel"' in response.get_data(as_text=True)
    assert run_of(app).programme.title == "Først"
    assert f'name="revision" value="{run_of(app).revision}"' in response.get_data(as_text=True)
