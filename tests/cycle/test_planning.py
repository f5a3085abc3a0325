"""Planning the Østfold example and small programmes: every instant exact, across DST."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from engine.cycle import PlanError, Programme, plan_assignments, plan_problems, programme_span, workflow_from_source
from engine.schema.source import load_yaml

from .conftest import MINI_WORKFLOW

TEAMS = ["eidsberg", "marker", "fredrikstad", "hvaler", "moss", "valer", "halden", "sarpsborg"]

# Hand-computed from the gathering dates 19.04.2018, 20.09.2018, 14.02.2019, 06.06.2019, 17.10.2019
# and 13.02.2020. Summer time (+02:00) ran 25.03–28.10.2018, 31.03–27.10.2019 and from 29.03.2020.
OSTFOLD_PLAN = [
    ("hovedplan", 1, "2018-04-19T00:00:00+02:00", "2018-05-31T23:59:59+02:00"),
    ("fremdriftsplan", 1, "2018-04-19T00:00:00+02:00", "2018-05-03T23:59:59+02:00"),
    ("fremdriftsplan", 2, "2018-09-20T00:00:00+02:00", "2018-10-04T23:59:59+02:00"),
    ("fremdriftsplan", 3, "2019-02-14T00:00:00+01:00", "2019-02-28T23:59:59+01:00"),
    ("fremdriftsplan", 4, "2019-06-06T00:00:00+02:00", "2019-06-20T23:59:59+02:00"),
    ("fremdriftsplan", 5, "2019-10-17T00:00:00+02:00", "2019-10-31T23:59:59+01:00"),
    ("statusrapport", 3, "2019-01-03T00:00:00+01:00", "2019-01-31T23:59:59+01:00"),
    ("statusrapport", 4, "2019-04-25T00:00:00+02:00", "2019-05-23T23:59:59+02:00"),
    ("statusrapport", 5, "2019-09-05T00:00:00+02:00", "2019-10-03T23:59:59+02:00"),
    ("statusrapport", 6, "2020-01-02T00:00:00+01:00", "2020-01-30T23:59:59+01:00"),
    ("sluttrapport", 1, "2020-02-13T00:00:00+01:00", "2020-03-14T23:59:59+01:00"),
]
OSTFOLD_EVALUATIONS = [
    (1, "2018-04-19T00:00:00+02:00", "2018-04-26T23:59:59+02:00"),
    (2, "2018-09-20T00:00:00+02:00", "2018-09-27T23:59:59+02:00"),
    (3, "2019-02-14T00:00:00+01:00", "2019-02-21T23:59:59+01:00"),
    (4, "2019-06-06T00:00:00+02:00", "2019-06-13T23:59:59+02:00"),
    (5, "2019-10-17T00:00:00+02:00", "2019-10-24T23:59:59+02:00"),
    (6, "2020-02-13T00:00:00+01:00", "2020-02-20T23:59:59+01:00"),
]
# The leader's half-yearly report to the steering group: 21 days after gatherings 2, 4 and 6, due 30.
OSTFOLD_LEADER = [
    (2, "2018-10-11T00:00:00+02:00", "2018-10-20T23:59:59+02:00"),
    (4, "2019-06-27T00:00:00+02:00", "2019-07-06T23:59:59+02:00"),
    (6, "2020-03-05T00:00:00+01:00", "2020-03-14T23:59:59+01:00"),
]
EXTENDED = {
    ("moss", "statusrapport", 4): "2019-06-01T23:59:59+02:00",
    ("eidsberg", "sluttrapport", 1): "2020-04-15T23:59:59+02:00",
}


@pytest.fixture(scope="module")
def plan(ostfold, workflow):
    return {a.key: a for a in plan_assignments(ostfold, workflow)}


def test_the_ostfold_plan_has_one_assignment_per_deliverable_occurrence_and_team(plan):
    assert len(plan) == len(OSTFOLD_PLAN) * len(TEAMS) + len(OSTFOLD_EVALUATIONS) + len(OSTFOLD_LEADER)


@pytest.mark.parametrize(("deliverable", "occurrence", "opens", "due"), OSTFOLD_PLAN)
@pytest.mark.parametrize("team", TEAMS)
def test_every_team_assignment_opens_and_is_due_at_the_hand_computed_instant(
    plan, team, deliverable, occurrence, opens, due
):
    assignment = plan[f"jobbvinner-ostfold-2018/{team}/{deliverable}/{occurrence}"]
    assert (assignment.opens_at.isoformat(), assignment.due_at.isoformat()) == (opens, due)
    extended = EXTENDED.get((team, deliverable, occurrence))
    assert (assignment.extended_due_at.isoformat() if assignment.extended_due_at else None) == extended
    assert assignment.effective_due_at.isoformat() == (extended or due)
    assert (assignment.team, assignment.deliverable, assignment.occurrence, assignment.by) == (
        team,
        deliverable,
        occurrence,
        "team",
    )


@pytest.mark.parametrize(("occurrence", "opens", "due"), OSTFOLD_EVALUATIONS)
def test_evaluations_are_one_per_gathering_for_the_whole_programme(plan, occurrence, opens, due):
    assignment = plan[f"jobbvinner-ostfold-2018/-/evaluering/{occurrence}"]
    assert (assignment.opens_at.isoformat(), assignment.due_at.isoformat()) == (opens, due)
    assert assignment.team is None and assignment.by == "participant" and assignment.gathering == occurrence


@pytest.mark.parametrize(("occurrence", "opens", "due"), OSTFOLD_LEADER)
def test_the_leaders_report_is_one_per_occurrence_owned_by_no_team(plan, occurrence, opens, due):
    assignment = plan[f"jobbvinner-ostfold-2018/-/styringsgrupperapport/{occurrence}"]
    assert (assignment.opens_at.isoformat(), assignment.due_at.isoformat()) == (opens, due)
    assert (assignment.team, assignment.by, assignment.gathering) == (None, "leader", occurrence)


def test_assignments_come_in_opening_order_then_workflow_then_team_order(ostfold, workflow):
    planned = plan_assignments(ostfold, workflow)
    assert [a.opens_at for a in planned] == sorted(a.opens_at for a in planned)
    first = [a.key.split("/", 1)[1] for a in planned[:3]]
    assert first == ["eidsberg/hovedplan/1", "marker/hovedplan/1", "fredrikstad/hovedplan/1"]


def test_the_gathering_an_assignment_hangs_on(plan):
    assert plan["jobbvinner-ostfold-2018/moss/hovedplan/1"].gathering == 1
    assert plan["jobbvinner-ostfold-2018/moss/sluttrapport/1"].gathering == 6
    assert plan["jobbvinner-ostfold-2018/moss/statusrapport/4"].gathering == 4


@pytest.mark.parametrize(
    ("key", "start", "end", "months"),
    [
        ("moss/fremdriftsplan/1", date(2018, 4, 19), date(2018, 9, 20), 6),  # gathering 1 -> 2
        ("moss/fremdriftsplan/5", date(2019, 10, 17), date(2020, 2, 13), 5),  # gathering 5 -> 6
        ("moss/statusrapport/3", date(2018, 9, 20), date(2019, 2, 14), 6),  # before 3: gathering 2 -> 3
        ("moss/statusrapport/6", date(2019, 10, 17), date(2020, 2, 13), 5),
        ("moss/hovedplan/1", date(2018, 4, 19), date(2020, 3, 14), 24),  # a one-off spans the programme
        ("-/evaluering/6", date(2020, 2, 13), date(2020, 3, 14), 2),  # the last: to the programme's end
    ],
)
def test_periods_run_between_gatherings(plan, key, start, end, months):
    period = plan[f"jobbvinner-ostfold-2018/{key}"].period
    assert (period.start, period.end, len(period.months)) == (start, end, months)
    assert period.months[0] == date(start.year, start.month, 1)


def test_the_programme_span_runs_to_the_last_due_day(ostfold, workflow):
    assert programme_span(ostfold, workflow) == (date(2018, 4, 19), date(2020, 3, 14))


def test_the_assignment_document_is_json_ready(plan):
    doc = plan["jobbvinner-ostfold-2018/moss/statusrapport/4"].to_document()
    assert doc["due_at"] == "2019-05-23T23:59:59+02:00" and doc["extended_due_at"] == "2019-06-01T23:59:59+02:00"
    assert doc["period"] == {
        "start": "2019-02-14",
        "end": "2019-06-06",
        "months": ["2019-02", "2019-03", "2019-04", "2019-05", "2019-06"],
    }


def _programme(mini, *dates: date) -> Programme:
    gatherings = tuple(replace(mini.gatherings[0], id=f"g{n}", date=d) for n, d in enumerate(dates, start=1))
    return replace(
        mini,
        gatherings=gatherings,
        extensions=(),
        excusals=(),
        teams=tuple(replace(t, withdrawn=None) for t in mini.teams),
    )


def test_opening_on_the_spring_forward_day_and_due_on_the_fall_back_day(mini, mini_workflow):
    programme = _programme(mini, date(2026, 3, 29), date(2026, 10, 18), date(2026, 12, 1))
    plan = {a.key: a for a in plan_assignments(programme, mini_workflow)}
    first, second = plan["demo-2026/moss/report/1"], plan["demo-2026/moss/report/2"]
    assert first.opens_at.isoformat() == "2026-03-29T00:00:00+01:00"
    assert first.due_at.isoformat() == "2026-04-05T23:59:59+02:00"
    assert second.opens_at.isoformat() == "2026-10-18T00:00:00+02:00"
    assert second.due_at.isoformat() == "2026-10-25T23:59:59+01:00"
    assert plan["demo-2026/moss/plan/1"].due_at.isoformat() == "2026-04-12T23:59:59+02:00"


def test_an_extension_moves_only_that_teams_due_instant(mini, mini_workflow):
    plan = {a.key: a for a in plan_assignments(mini, mini_workflow)}
    assert plan["demo-2026/moss/report/2"].effective_due_at.isoformat() == "2026-05-20T23:59:59+02:00"
    assert plan["demo-2026/moss/report/2"].due_at.isoformat() == "2026-05-14T23:59:59+02:00"
    assert plan["demo-2026/valer/report/2"].effective_due_at.isoformat() == "2026-05-14T23:59:59+02:00"


def test_closes_and_period_overrides(forms, mini):
    text = MINI_WORKFLOW.replace(
        "due: {after: gathering, days: 7}}",
        "due: {after: gathering, days: 7}, closes: {before: gathering next, days: 0},\n"
        "     period: {from: gathering previous, to: gathering}}",
    ).replace("gathering next", "gathering 3")
    workflow = workflow_from_source(load_yaml(text, "mini.yaml"), forms)
    plan = {a.key: a for a in plan_assignments(mini, workflow)}
    report = plan["demo-2026/moss/report/1"]
    assert report.closes_at.isoformat() == "2026-09-03T23:59:59+02:00"
    assert (report.period.start, report.period.end) == (date(2026, 3, 5), date(2026, 3, 5))  # no previous: start
    assert plan["demo-2026/moss/report/2"].period.start == date(2026, 3, 5)


def test_a_programme_with_too_few_gatherings_cannot_be_planned(ostfold, workflow):
    short = replace(ostfold, gatherings=ostfold.gatherings[:2])
    assert plan_problems(short, workflow) == [
        (
            ("gatherings",),
            "the workflow 'utviklingsverksted' is made for 3 to 12 gatherings, but the programme has 2",
        )
    ]
    with pytest.raises(PlanError, match="the programme has 2"):
        plan_assignments(short, workflow)


def test_dates_that_make_a_deliverable_due_before_it_opens_are_a_problem(forms, mini):
    text = MINI_WORKFLOW.replace("due: {after: gathering 1, days: 14}", "due: {before: gathering 2, days: 70}")
    workflow = workflow_from_source(load_yaml(text, "mini.yaml"), forms)
    assert plan_problems(mini, workflow) == [
        (
            ("gatherings",),
            "with these dates plan (occurrence 1) would be due on 2026-02-26, before it opens on 2026-03-05",
        )
    ]
