"""engine.teamwork: what a link opens, the context a form gets, when work is blocked, submitting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from engine import teamwork
from engine.access import team as team_access
from engine.programmes import get_catalog
from engine.schema import document_view
from engine.store import templates as template_repo
from engine.store import tokens
from tests.support.teamwork import OSLO, PID, START


def access_for(app, run, team="moss", member="maria-olsen"):
    return team_access.TeamAccess(run, run.programme.team(team), run.programme.team(team).member(member), {})


def test_resolve_access_knows_the_member_and_refuses_the_rest(app, run, store, links):
    raw = links[("moss", "maria-olsen")].split("/t/")[1].strip("/")
    with app.app_context():
        catalog = get_catalog()
    found = team_access.resolve_access(store, catalog, PID, raw, START, 90)
    assert (found.team.id, found.member.name) == ("moss", "Maria Olsen")
    assert team_access.resolve_access(store, catalog, "other", raw, START, 90) is None
    assert team_access.resolve_access(store, catalog, "../../etc", raw, START, 90) is None
    tokens.revoke_tokens(store, PID, "moss", "maria-olsen", now=START)
    assert team_access.resolve_access(store, catalog, PID, raw, START, 90) is None


def test_the_form_context_of_an_assignment(run, store):
    moss_status = run.find("moss", "statusrapport", 4)
    context = teamwork.form_context(store, run, moss_status)
    assert context.due_at == datetime(2019, 6, 1, 23, 59, 59, tzinfo=OSLO)  # the extension
    assert (context.period_start, context.period_end) == (date(2019, 2, 14), date(2019, 6, 6))
    assert context.months == ((2019, 2), (2019, 3), (2019, 4), (2019, 5), (2019, 6))
    assert (context.team_name, context.recipient) == ("Moss", "prosjektgruppa v/ prosjektleder")
    assert (context.gathering.number, context.gathering.place) == (4, "Østsiden sykehjem, Fredrikstad")
    assert (context.programme_start, context.programme_end) == (date(2018, 4, 19), date(2020, 3, 14))
    assert context.answers == {} and context.previous is None


@pytest.mark.parametrize(
    "team, key, when, reason",
    [
        ("moss", ("fremdriftsplan", 1), datetime(2018, 4, 20, tzinfo=OSLO), None),
        ("moss", ("fremdriftsplan", 1), datetime(2018, 6, 1, tzinfo=OSLO), None),  # late is still welcome
        ("moss", ("fremdriftsplan", 2), datetime(2018, 4, 20, tzinfo=OSLO), teamwork.NOT_OPEN),
        ("valer", ("hovedplan", 1), datetime(2018, 11, 30, tzinfo=OSLO), teamwork.WITHDRAWN),
        ("valer", ("hovedplan", 1), datetime(2018, 11, 29, 23, 59, tzinfo=OSLO), None),
        ("moss", ("statusrapport", 6), datetime(2020, 1, 10, tzinfo=OSLO), teamwork.EXCUSED),
    ],
)
def test_blocked_reason(run, team, key, when, reason):
    assignment = run.find(team, *key)
    assert teamwork.blocked_reason(run, assignment, run.status(assignment.key, when), when) == reason


def test_a_form_the_workflow_closes_cannot_be_changed_after_its_closing_day(run):
    assignment = replace(
        run.find("moss", "fremdriftsplan", 1), closes_at=datetime(2018, 5, 10, 23, 59, 59, tzinfo=OSLO)
    )
    after = datetime(2018, 5, 11, tzinfo=OSLO)
    assert teamwork.blocked_reason(run, assignment, run.status(assignment.key, after), after) == teamwork.CLOSED


def test_submit_keeps_one_snapshot_per_template_version_and_refuses_blocked_work(app, run, store):
    with app.app_context():
        template = get_catalog().forms["hovedplan"]
    access = access_for(app, run)
    sheet = teamwork.open_sheet(store, access, run.find("moss", "hovedplan", 1), template, START)
    document = document_view(template, {}, sheet.context)
    first = teamwork.submit(store, sheet, {"effektmal": "Mål"}, document, "nonce-aaaaaaaaaaaaaaaa", START)
    second = teamwork.submit(store, sheet, {"effektmal": "Mål 2"}, document, "nonce-bbbbbbbbbbbbbbbb", START)
    assert (first["version"], second["version"]) == (1, 2)
    assert template_repo.get_template_snapshot(store, PID, "hovedplan", template.version) == template.to_dict()
    assert template_repo.snapshot_template(store, PID, "hovedplan", template.version, {"changed": True}) is False
    later = teamwork.open_sheet(store, access, run.find("moss", "fremdriftsplan", 2), template, START)
    with pytest.raises(teamwork.NotEditable) as raised:
        teamwork.submit(store, later, {}, document, None, START)
    assert raised.value.reason == teamwork.NOT_OPEN


def test_reference_deliveries_are_earlier_deliverables_over_the_same_period(app, run, store, member, reload):
    maria = member()
    maria.post(maria.open("hovedplan", 1), {"effektmal": "Mål"})
    assert teamwork.reference_deliveries(run, run.find("moss", "sluttrapport", 1)) == []
    with app.app_context():
        template = get_catalog().forms["hovedplan"]
    sheet = teamwork.open_sheet(store, access_for(app, run), run.find("moss", "hovedplan", 1), template, START)
    teamwork.submit(store, sheet, {"effektmal": "Mål"}, document_view(template, {}, sheet.context), None, START)
    after = reload()
    [(assignment, record)] = teamwork.reference_deliveries(after, after.find("moss", "sluttrapport", 1))
    assert assignment.deliverable == "hovedplan" and record["version"] == 1
    assert teamwork.reference_deliveries(after, after.find("moss", "hovedplan", 1)) == []
    assert teamwork.reference_deliveries(after, after.find("marker", "sluttrapport", 1)) == []


def test_link_holders_leave_out_inactive_members_and_withdrawn_teams(run):
    moss = run.programme.team("moss")
    inactive = replace(moss, members=(replace(moss.members[0], active=False), *moss.members[1:]))
    changed = replace(run, programme=replace(run.programme, teams=(inactive,)))
    assert [m.id for _, m in team_access.link_holders(changed, START)] == [m.id for m in moss.members[1:]]
    after_withdrawal = datetime(2019, 6, 1, tzinfo=OSLO)
    teams = {team.id for team, _ in team_access.link_holders(run, after_withdrawal)}
    assert teams == {"eidsberg", "marker", "fredrikstad", "moss", "sarpsborg"}
    with pytest.raises(LookupError):
        team_access.link_holders(run, START, "oslo")
