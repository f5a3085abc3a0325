"""Registration for the gatherings (*påmelding*): turned on for a programme, filled in by each team
for its members, summed up for the leader per gathering (count by team, who comes, the catering
list, an XLSX file read back with openpyxl), and reminded about only to the teams that have not
answered — through the scheduler's pass and a real SMTP server on loopback.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import openpyxl
import pytest

from engine.mail.scheduler import tick
from engine.programmes import get_catalog, import_programme_file
from engine.store import get_store
from tests.support.teamwork import EXAMPLE, OSLO, PID, field_value, text_of, with_registration

# Between the opening (23.08) and the deadline (13.09) of the registration for gathering 2 (20.09.2018).
OPEN = datetime(2018, 9, 1, 10, 0, tzinfo=OSLO)
MOSS = {
    "deltakere-0-navn": "Maria Olsen",
    "deltakere-0-rolle": "gruppeleder",
    "deltakere-0-kosthold": "Vegetar",
    "deltakere-0-allergier": "Nøtter",
    "deltakere-0-gruppearbeid": "På tvers av kommunene",
    "deltakere-1-navn": "Lars Kristiansen",
    "deltakere-1-rolle": "sykepleier",
    "deltakere-1-kosthold": "Ingen spesielle hensyn",
    "deltakere-1-gruppearbeid": "I eget team",
    "deltakere-2-navn": '=HYPERLINK("http://x.test","Ida")',  # a name a spreadsheet would run
    "kommentar": "Ahmed kommer etter lunsj.",
}
FREDRIKSTAD = {
    "deltakere-0-navn": "Hanne Berg",
    "deltakere-0-kosthold": "Vegansk",
    "deltakere-0-gruppearbeid": "På tvers av kommunene",
}


@pytest.fixture
def clock():
    from tests.support.clockfix import Clock

    return Clock(OPEN)


@pytest.fixture
def run(run, app, clock):
    """The Østfold example with registration turned on in its cycle."""
    return with_registration(app, run, clock())


def register(member, fields: dict, occurrence: int = 2):
    page = member.open("pamelding", occurrence)
    assert page.status == 200, page.text[:500]
    confirmation = member.post(page, {"team": "", **fields}, action="submit")
    assert confirmation.confirm is not None, confirmation.text[:3000]
    assert member.confirm(confirmation).status_code == 303


def test_registration_is_asked_some_days_before_every_gathering_once_it_is_on(run):
    moss = sorted(
        (a.occurrence, a.opens_at.date(), a.due_at.astimezone(OSLO).date(), a.closes_at.astimezone(OSLO).date())
        for a in run.assignments
        if a.deliverable == "pamelding" and a.team == "moss"
    )
    assert [row[0] for row in moss] == [1, 2, 3, 4, 5, 6]
    assert moss[1] == (2, date(2018, 8, 23), date(2018, 9, 13), date(2018, 9, 19))


def test_the_leader_sees_who_comes_by_team_and_the_catering_list(member, leader):
    register(member("moss", "maria-olsen"), MOSS)
    register(member("fredrikstad", "hanne-berg"), FREDRIKSTAD)
    register(member("marker", "liv-strand"), {})  # an empty list: nobody from Marker comes

    overview = text_of(leader.get(f"/admin/p/{PID}/registrations").get_data(as_text=True))
    assert "Gathering 2 20.09.2018, Dypedalsåsen, Hvaler 3 of 8 4 2" in overview

    response = leader.get(f"/admin/p/{PID}/registrations/2")
    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    assert "4 people are coming; 3 of 8 teams have answered." in page
    by_team = page.split("Answers by team")[1].split("Who is coming")[0]
    assert re.search(r"Moss .*?3 Ahmed kommer etter lunsj\.", by_team)
    assert re.search(r"Marker .*?0", by_team) and re.search(r"Eidsberg .*?No answer", by_team)
    people = page.split("Everyone registered")[1].split("Catering")[0]
    assert "Maria Olsen Moss gruppeleder På tvers av kommunene" in people
    assert "Hanne Berg Fredrikstad" in people
    assert "Group work: På tvers av kommunene: 2 · I eget team: 1" in people
    catering = page.split("Meals by diet")[1]
    assert "Diet Number Ingen spesielle hensyn 2 Vegansk 1 Vegetar 1" in catering
    assert "Maria Olsen Moss Vegetar Nøtter" in catering and "Hanne Berg Fredrikstad Vegansk" in catering
    assert "Lars Kristiansen" not in catering.split("by name")[1]


def test_the_registrations_download_as_a_workbook_with_formulas_neutralised(member, leader):
    register(member("moss", "maria-olsen"), MOSS)
    response = leader.get(f"/admin/p/{PID}/registrations/2/xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="registrations-jobbvinner-ostfold-2018-gathering-2.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Attendees", "Catering", "Teams"]
    rows = [[cell.value for cell in row] for row in book["Attendees"].iter_rows()]
    assert rows[0] == ["Team", "Name", "Role", "Diet", "Allergies and other needs", "Group work"]
    assert rows[1] == ["Moss", "Maria Olsen", "gruppeleder", "Vegetar", "Nøtter", "På tvers av kommunene"]
    assert rows[3][1] == '\'=HYPERLINK("http://x.test","Ida")' and book["Attendees"]["B4"].data_type == "s"
    catering = [[cell.value for cell in row] for row in book["Catering"].iter_rows()]
    assert catering[1:3] == [["Ingen spesielle hensyn", 2, None, None], ["Vegetar", 1, None, None]]
    assert ["Vegetar", None, "Maria Olsen (Moss)", "Nøtter"] in catering
    teams = {row[0].value: [c.value for c in row[1:]] for row in book["Teams"].iter_rows(min_row=2)}
    assert teams["Moss"] == ["Has answered", 3, "Ahmed kommer etter lunsj."]
    assert teams["Eidsberg"] == ["Has not answered", None, None]


def test_the_first_registration_suggests_the_teams_members(member):
    page = member("moss", "maria-olsen").open("pamelding", 2)
    for row, (name, role) in enumerate(
        [("Maria Olsen", "gruppeleder"), ("Lars Kristiansen", "sykepleier"), ("Ida Pedersen", "HR-rådgiver")]
    ):
        assert field_value(page.page, f"deltakere-{row}-navn") == name
        assert field_value(page.page, f"deltakere-{row}-rolle") == role
    assert field_value(page.page, "deltakere-3-navn") == "Ahmed Ali"


def test_the_next_registration_suggests_the_last_list(member, clock):
    maria = member("moss", "maria-olsen")
    register(maria, MOSS)
    clock.set(datetime(2019, 1, 20, 10, 0, tzinfo=OSLO))  # registration for gathering 3 (14.02.2019) is open
    page = maria.open("pamelding", 3)
    assert 'value="Maria Olsen"' in page.page and 'value="Nøtter"' in page.page


def test_a_programme_without_registration_says_how_to_turn_it_on(app, leader, store, clock):
    with app.app_context():  # the example again, with the cycle as installed
        import_programme_file(get_store(), get_catalog(), EXAMPLE, "test", clock())
    page = text_of(leader.get(f"/admin/p/{PID}/registrations").get_data(as_text=True))
    assert "This programme does not ask the teams to register for the gatherings." in page
    assert leader.get(f"/admin/p/{PID}/registrations/2").status_code == 404


@pytest.fixture
def app_config(app_config, smtp_server):
    return {**app_config, "MAIL_SERVER": smtp_server.host, "MAIL_PORT": smtp_server.port}


def test_reminders_go_only_to_the_teams_that_have_not_answered(app, member, run, clock, smtp_server):
    register(member("moss", "maria-olsen"), MOSS)
    register(member("marker", "liv-strand"), {})
    clock.set(datetime(2018, 9, 6, 8, 5, tzinfo=OSLO))  # 7 days before the deadline: the "soon" reminder
    report = tick(app, clock())
    assert report.failed == 0
    key = re.compile(rf"^{PID}/(\w+)/pamelding/2$")
    expected = {"eidsberg", "fredrikstad", "hvaler", "valer", "halden", "sarpsborg"}

    def reminded(messages) -> dict[str, list]:
        by_team: dict[str, list] = {}
        for m in messages:
            found = key.match(m.header("X-Verksted-Assignment") or "")
            if found and m.header("X-Verksted-Kind") == "reminder":
                by_team.setdefault(found.group(1), []).append(m)
        return by_team

    by_team = reminded(smtp_server.inbox.wait_for(lambda ms: set(reminded(ms)) >= expected))
    assert set(by_team) == expected  # not Moss, not Marker: they answered (Marker: nobody comes)
    got = [m for messages in by_team.values() for m in messages]
    recipients = {address for m in got for address in m.rcpt_tos}
    assert "maria.olsen@example.org" not in recipients and "liv.strand@example.org" not in recipients
    assert {"kari.holm@example.org", "hanne.berg@example.org"} <= recipients
    assert all("Påmelding før samling 2" in m.header("Subject") for m in got)
