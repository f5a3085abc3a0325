"""engine.web.admin.matrix: the delivery matrix on the programme's overview."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from engine.programmes import get_catalog, save_programme_document
from engine.store import get_store
from tests.admin.conftest import OSLO, PID, deliver, move_clock, run_of, text
from tests.admin.matrixparse import parse_matrix
from tests.support.teamwork import MIDWAY

DST_PID = "sommertid-2026"


def test_columns_are_grouped_by_deliverable_with_their_due_dates(english, example):
    html = english.get(f"/admin/p/{PID}/?columns=all").get_data(as_text=True)
    groups = re.findall(r'<th scope="colgroup" colspan="(\d+)" class="matrix__group">(\w+)</th>', html)
    assert groups == [("1", "Hovedplan"), ("5", "Fremdriftsplan"), ("4", "Statusrapport"), ("1", "Sluttrapport")]
    columns = [
        " ".join(re.sub(r"<[^>]+>", " ", c).split())
        for c in re.findall(r'<th scope="col" class="matrix__column">(.*?)</th>', html, re.S)
    ]
    assert columns[:3] == ["due 31.05.2018", "after gathering 1 due 03.05.2018", "after gathering 2 due 04.10.2018"]
    assert columns[6] == "before gathering 3 due 31.01.2019"
    assert "Evaluering" not in html  # participants' evaluations are not team deliveries


def test_cells_show_status_due_date_delivery_versions_and_link(app, english, example):
    deliver(
        app,
        "moss",
        "hovedplan",
        1,
        datetime(2018, 6, 2, 9, 15, tzinfo=OSLO),
        version_at=(datetime(2018, 6, 5, 10, 0, tzinfo=OSLO),),
    )
    rows = {row.team: row for row in parse_matrix(english.get(f"/admin/p/{PID}/?columns=all").get_data(as_text=True))}
    cell = rows["Moss"].cells[0]
    assert cell.status == "submitted_late"
    assert cell.text == "Submitted late due 31.05.2018 delivered 02.06.2018 at 09:15 2 versions"
    assert cell.links == [f"/admin/p/{PID}/submissions/moss/hovedplan/1"]
    assert rows["Moss"].cells[7].text == "Open extended to 01.06.2019"  # Statusrapport 4, extended
    assert rows["Moss"].cells[9].text == "Excused due 30.01.2020"
    assert rows["Eidsberg"].cells[0].links == []


def test_withdrawn_teams_are_marked_in_words(english, example):
    html = english.get(f"/admin/p/{PID}/").get_data(as_text=True)
    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r'<tr class="matrix__row--withdrawn">\s*<th scope="row">(.*?)</th>', html, re.S)
    ]
    assert rows == ["Hvaler withdrew 15.01.2019", "Våler withdrew 30.11.2018", "Halden withdraws 02.05.2019"]


def test_the_summary_counts_teams_not_cells(english, example):
    page = text(english.get(f"/admin/p/{PID}/"))
    # 01.05.2019, nothing delivered: the six teams still in have something overdue; Hvaler and Våler
    # withdrew (16 cells say "withdrawn", but they are two teams).
    assert (
        "Where the teams stand on 01.05.2019 "
        "Something overdue 6 teams Eidsberg, Marker, Fredrikstad, Moss, Halden, Sarpsborg "
        "Withdrawn 2 teams Hvaler, Våler Download"
    ) in page


def test_the_matrix_shows_what_matters_now_and_all_on_request(app, english, example):
    """Everything delivered on time but Moss's Fremdriftsplan after gathering 2: on 01.05.2019 what
    matters is that one (overdue for a team still in) and the open Statusrapport before gathering 4."""
    run = run_of(app)
    for a in run.assignments:
        team = run.programme.team(a.team or "")
        still_in = team and (not team.withdrawn or team.withdrawn.date > MIDWAY.date())  # Halden leaves 02.05.
        if still_in and a.due_at < MIDWAY and a.key != f"{PID}/moss/fremdriftsplan/2":
            deliver(app, a.team, a.deliverable, a.occurrence, a.due_at - timedelta(days=1))
    response = english.get(f"/admin/p/{PID}/")
    html = response.get_data(as_text=True)
    assert re.findall(r'class="matrix__group">(\w+)<', html) == ["Fremdriftsplan", "Statusrapport"]
    rows = {row.team: row for row in parse_matrix(html)}
    assert [c.status for c in rows["Moss"].cells] == ["overdue", "open"]
    page = text(response)
    assert (
        "Something overdue 1 team Moss "
        "Working on open documents 5 teams Eidsberg, Marker, Fredrikstad, Halden, Sarpsborg "
        "Withdrawn 2 teams Hvaler, Våler"
    ) in page
    assert "Show all 11 documents" in page
    everything = english.get(f"/admin/p/{PID}/?columns=all")
    assert len(parse_matrix(everything.get_data(as_text=True))[0].cells) == 11
    assert "Show only what matters now" in text(everything)


def test_an_extended_deadline_is_marked_with_a_drawn_icon_not_a_rare_glyph(english, example):
    html = english.get(f"/admin/p/{PID}/").get_data(as_text=True)
    extended = re.search(r'<span class="matrix__extended">(.*?)</span>', html, re.S).group(1)
    assert extended.startswith('<svg class="icon"') and extended.endswith("extended to 01.06.2019")
    assert "⧗" not in html


def test_dates_are_local_on_the_days_the_clocks_change(app, english, clock):
    """Due and delivery times show the Norwegian calendar day, also when UTC is on another day."""
    document = {
        "id": DST_PID,
        "workflow": "utviklingsverksted",
        "title": "Sommertid",
        "recipient": "prosjektleder",
        "leader": {"name": "Lea", "email": "lea@example.org"},
        "gatherings": [
            {"date": d, "start": "09:00", "place": "Moss", "host": "Moss", "theme": "T"}
            for d in ("2026-03-15", "2026-06-11", "2026-10-11", "2027-01-14", "2027-03-18", "2027-06-10")
        ],
        "teams": [{"name": "Moss", "members": [{"name": "Kari Holm", "email": "kari@example.org"}]}],
    }
    with app.app_context():
        save_programme_document(get_store(), get_catalog(), document, "test", clock.now, expected_revision=0)
    # 00:30 on 25.10.2026 is 22:30 UTC on 24.10; the Fremdriftsplan after gathering 3 is due that day.
    deliver(app, "moss", "fremdriftsplan", 3, datetime(2026, 10, 25, 0, 30, tzinfo=OSLO), pid=DST_PID)
    move_clock(english, clock, datetime(2026, 11, 1, 12, 0, tzinfo=OSLO))
    [row] = parse_matrix(english.get(f"/admin/p/{DST_PID}/").get_data(as_text=True))
    fremdriftsplan_1, fremdriftsplan_3 = row.cells[1], row.cells[3]
    assert fremdriftsplan_1.text == "Overdue due 29.03.2026"  # spring forward: 23:59:59+02:00
    assert fremdriftsplan_3.text == "Submitted on time due 25.10.2026 delivered 25.10.2026 at 00:30 1 version"
    assert run_of(app, DST_PID).find("moss", "fremdriftsplan", 3).due_at.isoformat() == "2026-10-25T23:59:59+01:00"
