"""The Østfold programme run through its whole life by the scheduler, against a real SMTP server.

The example programme is moved (by whole weeks, so Thursdays stay Thursdays) to start on
16 October 2025, so it lives through both DST changes of 2026 (29 March and 25 October) and ends
in October 2027. Two extensions are added so that a 'tomorrow' reminder falls on each DST day.
``tick`` runs every day at 07:00 and 19:00 local time; teams submit between passes through the
store, as the team pages do: most on time, some late, one never, three teams stop and withdraw,
one has its deadlines extended, one is excused once.

The expectation is an independent oracle written from the workflow's rules as a reader of
``workflows/utviklingsverksted.yaml`` and DESIGN §3 understands them — send_at 08:00; an invitation
on the opening day until the due instant; 'soon' 7 days before the due day until 'tomorrow', which
lasts until the due instant; 'overdue' a day after the due day until 'overdue-week' a week after,
which lasts a week; the leader copied on both notices; an evaluation link to every member of every
remaining team on each gathering day; the leader's digest on Mondays when it has something to say
— and the project leader's own half-yearly report (``by: leader``, never delivered here), about
which the leader gets the invitation, both reminders and both notices — and never calls
``due_mail``. It says, message by message, which pass must send what to whom;
the SMTP server's inbox must hold exactly that.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays
import pytest
from aiosmtpd.controller import Controller

from engine import create_app
from engine.cycle import load_programme_file, shift_programme_by
from engine.mail.scheduler import tick
from engine.programmes import get_catalog
from engine.store import deliveries, get_store
from tests.support.programmes import OSLO, store_programme
from tests.support.smtp import Inbox, free_port

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jobbvinner-ostfold.yaml"
PID = "jobbvinner-ostfold-2018"
SHIFT = (date(2025, 10, 16) - date(2018, 4, 19)).days  # 391 weeks
LEADER = "ingrid.solberg@example.org"
EXTRA_EXTENSIONS = [
    {"team": "fredrikstad", "deliverable": "hovedplan", "occurrence": 1, "due": "2026-03-30"},  # 'tomorrow' 29.03
    {"team": "sarpsborg", "deliverable": "fremdriftsplan", "occurrence": 3, "due": "2026-10-26"},  # 'tomorrow' 25.10
]
FIRST_DAY, LAST_DAY = date(2025, 10, 1), date(2027, 11, 5)


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=OSLO)


def passes() -> list[datetime]:
    day, result = FIRST_DAY, []
    while day <= LAST_DAY:
        result += [at(day, time(7)), at(day, time(19))]
        day += timedelta(days=1)
    return result


PASSES = passes()


def first_pass(start: datetime, until: datetime) -> datetime | None:
    """The first pass at or after ``start`` and before ``until``."""
    index = bisect_left(PASSES, start)
    return PASSES[index] if index < len(PASSES) and PASSES[index] < until else None


# -- the scenario --------------------------------------------------------------------------------


def scenario(run) -> dict[str, datetime]:
    """When each team assignment is submitted (absent: never)."""
    chosen = {}
    for a in run.assignments:
        if a.team is None or run.programme.excusal(a.team, a.deliverable, a.occurrence):
            continue
        due_day = a.effective_due_at.astimezone(OSLO).date()
        if a.team in ("hvaler", "valer", "halden") and not (
            a.deliverable == "hovedplan" or a.key.endswith("/fremdriftsplan/1")
        ):
            continue  # the three that later withdraw stop delivering after their first plans
        chosen[a.key] = at(due_day - timedelta(days=2), time(12))  # on time, two days early
    chosen.update(
        {
            f"{PID}/marker/fremdriftsplan/1": at(date(2025, 10, 29), time(12)),  # after 'soon', before 'tomorrow'
            f"{PID}/fredrikstad/hovedplan/1": at(date(2026, 3, 30), time(21)),  # late evening on its extended due day
            f"{PID}/sarpsborg/hovedplan/1": at(date(2025, 11, 30), time(12)),  # 3 days late: the first notice only
            f"{PID}/sarpsborg/fremdriftsplan/3": at(date(2026, 10, 27), time(12)),  # late, before the notice's pass
            f"{PID}/eidsberg/sluttrapport/1": at(date(2027, 10, 16), time(12)),  # late on an extended deadline
        }
    )
    del chosen[f"{PID}/sarpsborg/fremdriftsplan/1"]  # never: both notices, and overdue in every digest
    return chosen


# -- the oracle ----------------------------------------------------------------------------------

SEND = time(8)
THROUGH = timedelta(microseconds=1)
NORWAY = holidays.country_holidays("NO")


def send(day: date) -> datetime:
    """08:00 on ``day``, or on the first day after it that is neither a weekend nor a public holiday."""
    while day.weekday() >= 5 or day in NORWAY:
        day += timedelta(days=1)
    return at(day, SEND)


def expected_mail(run, submitted: dict[str, datetime]) -> list[tuple]:
    """(pass, kind, assignment, rule, recipient) of every message the rules promise."""
    programme = run.programme
    withdrawn = {t.id: at(t.withdrawn.date, time(0)) for t in programme.teams if t.withdrawn}

    def active(team_id: str, when: datetime) -> bool:
        return team_id not in withdrawn or when < withdrawn[team_id]

    mail: list[tuple] = []
    for a in run.assignments:
        due, opening = a.effective_due_at, a.opens_at.astimezone(OSLO).date()
        due_day = due.astimezone(OSLO).date()
        if a.by == "participant":  # the evaluation of a gathering
            when = first_pass(send(opening), due + THROUGH)
            mail += [
                (when, "evaluation", a.key, None, m.email)
                for t in programme.teams
                if active(t.id, when)
                for m in t.members
                if m.active
            ]
            continue
        if a.team and programme.excusal(a.team, a.deliverable, a.occurrence):
            continue
        invited = send(opening)
        soon, tomorrow = send(due_day - timedelta(days=7)), send(due_day - timedelta(days=1))
        late, late_week = send(due_day + timedelta(days=1)), send(due_day + timedelta(days=7))
        windows = [
            ("invitation", None, invited, due + THROUGH, False),
            ("reminder", "soon", soon, min(tomorrow, due + THROUGH), False),
            ("reminder", "tomorrow", tomorrow, due + THROUGH, False),
            ("overdue", "overdue", late, late_week, True),
            ("overdue", "overdue-week", late_week, at(late_week.date() + timedelta(days=7), SEND), True),
        ]
        if a.by == "leader":  # the leader's own report: every message to the leader, no copies
            mail += [(w, kind, a.key, rule, LEADER) for kind, rule, s, u, _ in windows if (w := first_pass(s, u))]
            continue
        team = programme.team(a.team)
        for kind, rule, start, until, cc in windows:
            when = first_pass(start, until) if start >= invited else None
            if when is None or not active(team.id, when) or (a.key in submitted and submitted[a.key] <= when):
                continue
            mail += [(when, kind, a.key, rule, m.email) for m in team.members if m.active]
            if cc:
                mail.append((when, kind, a.key, rule, LEADER))
    return mail + expected_digests(run, submitted, withdrawn)


def expected_digests(run, submitted: dict[str, datetime], withdrawn: dict[str, datetime]) -> list[tuple]:
    """The leader's Monday digests that have something to say."""
    team_assignments = [a for a in run.assignments if a.team is not None]
    first = min(a.opens_at.astimezone(OSLO).date() for a in run.assignments)
    last = max(a.effective_due_at.astimezone(OSLO).date() for a in run.assignments) + timedelta(days=7)
    digests, day = [], first + timedelta(days=(7 - first.weekday()) % 7)
    while day <= last:
        moment = at(day, SEND)
        previous, following = at(day - timedelta(days=7), SEND), at(day + timedelta(days=7), SEND)
        news = any(previous <= when < moment for when in submitted.values())
        due_soon = overdue = False
        for a in team_assignments:
            if (a.key in submitted and submitted[a.key] <= moment) or run.programme.excusal(
                a.team, a.deliverable, a.occurrence
            ):
                continue
            gone = withdrawn.get(a.team)
            if gone is not None and gone <= moment and gone <= a.effective_due_at:
                continue  # withdrawn, not overdue
            due_soon |= moment <= a.effective_due_at < following
            overdue |= a.effective_due_at < moment
        if news or due_soon or overdue:
            digests.append((first_pass(moment, following), "digest", None, None, LEADER))
        day += timedelta(days=7)
    return digests


# -- the run -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def simulation(tmp_path_factory):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield simulate(tmp_path_factory.mktemp("ostfold"), controller.port, inbox)
    finally:
        controller.stop()


def simulate(instance: Path, port: int, inbox: Inbox):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "sim",
            "SCHEDULER": "off",
            "BASE_URL": "https://verksted.example",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_SUPPRESS_SEND": False,
            "MAIL_TIMEOUT": 10,
        }
    )
    with app.app_context():
        catalog = get_catalog()
        programme = shift_programme_by(load_programme_file(EXAMPLE, catalog.workflows, catalog.forms), SHIFT)
    doc = programme.to_document()
    doc["extensions"] += EXTRA_EXTENSIONS
    run = store_programme(app, doc)
    submitted = scenario(run)
    pending = sorted((when, key) for key, when in submitted.items())
    received: list[tuple] = []
    started = datetime.now()
    for now in PASSES:
        while pending and pending[0][0] <= now:
            _submit(app, run, *pending.pop(0))
        before = len(inbox.messages)
        report = tick(app, now)
        assert not report.errors, report.errors
        received += [(now, m) for m in inbox.messages[before:]]
    return run, submitted, received, (datetime.now() - started).total_seconds()


def _submit(app, run, when: datetime, key: str) -> None:
    a = run.assignment(key)
    member = run.programme.team(a.team).members[0]
    with app.app_context():
        deliveries.submit(
            get_store(),
            PID,
            a.team,
            key,
            {"svar": "levert"},
            {"form": a.form, "form_version": 1},
            member.id,
            member.name,
            f"sim:{key}",
            a.effective_due_at,
            when,
        )


def seen(received) -> list[tuple]:
    return [
        (
            now,
            m.header("X-Verksted-Kind"),
            m.header("X-Verksted-Assignment"),
            m.header("X-Verksted-Rule"),
            m.rcpt_tos[0],
        )
        for now, m in received
    ]


# -- the checks ----------------------------------------------------------------------------------


def test_the_inbox_holds_exactly_the_messages_the_rules_promise_each_from_the_right_pass(simulation):
    run, submitted, received, seconds = simulation
    expected, got = Counter(expected_mail(run, submitted)), Counter(seen(received))
    missing, extra = expected - got, got - expected
    assert not missing and not extra, (sorted(missing.elements())[:10], sorted(extra.elements())[:10])
    assert sum(got.values()) > 700  # the whole life of the programme, not a corner of it
    print(f"\n22 months, {len(PASSES)} passes, {len(received)} messages over SMTP in {seconds:.1f} s")


def test_no_message_twice_and_each_to_one_recipient(simulation):
    _, _, received, _ = simulation
    ids = Counter(m.header("Message-ID") for _, m in received)
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(len(m.rcpt_tos) == 1 and m.header("Auto-Submitted") == "auto-generated" for _, m in received)


def test_nothing_after_a_submission_and_nothing_to_a_team_that_left(simulation):
    run, submitted, received, _ = simulation
    for now, m in received:
        key = m.header("X-Verksted-Assignment")
        if m.header("X-Verksted-Kind") in ("invitation", "reminder", "overdue") and key in submitted:
            assert now < submitted[key], (now, key)
        team = run.programme.team(key.split("/")[1]) if key and key.split("/")[1] != "-" else None
        member_team = next((t for t in run.programme.teams if any(x.email == m.rcpt_tos[0] for x in t.members)), None)
        for gone in (team, member_team):
            if gone is not None and gone.withdrawn is not None:
                assert now < at(gone.withdrawn.date, time(0)), (now, key, m.rcpt_tos)


def test_the_edges_the_scenario_was_built_for(simulation):
    _, _, received, _ = simulation
    mail = set(seen(received))
    sarpsborg, kari, liv = "anders.nygard@example.org", "kari.holm@example.org", "liv.strand@example.org"
    # 'tomorrow' of a Monday deadline: due on the spring DST Sunday, it waits for Monday (a working
    # day), and goes at the 19:00 pass in summer time
    assert not [x for x in mail if x[0].date() == date(2026, 3, 29)]
    assert (
        at(date(2026, 3, 30), time(19)),
        "reminder",
        f"{PID}/fredrikstad/hovedplan/1",
        "tomorrow",
        "hanne.berg@example.org",
    ) in mail
    assert at(date(2026, 3, 30), time(19)).utcoffset() == timedelta(hours=2)
    # ... and after the autumn DST Sunday, for Sarpsborg's extended Fremdriftsplan 3
    assert (
        at(date(2026, 10, 26), time(19)),
        "reminder",
        f"{PID}/sarpsborg/fremdriftsplan/3",
        "tomorrow",
        sarpsborg,
    ) in mail
    assert at(date(2026, 10, 26), time(19)).utcoffset() == timedelta(hours=1)
    # the extension moved Sarpsborg's reminders only: the other teams had theirs for 27.08
    assert (at(date(2026, 8, 20), time(19)), "reminder", f"{PID}/marker/fremdriftsplan/3", "soon", liv) in mail
    assert {x[0].date() for x in mail if x[2] == f"{PID}/sarpsborg/fremdriftsplan/3" and x[1] == "reminder"} == {
        date(2026, 10, 19),
        date(2026, 10, 26),
    }
    assert not [x for x in mail if x[2] == f"{PID}/sarpsborg/fremdriftsplan/3" and x[1] == "overdue"]
    # Marker submitted at noon on the day before: 'soon' but no 'tomorrow'
    assert {x[3] for x in mail if x[2] == f"{PID}/marker/fremdriftsplan/1" and x[4] == liv} == {None, "soon"}
    # Sarpsborg never delivered its first Fremdriftsplan: both notices, the leader copied on each
    assert {(x[3], x[4]) for x in mail if x[2] == f"{PID}/sarpsborg/fremdriftsplan/1" and x[1] == "overdue"} == {
        (rule, who)
        for rule in ("overdue", "overdue-week")
        for who in (sarpsborg, LEADER, "silje.braten@example.org", "mona.sandvik@example.org")
    }
    # Eidsberg's late Sluttrapport on an extended deadline: the first notice, not the second
    assert {x[3] for x in mail if x[2] == f"{PID}/eidsberg/sluttrapport/1" and x[1] == "overdue" and x[4] == kari} == {
        "overdue"
    }
    # Moss was excused Statusrapport 6: nothing about it
    assert not [x for x in mail if x[2] == f"{PID}/moss/statusrapport/6"]
    # the three that withdrew got the evaluation of gathering 1, not of gathering 6
    evaluated = {x[4] for x in mail if x[2] == f"{PID}/-/evaluering/6"}
    assert "marit.lund@example.org" not in evaluated and "tone.johansen@example.org" not in evaluated
    assert "marit.lund@example.org" in {x[4] for x in mail if x[2] == f"{PID}/-/evaluering/1"}
