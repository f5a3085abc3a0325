"""engine.exports.deliveries: the delivery export's rows, and the same rows as CSV, XLSX and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from engine.exports.deliveries import (
    COLUMNS,
    delivery_rows,
    export_deliveries,
    load_delivery_rows,
    neutralise,
    reminder_counts,
    to_csv,
    to_json,
    to_xlsx,
)
from engine.programmes import load_run
from engine.store import deliveries as delivery_repo
from engine.store import outbox as outbox_repo
from tests.support.example import example_store

OSLO = ZoneInfo("Europe/Oslo")
PID = "jobbvinner-ostfold-2018"
NOW = datetime(2019, 5, 1, 12, 0, tzinfo=OSLO)
HEADER = "programme,team,deliverable,occurrence,form,opens_at,due_at,submitted_at,status,reminders_sent,submitted_by"


@pytest.fixture
def store(tmp_path, catalog):
    return example_store(tmp_path, catalog)


def submit(store, catalog, team, deliverable, occurrence, at, name="Maria Olsen"):
    a = load_run(store, catalog, PID).find(team, deliverable, occurrence)
    delivery_repo.submit(
        store,
        PID,
        team,
        a.key,
        {"svar": at.isoformat()},
        {"form": a.form, "form_version": 1},
        "member",
        name,
        None,
        a.effective_due_at,
        at,
    )


def send(store, key: str, kind: str, assignment: str | None, state: str = "sent") -> None:
    message, _ = outbox_repo.enqueue(
        store,
        PID,
        {
            "key": key,
            "kind": kind,
            "assignment": assignment,
            "to": [{"name": "X", "email": "x@example.org"}],
            "subject": "S",
            "text": "T",
        },
        NOW,
    )
    if state == "sent":
        outbox_repo.mark_sent(store, PID, message["id"], NOW)
    else:
        outbox_repo.mark_failed(store, PID, message["id"], "refused", None, NOW)


@pytest.fixture
def seeded(store, catalog):
    """Moss: Hovedplan late, Fremdriftsplan 1 on time (twice), reminded; the rest as the plan says."""
    submit(store, catalog, "moss", "hovedplan", 1, datetime(2018, 6, 4, 9, 30, tzinfo=OSLO))
    submit(store, catalog, "moss", "fremdriftsplan", 1, datetime(2018, 5, 2, 22, 0, tzinfo=OSLO), "Lars Kristiansen")
    submit(store, catalog, "moss", "fremdriftsplan", 1, datetime(2018, 5, 10, 8, 0, tzinfo=OSLO), "Ida Pedersen")
    hovedplan = f"{PID}/moss/hovedplan/1"
    for member in ("maria-olsen", "lars-kristiansen", "@leader"):
        send(store, f"reminder:{hovedplan}:soon:2018-05-31:{member}", "reminder", hovedplan)
    send(store, f"reminder:{hovedplan}:tomorrow:2018-05-31:maria-olsen", "reminder", hovedplan)
    send(store, f"overdue:{hovedplan}:overdue:2018-05-31:maria-olsen", "overdue", hovedplan)
    send(store, f"overdue:{hovedplan}:overdue-week:2018-05-31:maria-olsen", "overdue", hovedplan, state="failed")
    send(store, f"invitation:{hovedplan}:2018-04-19:maria-olsen", "invitation", hovedplan)
    send(store, "digest:jobbvinner-ostfold-2018:2018-W23", "digest", None)
    return load_run(store, catalog, PID)


def csv_lines(store, run) -> list[str]:
    return to_csv(load_delivery_rows(store, run, NOW)).split("\r\n")


def test_the_header_is_exactly_the_contract(store, seeded):
    assert csv_lines(store, seeded)[0] == HEADER
    assert tuple(HEADER.split(",")) == COLUMNS


def test_moss_rows_are_exact(store, seeded):
    moss = [line for line in csv_lines(store, seeded) if line.startswith(f"{PID},moss,")]
    assert moss == [
        f"{PID},moss,hovedplan,1,hovedplan,2018-04-19T00:00:00+02:00,2018-05-31T23:59:59+02:00,"
        "2018-06-04T09:30:00+02:00,submitted_late,3,Maria Olsen",
        f"{PID},moss,fremdriftsplan,1,fremdriftsplan,2018-04-19T00:00:00+02:00,2018-05-03T23:59:59+02:00,"
        "2018-05-02T22:00:00+02:00,submitted_on_time,0,Lars Kristiansen",
        f"{PID},moss,fremdriftsplan,2,fremdriftsplan,2018-09-20T00:00:00+02:00,2018-10-04T23:59:59+02:00,,overdue,0,",
        f"{PID},moss,statusrapport,3,statusrapport,2019-01-03T00:00:00+01:00,2019-01-31T23:59:59+01:00,,overdue,0,",
        f"{PID},moss,fremdriftsplan,3,fremdriftsplan,2019-02-14T00:00:00+01:00,2019-02-28T23:59:59+01:00,,overdue,0,",
        f"{PID},moss,statusrapport,4,statusrapport,2019-04-25T00:00:00+02:00,2019-06-01T23:59:59+02:00,,open,0,",
        f"{PID},moss,fremdriftsplan,4,fremdriftsplan,2019-06-06T00:00:00+02:00,2019-06-20T23:59:59+02:00,,not_open,0,",
        f"{PID},moss,statusrapport,5,statusrapport,2019-09-05T00:00:00+02:00,2019-10-03T23:59:59+02:00,,not_open,0,",
        f"{PID},moss,fremdriftsplan,5,fremdriftsplan,2019-10-17T00:00:00+02:00,2019-10-31T23:59:59+01:00,,not_open,0,",
        f"{PID},moss,statusrapport,6,statusrapport,2020-01-02T00:00:00+01:00,2020-01-30T23:59:59+01:00,,excused,0,",
        f"{PID},moss,sluttrapport,1,sluttrapport,2020-02-13T00:00:00+01:00,2020-03-14T23:59:59+01:00,,not_open,0,",
    ]


def test_a_withdrawn_team_says_so_from_its_withdrawal(store, seeded):
    valer = [line.split(",")[2:9:6] for line in csv_lines(store, seeded) if line.startswith(f"{PID},valer,")]
    assert valer == [["hovedplan", "overdue"], ["fremdriftsplan", "overdue"], ["fremdriftsplan", "overdue"]] + [
        [d, "withdrawn"]
        for d in (
            "statusrapport",
            "fremdriftsplan",
            "statusrapport",
            "fremdriftsplan",
            "statusrapport",
            "fremdriftsplan",
            "statusrapport",
            "sluttrapport",
        )
    ]


def test_every_status_appears_and_only_team_assignments_count(store, seeded):
    rows = load_delivery_rows(store, seeded, NOW)
    assert len(rows) == 8 * 11
    assert {r.status.value for r in rows} == {
        "submitted_on_time",
        "submitted_late",
        "overdue",
        "open",
        "not_open",
        "withdrawn",
        "excused",
    }
    assert {r.deliverable for r in rows} == {"hovedplan", "fremdriftsplan", "statusrapport", "sluttrapport"}
    assert [r.team for r in rows[::11]] == [
        "eidsberg",
        "marker",
        "fredrikstad",
        "hvaler",
        "moss",
        "valer",
        "halden",
        "sarpsborg",
    ]


def test_the_export_judges_at_its_own_now(store, seeded):
    before = {
        (r.team, r.deliverable, r.occurrence): r for r in delivery_rows(seeded, datetime(2018, 5, 3, 12, tzinfo=OSLO))
    }
    assert before[("moss", "hovedplan", 1)].status.value == "open"
    assert before[("moss", "hovedplan", 1)].submitted_at is None
    assert before[("moss", "fremdriftsplan", 1)].status.value == "submitted_on_time"


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        ([], {}),
        (
            [
                {"kind": "reminder", "assignment": "a", "key": "reminder:a:soon:2019-05-23:m1"},
                {"kind": "reminder", "assignment": "a", "key": "reminder:a:soon:2019-05-23:m2"},
                {"kind": "reminder", "assignment": "a", "key": "reminder:a:soon:2019-05-23:@leader"},
            ],
            {"a": 1},
        ),
        (
            [
                {"kind": "reminder", "assignment": "a", "key": "reminder:a:soon:2019-05-23:m1"},
                {"kind": "reminder", "assignment": "a", "key": "reminder:a:soon:2019-06-01:m1"},  # after an extension
                {"kind": "overdue", "assignment": "a", "key": "overdue:a:overdue:2019-06-01:m1"},
                {"kind": "invitation", "assignment": "a", "key": "invitation:a:2019-04-25:m1"},
                {"kind": "receipt", "assignment": "b", "key": "receipt:123"},
            ],
            {"a": 3},
        ),
    ],
)
def test_reminders_count_once_per_occasion_whoever_got_them(messages, expected):
    assert dict(reminder_counts(messages)) == expected


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+47 99", "'+47 99"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Kari Holm", "Kari Holm"),
        ("", ""),
        ("Ola=Nordmann", "Ola=Nordmann"),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_neutralised(value, safe):
    assert neutralise(value) == safe


@pytest.fixture
def hostile(store, catalog):
    submit(
        store,
        catalog,
        "marker",
        "hovedplan",
        1,
        datetime(2018, 5, 20, 9, 0, tzinfo=OSLO),
        name='=HYPERLINK("http://evil.example","Klikk")',
    )
    return load_run(store, catalog, PID)


def test_csv_neutralises_names(store, hostile):
    reader = csv.DictReader(io.StringIO(to_csv(load_delivery_rows(store, hostile, NOW))))
    marker = next(r for r in reader if (r["team"], r["deliverable"]) == ("marker", "hovedplan"))
    assert marker["submitted_by"] == '\'=HYPERLINK("http://evil.example","Klikk")'


def test_xlsx_has_a_header_date_cells_and_no_formulas(store, hostile):
    rows = load_delivery_rows(store, hostile, NOW)
    book = load_workbook(io.BytesIO(to_xlsx(rows, OSLO)))
    sheet = book.active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + len(rows)
    marker = next(r for r in sheet.iter_rows(min_row=2) if (r[1].value, r[2].value) == ("marker", "hovedplan"))
    assert marker[10].value == '\'=HYPERLINK("http://evil.example","Klikk")'
    assert marker[10].data_type == "s"
    assert marker[6].value == datetime(2018, 5, 31, 23, 59, 59)  # local time; spreadsheets have no zones
    assert marker[6].number_format == "dd.mm.yyyy hh:mm"
    assert marker[7].value == datetime(2018, 5, 20, 9, 0)
    assert (marker[3].value, marker[8].value, marker[9].value) == (1, "submitted_on_time", 0)
    assert sheet.column_dimensions["A"].width > len("programme")
    assert not any(str(c.value).startswith("=") for row in sheet.iter_rows() for c in row)


def test_json_is_a_list_of_objects_with_the_same_keys_and_no_neutralising(store, hostile):
    data = json.loads(to_json(load_delivery_rows(store, hostile, NOW)))
    assert len(data) == 88
    assert all(list(item) == list(COLUMNS) for item in data)
    marker = next(i for i in data if (i["team"], i["deliverable"]) == ("marker", "hovedplan"))
    assert marker == {
        "programme": PID,
        "team": "marker",
        "deliverable": "hovedplan",
        "occurrence": 1,
        "form": "hovedplan",
        "opens_at": "2018-04-19T00:00:00+02:00",
        "due_at": "2018-05-31T23:59:59+02:00",
        "submitted_at": "2018-05-20T09:00:00+02:00",
        "status": "submitted_on_time",
        "reminders_sent": 0,
        "submitted_by": '=HYPERLINK("http://evil.example","Klikk")',
    }
    assert data[0]["submitted_at"] is None


def test_export_deliveries_gives_bytes_in_each_format(store, seeded):
    assert export_deliveries(store, seeded, "csv", NOW).decode("utf-8").startswith(HEADER + "\r\n")
    assert export_deliveries(store, seeded, "xlsx", NOW)[:2] == b"PK"
    assert json.loads(export_deliveries(store, seeded, "json", NOW))[0]["programme"] == PID
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export_deliveries(store, seeded, "pdf", NOW)
