"""`flask export deliveries PROGRAMME_ID [--format] [--output]` (engine.cli over engine.exports.deliveries)."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from engine.cli import export as export_cli
from engine.programmes import get_catalog, load_run
from engine.store import deliveries as delivery_repo
from engine.store import get_store
from tests.support.clockfix import Clock
from tests.support.teamwork import MIDWAY

ROOT = Path(__file__).resolve().parents[2]
OSLO = ZoneInfo("Europe/Oslo")
PID = "jobbvinner-ostfold-2018"
HEADER = "programme,team,deliverable,occurrence,form,opens_at,due_at,submitted_at,status,reminders_sent,submitted_by"


@pytest.fixture
def clock():
    return Clock(MIDWAY)


@pytest.fixture
def seeded(app, runner):
    """The example with Eidsberg's Hovedplan on time, Marker's late and an early Statusrapport 4."""
    assert runner.invoke(args=["programme", "load", str(ROOT / "examples" / "jobbvinner-ostfold.yaml")]).exit_code == 0
    with app.app_context():
        store = get_store()
        run = load_run(store, get_catalog(), PID)
        for team, deliverable, occurrence, at, name in [
            ("eidsberg", "hovedplan", 1, datetime(2018, 5, 30, 15, 0, tzinfo=OSLO), "Kari Holm"),
            ("marker", "hovedplan", 1, datetime(2018, 6, 1, 8, 0, tzinfo=OSLO), "@Liv Strand"),
            ("eidsberg", "statusrapport", 4, datetime(2019, 4, 28, 20, 5, tzinfo=OSLO), "Tor Lie"),
        ]:
            a = run.find(team, deliverable, occurrence)
            delivery_repo.submit(
                store,
                PID,
                team,
                a.key,
                {},
                {"form": a.form, "form_version": 1},
                "m",
                name,
                None,
                a.effective_due_at,
                at,
            )
    return PID


def lines_of(runner, *args: str) -> list[str]:
    result = runner.invoke(args=["export", "deliveries", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8").split("\r\n")  # .stdout would fold CRLF into LF


def test_csv_goes_to_standard_output_with_the_exact_header_and_rows(runner, seeded):
    lines = lines_of(runner, PID)
    assert lines[0] == HEADER
    assert len(lines) == 1 + 88 + 1 and lines[-1] == ""  # a row per team assignment, ending in a line break
    eidsberg = [line for line in lines if line.startswith(f"{PID},eidsberg,")]
    assert eidsberg[:2] == [
        f"{PID},eidsberg,hovedplan,1,hovedplan,2018-04-19T00:00:00+02:00,2018-05-31T23:59:59+02:00,"
        "2018-05-30T15:00:00+02:00,submitted_on_time,0,Kari Holm",
        f"{PID},eidsberg,fremdriftsplan,1,fremdriftsplan,2018-04-19T00:00:00+02:00,2018-05-03T23:59:59+02:00,,"
        "overdue,0,",
    ]
    assert eidsberg[5] == (
        f"{PID},eidsberg,statusrapport,4,statusrapport,2019-04-25T00:00:00+02:00,"
        "2019-05-23T23:59:59+02:00,2019-04-28T20:05:00+02:00,submitted_on_time,0,Tor Lie"
    )
    assert eidsberg[10] == (
        f"{PID},eidsberg,sluttrapport,1,sluttrapport,2020-02-13T00:00:00+01:00,2020-04-15T23:59:59+02:00,,not_open,0,"
    )
    rows = {tuple(line.split(",")[1:4]): line.split(",") for line in lines[1:-1]}
    assert rows[("marker", "hovedplan", "1")][8:] == ["submitted_late", "0", "'@Liv Strand"]
    assert rows[("marker", "statusrapport", "4")][8] == "open"
    assert rows[("moss", "statusrapport", "4")][6:9] == ["2019-06-01T23:59:59+02:00", "", "open"]
    assert rows[("moss", "statusrapport", "6")][8] == "excused"
    assert rows[("valer", "statusrapport", "3")][8] == "withdrawn"
    assert rows[("halden", "statusrapport", "4")][8] == "open"  # Halden withdraws on 02.05.2019, tomorrow


def test_output_writes_a_file_instead(runner, seeded, tmp_path):
    out = tmp_path / "leveranser.csv"
    result = runner.invoke(args=["export", "deliveries", PID, "--output", str(out)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_bytes().decode("utf-8").split("\r\n")[0] == HEADER


def test_xlsx_to_a_file_is_readable(runner, seeded, tmp_path):
    out = tmp_path / "leveranser.xlsx"
    assert runner.invoke(args=["export", "deliveries", PID, "--format", "xlsx", "--output", str(out)]).exit_code == 0
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]] == HEADER.split(",")
    assert sheet.max_row == 89
    assert sheet["H2"].value == datetime(2018, 5, 30, 15, 0)


def test_xlsx_goes_to_standard_output_only_when_it_is_not_a_terminal(runner, seeded, monkeypatch):
    result = runner.invoke(args=["export", "deliveries", PID, "--format", "xlsx"])
    assert result.exit_code == 0
    assert load_workbook(io.BytesIO(result.stdout_bytes)).active.max_row == 89

    monkeypatch.setattr(export_cli, "is_terminal", lambda stream: True)
    result = runner.invoke(args=["export", "deliveries", PID, "--format", "xlsx"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: XLSX is a binary file: give --output FILE, or redirect standard output to a file.\n"
    )


def test_json_has_the_same_keys(runner, seeded):
    result = runner.invoke(args=["export", "deliveries", PID, "--format", "json"])
    data = json.loads(result.stdout)
    assert list(data[0]) == HEADER.split(",")
    assert data[0]["submitted_by"] == "Kari Holm"
    marker = next(d for d in data if (d["team"], d["deliverable"]) == ("marker", "hovedplan"))
    assert marker["submitted_by"] == "@Liv Strand"  # JSON is data for programs: not neutralised


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "Error: there is no programme 'nope' (see `flask --app engine programme list`).\n"),
        (["../etc"], "Error: there is no programme '../etc' (see `flask --app engine programme list`).\n"),
    ],
)
def test_an_unknown_programme_is_one_line(runner, seeded, args, message):
    result = runner.invoke(args=["export", "deliveries", *args])
    assert (result.exit_code, result.stderr) == (1, message)


def test_an_unwritable_output_is_one_line(runner, seeded, tmp_path):
    result = runner.invoke(args=["export", "deliveries", PID, "--output", str(tmp_path / "no" / "such.csv")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {tmp_path / 'no' / 'such.csv'}: No such file or directory.\n"


def test_an_unknown_format_is_refused_by_click(runner, seeded):
    result = runner.invoke(args=["export", "deliveries", PID, "--format", "pdf"])
    assert result.exit_code == 2 and "'pdf' is not one of 'csv', 'xlsx', 'json'" in result.stderr
