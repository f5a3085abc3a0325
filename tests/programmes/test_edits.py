"""engine.programmes.edits: the pure steps of changing a programme, what they do to the plan, and saving."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.cycle import Gathering, Member
from engine.programmes import ProgrammeInvalid, load_run
from engine.programmes.edits import (
    EditError,
    Event,
    excuse,
    extend,
    plan_changes,
    save_edit,
    with_gathering,
    with_member,
    with_new_team,
    with_team_name,
    withdraw,
    without_excusal,
    without_extension,
    without_gathering,
    without_member,
)
from engine.store import StaleRevision
from engine.store import deliveries as delivery_repo
from engine.store import events as event_repo
from tests.support.example import example_store

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2019, 5, 1, 12, tzinfo=OSLO)
PID = "jobbvinner-ostfold-2018"


@pytest.fixture
def store(tmp_path, catalog):
    return example_store(tmp_path, catalog)


@pytest.fixture
def run(store, catalog):
    return load_run(store, catalog, PID)


def gathering(day: date, gid: str = "") -> Gathering:
    return Gathering(gid, day, "09:00", "Sted", "Vert", "Tema")


def test_a_new_gathering_takes_its_date_place_and_a_fresh_id(run):
    changed = with_gathering(run.programme, gathering(date(2018, 12, 6)))
    assert [g.id for g in changed.gatherings] == ["g1", "g2", "g7", "g3", "g4", "g5", "g6"]
    moved = with_gathering(run.programme, replace(run.programme.gatherings[0], date=date(2019, 3, 1)))
    assert [g.id for g in moved.gatherings] == ["g2", "g3", "g1", "g4", "g5", "g6"]  # dates decide the order


def test_removing_an_unknown_gathering_is_an_edit_error(run):
    with pytest.raises(EditError, match="no gathering 'g9'"):
        without_gathering(run.programme, "g9")
    assert len(without_gathering(run.programme, "g6").gatherings) == 5


def test_new_teams_and_members_get_unique_slugs_and_keep_them(run):
    changed, team_id = with_new_team(run.programme, "Moss")
    assert team_id == "moss-2"
    renamed = with_team_name(changed, "moss-2", " Moss og Rygge ")
    assert renamed.team("moss-2").name == "Moss og Rygge"
    added, member_id = with_member(renamed, "moss", Member("", " Maria Olsen ", "maria2@example.org", " "))
    assert member_id == "maria-olsen-2"
    assert added.team("moss").member("maria-olsen-2") == Member(
        "maria-olsen-2", "Maria Olsen", "maria2@example.org", None, True
    )
    edited, same = with_member(added, "moss", Member("maria-olsen", "Maria O.", "maria@example.org", "leder", False))
    assert same == "maria-olsen" and edited.team("moss").member("maria-olsen").active is False
    remaining = without_member(edited, "moss", "maria-olsen").team("moss").members
    assert [m.id for m in remaining] == ["lars-kristiansen", "ida-pedersen", "ahmed-ali", "maria-olsen-2"]
    with pytest.raises(EditError, match="team 'oslo'"):
        with_member(run.programme, "oslo", Member("", "X", "x@example.org"))
    with pytest.raises(EditError, match="no member 'ola'"):
        without_member(run.programme, "moss", "ola")


def test_an_extension_replaces_the_earlier_one_and_can_be_taken_back(run):
    changed = extend(run.programme, "moss", "statusrapport", 4, date(2019, 6, 5))
    assert [(e.team, e.occurrence, e.due) for e in changed.extensions if e.team == "moss"] == [
        ("moss", 4, date(2019, 6, 5))
    ]
    assert without_extension(changed, "moss", "statusrapport", 4).extension("moss", "statusrapport", 4) is None
    with pytest.raises(EditError):
        without_extension(changed, "moss", "hovedplan", 1)


def test_an_excusal_is_given_and_taken_back(run):
    changed = excuse(run.programme, "halden", "fremdriftsplan", 3, " Omorganisering ")
    assert changed.excusal("halden", "fremdriftsplan", 3).reason == "Omorganisering"
    assert without_excusal(changed, "halden", "fremdriftsplan", 3).excusal("halden", "fremdriftsplan", 3) is None


def test_moving_a_gathering_moves_unsubmitted_work_and_keeps_submitted(store, catalog, run):
    a = run.find("eidsberg", "statusrapport", 4)
    delivery_repo.submit(
        store,
        PID,
        "eidsberg",
        a.key,
        {},
        {"form": a.form, "form_version": 1, "opens_at": a.opens_at},
        "kari",
        "Kari",
        None,
        a.effective_due_at,
        datetime(2019, 4, 30, tzinfo=OSLO),
    )
    run = load_run(store, catalog, PID)
    g4 = run.programme.gatherings[3]
    changes = plan_changes(run, with_gathering(run.programme, replace(g4, date=date(2019, 6, 13))))
    assert len(changes.moved) == 15  # Statusrapport and Fremdriftsplan 4 of all eight teams, less Eidsberg's
    assert [a.key for a in changes.kept] == [f"{PID}/eidsberg/statusrapport/4"]
    assert changes.added == changes.removed == changes.regrouped == ()
    # Counted at a moment, the work of teams that have withdrawn is nobody's deadline any more.
    assert len(plan_changes(run, with_gathering(run.programme, replace(g4, date=date(2019, 6, 13))), NOW).moved) == 11


def test_a_gathering_inserted_before_submitted_work_regroups_it(store, catalog, run):
    a = run.find("moss", "fremdriftsplan", 3)
    delivery_repo.submit(
        store,
        PID,
        "moss",
        a.key,
        {},
        {"form": a.form, "form_version": 1},
        "m",
        "M",
        None,
        a.effective_due_at,
        datetime(2019, 2, 20, tzinfo=OSLO),
    )
    run = load_run(store, catalog, PID)
    changes = plan_changes(run, with_gathering(run.programme, gathering(date(2018, 12, 6))))
    assert [a.key for a in changes.regrouped] == [f"{PID}/moss/fremdriftsplan/3"]
    # with seven gatherings every team owes a Fremdriftsplan after the sixth and a Statusrapport before the seventh
    added = sorted({(a.deliverable, a.occurrence) for a in changes.added})
    assert added == [("fremdriftsplan", 6), ("statusrapport", 7)]
    assert len(changes.added) == 16


def test_nothing_changes_when_nothing_that_plans_depend_on_does(run):
    changes = plan_changes(run, with_team_name(run.programme, "moss", "Moss kommune"))
    assert not changes.anything


def test_save_edit_stores_and_logs_with_the_actor(store, catalog, run):
    changed = withdraw(run.programme, "sarpsborg", date(2019, 4, 1), "Omorganisering")
    saved = save_edit(
        store,
        catalog,
        changed,
        "admin-1",
        NOW,
        run.revision,
        [Event("withdrawn", "sarpsborg", detail={"date": "2019-04-01"})],
    )
    assert saved.revision == run.revision + 1
    assert [(e["kind"], e["actor"]) for e in event_repo.list_events(store, PID)][-2:] == [
        ("programme_saved", "admin-1"),
        ("withdrawn", "admin-1"),
    ]


def test_save_edit_refuses_a_stale_revision_and_an_invalid_programme(store, catalog, run):
    save_edit(store, catalog, with_team_name(run.programme, "moss", "Moss 1"), "a", NOW, run.revision)
    with pytest.raises(StaleRevision):
        save_edit(store, catalog, with_team_name(run.programme, "moss", "Moss 2"), "b", NOW, run.revision)
    with pytest.raises(ProgrammeInvalid, match="say why the team withdrew"):
        save_edit(store, catalog, withdraw(run.programme, "moss", date(2019, 4, 1), " "), "a", NOW, None)
    assert load_run(store, catalog, PID).programme.team("moss").name == "Moss 1"
