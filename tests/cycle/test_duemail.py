"""Due mail, pass by pass: what is due, to whom, once, and never when it is stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from engine.cycle import Delivery, MailState, due_mail, plan_assignments, sending_moment, workflow_from_source
from engine.cycle.timerules import parse_clock
from engine.schema.source import load_yaml

from .conftest import MINI_WORKFLOW

P = "jobbvinner-ostfold-2018"
D = "demo-2026"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def keys(state: MailState, now: str, kind: str | None = None) -> set[str]:
    return {i.key for i in due_mail(state, at(now)) if kind is None or i.kind == kind}


@pytest.fixture(scope="module")
def ostfold_state(ostfold, workflow):
    return MailState.build(ostfold, workflow)


@pytest.fixture(scope="module")
def mini_state(mini, mini_workflow):
    return MailState.build(mini, mini_workflow)


def test_invitations_go_out_at_send_at_on_the_opening_day_to_each_member(mini_state):
    assert keys(mini_state, "2026-03-05T07:59:59+01:00") == set()
    assert keys(mini_state, "2026-03-05T08:00:00+01:00") == {
        f"invitation:{D}/moss/plan/1:2026-03-05:kari",
        f"invitation:{D}/moss/plan/1:2026-03-05:ola-nordmann",
        f"invitation:{D}/moss/report/1:2026-03-05:kari",
        f"invitation:{D}/moss/report/1:2026-03-05:ola-nordmann",
        # Våler is excused from the plan, so it is invited to the report only.
        f"invitation:{D}/valer/report/1:2026-03-05:per-hansen",
    }


def test_an_invitation_carries_what_the_composer_needs(mini_state):
    [intent] = [
        i
        for i in due_mail(mini_state, at("2026-03-05T08:00:00+01:00"))
        if i.key == f"invitation:{D}/valer/report/1:2026-03-05:per-hansen"
    ]
    assert (intent.kind, intent.template, intent.to_name, intent.to_email) == (
        "invitation",
        "invitation",
        "Per Hansen",
        "per@example.org",
    )
    assert (intent.team, intent.member, intent.assignment, intent.personal_link) == (
        "valer",
        "per-hansen",
        f"{D}/valer/report/1",
        True,
    )
    assert intent.moment.isoformat() == "2026-03-05T08:00:00+01:00"
    assert intent.due_at.isoformat() == "2026-03-12T23:59:59+01:00" and intent.title == "Report"


def test_an_invitation_is_no_longer_sent_after_the_due_instant(mini_state):
    assert f"invitation:{D}/valer/report/1:2026-03-05:per-hansen" in keys(mini_state, "2026-03-12T23:59:59+01:00")
    assert f"invitation:{D}/valer/report/1:2026-03-05:per-hansen" not in keys(mini_state, "2026-03-13T00:00:00+01:00")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-03-09T07:59:59+01:00", set()),
        ("2026-03-09T08:00:00+01:00", {"reminder"}),
        ("2026-03-12T23:59:59+01:00", {"reminder"}),
        ("2026-03-13T07:59:59+01:00", set()),  # the reminder is stale, the notice not yet due
        ("2026-03-13T08:00:00+01:00", {"overdue"}),
        ("2026-03-20T07:59:59+01:00", {"overdue"}),  # the last notice stays relevant for 7 days
        ("2026-03-20T08:00:00+01:00", set()),
    ],
)
def test_reminders_and_notices_have_a_moment_and_a_window(mini_state, now, expected):
    kinds = {i.kind for i in due_mail(mini_state, at(now)) if i.assignment == f"{D}/valer/report/1"}
    assert kinds - {"invitation"} == expected


def test_a_cc_leader_rule_adds_one_leader_copy_naming_the_members_notified(mini_state):
    intents = [i for i in due_mail(mini_state, at("2026-03-13T08:00:00+01:00")) if i.assignment == f"{D}/moss/report/1"]
    assert sorted(i.key for i in intents) == [
        f"overdue:{D}/moss/report/1:late:2026-03-12:@leader",
        f"overdue:{D}/moss/report/1:late:2026-03-12:kari",
        f"overdue:{D}/moss/report/1:late:2026-03-12:ola-nordmann",
    ]
    [copy] = [i for i in intents if i.member is None]
    assert (copy.to_email, copy.template, copy.kind, copy.rule, copy.personal_link) == (
        "lea@example.org",
        "leader_copy",
        "overdue",
        "late",
        False,
    )
    assert [(r.name, r.member) for r in copy.notified] == [("Kari Nordmann", "kari"), ("Ola Nordmann", "ola-nordmann")]


def test_nothing_goes_to_a_team_that_has_submitted(mini, mini_workflow):
    plan = {a.key: a for a in plan_assignments(mini, mini_workflow)}
    submitted = Delivery.for_assignment(plan[f"{D}/moss/report/1"], at("2026-03-14T10:00:00+01:00"))
    state = MailState.build(mini, mini_workflow, [submitted])
    assert keys(state, "2026-03-14T09:00:00+01:00", "overdue") >= {f"overdue:{D}/moss/report/1:late:2026-03-12:kari"}
    assert not {k for k in keys(state, "2026-03-14T10:00:00+01:00") if f"{D}/moss/report/1" in k}


def test_only_active_members_receive_mail(mini, mini_workflow):
    moss = mini.team("moss")
    quiet = replace(
        mini, teams=(replace(moss, members=(replace(moss.members[0], active=False), moss.members[1])), *mini.teams[1:])
    )
    state = MailState.build(quiet, mini_workflow)
    assert {i.member for i in due_mail(state, at("2026-03-05T08:00:00+01:00")) if i.team == "moss"} == {"ola-nordmann"}


def test_an_extension_moves_that_teams_reminders_only(mini_state):
    # Report 2: due 14.05.2026 for Våler, extended to 20.05.2026 for Moss; 'soon' is 3 days before.
    assert keys(mini_state, "2026-05-11T08:00:00+02:00", "reminder") == {
        f"reminder:{D}/valer/report/2:soon:2026-05-14:per-hansen"
    }
    # 3 days before 20.05 is Sunday 17 May, Constitution Day: the reminder waits for Monday 08:00
    assert keys(mini_state, "2026-05-17T08:00:00+02:00", "reminder") == set()
    assert keys(mini_state, "2026-05-18T07:59:00+02:00", "reminder") == set()
    assert keys(mini_state, "2026-05-18T08:00:00+02:00", "reminder") == {
        f"reminder:{D}/moss/report/2:soon:2026-05-20:kari",
        f"reminder:{D}/moss/report/2:soon:2026-05-20:ola-nordmann",
    }
    assert keys(mini_state, "2026-05-15T08:00:00+02:00", "overdue") == {
        f"overdue:{D}/valer/report/2:late:2026-05-14:per-hansen",
        f"overdue:{D}/valer/report/2:late:2026-05-14:@leader",
    }


def test_nothing_goes_to_a_team_from_its_withdrawal_date_on(mini, mini_workflow):
    late = replace(
        mini,
        teams=(
            mini.teams[0],
            replace(mini.teams[1], withdrawn=replace(mini.teams[1].withdrawn, date=mini.gatherings[1].date)),
        ),
    )
    state = MailState.build(late, mini_workflow)
    assert keys(state, "2026-05-06T23:59:59+02:00", "invitation") == set()  # the gathering is tomorrow
    assert {i.team for i in due_mail(state, at("2026-05-07T08:00:00+02:00"))} == {"moss"}


def test_a_pass_after_downtime_sends_only_what_is_still_relevant(ostfold_state):
    # Statusrapport 4 was due 23.05.2019. Ten days later only 'overdue-week' is in its window.
    rules = {
        i.rule
        for i in due_mail(ostfold_state, at("2019-06-02T12:00:00+02:00"))
        if i.assignment == f"{P}/marker/statusrapport/4"
    }
    assert rules == {"overdue-week"}
    # On the due day itself: 'tomorrow' (from yesterday 08:00), not the stale 'soon'.
    rules = {
        i.rule
        for i in due_mail(ostfold_state, at("2019-05-23T09:00:00+02:00"))
        if i.assignment == f"{P}/marker/statusrapport/4"
    }
    assert rules == {"tomorrow", None}  # None: the invitation, still relevant until the due instant
    # A month after the due day nothing about it is relevant any more.
    assert not [
        i
        for i in due_mail(ostfold_state, at("2019-06-23T12:00:00+02:00"))
        if i.assignment == f"{P}/marker/statusrapport/4"
    ]


def test_every_past_due_unsubmitted_assignment_gets_its_notice(forms, mini):
    text = MINI_WORKFLOW.replace(
        "  - {id: late, after_due: 1d, cc: leader}",
        "  - {id: late, after_due: 1d, cc: leader}\n  - {id: later, after_due: 10d}",
    )
    state = MailState.build(mini, workflow_from_source(load_yaml(text, "mini.yaml"), forms))
    overdue = {
        (i.assignment, i.rule)
        for i in due_mail(state, at("2026-03-21T09:00:00+01:00"))
        if i.kind == "overdue" and i.team == "moss"
    }
    assert overdue == {(f"{D}/moss/report/1", "late"), (f"{D}/moss/plan/1", "late")}


def test_no_reminder_comes_before_the_invitation(forms, mini):
    text = MINI_WORKFLOW.replace("{id: soon, before_due: 3d}", "{id: soon, before_due: 10d}")
    state = MailState.build(mini, workflow_from_source(load_yaml(text, "mini.yaml"), forms))
    # Report 1 opens 05.03 and is due 12.03; ten days before the due day it was not open yet.
    assert not [i for i in due_mail(state, at("2026-03-05T09:00:00+01:00")) if i.kind == "reminder"]
    # The plan is due 19.03: its 'soon' moment (09.03) falls after the invitation and goes out.
    assert keys(state, "2026-03-09T09:00:00+01:00", "reminder") == {
        f"reminder:{D}/moss/plan/1:soon:2026-03-19:kari",
        f"reminder:{D}/moss/plan/1:soon:2026-03-19:ola-nordmann",
    }


def test_evaluation_links_go_to_every_active_member_of_teams_still_in(ostfold_state, ostfold):
    intents = [i for i in due_mail(ostfold_state, at("2019-02-14T08:00:00+01:00")) if i.kind == "evaluation"]
    active = [t for t in ostfold.teams if t.id not in {"valer", "hvaler"}]
    assert len(intents) == sum(len(t.active_members) for t in active)
    assert f"evaluation:{P}/-/evaluering/3:2019-02-14:marker/liv-strand" in {i.key for i in intents}
    assert {i.gathering for i in intents} == {3} and not any(i.personal_link for i in intents)
    assert not [i for i in due_mail(ostfold_state, at("2019-02-22T00:00:00+01:00")) if i.kind == "evaluation"]


def test_now_must_be_aware(mini_state):
    with pytest.raises(ValueError, match="aware"):
        due_mail(mini_state, datetime(2026, 3, 5, 8))


def test_now_in_another_zone_means_the_same_instant(mini_state):
    assert keys(mini_state, "2026-03-05T07:00:00+00:00") == keys(mini_state, "2026-03-05T08:00:00+01:00")
    assert keys(mini_state, "2026-03-05T06:59:59+00:00") == set()


def test_the_passes_of_a_day_repeat_keys_harmlessly(mini_state):
    morning = keys(mini_state, "2026-03-09T09:00:00+01:00")
    evening = keys(mini_state, "2026-03-09T19:00:00+01:00")
    assert morning == evening and morning
    assert timedelta(0) < at("2026-03-09T19:00:00+01:00") - at("2026-03-09T09:00:00+01:00")


@pytest.mark.parametrize(
    ("now", "until", "expected"),
    [
        ("2026-03-05T02:00:00+01:00", None, "2026-03-05T08:00:00+01:00"),  # night: this morning's send_at
        ("2026-03-05T07:59:59+01:00", None, "2026-03-05T08:00:00+01:00"),
        ("2026-03-05T08:00:00+01:00", None, "2026-03-05T08:00:00+01:00"),
        ("2026-03-05T21:59:59+01:00", None, "2026-03-05T21:59:59+01:00"),  # in the default hours, 08–22
        ("2026-03-05T22:00:00+01:00", None, "2026-03-06T08:00:00+01:00"),
        ("2026-03-05T19:00:00+01:00", "18:00", "2026-03-06T08:00:00+01:00"),
        ("2026-03-28T23:30:00+01:00", None, "2026-03-29T08:00:00+02:00"),  # across the spring change
    ],
)
def test_mail_goes_out_in_the_workflows_sending_hours(mini_workflow, now, until, expected):
    """Issue #12, item 11: mail that waited goes out at the next send_at, not at night."""
    workflow = replace(mini_workflow, send_until=parse_clock(until) if until else None)
    assert sending_moment(workflow, at(now)) == at(expected)


def test_holiday_mail_waits_for_the_next_working_day_unless_the_workflow_sends_on_any_day(mini, forms):
    def moments(text: str, now: str) -> set[str]:
        workflow = workflow_from_source(load_yaml(text, "mini.yaml"), forms)
        state = MailState.build(mini, workflow)
        return {i.moment.isoformat() for i in due_mail(state, datetime.fromisoformat(now)) if i.rule == "soon"}

    # Report 2 of Moss is due Wednesday 20.05.2026; 'soon' (3 days before) falls on Sunday 17 May.
    assert moments(MINI_WORKFLOW, "2026-05-18T08:00:00+02:00") == {"2026-05-18T08:00:00+02:00"}
    any_day = MINI_WORKFLOW.replace('send_at: "08:00"', 'send_at: "08:00"\nsend_on: any_day')
    assert moments(any_day, "2026-05-17T08:00:00+02:00") == {"2026-05-17T08:00:00+02:00"}
