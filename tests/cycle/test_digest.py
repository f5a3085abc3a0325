"""The leader's weekly digest: when it is due, what it says, when it is not sent."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.cycle import Delivery, MailState, digest_moment, due_mail, plan_assignments, workflow_from_source
from engine.schema.source import load_yaml

from .conftest import MINI_WORKFLOW

P = "jobbvinner-ostfold-2018"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def digests(state: MailState, now: str):
    return [i for i in due_mail(state, at(now)) if i.kind == "digest"]


@pytest.fixture(scope="module")
def state(ostfold, workflow):
    plan = {a.key: a for a in plan_assignments(ostfold, workflow)}
    deliveries = [
        Delivery.for_assignment(plan[f"{P}/marker/hovedplan/1"], at("2018-05-28T10:00:00+02:00")),
        Delivery.for_assignment(plan[f"{P}/eidsberg/hovedplan/1"], at("2018-06-02T10:00:00+02:00")),
        Delivery.for_assignment(plan[f"{P}/eidsberg/hovedplan/1"], at("2018-06-06T10:00:00+02:00"), version=2),
    ]
    return MailState.build(ostfold, workflow, deliveries)


@pytest.mark.parametrize(
    ("now", "moment"),
    [
        ("2018-06-04T08:00:00+02:00", "2018-06-04T08:00:00+02:00"),
        ("2018-06-06T15:00:00+02:00", "2018-06-04T08:00:00+02:00"),
        ("2018-06-04T07:59:59+02:00", "2018-05-28T08:00:00+02:00"),
        ("2018-10-29T09:00:00+01:00", "2018-10-29T08:00:00+01:00"),  # the Monday after the change to winter time
    ],
)
def test_the_digest_is_due_on_its_weekday_at_send_at_until_the_next_one(workflow, now, moment):
    assert digest_moment(at(now), workflow).isoformat() == moment


def test_the_digest_lists_new_deliveries_due_and_overdue_assignments(state):
    [digest] = digests(state, "2018-06-04T08:00:00+02:00")
    assert (digest.key, digest.to_email, digest.member, digest.template) == (
        f"digest:{P}:2018-W23",
        "ingrid.solberg@example.org",
        None,
        "digest",
    )
    content = digest.digest
    assert [(line.team, line.late) for line in content.new_deliveries] == [("marker", False), ("eidsberg", True)]
    assert content.due_this_week == ()
    overdue = {(line.team, line.deliverable) for line in content.overdue}
    assert overdue == (
        {(t, "hovedplan") for t in ("fredrikstad", "hvaler", "moss", "valer", "halden", "sarpsborg")}
        | {(t.id, "fremdriftsplan") for t in state.programme.teams}
    )


def test_the_content_is_that_of_its_moment_whichever_pass_composes_it(state):
    [monday] = digests(state, "2018-06-04T08:00:00+02:00")
    [sunday] = digests(state, "2018-06-10T23:00:00+02:00")
    assert monday == sunday  # the correction of 06.06 belongs to next week's digest
    [next_week] = digests(state, "2018-06-11T08:00:00+02:00")
    assert [(line.team, line.version) for line in next_week.digest.new_deliveries] == [("eidsberg", 2)]


def test_due_this_week_counts_the_seven_days_from_the_digest(state):
    [digest] = digests(state, "2018-10-01T08:00:00+02:00")  # Fremdriftsplan 2 is due Thursday 04.10
    teams = {line.team for line in digest.digest.due_this_week if line.deliverable == "fremdriftsplan"}
    assert teams == {t.id for t in state.programme.teams}  # Våler withdrew only on 30.11.2018
    assert all(line.due_at.isoformat() == "2018-10-04T23:59:59+02:00" for line in digest.digest.due_this_week)


def test_withdrawn_and_excused_assignments_are_not_overdue(state):
    [digest] = digests(state, "2020-03-02T08:00:00+01:00")
    overdue = {(line.team, line.deliverable, line.occurrence) for line in digest.digest.overdue}
    assert ("valer", "statusrapport", 3) not in overdue and ("moss", "statusrapport", 6) not in overdue


def test_what_a_team_left_undone_is_no_longer_listed_once_it_has_withdrawn(state):
    """Våler's Fremdriftsplan after gathering 2 was due 04.10.2018; Våler withdrew on 30.11.2018."""
    [before] = digests(state, "2018-11-26T08:00:00+01:00")
    assert ("valer", "fremdriftsplan", 2) in {(x.team, x.deliverable, x.occurrence) for x in before.digest.overdue}
    [after] = digests(state, "2018-12-03T08:00:00+01:00")
    assert {x.team for x in after.digest.overdue}.isdisjoint({"valer"})
    [later] = digests(state, "2020-03-02T08:00:00+01:00")
    assert {x.team for x in later.digest.overdue}.isdisjoint({"valer", "hvaler", "halden"})


def test_no_digest_before_the_programme_or_a_week_after_its_last_due_day(state):
    assert digests(state, "2018-04-16T09:00:00+02:00") == []  # the Monday before the first gathering
    assert digests(state, "2020-04-20T09:00:00+02:00") != []  # Eidsberg's extension ran to 15.04.2020
    assert digests(state, "2020-04-27T09:00:00+02:00") == []


def test_an_empty_week_sends_nothing_and_the_digest_can_be_off(forms, mini):
    text = MINI_WORKFLOW.replace("digest: {enabled: false}", "digest: {enabled: true, weekday: thursday}").replace(
        "  link:", '  digest: {subject: "Uke {{ week }}", body: "{{ overdue|length }}"}\n  link:'
    )
    workflow = workflow_from_source(load_yaml(text, "mini.yaml"), forms)
    everything = [Delivery.for_assignment(a, a.opens_at.replace(hour=12)) for a in plan_assignments(mini, workflow)]
    state = MailState.build(mini, workflow, everything)
    assert [i.key for i in digests(state, "2026-03-12T09:00:00+01:00")] == ["digest:demo-2026:2026-W11"]
    assert digests(state, "2026-04-09T09:00:00+02:00") == []  # nothing new, due or overdue
    off = MailState.build(mini, workflow_from_source(load_yaml(MINI_WORKFLOW, "mini.yaml"), forms), everything)
    assert digests(off, "2026-03-12T09:00:00+01:00") == []
