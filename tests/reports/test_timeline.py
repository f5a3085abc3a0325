"""engine.reports.timeline: the pure geometry of a programme's timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from engine.cycle import Gathering, load_programme_file, load_workflows
from engine.reports.timeline import MARGIN_DAYS, build_timeline
from engine.schema import load_templates
from tests.support.teamwork import EXAMPLE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example_plan():
    forms, _ = load_templates(ROOT / "forms")
    workflows, _ = load_workflows(ROOT / "workflows", forms)
    return load_programme_file(EXAMPLE, workflows), workflows["utviklingsverksted"]


def test_gatherings_sit_in_date_order_in_proportion_to_the_days_between(example_plan):
    programme, workflow = example_plan
    t = build_timeline(programme, workflow, date(2019, 5, 1))
    xs = [g.x for g in t.gatherings]
    assert xs == sorted(xs) and len(xs) == 6
    days = [(b.day - a.day).days for a, b in pairwise(t.gatherings)]
    gaps = [b - a for a, b in pairwise(xs)]
    for gap, span in zip(gaps, days, strict=True):
        assert gap / gaps[0] == pytest.approx(span / days[0], rel=0.01)
    assert t.start == date(2018, 4, 19) - timedelta(days=MARGIN_DAYS)
    assert t.left < xs[0] and xs[-1] < t.right <= t.width


def test_one_lane_per_team_deliverable_and_one_window_per_occurrence(example_plan):
    programme, workflow = example_plan
    t = build_timeline(programme, workflow, date(2019, 5, 1), gatherings_label="Samlinger")
    assert [lane.label for lane in t.lanes] == [
        "Samlinger",
        "Hovedplan",
        "Fremdriftsplan",
        "Statusrapport",
        "Sluttrapport",
    ]
    assert [(w.deliverable, w.occurrence) for w in t.windows if w.deliverable == "statusrapport"] == [
        ("statusrapport", n) for n in (3, 4, 5, 6)
    ]
    assert len(t.windows) == 11  # no evaluering: participants' evaluations have no lane
    status4 = next(w for w in t.windows if (w.deliverable, w.occurrence) == ("statusrapport", 4))
    assert (status4.opens, status4.due) == (date(2019, 4, 25), date(2019, 5, 23))
    assert status4.x_open < status4.x_due
    assert status4.y == next(lane.y for lane in t.lanes if lane.key == "statusrapport")
    assert t.height > t.lanes[-1].y


def test_today_is_marked_where_it_falls_and_not_outside(example_plan):
    programme, workflow = example_plan
    inside = build_timeline(programme, workflow, date(2019, 5, 1))
    g3, g4 = inside.gatherings[2], inside.gatherings[3]
    assert g3.x < inside.today_x < g4.x
    share = (date(2019, 5, 1) - g3.day).days / (g4.day - g3.day).days
    assert (inside.today_x - g3.x) / (g4.x - g3.x) == pytest.approx(share, rel=0.01)
    assert build_timeline(programme, workflow, date(2017, 1, 1)).today_x is None
    assert build_timeline(programme, workflow, date(2021, 1, 1)).today_x is None


def test_month_ticks_are_thinned_so_labels_never_crowd(example_plan):
    programme, workflow = example_plan
    t = build_timeline(programme, workflow, date(2019, 5, 1), month_label=lambda y, m: f"{m:02d}")
    assert all(tick.day.day == 1 for tick in t.ticks)
    assert len(t.ticks) == 23  # May 2018 to March 2020
    labelled = [tick for tick in t.ticks if tick.label]
    assert [tick.label for tick in labelled[:3]] == ["05", "07", "09"]
    assert min(b.x - a.x for a, b in pairwise(labelled)) > 60
    assert [tick.year for tick in t.ticks if tick.year] == ["2018", "2019", "2020"]


def test_a_short_programme_labels_every_month(example_plan):
    programme, workflow = example_plan
    days = [date(2026, 1, 8), date(2026, 2, 5), date(2026, 3, 5), date(2026, 4, 2), date(2026, 5, 7), date(2026, 6, 4)]
    short = replace(
        programme,
        gatherings=tuple(Gathering(f"g{i}", d, "09:00", "Moss", "Moss", "T") for i, d in enumerate(days, start=1)),
        extensions=(),
        excusals=(),
        teams=tuple(replace(t, withdrawn=None) for t in programme.teams),
    )
    t = build_timeline(short, workflow, date(2026, 3, 29))  # the day clocks go forward
    assert all(tick.label for tick in t.ticks)
    fp = [w for w in t.windows if w.deliverable == "fremdriftsplan"]
    assert fp[0].due == date(2026, 1, 22)
    assert t.today_x is not None


def test_a_span_draws_only_its_days_and_cuts_bars_at_its_edges(example_plan):
    programme, workflow = example_plan
    t = build_timeline(programme, workflow, date(2019, 5, 10), span=(date(2019, 5, 1), date(2019, 9, 1)))
    assert [g.number for g in t.gatherings] == [4]  # 06.06.2019; 14.02 and 17.10 fall outside
    assert {(w.deliverable, w.occurrence) for w in t.windows} == {("statusrapport", 4), ("fremdriftsplan", 4)}
    statusrapport = next(w for w in t.windows if w.deliverable == "statusrapport")
    assert statusrapport.opens == date(2019, 4, 25) and statusrapport.x_open == t.left  # cut at the edge
    assert all(t.left <= w.x_open <= w.x_due <= t.right for w in t.windows)
    assert t.today_x is not None and t.ticks[0].day >= date(2019, 5, 1)
