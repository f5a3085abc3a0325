"""``mail_periods``: outside them ``due_mail`` returns nothing, whatever has been delivered — the
promise a scheduler pass relies on when it passes over a programme without assembling it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from itertools import pairwise

import pytest

from engine.cycle import Delivery, MailState, due_mail, mail_periods, may_be_due

STEP = timedelta(hours=1, minutes=7)  # strides across every hour of the day, DST nights included
MARGIN = timedelta(days=60)


def everyone_delivered(state: MailState) -> tuple[Delivery, ...]:
    """A first version of every team's assignment, an hour after it opened."""
    return tuple(
        Delivery(a.key, a.opens_at + timedelta(hours=1), a.due_at, team=a.team, deliverable=a.deliverable)
        for a in state.assignments
        if a.team is not None
    )


def states(ostfold, workflow, mini, mini_workflow) -> dict[str, MailState]:
    nobody = MailState.build(ostfold, workflow)
    all_in = MailState.build(ostfold, workflow, everyone_delivered(nobody))
    # the latest extension of the seed (Eidsberg's Sluttrapport) moved three months past the end
    later = ostfold.gatherings[-1].date + timedelta(days=90)
    extended = replace(ostfold, extensions=(*ostfold.extensions[:-1], replace(ostfold.extensions[-1], due=later)))
    cases = {
        "the seed programme, nobody delivers": nobody,
        "the seed programme, everyone delivered": all_in,
        "a workflow without digests (gaps between deadlines)": MailState.build(mini, mini_workflow),
    }
    if ostfold.extensions:
        cases["an extension three months past the last gathering"] = MailState.build(extended, workflow)
    return cases


@pytest.fixture(scope="module")
def cases(ostfold, workflow, mini, mini_workflow):
    return states(ostfold, workflow, mini, mini_workflow)


@pytest.mark.parametrize(
    "name",
    [
        "the seed programme, nobody delivers",
        "the seed programme, everyone delivered",
        "a workflow without digests (gaps between deadlines)",
        "an extension three months past the last gathering",
    ],
)
def test_outside_the_periods_no_mail_is_ever_due(cases, name):
    if name not in cases:
        pytest.skip("the example programme has no extension to stretch")
    state = cases[name]
    periods = mail_periods(state.assignments, state.workflow)
    moment, last = periods[0][0] - MARGIN, periods[-1][1] + MARGIN
    quiet = 0
    while moment < last:
        if not may_be_due(periods, moment):
            assert due_mail(state, moment) == [], f"{name}: mail due at {moment} outside {periods}"
            quiet += 1
        moment += STEP
    assert quiet > 1000  # the months before and after, and the gaps, were really looked at
    for start, end in periods:  # and each border, to the microsecond
        assert due_mail(state, start - timedelta(microseconds=1)) == [] or may_be_due(
            periods, start - timedelta(microseconds=1)
        )
        assert due_mail(state, end + timedelta(microseconds=1)) == [] or may_be_due(
            periods, end + timedelta(microseconds=1)
        )


def test_the_periods_hold_every_message_the_programme_sends(cases):
    """Not empty promises: every intent a pass would queue at its own moment lies inside them."""
    state = cases["the seed programme, nobody delivers"]
    periods = mail_periods(state.assignments, state.workflow)
    moments = {a.opens_at + timedelta(hours=9) for a in state.assignments}
    moments |= {a.effective_due_at + timedelta(days=1, hours=9) for a in state.assignments}
    sent = [intent for moment in sorted(moments) for intent in due_mail(state, moment)]
    assert len(sent) > 100
    assert all(may_be_due(periods, intent.moment) for intent in sent)


def test_an_extension_past_the_end_stretches_the_periods(cases):
    if "an extension three months past the last gathering" not in cases:
        pytest.skip("the example programme has no extension to stretch")
    plain = cases["the seed programme, nobody delivers"]
    stretched = cases["an extension three months past the last gathering"]
    overdue = max(a.effective_due_at for a in stretched.assignments) + timedelta(days=2)  # its first notice
    assert not may_be_due(mail_periods(plain.assignments, plain.workflow), overdue)
    assert may_be_due(mail_periods(stretched.assignments, stretched.workflow), overdue)


def test_periods_are_sorted_merged_and_closed(cases):
    for state in cases.values():
        periods = mail_periods(state.assignments, state.workflow)
        assert all(start <= end for start, end in periods)
        assert all(a[1] < b[0] for a, b in pairwise(periods))
        assert may_be_due(periods, periods[0][0]) and may_be_due(periods, periods[-1][1])


def test_a_programme_without_assignments_has_no_periods(cases):
    state = cases["a workflow without digests (gaps between deadlines)"]
    assert mail_periods((), state.workflow) == ()
    assert not may_be_due((), datetime.now(state.workflow.tz))
