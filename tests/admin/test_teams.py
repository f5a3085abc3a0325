"""engine.web.admin.teams, .members and .exceptions: teams, members, withdrawals, extensions, excusals."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from engine.access.links import mint_member_link, resolve_token
from engine.store import admins as admin_repo
from engine.store import events as event_repo
from engine.store import get_store
from tests.admin.conftest import OSLO, PID, deliver, post, run_of, text

TEAM = f"/admin/p/{PID}/teams"


def events(app, *kinds: str) -> list[dict]:
    with app.app_context():
        return event_repo.list_events(get_store(), PID, kind=list(kinds))


def lea_id(app) -> str:
    with app.app_context():
        return admin_repo.find_admin_by_email(get_store(), "lea@example.org")["id"]


def field_error(response, field_id: str) -> str:
    html = response.get_data(as_text=True)
    start = html.find(f'id="{field_id}-error">')
    return html[start:].split(">", 1)[1].split("</p>", 1)[0] if start >= 0 else ""


def test_the_team_page_shows_members_assignments_and_exceptions(english, example):
    page = text(english.get(f"{TEAM}/moss"))
    assert "Maria Olsen maria.olsen@example.org gruppeleder yes" in page
    assert "Statusrapport before gathering 4 25.04.2019 01.06.2019 extended Open" in page
    assert "Statusrapport before gathering 6: due 01.06.2019" not in page
    assert "Statusrapport before gathering 4: due 01.06.2019" in page
    assert "Statusrapport before gathering 6: Kommunesammenslåing med Rygge" in page


def test_a_new_team_is_added_and_opened(app, english, example):
    response = post(english, f"{TEAM}/new", {"name": "Rakkestad"}, app=app)
    assert response.location == f"{TEAM}/rakkestad"
    assert run_of(app).programme.team("rakkestad").name == "Rakkestad"


def test_a_team_name_used_twice_is_refused(app, english, example):
    response = post(english, f"{TEAM}/new", {"name": "moss"}, app=app)
    assert response.status_code == 422
    assert field_error(response, "name") == "Another team is called moss."


def test_a_team_is_renamed_and_keeps_its_id(app, english, example):
    assert post(english, f"{TEAM}/moss/name", {"team-name": "Moss kommune"}, app=app).status_code == 302
    assert run_of(app).programme.team("moss").name == "Moss kommune"


def test_a_member_is_added_and_edited(app, english, example):
    response = post(
        english,
        f"{TEAM}/moss/members/new",
        {"name": "Nora Nes", "email": "nora@example.org", "role": "sykepleier", "active": "yes"},
        app=app,
    )
    assert response.location == f"{TEAM}/moss"
    member = run_of(app).programme.team("moss").member("nora-nes")
    assert (member.name, member.email, member.role, member.active) == (
        "Nora Nes",
        "nora@example.org",
        "sykepleier",
        True,
    )
    post(
        english,
        f"{TEAM}/moss/members/nora-nes",
        {"name": "Nora Nes Berg", "email": "nora@example.org", "role": "", "active": "yes"},
        app=app,
    )
    member = run_of(app).programme.team("moss").member("nora-nes")
    assert (member.name, member.role) == ("Nora Nes Berg", None)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "email": "x@example.org"}, "name", "This must be filled in."),
        ({"name": "X", "email": "x.example.org"}, "email", "x.example.org is not a valid e-mail address."),
        (
            {"name": "X", "email": "IDA.pedersen@example.org"},
            "email",
            "Another member of this team has this e-mail address.",
        ),
    ],
)
def test_a_member_that_breaks_a_rule_is_not_saved(app, english, example, data, field, message):
    response = post(english, f"{TEAM}/moss/members/new", {"role": "", "active": "yes", **data}, app=app)
    assert response.status_code == 422
    assert field_error(response, field) == message
    assert len(run_of(app).programme.team("moss").members) == 4


@pytest.fixture
def maria_link(app, example, clock):
    with app.app_context():
        url = mint_member_link(get_store(), "http://verksted.test", PID, "moss", "maria-olsen", clock.now)
    return url.rstrip("/").rsplit("/", 1)[1]


def token_active(app, raw: str) -> bool:
    with app.app_context():
        return resolve_token(get_store(), PID, raw) is not None


def test_a_deactivated_member_loses_their_links_and_can_come_back(app, english, maria_link):
    assert token_active(app, maria_link)
    post(english, f"{TEAM}/moss/members/maria-olsen/active", {"active": "no"}, app=app)
    assert run_of(app).programme.team("moss").member("maria-olsen").active is False
    assert not token_active(app, maria_link)
    assert "no, deactivated" in text(english.get(f"{TEAM}/moss"))
    post(english, f"{TEAM}/moss/members/maria-olsen/active", {"active": "yes"}, app=app)
    assert run_of(app).programme.team("moss").member("maria-olsen").active is True
    assert [e["detail"]["member"] for e in events(app, "link_revoked")] == ["maria-olsen"]


def test_a_removed_member_is_gone_with_their_links(app, english, maria_link):
    assert post(english, f"{TEAM}/moss/members/maria-olsen/remove", {}, app=app).status_code == 302
    assert run_of(app).programme.team("moss").member("maria-olsen") is None
    assert not token_active(app, maria_link)


def test_a_withdrawal_is_saved_and_logged_and_undone(app, english, example):
    response = post(
        english,
        f"{TEAM}/sarpsborg/withdraw",
        {"withdraw-date": "01.04.2019", "withdraw-reason": "Omorganisering."},
        app=app,
    )
    assert response.status_code == 302
    assert run_of(app).programme.team("sarpsborg").withdrawn.reason == "Omorganisering."
    assert "Sarpsborg withdrew from the programme on 01.04.2019." in text(english.get(f"{TEAM}/sarpsborg"))
    assert post(english, f"{TEAM}/sarpsborg/reinstate", {}, app=app).status_code == 302
    assert run_of(app).programme.team("sarpsborg").withdrawn is None
    logged = events(app, "withdrawn", "reinstated")
    assert [(e["kind"], e["team"], e["actor"]) for e in logged] == [
        ("withdrawn", "sarpsborg", lea_id(app)),
        ("reinstated", "sarpsborg", lea_id(app)),
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"withdraw-date": "2021-01-01", "withdraw-reason": "X"},
            "withdraw-date",
            "The date must fall within the programme, 19.04.2018 to 14.03.2020.",
        ),
        ({"withdraw-date": "2019-04-01", "withdraw-reason": ""}, "withdraw-reason", "Say why the team withdrew."),
        ({"withdraw-date": "", "withdraw-reason": "X"}, "withdraw-date", "Enter the date."),
    ],
)
def test_a_withdrawal_that_breaks_a_rule_is_not_saved(app, english, example, data, field, message):
    response = post(english, f"{TEAM}/sarpsborg/withdraw", data, app=app)
    assert response.status_code == 422
    assert field_error(response, field) == message
    assert run_of(app).programme.team("sarpsborg").withdrawn is None


def test_an_extension_moves_the_due_date_and_is_logged(app, english, example, clock):
    response = post(
        english,
        f"{TEAM}/marker/extensions",
        {"extension-assignment": "fremdriftsplan/3", "extension-due": "2019-05-15"},
        app=app,
    )
    assert response.status_code == 302
    run = run_of(app)
    assert run.status(f"{PID}/marker/fremdriftsplan/3", clock.now) == "open"
    [event] = events(app, "extended")
    assert (event["team"], event["assignment"], event["actor"], event["detail"]["due"]) == (
        "marker",
        f"{PID}/marker/fremdriftsplan/3",
        lea_id(app),
        "2019-05-15",
    )
    post(english, f"{TEAM}/marker/extensions/fremdriftsplan/3/remove", {}, app=app)
    assert run_of(app).status(f"{PID}/marker/fremdriftsplan/3", clock.now) == "overdue"
    assert [e["kind"] for e in events(app, "extended", "extension_removed")] == ["extended", "extension_removed"]


def test_an_extension_cannot_shorten_the_time(app, english, example):
    response = post(
        english,
        f"{TEAM}/marker/extensions",
        {"extension-assignment": "fremdriftsplan/3", "extension-due": "2019-02-20"},
        app=app,
    )
    assert response.status_code == 422
    assert field_error(response, "extension-due") == (
        "The extended due date (20.02.2019) must not be before the planned due date, 28.02.2019."
    )
    assert events(app, "extended") == []


def test_an_excusal_waives_the_assignment_and_is_logged(app, english, example, clock):
    response = post(
        english,
        f"{TEAM}/halden/excusals",
        {"excusal-assignment": "fremdriftsplan/3", "excusal-reason": "Omorganisering."},
        app=app,
    )
    assert response.status_code == 302
    assert run_of(app).status(f"{PID}/halden/fremdriftsplan/3", clock.now) == "excused"
    [event] = events(app, "excused")
    assert (event["assignment"], event["detail"]["reason"], event["actor"]) == (
        f"{PID}/halden/fremdriftsplan/3",
        "Omorganisering.",
        lea_id(app),
    )


def test_an_excusal_needs_a_reason(app, english, example):
    response = post(
        english, f"{TEAM}/halden/excusals", {"excusal-assignment": "fremdriftsplan/3", "excusal-reason": " "}, app=app
    )
    assert response.status_code == 422
    assert field_error(response, "excusal-reason") == "Say why the assignment is excused."


def test_a_stale_page_does_not_overwrite_and_keeps_what_was_typed(app, english, example):
    seen = run_of(app).revision
    post(english, f"{TEAM}/moss/name", {"team-name": "Moss kommune"}, app=app)
    response = post(
        english,
        f"{TEAM}/halden/excusals",
        {"excusal-assignment": "fremdriftsplan/3", "excusal-reason": "Min begrunnelse", "revision": seen},
    )
    assert response.status_code == 409
    assert "Someone else saved this programme while you were editing." in text(response)
    assert "Min begrunnelse" in response.get_data(as_text=True)
    assert run_of(app).programme.excusals[0].team == "moss"  # only the file's excusal
    assert events(app, "excused") == []


def test_an_unknown_team_or_member_is_not_found(english, example):
    assert english.get(f"{TEAM}/oslo").status_code == 404
    assert english.get(f"{TEAM}/moss/members/ola").status_code == 404


def test_the_clock_decides_what_the_team_page_calls_overdue(english, example, clock):
    clock.now = datetime(2018, 5, 1, 12, tzinfo=OSLO)
    page = text(english.get(f"{TEAM}/moss"))
    assert "Hovedplan 19.04.2018 31.05.2018 Open" in page


def test_a_corrected_e_mail_address_revokes_the_links_sent_to_the_old_one(app, english, maria_link):
    maria = run_of(app).programme.team("moss").member("maria-olsen")
    post(
        english,
        f"{TEAM}/moss/members/maria-olsen",
        {"name": maria.name, "email": maria.email.upper(), "role": maria.role or "", "active": "yes"},
        app=app,
    )
    assert token_active(app, maria_link)  # the same address in other letters: the links stay
    post(
        english,
        f"{TEAM}/moss/members/maria-olsen",
        {"name": maria.name, "email": "maria@riktig.example.org", "role": maria.role or "", "active": "yes"},
        app=app,
    )
    assert not token_active(app, maria_link)


def test_an_implausible_date_is_refused_not_a_crash(app, english, example):
    response = post(
        english,
        f"{TEAM}/marker/extensions",
        {"extension-assignment": "fremdriftsplan/3", "extension-due": "9999-12-31"},
        app=app,
    )
    assert response.status_code == 422
    assert field_error(response, "extension-due") == "Give a date between 2000 and 2100."
    assert english.get(f"/admin/p/{PID}/events?since=01.01.0001").status_code != 500


def test_a_very_long_team_name_gets_an_id_the_store_can_use(app, english, example):
    name = "Indre Østfold interkommunale helse- og omsorgssamarbeid for rekruttering og kompetanse " * 2
    response = post(english, f"{TEAM}/new", {"name": name.strip()}, app=app)
    assert response.status_code == 302
    [team] = [t for t in run_of(app).programme.teams if t.name == name.strip()]
    assert len(team.id) <= 60 and english.get(f"{TEAM}/{team.id}").status_code == 200


def offered(response, kind: str) -> list[str]:
    """The values of the team page's ``<kind>-assignment`` select."""
    html = response.get_data(as_text=True)
    select = re.search(rf'<select[^>]*name="{kind}-assignment".*?</select>', html, re.S)
    return re.findall(r'value="([^"]+)"', select.group(0)) if select else []


def test_a_delivered_document_gets_neither_more_time_nor_an_excusal(app, english, example):
    deliver(app, "moss", "hovedplan", 1, datetime(2018, 5, 30, 10, 0, tzinfo=OSLO))
    page = english.get(f"{TEAM}/moss")
    assert "hovedplan/1" not in offered(page, "extension") and "hovedplan/1" not in offered(page, "excusal")
    assert "fremdriftsplan/1" in offered(page, "extension")  # not delivered: overdue, still owed

    response = post(
        english,
        f"{TEAM}/moss/extensions",
        {"extension-assignment": "hovedplan/1", "extension-due": "2019-06-01"},
        app=app,
    )
    assert response.status_code == 422
    assert field_error(response, "extension-assignment") == (
        "Hovedplan is submitted already, so it cannot be given more time."
    )
    response = post(
        english, f"{TEAM}/moss/excusals", {"excusal-assignment": "hovedplan/1", "excusal-reason": "Levert"}, app=app
    )
    assert field_error(response, "excusal-assignment") == "Hovedplan is submitted already, so it cannot be excused."
    programme = run_of(app).programme
    assert programme.extension("moss", "hovedplan", 1) is None and programme.excusal("moss", "hovedplan", 1) is None
    assert "Hovedplan 19.04.2018 31.05.2018 Submitted on time" in text(english.get(f"{TEAM}/moss"))
    assert events(app, "extended", "excused") == []


def test_a_team_that_left_gets_no_more_time_but_what_it_left_overdue_can_be_excused(app, english, example):
    page = english.get(f"{TEAM}/hvaler")  # withdrew 15.01.2019
    assert offered(page, "extension") == []
    assert "No document can be given more time" in text(page)
    assert offered(page, "excusal") == ["hovedplan/1", "fremdriftsplan/1", "fremdriftsplan/2"]  # overdue before it left
    moss = english.get(f"{TEAM}/moss")
    assert "statusrapport/6" not in offered(moss, "excusal") + offered(moss, "extension")  # excused already
