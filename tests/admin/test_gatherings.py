"""engine.web.admin.gatherings: editing, adding and removing gatherings, with a preview of what moves."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from flask_babel import force_locale

from engine.programmes import get_catalog
from engine.programmes.edits import save_edit
from engine.store import events as event_repo
from engine.store import get_store
from engine.web.admin.problems import located
from tests.admin.conftest import OSLO, PID, deliver, post, run_of, text

G4 = {
    "date": "2019-06-06",
    "start": "09:00",
    "end": "15:30",
    "place": "Østsiden sykehjem, Fredrikstad",
    "host": "Fredrikstad",
    "host_other": "",
    "theme": "Beholde helsearbeidere",
    "agenda": "",
}


def due(app, team: str, deliverable: str, occurrence: int) -> str:
    return run_of(app).find(team, deliverable, occurrence).effective_due_at.date().isoformat()


def test_times_are_written_the_norwegian_way(leader, example):
    assert "1 19.04.2018 09.00–15.30 Litteraturhuset" in text(leader.get(f"/admin/p/{PID}/gatherings"))


def test_the_list_shows_every_gathering_in_date_order(english, example):
    page = text(english.get(f"/admin/p/{PID}/gatherings"))
    assert (
        "1 19.04.2018 09:00–15:30 Litteraturhuset, Fredrikstad Fredrikstad Oppstart med kick-off og gruppearbeid"
        in page
    )
    assert page.index("19.04.2018") < page.index("20.09.2018") < page.index("13.02.2020")


def test_the_edit_form_shows_the_gathering_with_its_host_team_chosen(english, example):
    html = english.get(f"/admin/p/{PID}/gatherings/g4").get_data(as_text=True)
    assert '<option selected value="Fredrikstad">Fredrikstad</option>' in html
    assert 'value="2019-06-06"' in html
    html = english.get(f"/admin/p/{PID}/gatherings/g5").get_data(as_text=True)  # hosted by USHT Østfold
    assert '<option selected value="">' in html and 'value="USHT Østfold"' in html


def test_moving_a_gathering_shows_what_moves_and_saves_on_confirmation(app, english, example, clock):
    deliver(app, "eidsberg", "statusrapport", 4, datetime(2019, 4, 30, 10, 0, tzinfo=OSLO))
    revision = run_of(app).revision
    response = post(english, f"/admin/p/{PID}/gatherings/g4", {**G4, "date": "2019-06-13"}, app=app)
    assert response.status_code == 200
    page = text(response)
    # Statusrapport 4 and Fremdriftsplan 4 of the six teams still in the programme, less Eidsberg's
    # delivered Statusrapport; Våler's and Hvaler's are withdrawn and move for nobody.
    assert "11 deadlines move; 1 submitted assignment keeps its dates." in page
    assert "Marker Statusrapport before gathering 4 25.04.2019 → 02.05.2019 23.05.2019 → 30.05.2019" in page
    assert "Moss Statusrapport before gathering 4 25.04.2019 → 02.05.2019 01.06.2019 → 01.06.2019" in page
    assert run_of(app).revision == revision  # nothing saved yet

    response = post(english, f"/admin/p/{PID}/gatherings/g4", {**G4, "date": "2019-06-13", "confirm": "yes"}, app=app)
    assert (response.status_code, response.location) == (302, f"/admin/p/{PID}/gatherings")
    assert run_of(app).programme.gatherings[3].date.isoformat() == "2019-06-13"
    assert due(app, "marker", "statusrapport", 4) == "2019-05-30"
    assert due(app, "eidsberg", "statusrapport", 4) == "2019-05-23"  # delivered: keeps its history
    assert due(app, "moss", "statusrapport", 4) == "2019-06-01"  # its extension still stands


def test_a_change_that_moves_no_deadline_is_saved_at_once(app, english, example):
    response = post(
        english,
        f"/admin/p/{PID}/gatherings/g4",
        {**G4, "place": "Rådhuset", "host": "", "host_other": "KS Østfold"},
        app=app,
    )
    assert response.status_code == 302
    gathering = run_of(app).programme.gatherings[3]
    assert (gathering.place, gathering.host) == ("Rådhuset", "KS Østfold")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"date": "2019-02-14"},
            "date",
            "The date must be after the previous gathering (14.02.2019): one gathering per day, in date order.",
        ),
        ({"date": "06.13.2019"}, "date", "Write the date as dd.mm.yyyy, for example 19.04.2018."),
        ({"start": "kl 9"}, "start", "Write the time as HH:MM, for example 09:00."),
    ],
)
def test_a_gathering_that_breaks_a_rule_is_not_saved(app, english, example, changes, field, message):
    response = post(english, f"/admin/p/{PID}/gatherings/g4", {**G4, **changes}, app=app)
    assert response.status_code == 422
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in response.get_data(as_text=True)
    assert run_of(app).revision == 1


def test_place_host_and_theme_may_come_later(app, english, example):
    blank = {**G4, "place": "", "host": "", "host_other": "", "theme": "", "confirm": "yes"}
    assert post(english, f"/admin/p/{PID}/gatherings/g4", blank, app=app).status_code == 302
    gathering = run_of(app).programme.gatherings[3]
    assert (gathering.place, gathering.host, gathering.theme) == ("", "", "")


def test_adding_a_gathering_before_delivered_work_is_refused(app, english, example):
    deliver(app, "eidsberg", "fremdriftsplan", 3, datetime(2019, 2, 20, 10, 0, tzinfo=OSLO))
    response = post(english, f"/admin/p/{PID}/gatherings/new", {**G4, "date": "2018-12-06", "confirm": "yes"}, app=app)
    assert response.status_code == 422
    assert (
        "Teams have submitted work that belongs to gathering 3; adding or removing a gathering before it "
        "would move that work to another gathering, so the change is not made."
    ) in text(response)
    assert len(run_of(app).programme.gatherings) == 6


def test_moving_a_gathering_past_an_extension_offers_to_drop_the_extension(app, english, example):
    """Moss has until 01.06.2019 for the Statusrapport before gathering 4 (planned: 23.05.2019). With
    gathering 4 three weeks later the plan gives everybody until 13.06.2019: the extension would only
    give Moss less time. The confirmation says so, whose extension it is, and saving drops it."""
    response = post(english, f"/admin/p/{PID}/gatherings/g4", {**G4, "date": "2019-06-27"}, app=app)
    assert response.status_code == 200
    page = text(response)
    assert "Extensions that are no longer needed" in page
    assert "Moss: Statusrapport before gathering 4 – extended to 01.06.2019; the new deadline is 13.06.2019" in page
    assert "must not be before" not in page
    assert 'name="action" value="back"' in response.get_data(as_text=True)  # a way back to another date

    response = post(english, f"/admin/p/{PID}/gatherings/g4", {**G4, "date": "2019-06-27", "confirm": "yes"}, app=app)
    assert (response.status_code, response.location) == (302, f"/admin/p/{PID}/gatherings")
    run = run_of(app)
    assert run.programme.extension("moss", "statusrapport", 4) is None
    assert due(app, "moss", "statusrapport", 4) == "2019-06-13"
    with app.app_context():
        [event] = event_repo.list_events(get_store(), PID, kind="extension_removed")
    assert (event["team"], event["detail"]["due"], event["detail"]["overtaken_by"]) == (
        "moss",
        "2019-06-01",
        "2019-06-13",
    )
    assert "the new deadline 13.06.2019 is later than the extension" in text(english.get(f"/admin/p/{PID}/events"))


def test_a_gathering_after_the_last_drops_the_final_report_extension_it_overtakes(app, english, example):
    response = post(english, f"/admin/p/{PID}/gatherings/new", {**G4, "date": "2020-06-11"}, app=app)
    # Eidsberg's Sluttrapport was extended to 15.04.2020; it is now planned for 11.07.2020.
    assert "Eidsberg: Sluttrapport – extended to 15.04.2020; the new deadline is 11.07.2020" in text(response)
    response = post(english, f"/admin/p/{PID}/gatherings/new", {**G4, "date": "2020-06-11", "confirm": "yes"}, app=app)
    assert response.status_code == 302
    assert due(app, "eidsberg", "sluttrapport", 1) == "2020-07-11"


def test_a_problem_shown_away_from_its_input_says_whose_it_is(app, example):
    run = run_of(app)
    index = next(i for i, e in enumerate(run.programme.extensions) if e.team == "moss")
    line = (
        f"extensions[{index}].due: 2019-05-20 is before the planned due day 2019-05-23; "
        "an extension can only give more time"
    )
    with app.test_request_context(), force_locale("en"):
        assert located(run, line).message == (
            "Moss – extension of Statusrapport before gathering 4: "
            "The extended due date (20.05.2019) must not be before the planned due date, 23.05.2019."
        )
        assert located(run, "teams[4].name: the team's name is missing").message == "Team Moss: This must be filled in."


def add_seventh_gathering(app, client) -> None:
    """Take back Eidsberg's Sluttrapport extension (it would end before the new plan), then add a 7th."""
    assert (
        post(client, f"/admin/p/{PID}/teams/eidsberg/extensions/sluttrapport/1/remove", {}, app=app).status_code == 302
    )
    response = post(client, f"/admin/p/{PID}/gatherings/new", {**G4, "date": "2020-06-11", "confirm": "yes"}, app=app)
    assert response.status_code == 302, text(response)


def test_a_gathering_added_at_the_end_takes_the_last_place(app, english, example):
    post(english, f"/admin/p/{PID}/teams/eidsberg/extensions/sluttrapport/1/remove", {}, app=app)
    response = post(english, f"/admin/p/{PID}/gatherings/new", {**G4, "date": "2020-06-11"}, app=app)
    page = text(response)
    assert "16 new assignments" in page  # a Fremdriftsplan after gathering 6 and a Statusrapport before 7, × 8 teams
    response = post(english, f"/admin/p/{PID}/gatherings/new", {**G4, "date": "2020-06-11", "confirm": "yes"}, app=app)
    assert response.status_code == 302
    programme = run_of(app).programme
    assert [g.id for g in programme.gatherings] == ["g1", "g2", "g3", "g4", "g5", "g6", "g7"]
    assert due(app, "marker", "sluttrapport", 1) == "2020-07-11"


def test_removing_a_gathering_the_workflow_needs_is_refused(app, english, example):
    run = run_of(app)
    teams = tuple(replace(t, withdrawn=None) for t in run.programme.teams)
    three = replace(run.programme, gatherings=run.programme.gatherings[:3], teams=teams, extensions=(), excusals=())
    with app.app_context():  # the fewest gatherings the workflow carries
        save_edit(get_store(), get_catalog(), three, "test", datetime(2018, 5, 1, tzinfo=OSLO), None)
    response = post(english, f"/admin/p/{PID}/gatherings/g2/remove", {"confirm": "yes"}, app=app)
    assert response.status_code == 200
    page = text(response)
    assert "This change cannot be made: The workflow is made for 3 to 12 gatherings; the programme has 2." in page
    assert 'name="confirm"' not in response.get_data(as_text=True)
    assert len(run_of(app).programme.gatherings) == 3


def test_remove_is_offered_only_where_the_workflow_allows_it(app, english, example):
    page = english.get(f"/admin/p/{PID}/gatherings")
    assert "/remove" not in page.get_data(as_text=True)  # Moss's excusal names the sixth Statusrapport
    assert "Moss – excusal from Statusrapport before gathering 6: This document is not in the programme." in text(page)
    add_seventh_gathering(app, english)
    html = english.get(f"/admin/p/{PID}/gatherings").get_data(as_text=True)
    assert html.count("/remove") == 7 and "no “Remove” button" not in html
    run = run_of(app)
    teams = tuple(replace(t, withdrawn=None) for t in run.programme.teams)
    three = replace(run.programme, gatherings=run.programme.gatherings[:3], teams=teams, extensions=(), excusals=())
    with app.app_context():  # the fewest gatherings the workflow carries
        save_edit(get_store(), get_catalog(), three, "test", datetime(2018, 5, 1, tzinfo=OSLO), None)
    page = english.get(f"/admin/p/{PID}/gatherings")
    assert "/remove" not in page.get_data(as_text=True)
    assert (
        "Removing a gathering that has no “Remove” button would leave the programme with this problem: "
        "The workflow is made for 3 to 12 gatherings; the programme has 2."
    ) in text(page)


def test_a_gathering_is_removed_after_confirmation(app, english, example):
    add_seventh_gathering(app, english)
    response = post(english, f"/admin/p/{PID}/gatherings/g7/remove", {}, app=app)
    assert "Remove the gathering on 11.06.2020?" in text(response)
    assert len(run_of(app).programme.gatherings) == 7
    response = post(english, f"/admin/p/{PID}/gatherings/g7/remove", {"confirm": "yes"}, app=app)
    assert response.status_code == 302
    assert len(run_of(app).programme.gatherings) == 6


def test_two_leaders_editing_at_once_do_not_overwrite_each_other(app, english, example):
    seen = run_of(app).revision
    post(english, f"/admin/p/{PID}/gatherings/g4", {**G4, "place": "Først lagret"}, app=app)
    response = post(english, f"/admin/p/{PID}/gatherings/g4", {**G4, "place": "Mitt forslag", "revision": seen})
    assert response.status_code == 409
    assert "Someone else saved this programme while you were editing." in text(response)
    assert 'value="Mitt forslag"' in response.get_data(as_text=True)
    assert run_of(app).programme.gatherings[3].place == "Først lagret"


def test_an_unknown_gathering_is_not_found(english, example):
    assert english.get(f"/admin/p/{PID}/gatherings/g9").status_code == 404


def test_a_gathering_on_a_holiday_and_deadlines_on_days_off_are_warned_about_not_refused(app, english, example):
    # Gathering 4 moved to Friday 17 May 2019 (Constitution Day): saved, with a warning
    moved = {**G4, "date": "2019-05-17", "confirm": "yes"}
    response = post(english, f"/admin/p/{PID}/gatherings/g4", moved, app=app, follow_redirects=True)
    page = text(response)
    assert "The gathering was saved." in page
    assert "Note: 17.05.2019 is Constitution Day, a public holiday." in page
    assert run_of(app).programme.gatherings[3].date.isoformat() == "2019-05-17"
    # the list marks it, and names the deadlines on days off (the Sluttrapport is due Saturday 14.03.2020)
    page = text(english.get(f"/admin/p/{PID}/gatherings"))
    assert "17.05.2019 Constitution Day, a public holiday" in page
    assert "Sluttrapport, due 14.03.2020: a Saturday" in page
