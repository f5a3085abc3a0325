"""Twenty-two months of the Østfold programme, two scheduler passes a day, against a hand-made expectation.

Passes run at 07:00 and 19:00 local time every day from April 2018 to May 2020 (through the DST
changes of 2018, 2019 and 2020), except during four outages of the server — two weeks in
October 2018, Christmas 2018, the week before Statusrapport 4 was due in May 2019 and five days
in March 2020 — after which only what is still relevant may go out. Teams submit on time, late, on the last second,
within an extension; Våler, Hvaler and Halden withdraw; Moss is excused once. The project
leader's own half-yearly report (``by: leader``) is delivered on time once, late once and not at
all the third time. Every pass's intents go into one dict keyed by idempotency key, as the outbox
would keep them.

The expectation below does not call the code under test: it spells out, message by message,
the windows the workflow's rules promise (send_at 08:00; invitation on the opening day until the
due instant; soon 7 days before until the 'tomorrow' moment; tomorrow until the due instant;
overdue 1 day after until the 'overdue-week' moment; overdue-week for 7 days) and finds the
first pass inside each window.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import holidays
import pytest

from engine.cycle import Delivery, MailState, due_mail, plan_assignments
from engine.cycle.timerules import zone

OSLO = zone("Europe/Oslo")
P = "jobbvinner-ostfold-2018"
WITHDRAWN = {"valer": date(2018, 11, 30), "hvaler": date(2019, 1, 15), "halden": date(2019, 5, 2)}
EXCUSED = {("moss", "statusrapport", 6)}
MORNING, EVENING = time(7), time(19)
OUTAGES = [
    (date(2018, 10, 10), date(2018, 10, 25)),
    (date(2018, 12, 20), date(2019, 1, 10)),
    (date(2019, 5, 15), date(2019, 5, 23)),
    (date(2020, 3, 20), date(2020, 3, 25)),
]  # [first, last)


def local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=OSLO)


NORWAY = holidays.country_holidays("NO")


def send(day: date) -> datetime:
    """08:00 on ``day``, or on the first day after it that is neither a weekend nor a public holiday."""
    while day.weekday() >= 5 or day in NORWAY:
        day += timedelta(days=1)
    return local(day, time(8))


def passes() -> list[datetime]:
    day, last, result = date(2018, 4, 1), date(2020, 5, 31), []
    while day <= last:
        if not any(start <= day < end for start, end in OUTAGES):
            result += [local(day, MORNING), local(day, EVENING)]
        day += timedelta(days=1)
    return result


PASSES = passes()


def submissions(plan: dict) -> dict[str, datetime]:
    """Who submitted what, when: a mix of on time, late, last-second and extension cases."""

    def due(key):
        return plan[f"{P}/{key}"].effective_due_at

    chosen = {
        # Hovedplan: most teams three days early; Eidsberg late, after the first notice.
        **{
            f"{team}/hovedplan/1": due(f"{team}/hovedplan/1") - timedelta(days=3)
            for team in ("marker", "fredrikstad", "hvaler", "moss", "valer", "halden", "sarpsborg")
        },
        "eidsberg/hovedplan/1": due("eidsberg/hovedplan/1") + timedelta(days=3, hours=-13),
        # Marker submits at noon the day before the deadline: no 'tomorrow' reminder at the 19:00 pass.
        "marker/fremdriftsplan/1": due("marker/fremdriftsplan/1") - timedelta(hours=36),
        # Fredrikstad on the last second.
        "fredrikstad/fremdriftsplan/2": due("fredrikstad/fremdriftsplan/2"),
        # Moss within its extension (planned 23.05.2019, extended to 01.06.2019).
        "moss/statusrapport/4": datetime(2019, 5, 30, 12, tzinfo=OSLO),
        # Sarpsborg delivers Statusrapport 5 ten days late: it got both notices.
        "sarpsborg/statusrapport/5": due("sarpsborg/statusrapport/5") + timedelta(days=10),
    }
    # The leader's report: after gathering 2 on time, after 4 three days late, after 6 never.
    chosen["-/styringsgrupperapport/2"] = due("-/styringsgrupperapport/2") - timedelta(days=2)
    chosen["-/styringsgrupperapport/4"] = due("-/styringsgrupperapport/4") + timedelta(days=3)
    # Eidsberg, Marker and Fredrikstad deliver everything else on time a day early.
    for key, assignment in plan.items():
        team = assignment.team
        short = key.split("/", 1)[1]
        if team in {"eidsberg", "marker", "fredrikstad"} and short not in chosen:
            chosen[short] = assignment.effective_due_at - timedelta(days=1)
    return {f"{P}/{key}": when for key, when in chosen.items()}


def first_pass(start: datetime, until: datetime) -> datetime | None:
    """The first pass at or after ``start`` and before ``until`` (exclusive), if any."""
    return next((p for p in PASSES if start <= p < until), None)


def expected_messages(programme, plan: dict, submitted: dict[str, datetime]) -> dict[str, datetime]:
    """Every message the rules promise, by key, with the pass that should first send it."""
    expected: dict[str, datetime] = {}
    for key, assignment in plan.items():
        due = assignment.effective_due_at
        due_day = due.date()
        opening = assignment.opens_at.date()
        if assignment.by == "participant":
            moment = send(opening)
            when = first_pass(moment, due + timedelta(microseconds=1))
            for team in programme.teams:
                if when and not (team.id in WITHDRAWN and WITHDRAWN[team.id] <= when.date()):
                    for member in team.members:
                        expected[f"evaluation:{key}:{opening}:{team.id}/{member.id}"] = when
            continue
        if (assignment.team, assignment.deliverable, assignment.occurrence) in EXCUSED:
            continue
        through = due + timedelta(microseconds=1)
        soon, tomorrow = send(due_day - timedelta(days=7)), send(due_day - timedelta(days=1))
        late, late_week = send(due_day + timedelta(days=1)), send(due_day + timedelta(days=7))
        windows = [
            ("invitation", None, send(opening), through, False),
            ("reminder", "soon", soon, min(tomorrow, through), False),
            ("reminder", "tomorrow", tomorrow, through, False),
            ("overdue", "overdue", late, late_week, True),
            ("overdue", "overdue-week", late_week, local(late_week.date() + timedelta(days=7), time(8)), True),
        ]
        team = programme.team(assignment.team) if assignment.team else None
        for kind, rule, moment, until, cc in windows:
            when = first_pass(moment, until)
            if when is None or (key in submitted and submitted[key] <= when):
                continue
            base = f"invitation:{key}:{opening}" if kind == "invitation" else f"{kind}:{key}:{rule}:{due_day}"
            if team is None:  # the leader's own report: every message to the leader, no copies
                expected[f"{base}:@leader"] = when
                continue
            if team.id in WITHDRAWN and WITHDRAWN[team.id] <= when.date():
                continue
            for member in team.members:
                expected[f"{base}:{member.id}"] = when
            if cc:
                expected[f"{base}:@leader"] = when
    return expected


@pytest.fixture(scope="module")
def simulation(ostfold, workflow):
    plan = {a.key: a for a in plan_assignments(ostfold, workflow)}
    submitted = submissions(plan)
    deliveries = [Delivery.for_assignment(plan[key], when) for key, when in submitted.items()]
    state = MailState.build(ostfold, workflow, deliveries)
    outbox: dict[str, tuple[datetime, object]] = {}
    for now in PASSES:
        for intent in due_mail(state, now):
            if intent.kind != "digest":  # the digest has tests of its own
                outbox.setdefault(intent.key, (now, intent))
    return plan, submitted, outbox


@pytest.mark.slow
def test_the_outbox_holds_exactly_the_expected_messages(simulation, ostfold):
    plan, submitted, outbox = simulation
    expected = expected_messages(ostfold, plan, submitted)
    assert sorted(set(expected) - set(outbox)) == []  # none missing
    assert sorted(set(outbox) - set(expected)) == []  # none extra
    assert {key: when for key, (when, _) in outbox.items()} == expected  # each first sent by the right pass


@pytest.mark.slow
def test_nothing_after_submission_or_withdrawal_and_nothing_when_excused(simulation):
    _, submitted, outbox = simulation
    for key, (when, intent) in outbox.items():
        if intent.team in WITHDRAWN:
            assert when.date() < WITHDRAWN[intent.team], key
        if intent.assignment in submitted:
            assert when < submitted[intent.assignment], key
        assert (intent.team, intent.deliverable, intent.occurrence) not in EXCUSED, key
        assert intent.moment <= when, key


@pytest.mark.slow
def test_the_scenario_covers_the_edge_cases_it_claims(simulation):
    _, _, outbox = simulation
    sent = set(outbox)
    # Marker submitted at noon before the 19:00 pass: no 'tomorrow' reminder, but it got 'soon'.
    assert f"reminder:{P}/marker/fremdriftsplan/1:tomorrow:2018-05-03:liv-strand" not in sent
    assert f"reminder:{P}/marker/fremdriftsplan/1:soon:2018-05-03:liv-strand" in sent
    # Eidsberg's late Hovedplan: the first notice (and its leader copy), not the second.
    assert f"overdue:{P}/eidsberg/hovedplan/1:overdue:2018-05-31:kari-holm" in sent
    assert f"overdue:{P}/eidsberg/hovedplan/1:overdue:2018-05-31:@leader" in sent
    assert f"overdue:{P}/eidsberg/hovedplan/1:overdue-week:2018-05-31:kari-holm" not in sent
    # Moss's extension: reminders keyed on the extended due day; it delivered before 'tomorrow'.
    assert f"reminder:{P}/moss/statusrapport/4:soon:2019-06-01:maria-olsen" in sent
    assert f"reminder:{P}/moss/statusrapport/4:tomorrow:2019-06-01:maria-olsen" not in sent
    assert not [k for k in sent if k.startswith(f"reminder:{P}/moss/statusrapport/4:") and "2019-05-23" in k]
    assert not [k for k in sent if k.startswith(f"overdue:{P}/moss/statusrapport/4:")]
    # Sarpsborg's Statusrapport 5, ten days late: both notices.
    assert {
        f"overdue:{P}/sarpsborg/statusrapport/5:{rule}:2019-10-03:@leader" for rule in ("overdue", "overdue-week")
    } <= sent
    # The DST change on 27.10.2019 fell between invitation and notice of Fremdriftsplan 5 (due 31.10.2019).
    notice = outbox[f"overdue:{P}/sarpsborg/fremdriftsplan/5:overdue:2019-10-31:anders-nygard"][1]
    assert notice.moment.isoformat() == "2019-11-01T08:00:00+01:00"
    invitation = outbox[f"invitation:{P}/sarpsborg/fremdriftsplan/5:2019-10-17:anders-nygard"][1]
    assert invitation.moment.isoformat() == "2019-10-17T08:00:00+02:00"
    # Withdrawn teams: Halden was invited to Statusrapport 4 before leaving, and reminded of nothing after.
    assert f"invitation:{P}/halden/statusrapport/4:2019-04-25:tone-johansen" in sent
    assert not [k for k in sent if k.startswith(("reminder:", "overdue:")) and "/halden/statusrapport/4:" in k]
    # The May 2019 outage ended on the due day of Statusrapport 4 (23.05.2019): 'soon' was stale by
    # then, 'tomorrow' was not.
    marker = {k.split(":")[2] for k in sent if k.startswith(f"overdue:{P}/marker/") and "/statusrapport/4:" in k}
    assert marker == set()  # Marker delivered on time
    sarpsborg = {k.split(":")[2] for k in sent if "/sarpsborg/statusrapport/4:" in k and not k.startswith("inv")}
    assert sarpsborg == {"tomorrow", "overdue", "overdue-week"}
    # The October 2018 outage (10.–24.10.) swallowed the last notice of Fremdriftsplan 2 (due 04.10.2018,
    # relevant from 11.10 to 18.10); a server back on 25.10 does not send it a week late.
    assert not [k for k in sent if "/fremdriftsplan/2:overdue-week:" in k]
    assert f"overdue:{P}/sarpsborg/fremdriftsplan/2:overdue:2018-10-04:@leader" in sent
    # The Christmas outage delayed the invitation to Statusrapport 3 (opened 03.01.2019) to 10.01.2019.
    when, _ = outbox[f"invitation:{P}/sarpsborg/statusrapport/3:2019-01-03:anders-nygard"]
    assert when.isoformat() == "2019-01-10T07:00:00+01:00"
    # The March 2020 outage covered the last notice of the Sluttrapport (due 14.03.2020, relevant from
    # 21.03 to 28.03): the first pass back, on 25.03, still sent it.
    when, _ = outbox[f"overdue:{P}/sarpsborg/sluttrapport/1:overdue-week:2020-03-14:@leader"]
    assert when.isoformat() == "2020-03-25T07:00:00+01:00"
    # The leader's own report goes to the leader with the leader's text: the October 2018 outage
    # swallowed every message about the report after gathering 2 (opened 11.10., due 20.10.); the
    # late report after gathering 4 got the first notice only; the one never delivered got both,
    # the second on the first pass after the March 2020 outage.
    assert not [k for k in sent if "/-/styringsgrupperapport/2:" in k]
    assert f"invitation:{P}/-/styringsgrupperapport/4:2019-06-27:@leader" in sent
    assert f"overdue:{P}/-/styringsgrupperapport/4:overdue:2019-07-06:@leader" in sent
    assert f"overdue:{P}/-/styringsgrupperapport/4:overdue-week:2019-07-06:@leader" not in sent
    when, intent = outbox[f"overdue:{P}/-/styringsgrupperapport/6:overdue-week:2020-03-14:@leader"]
    assert when.isoformat() == "2020-03-25T07:00:00+01:00"
    assert (intent.template, intent.to_email, intent.team, intent.member) == (
        "leader_due",
        "ingrid.solberg@example.org",
        None,
        None,
    )
    # Evaluations of gathering 6 reached the five teams that finished, not the three that withdrew.
    teams = {k.rsplit(":", 1)[1].split("/")[0] for k in sent if k.startswith(f"evaluation:{P}/-/evaluering/6:")}
    assert teams == {"eidsberg", "marker", "fredrikstad", "moss", "sarpsborg"}
