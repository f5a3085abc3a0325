"""The shipped workflow serves a programme of 3 to 12 gatherings: every planned day exact.

The six-gathering case is the Østfold plan of ``test_planning`` (every instant hand-computed).
Here the same cycle is planned for 3, 4 and 12 gatherings, eight weeks apart from Thursday
7 January 2027, and compared with the cycle written out as the workflow file says it in words:
a Hovedplan 42 days after the first gathering, a Fremdriftsplan 14 days after each gathering but
the last, a Statusrapport open from 42 to 14 days before each gathering from the third, a
Sluttrapport 30 days after the last, an evaluation of each gathering within 7 days, and the
leader's report to the steering group open from 21 to 30 days after every second gathering.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from engine.cycle import PlanError, Programme, plan_assignments, plan_problems, programme_problems
from engine.cycle.workflow_load import workflow_from_source
from engine.schema.source import load_yaml

from .conftest import MINI_WORKFLOW

FIRST = date(2027, 1, 7)


def programme_of(ostfold: Programme, count: int) -> Programme:
    template = ostfold.gatherings[0]
    gatherings = tuple(
        replace(template, id=f"g{n}", date=FIRST + timedelta(weeks=8 * (n - 1))) for n in range(1, count + 1)
    )
    return replace(ostfold, gatherings=gatherings, extensions=(), excusals=(), teams=ostfold.teams[:2])


def expected_cycle(count: int) -> set[tuple[str, int, date, date]]:
    g = {n: FIRST + timedelta(weeks=8 * (n - 1)) for n in range(1, count + 1)}
    day = timedelta(days=1)
    rows = {("hovedplan", 1, g[1], g[1] + 42 * day), ("sluttrapport", 1, g[count], g[count] + 30 * day)}
    rows |= {("fremdriftsplan", n, g[n], g[n] + 14 * day) for n in range(1, count)}
    rows |= {("statusrapport", n, g[n] - 42 * day, g[n] - 14 * day) for n in range(3, count + 1)}
    rows |= {("evaluering", n, g[n], g[n] + 7 * day) for n in range(1, count + 1)}
    rows |= {("styringsgrupperapport", n, g[n] + 21 * day, g[n] + 30 * day) for n in range(2, count + 1, 2)}
    return rows


def planned_days(programme: Programme, workflow) -> set[tuple[str, int, date, date]]:
    rows = set()
    for a in plan_assignments(programme, workflow):
        opens, due = a.opens_at.astimezone(workflow.tz), a.due_at.astimezone(workflow.tz)
        assert opens.time() == time(0, 0) and due.time() == time(23, 59, 59)
        rows.add((a.deliverable, a.occurrence, opens.date(), due.date()))
    return rows


def test_three_gatherings_written_out_by_hand(ostfold, workflow):
    # 7 Jan, 4 Mar and 29 Apr 2027
    assert planned_days(programme_of(ostfold, 3), workflow) == {
        ("hovedplan", 1, date(2027, 1, 7), date(2027, 2, 18)),
        ("fremdriftsplan", 1, date(2027, 1, 7), date(2027, 1, 21)),
        ("fremdriftsplan", 2, date(2027, 3, 4), date(2027, 3, 18)),
        ("statusrapport", 3, date(2027, 3, 18), date(2027, 4, 15)),
        ("sluttrapport", 1, date(2027, 4, 29), date(2027, 5, 29)),
        ("evaluering", 1, date(2027, 1, 7), date(2027, 1, 14)),
        ("evaluering", 2, date(2027, 3, 4), date(2027, 3, 11)),
        ("evaluering", 3, date(2027, 4, 29), date(2027, 5, 6)),
        ("styringsgrupperapport", 2, date(2027, 3, 25), date(2027, 4, 3)),
    }


@pytest.mark.parametrize("count", [3, 4, 12])
def test_the_shipped_cycle_fits_the_number_of_gatherings(ostfold, workflow, count):
    programme = programme_of(ostfold, count)
    assert programme_problems(programme, workflow) == []
    assert planned_days(programme, workflow) == expected_cycle(count)
    team_assignments = [a for a in plan_assignments(programme, workflow) if a.team is not None]
    # a Hovedplan, count-1 Fremdriftsplaner, count-2 Statusrapporter, a Sluttrapport — per team
    assert len(team_assignments) == 2 * (1 + (count - 1) + (count - 2) + 1)


def test_twelve_gatherings_plan_the_statusrapport_before_each_from_the_third(ostfold, workflow):
    programme = programme_of(ostfold, 12)
    occurrences = sorted(
        {a.occurrence for a in plan_assignments(programme, workflow) if a.deliverable == "statusrapport"}
    )
    assert occurrences == list(range(3, 13))
    last = next(a for a in plan_assignments(programme, workflow) if a.key.endswith("/sluttrapport/1"))
    assert last.due_at.isoformat() == "2028-10-14T23:59:59+02:00"  # 30 days after 14.09.2028, summer time


@pytest.mark.parametrize(("count", "line"), [(2, "3 to 12 gatherings, but the programme has 2"), (13, "has 13")])
def test_a_programme_the_cycle_cannot_carry_is_refused_in_one_line(ostfold, workflow, count, line):
    programme = programme_of(ostfold, count)
    problems = programme_problems(programme, workflow)
    assert problems == [
        f"gatherings: the workflow 'utviklingsverksted' is made for 3 to 12 gatherings, but the programme has {count}"
    ]
    assert line in problems[0]
    with pytest.raises(PlanError):
        plan_assignments(programme, workflow)


def test_from_until_except_and_last_minus_select_gatherings(forms):
    text = MINI_WORKFLOW.replace("except: [last]", "from: 2, until: last-1, except: [3]")
    workflow = workflow_from_source(load_yaml(text, "mini.yaml"), forms)
    report = workflow.deliverable("report")
    assert report.occurrences(6) == [2, 4, 5]
    assert report.occurrences(3) == [2]
    assert report.occurrences(2) == []


def test_every_nth_gathering_of_a_range(forms):
    text = MINI_WORKFLOW.replace("except: [last]", "from: 2, every: 2")
    workflow = workflow_from_source(load_yaml(text, "mini.yaml"), forms)
    report = workflow.deliverable("report")
    assert report.occurrences(3) == [2]
    assert report.occurrences(7) == [2, 4, 6]
    assert report.occurrences(12) == [2, 4, 6, 8, 10, 12]
    every_third = workflow_from_source(load_yaml(MINI_WORKFLOW.replace("except: [last]", "every: 3"), "m.yaml"), forms)
    assert every_third.deliverable("report").occurrences(7) == [1, 4, 7]


def test_the_leaders_report_follows_every_second_gathering_whatever_their_number(ostfold, workflow):
    for count, expected in [(3, [2]), (4, [2, 4]), (6, [2, 4, 6]), (12, [2, 4, 6, 8, 10, 12])]:
        planned = plan_assignments(programme_of(ostfold, count), workflow)
        assert [a.occurrence for a in planned if a.deliverable == "styringsgrupperapport"] == expected
        assert all(a.team is None and a.by == "leader" for a in planned if a.deliverable == "styringsgrupperapport")


def test_a_workflow_range_says_exactly_or_at_least(forms, mini):
    exact = workflow_from_source(
        load_yaml(MINI_WORKFLOW.replace('"08:00"', '"08:00"\ngatherings: {min: 4, max: 4}'), "m.yaml"), forms
    )
    assert plan_problems(mini, exact) == [
        (("gatherings",), "the workflow 'mini' is made for exactly 4 gatherings, but the programme has 3")
    ]
    open_ended = workflow_from_source(
        load_yaml(MINI_WORKFLOW.replace('"08:00"', '"08:00"\ngatherings: {min: 5}'), "m.yaml"), forms
    )
    assert plan_problems(mini, open_ended)[0][1].endswith("made for at least 5 gatherings, but the programme has 3")
