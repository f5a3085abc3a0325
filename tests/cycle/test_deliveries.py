"""Delivery status, derived from dates and deliveries; history survives re-planning."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from engine.cycle import (
    Delivery,
    Extension,
    Status,
    delivery_status,
    merge_history,
    plan_assignments,
    statuses,
)
from engine.cycle.timerules import zone

OSLO = zone("Europe/Oslo")
P = "jobbvinner-ostfold-2018"
SECOND = timedelta(seconds=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def plan(ostfold, workflow):
    return {a.key: a for a in plan_assignments(ostfold, workflow)}


def status(plan, ostfold, key, now, deliveries=()):
    return delivery_status(plan[f"{P}/{key}"], deliveries, ostfold, now, OSLO)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2018-04-18T23:59:59+02:00", Status.NOT_OPEN),
        ("2018-04-19T00:00:00+02:00", Status.OPEN),
        ("2018-05-31T23:59:59+02:00", Status.OPEN),
        ("2018-06-01T00:00:00+02:00", Status.OVERDUE),
        ("2018-05-31T22:00:00+00:00", Status.OVERDUE),  # 00:00 local the next day, given in UTC
    ],
)
def test_an_unsubmitted_assignment_is_not_open_open_then_overdue(plan, ostfold, now, expected):
    assert status(plan, ostfold, "marker/hovedplan/1", at(now)) == expected


def test_the_first_version_decides_on_time_or_late(plan, ostfold):
    hovedplan = plan[f"{P}/marker/hovedplan/1"]
    on_time = Delivery.for_assignment(hovedplan, hovedplan.due_at)
    late = Delivery.for_assignment(hovedplan, hovedplan.due_at + SECOND)
    now = at("2018-07-01T12:00:00+02:00")
    assert status(plan, ostfold, "marker/hovedplan/1", now, [on_time]) == Status.SUBMITTED_ON_TIME
    assert status(plan, ostfold, "marker/hovedplan/1", now, [late]) == Status.SUBMITTED_LATE
    correction = Delivery.for_assignment(hovedplan, hovedplan.due_at + timedelta(days=20), version=2)
    assert status(plan, ostfold, "marker/hovedplan/1", now, [correction, on_time]) == Status.SUBMITTED_ON_TIME


def test_a_delivery_after_now_does_not_count_yet(plan, ostfold):
    hovedplan = plan[f"{P}/marker/hovedplan/1"]
    delivery = Delivery.for_assignment(hovedplan, at("2018-05-20T10:00:00+02:00"))
    assert status(plan, ostfold, "marker/hovedplan/1", at("2018-05-20T09:59:59+02:00"), [delivery]) == Status.OPEN
    assert status(plan, ostfold, "marker/hovedplan/1", at("2018-05-20T10:00:00+02:00"), [delivery]) == (
        Status.SUBMITTED_ON_TIME
    )


def test_an_extension_is_the_due_instant_that_counts(plan, ostfold):
    moss = plan[f"{P}/moss/statusrapport/4"]  # planned 23.05.2019, extended to 01.06.2019
    after_planned = at("2019-05-28T12:00:00+02:00")
    assert status(plan, ostfold, "moss/statusrapport/4", after_planned) == Status.OPEN
    assert status(plan, ostfold, "marker/statusrapport/4", after_planned) == Status.OVERDUE
    delivered = Delivery.for_assignment(moss, after_planned)
    assert delivered.due_at.isoformat() == "2019-06-01T23:59:59+02:00"
    assert status(plan, ostfold, "moss/statusrapport/4", after_planned, [delivered]) == Status.SUBMITTED_ON_TIME
    assert status(plan, ostfold, "moss/statusrapport/4", at("2019-06-02T00:00:00+02:00")) == Status.OVERDUE


def test_an_extension_granted_after_a_late_delivery_makes_it_on_time(plan, ostfold, workflow):
    marker = plan[f"{P}/marker/statusrapport/4"]
    late = Delivery.for_assignment(marker, at("2019-05-28T12:00:00+02:00"))
    now = at("2019-06-10T12:00:00+02:00")
    assert status(plan, ostfold, "marker/statusrapport/4", now, [late]) == Status.SUBMITTED_LATE
    extended = replace(
        ostfold, extensions=(*ostfold.extensions, Extension("marker", "statusrapport", 4, date(2019, 5, 30)))
    )
    replanned = {a.key: a for a in plan_assignments(extended, workflow)}
    assert delivery_status(replanned[marker.key], [late], extended, now, OSLO) == Status.SUBMITTED_ON_TIME


@pytest.mark.parametrize(
    ("key", "now", "expected"),
    [
        # Våler withdrew from 30.11.2018: Fremdriftsplan 2 was due 04.10.2018, Statusrapport 3 on 31.01.2019.
        ("valer/fremdriftsplan/2", "2019-03-01T12:00:00+01:00", Status.OVERDUE),
        ("valer/statusrapport/3", "2018-11-29T23:59:59+01:00", Status.NOT_OPEN),
        ("valer/statusrapport/3", "2018-11-30T00:00:00+01:00", Status.WITHDRAWN),
        ("valer/statusrapport/3", "2019-03-01T12:00:00+01:00", Status.WITHDRAWN),
        ("valer/sluttrapport/1", "2020-06-01T12:00:00+02:00", Status.WITHDRAWN),
        # Halden withdrew from 02.05.2019 with Statusrapport 4 open (due 23.05.2019).
        ("halden/statusrapport/4", "2019-05-01T23:59:59+02:00", Status.OPEN),
        ("halden/statusrapport/4", "2019-05-02T00:00:00+02:00", Status.WITHDRAWN),
        # Moss was excused from Statusrapport 6.
        ("moss/statusrapport/6", "2019-12-01T12:00:00+01:00", Status.EXCUSED),
        ("moss/statusrapport/6", "2020-03-01T12:00:00+01:00", Status.EXCUSED),
        ("marker/statusrapport/6", "2020-03-01T12:00:00+01:00", Status.OVERDUE),
        ("-/evaluering/2", "2018-09-21T12:00:00+02:00", Status.OPEN),
    ],
)
def test_withdrawals_and_excusals(plan, ostfold, key, now, expected):
    assert status(plan, ostfold, key, at(now)) == expected


def test_a_delivery_beats_a_withdrawal_and_an_excusal(plan, ostfold):
    for key in ("valer/statusrapport/3", "moss/statusrapport/6"):
        assignment = plan[f"{P}/{key}"]
        delivery = Delivery.for_assignment(assignment, assignment.opens_at + timedelta(days=1))
        assert status(plan, ostfold, key, assignment.due_at + timedelta(days=60), [delivery]) == (
            Status.SUBMITTED_ON_TIME
        )


def test_stored_deliveries_are_read_from_their_documents(plan, ostfold):
    hovedplan = plan[f"{P}/marker/hovedplan/1"]
    doc = Delivery.for_assignment(
        hovedplan, at("2018-06-02T10:00:00+02:00"), id="d1", submitted_by="liv-strand"
    ).to_document()
    assert doc["due_at"] == "2018-05-31T23:59:59+02:00" and doc["assignment"] == hovedplan.key
    assert Delivery.from_document(doc).submitted_by == "liv-strand"
    now = at("2018-07-01T12:00:00+02:00")
    assert delivery_status(hovedplan, [doc], ostfold, now, OSLO) == Status.SUBMITTED_LATE


def test_statuses_of_a_whole_plan_agree_with_one_by_one(plan, ostfold):
    now = at("2019-05-10T12:00:00+02:00")
    deliveries = [
        Delivery.for_assignment(a, a.due_at - timedelta(days=1))
        for a in plan.values()
        if a.team in {"marker", "moss"} and a.due_at < now
    ]
    matrix = statuses(plan.values(), deliveries, ostfold, now, OSLO)
    assert matrix == {key: delivery_status(a, deliveries, ostfold, now, OSLO) for key, a in plan.items()}
    assert matrix[f"{P}/marker/hovedplan/1"] == Status.SUBMITTED_ON_TIME
    assert matrix[f"{P}/eidsberg/hovedplan/1"] == Status.OVERDUE
    assert matrix[f"{P}/halden/statusrapport/4"] == Status.WITHDRAWN
    assert matrix[f"{P}/eidsberg/statusrapport/4"] == Status.OPEN
    assert matrix[f"{P}/eidsberg/sluttrapport/1"] == Status.NOT_OPEN


def test_moving_a_gathering_replans_exactly_the_unsubmitted_assignments(ostfold, workflow):
    before = {a.key: a for a in plan_assignments(ostfold, workflow)}
    # Marker and Moss delivered Fremdriftsplan 2 (Moss late); then gathering 2 moves a week later.
    deliveries = [
        Delivery.for_assignment(before[f"{P}/marker/fremdriftsplan/2"], at("2018-10-01T12:00:00+02:00")),
        Delivery.for_assignment(before[f"{P}/moss/fremdriftsplan/2"], at("2018-10-06T12:00:00+02:00")),
    ]
    gatherings = list(ostfold.gatherings)
    gatherings[1] = replace(gatherings[1], date=gatherings[1].date + timedelta(days=7))
    moved = replace(ostfold, gatherings=tuple(gatherings))
    after = {a.key: a for a in merge_history(plan_assignments(moved, workflow), deliveries)}

    changed = {
        key
        for key in before
        if (before[key].opens_at, before[key].effective_due_at) != (after[key].opens_at, after[key].effective_due_at)
    }
    unsubmitted_on_gathering_2 = {f"{P}/{t.id}/fremdriftsplan/2" for t in ostfold.teams} - {
        f"{P}/marker/fremdriftsplan/2",
        f"{P}/moss/fremdriftsplan/2",
    }
    # Statusrapport 3's period starts at gathering 2 but its dates hang on gathering 3: unchanged.
    # The evaluation of gathering 2 and the leader's report after it move with the gathering.
    assert changed == unsubmitted_on_gathering_2 | {f"{P}/-/evaluering/2", f"{P}/-/styringsgrupperapport/2"}
    assert after[f"{P}/eidsberg/fremdriftsplan/2"].due_at.isoformat() == "2018-10-11T23:59:59+02:00"
    assert after[f"{P}/moss/fremdriftsplan/2"].due_at.isoformat() == "2018-10-04T23:59:59+02:00"
    now = at("2018-10-20T12:00:00+02:00")
    assert delivery_status(after[f"{P}/moss/fremdriftsplan/2"], deliveries, moved, now, OSLO) == (
        Status.SUBMITTED_LATE
    )  # a week later it would have been on time, but history stands
    assert after[f"{P}/marker/statusrapport/3"].period.start == gatherings[1].date


def test_history_without_a_recorded_due_instant_follows_the_plan(plan):
    hovedplan = plan[f"{P}/marker/hovedplan/1"]
    legacy = Delivery(assignment=hovedplan.key, submitted_at=at("2018-05-01T12:00:00+02:00"))
    assert merge_history([hovedplan], [legacy]) == [hovedplan]
