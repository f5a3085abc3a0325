"""A leader sets up a whole programme in the browser (the test client posts what the pages post),
and the delivery matrix and the export then agree with the plan, cell by cell."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from engine.cycle import plan_assignments
from engine.programmes import get_catalog
from engine.store import admins as admin_repo
from engine.store import deliveries as delivery_repo
from engine.store import events as event_repo
from engine.store import get_store
from tests.admin.conftest import OSLO, csrf, move_clock, run_of, text
from tests.admin.matrixparse import parse_matrix

PID = "laeringsnettverk-innlandet-2026"
GATHERINGS = [
    ("2026-01-15", "Gran", "Oppstart"),
    ("2026-04-16", "Lunner", "Rekruttering"),
    ("2026-08-27", "Jevnaker", "Beholde"),
    ("2026-11-19", "Gran", "Heltid"),
    ("2027-02-18", "Lunner", "Implementering"),
    ("2027-05-20", "Hadeland videregående", "Avslutning"),
]
TEAMS = {
    "Gran": "Kari Holm, kari@gran.example.org, gruppeleder\nOla Berg, ola@gran.example.org",
    "Lunner": "Liv Lie, liv@lunner.example.org, gruppeleder\r\n\r\nPer Dahl, per@lunner.example.org, sykepleier",
    "Jevnaker": "Siri Moe\tsiri@jevnaker.example.org\tgruppeleder\nTor Vik, tor@jevnaker.example.org\n"
    "Eva Ask, eva@jevnaker.example.org, HR",
}


def new_programme_form() -> dict[str, str]:
    """Only what a programme needs to start: six gatherings 18 weeks apart from 15.01.2026, the teams."""
    data = {
        "workflow": "utviklingsverksted",
        "title": "Læringsnettverk Innlandet 2026",
        "programme_id": "",
        "recipient": "prosjektgruppa v/ prosjektleder",
        "leader_name": "Lea Leder",
        "leader_email": "lea@example.org",
        "first_date": "2026-01-15",
        "gathering_count": "6",
        "weeks_between": "18",
        "action": "create",
    }
    for i, (name, members) in enumerate(TEAMS.items()):
        data.update({f"teams-{i}-name": name, f"teams-{i}-members": members})
    return data


def gathering_form(day: str, place: str, theme: str) -> dict[str, str]:
    """The gathering page's inputs: the exact date, the place (the host team, or another host), the theme."""
    host = place if place in TEAMS else ""
    return {
        "date": day,
        "start": "09:00",
        "end": "15:00",
        "place": place,
        "host": host,
        "host_other": "" if host else place,
        "theme": theme,
        "agenda": "Innledning.\nGruppearbeid.",
        "confirm": "yes",
    }


def deliver(app, team: str, deliverable: str, occurrence: int, at: datetime, member: str) -> None:
    run = run_of(app, PID)
    assignment = run.find(team, deliverable, occurrence)
    with app.app_context():
        delivery_repo.submit(
            get_store(),
            PID,
            team,
            assignment.key,
            {"effektmal": "Mål"},
            {"form": assignment.form, "form_version": 1},
            member,
            member.replace("-", " ").title(),
            None,
            assignment.effective_due_at,
            at,
        )


@pytest.fixture
def built(app, english, clock):
    """The programme as the leader builds it, step by step, through the pages."""
    move_clock(english, clock, datetime(2025, 12, 1, 10, 0, tzinfo=OSLO))
    assert english.get("/admin/new").status_code == 200
    response = english.post("/admin/new", data={"csrf_token": csrf(english, "/admin/"), **new_programme_form()})
    assert response.status_code == 302, text(response)
    assert response.location == f"/admin/p/{PID}/"
    assert [g.date.isoformat() for g in run_of(app, PID).programme.gatherings][:2] == ["2026-01-15", "2026-05-21"]
    for number, (day, place, theme) in enumerate(GATHERINGS, start=1):  # the exact dates, places and themes
        body = {"csrf_token": csrf(english, "/admin/"), "revision": str(run_of(app, PID).revision)}
        response = english.post(
            f"/admin/p/{PID}/gatherings/g{number}", data={**body, **gathering_form(day, place, theme)}
        )
        assert response.status_code == 302, text(response)

    move_clock(english, clock, datetime(2026, 10, 1, 12, 0, tzinfo=OSLO))
    deliver(app, "gran", "hovedplan", 1, datetime(2026, 2, 20, 14, 0, tzinfo=OSLO), "kari-holm")
    deliver(app, "gran", "fremdriftsplan", 1, datetime(2026, 2, 2, 9, 0, tzinfo=OSLO), "ola-berg")
    deliver(app, "lunner", "hovedplan", 1, datetime(2026, 2, 26, 23, 59, tzinfo=OSLO), "liv-lie")

    def post(url, data):
        body = {"csrf_token": csrf(english, "/admin/"), "revision": str(run_of(app, PID).revision), **data}
        response = english.post(f"/admin/p/{PID}/teams/{url}", data=body)
        assert response.status_code == 302, text(response)

    post("lunner/extensions", {"extension-assignment": "fremdriftsplan/3", "extension-due": "15.10.2026"})
    post("gran/excusals", {"excusal-assignment": "statusrapport/3", "excusal-reason": "Sykefravær i teamet."})
    post("jevnaker/withdraw", {"withdraw-date": "2026-09-01", "withdraw-reason": "Mangel på tid."})
    return run_of(app, PID)


def test_the_programme_is_what_the_leader_typed(built):
    programme = built.programme
    assert programme.title == "Læringsnettverk Innlandet 2026"
    assert [g.date.isoformat() for g in programme.gatherings] == [g[0] for g in GATHERINGS]
    assert programme.gatherings[0].agenda == "Innledning.\nGruppearbeid."
    assert [(t.id, [(m.name, m.email, m.role) for m in t.members]) for t in programme.teams] == [
        ("gran", [("Kari Holm", "kari@gran.example.org", "gruppeleder"), ("Ola Berg", "ola@gran.example.org", None)]),
        (
            "lunner",
            [
                ("Liv Lie", "liv@lunner.example.org", "gruppeleder"),
                ("Per Dahl", "per@lunner.example.org", "sykepleier"),
            ],
        ),
        (
            "jevnaker",
            [
                ("Siri Moe", "siri@jevnaker.example.org", "gruppeleder"),
                ("Tor Vik", "tor@jevnaker.example.org", None),
                ("Eva Ask", "eva@jevnaker.example.org", "HR"),
            ],
        ),
    ]
    assert [(e.team, e.deliverable, e.occurrence, e.due.isoformat()) for e in programme.extensions] == [
        ("lunner", "fremdriftsplan", 3, "2026-10-15")
    ]
    assert [(e.team, e.deliverable, e.occurrence, e.reason) for e in programme.excusals] == [
        ("gran", "statusrapport", 3, "Sykefravær i teamet.")
    ]
    assert programme.team("jevnaker").withdrawn.date.isoformat() == "2026-09-01"


def test_every_change_is_logged_with_the_leader_as_actor(app, built):
    with app.app_context():
        lea = admin_repo.find_admin_by_email(get_store(), "lea@example.org")
        events = event_repo.list_events(get_store(), PID, kind=["programme_saved", "extended", "excused", "withdrawn"])
    assert [(e["kind"], e["team"], e["assignment"]) for e in events] == [
        ("programme_saved", None, None),  # created
        *[("programme_saved", None, None)] * 6,  # each gathering given its date, place and theme
        ("programme_saved", None, None),
        ("extended", "lunner", f"{PID}/lunner/fremdriftsplan/3"),
        ("programme_saved", None, None),
        ("excused", "gran", f"{PID}/gran/statusrapport/3"),
        ("programme_saved", None, None),
        ("withdrawn", "jevnaker", None),
    ]
    assert {e["actor"] for e in events} == {lea["id"]}
    assert events[8]["detail"]["due"] == "2026-10-15"
    assert events[12]["detail"] == {"date": "2026-09-01", "reason": "Mangel på tid."}


def expected(app, built, clock):
    """The plan computed independently from the stored programme, and every status at ``now``."""
    with app.app_context():
        plan = plan_assignments(built.programme, get_catalog().workflows["utviklingsverksted"])
    return plan, built.statuses(clock.now)


def test_the_matrix_agrees_with_the_plan_cell_by_cell(app, english, built, clock):
    plan, states = expected(app, built, clock)
    rows = parse_matrix(english.get(f"/admin/p/{PID}/?columns=all").get_data(as_text=True))
    order = {key: i for i, key in enumerate(["hovedplan", "fremdriftsplan", "statusrapport", "sluttrapport"])}
    columns = sorted(
        {(a.deliverable, a.occurrence, a.due_at) for a in plan if a.team}, key=lambda c: (order[c[0]], c[2])
    )
    assert [r.team for r in rows] == ["Gran", "Lunner", "Jevnaker"]
    seen = set()
    for team, row in zip(("gran", "lunner", "jevnaker"), rows, strict=True):
        assert len(row.cells) == len(columns) == 11
        for (deliverable, occurrence, _due), cell in zip(columns, row.cells, strict=True):
            a = next(a for a in plan if (a.team, a.deliverable, a.occurrence) == (team, deliverable, occurrence))
            assert cell.status == states[a.key].value, (a.key, cell)
            due = a.effective_due_at.astimezone(OSLO).strftime("%d.%m.%Y")
            assert (f"extended to {due}" if a.extended_due_at else f"due {due}") in cell.text, (a.key, cell.text)
            seen.add(cell.status)
    assert seen == {"submitted_on_time", "submitted_late", "overdue", "open", "not_open", "excused", "withdrawn"}


def test_the_export_agrees_with_the_plan_row_by_row(app, english, built, clock):
    plan, states = expected(app, built, clock)
    response = english.get(f"/admin/p/{PID}/export/deliveries.csv")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{PID}-deliveries-2026-10-01.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    team_plan = [a for a in plan if a.team]
    assert len(rows) == len(team_plan) == 33
    by_key = {(r["team"], r["deliverable"], int(r["occurrence"])): r for r in rows}
    for a in team_plan:
        row = by_key[(a.team, a.deliverable, a.occurrence)]
        assert (row["opens_at"], row["due_at"], row["status"], row["form"]) == (
            a.opens_at.isoformat(),
            a.effective_due_at.isoformat(),
            states[a.key].value,
            a.form,
        ), a.key
    assert by_key[("gran", "fremdriftsplan", 1)]["submitted_by"] == "Ola Berg"
    assert by_key[("gran", "fremdriftsplan", 1)]["submitted_at"] == "2026-02-02T09:00:00+01:00"


def test_the_overview_sums_up_what_the_matrix_shows(english, built):
    page = text(english.get(f"/admin/p/{PID}/"))
    # Counted in teams: Jevnaker's withdrawal is one team, not the seven cells it marks "withdrawn".
    assert (
        "Where the teams stand on 01.10.2026 Something overdue 2 teams Gran, Lunner Withdrawn 1 team Jevnaker" in page
    )
    assert "withdrew 01.09.2026" in page
