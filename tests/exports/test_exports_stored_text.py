"""Every export survives whatever text was stored (issue #12, items 2 and 3).

Programmes and deliveries stored before the text rules existed (or written by another program)
may hold line breaks in one-line fields and control characters anywhere. The team's calendar, the
delivery export in every format and the CLI must still answer — with the text cleaned, never a
500 or a traceback — and CSV must not pass control characters on to other programs.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from engine.access.links import mint_member_link
from engine.programmes import get_catalog, load_run
from engine.store import deliveries as delivery_repo
from engine.store import get_store
from engine.store import programmes as programme_repo
from tests.support.clockfix import Clock
from tests.support.teamwork import MIDWAY, PID, admin_client

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "Kari\x00 Nordmann\x07\x1b[31m\x7f\x85\ufffe"
CLEAN = "Kari Nordmann[31m"


@pytest.fixture
def clock():
    return Clock(MIDWAY)


@pytest.fixture
def stored(app, runner):
    """The example, then text no rule would accept today written straight into the store."""
    assert runner.invoke(args=["programme", "load", str(ROOT / "examples" / "jobbvinner-ostfold.yaml")]).exit_code == 0
    with app.app_context():
        store = get_store()
        document = programme_repo.get_programme(store, PID)
        document["title"] = "Jobbvinner\nØstfold\r\n2018"
        document["teams"][0]["name"] = "Moss\x00\x07"
        programme_repo.save_programme(store, document, "test", MIDWAY)
        run = load_run(store, get_catalog(), PID)
        a = run.find("eidsberg", "hovedplan", 1)
        delivery_repo.submit(
            store, PID, "eidsberg", a.key, {}, {"form": a.form, "form_version": 1}, "m", HOSTILE, None,
            a.effective_due_at, MIDWAY,
        )  # fmt: skip
    return PID


def test_the_team_calendar_answers_with_a_line_break_in_the_title(app, client, stored, clock):
    with app.app_context():
        link = mint_member_link(get_store(), "http://verksted.test", PID, "moss", "maria-olsen", clock.now)
    response = client.get(link.removeprefix("http://verksted.test") + "calendar.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Jobbvinner Østfold 2018 – Moss"
    assert b"\x00" not in response.data and b"\x07" not in response.data


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_the_delivery_export_answers_with_control_characters_in_a_name(app, runner, stored, fmt, tmp_path):
    output = tmp_path / f"deliveries.{fmt}"
    result = runner.invoke(args=["export", "deliveries", PID, "--format", fmt, "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if fmt == "xlsx":
        sheet = load_workbook(output).active
        names = [row[10] for row in sheet.iter_rows(min_row=2, values_only=True)]
    elif fmt == "csv":
        names = [row["submitted_by"] for row in csv.DictReader(io.StringIO(output.read_text("utf-8")))]
    else:
        names = [row["submitted_by"] for row in json.loads(output.read_text("utf-8"))]
    assert CLEAN in names
    assert HOSTILE not in names


def test_the_export_page_answers_too(app, stored):
    with app.app_context():
        leader = admin_client(app, get_store(), lambda: MIDWAY)
    for fmt in ("csv", "xlsx", "json"):
        response = leader.get(f"/admin/p/{PID}/export/deliveries.{fmt}")
        assert response.status_code == 200, fmt


def test_no_control_character_reaches_the_leaders_pages(app, stored):
    with app.app_context():
        leader = admin_client(app, get_store(), lambda: MIDWAY)
    for url in (f"/admin/p/{PID}/teams/moss", f"/admin/p/{PID}/", f"/admin/p/{PID}/teams"):
        response = leader.get(url)
        assert response.status_code == 200, url
        assert "\x00" not in response.get_data(as_text=True), url
        assert "\x07" not in response.get_data(as_text=True), url


FORMULA = '\x00=HYPERLINK("http://evil.example","klikk")\x07'  # a formula behind a control character


@pytest.fixture
def answered(app, stored):
    """Eidsberg's Fremdriftsplan after gathering 1, stored with a formula behind a control character."""
    with app.app_context():
        store = get_store()
        run = load_run(store, get_catalog(), PID)
        a = run.find("eidsberg", "fremdriftsplan", 1)
        answers = {"effektmal": FORMULA, "resultatmal": HOSTILE, "gruppeleder": "Kari\x0bHolm"}
        delivery_repo.submit(
            store, PID, "eidsberg", a.key, answers, {"form": a.form, "form_version": 1}, "m", HOSTILE, None,
            a.effective_due_at, MIDWAY,
        )  # fmt: skip
        return admin_client(app, store, lambda: MIDWAY)


def test_the_answers_export_cleans_first_and_then_neutralises_the_formula(answered):
    base = f"/admin/p/{PID}/documents/fremdriftsplan/1/answers"
    rows = list(csv.DictReader(io.StringIO(answered.get(base + ".csv").get_data(as_text=True))))
    eidsberg = next(row for row in rows if row["team_id"] == "eidsberg")
    assert eidsberg["effektmal"] == '\'=HYPERLINK("http://evil.example","klikk")'
    assert eidsberg["resultatmal"] == CLEAN and eidsberg["submitted_by"] == CLEAN
    sheet = load_workbook(io.BytesIO(answered.get(base + ".xlsx").data))["answers"]
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert '\'=HYPERLINK("http://evil.example","klikk")' in [cell.value for cell in cells]
    assert all(cell.data_type == "s" for cell in cells)
    assert CLEAN in [cell.value for cell in cells]


def test_the_bundle_the_report_and_the_programme_calendar_answer(app, answered):
    from engine.access.calendars import feed_secret, subscribe

    for url in (
        f"/admin/p/{PID}/documents/fremdriftsplan/1",
        f"/admin/p/{PID}/documents/fremdriftsplan/1/bundle.docx",
        f"/admin/p/{PID}/report",
        f"/admin/p/{PID}/report.docx",
        f"/admin/p/{PID}/report.html",
        f"/admin/p/{PID}/calendar.ics",
    ):
        response = answered.get(url)
        assert response.status_code == 200, url
        if url.endswith(".docx"):  # python-docx would have refused a character XML cannot hold
            text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
            assert "Kari Nordmann" in text or url.endswith("report.docx"), url
        else:
            assert b"\x00" not in response.data and b"\x07" not in response.data, url
    with app.app_context():
        feed = subscribe(get_store(), app.config["SECRET_KEY"], PID, "programme", None, "test", MIDWAY)
    response = app.test_client().get(f"/p/{PID}/calendar/{feed_secret(app.config['SECRET_KEY'], PID, feed['id'])}.ics")
    assert response.status_code == 200
    assert str(Calendar.from_ical(response.data)["X-WR-CALNAME"]) == "Jobbvinner Østfold 2018"
