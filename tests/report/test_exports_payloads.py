"""Every new export keeps what teams wrote exactly and runs none of it: formulas, HTML, script,
control characters, very long text, right-to-left script and emoji, submitted through the team's
form, come out of the answers export (XLSX, CSV, JSON), the bundle, the programme report (page,
Word, HTML) unexecuted and intact. (Control characters never get past the web's door — issue #12 keeps them
out of what is stored — so what is stored is what was typed without them.)"""

from __future__ import annotations

import csv
import io
import json
import re

import docx
import openpyxl
import pytest

from engine.programmes import answers_of
from engine.schema.cleantext import clean_text
from tests.support.teamwork import PID

from .conftest import AFTER_LAST, COMMON, FINAL

PAYLOADS = {
    "resultattabell-0-hovedmal": '=HYPERLINK("http://evil.example","klikk")',
    "resultattabell-0-tiltak": "+SUM(1,2)",
    "resultattabell-0-resultater": "-2+3",
    "videre_oppgaver-0-oppgave": "@SUM(A1:A3)",
    "kartlegginger": "<script>alert('x')</script> <b>fet</b> & \"sitat\" " + "ord " * 4000,
    "ikke_malbart": "Kontroll\x01tegn\x07 og\ttabulator",
    "utfordringer": "مرحبا بالعالم – עברית – 🎉👩🏽‍⚕️ – Æøå",
    "anbefalinger": "\t=1+1",
}
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def stored(app, member, clock, reload):
    clock.set(AFTER_LAST)
    fields = {**COMMON, **FINAL["eidsberg"], **PAYLOADS}
    assert member("eidsberg", "kari-holm").submit(fields, "sluttrapport", 1).status_code == 303
    run = reload()
    with app.app_context():
        from engine.store import get_store

        answers = answers_of(get_store(), run, run.latest(f"{PID}/eidsberg/sluttrapport/1"))
    return answers


def texts(answers) -> dict[str, str]:
    """Each payload as stored (table cells by their field)."""
    flat = {k: v for k, v in answers.items() if isinstance(v, str)}
    flat["resultattabell-0-hovedmal"] = answers["resultattabell"][0]["hovedmal"]
    flat["resultattabell-0-tiltak"] = answers["resultattabell"][0]["tiltak"]
    flat["resultattabell-0-resultater"] = answers["resultattabell"][0]["resultater"]
    flat["videre_oppgaver-0-oppgave"] = answers["videre_oppgaver"][0]["oppgave"]
    return {key: flat[key] for key in PAYLOADS}


def spreadsheet_text(value: str, xml: bool = False) -> str:
    value = XML_UNSAFE.sub("", value) if xml else value
    return "'" + value if value.startswith(FORMULA) else value


def test_the_stored_answers_are_what_was_typed(stored):
    for key, value in texts(stored).items():
        assert value == clean_text(PAYLOADS[key]).strip(), key
    assert texts(stored)["ikke_malbart"] == "Kontrolltegn og\ttabulator"


def test_the_answers_csv_and_json_keep_every_character_and_run_no_formula(leader, stored):
    base = f"/admin/p/{PID}/documents/sluttrapport/1/answers"
    rows = list(csv.DictReader(io.StringIO(leader.get(base + ".csv").get_data(as_text=True))))
    eidsberg = next(r for r in rows if r["team_id"] == "eidsberg")
    values = texts(stored)
    for key in ("kartlegginger", "ikke_malbart", "utfordringer", "anbefalinger"):
        assert eidsberg[key] == spreadsheet_text(values[key])
    assert eidsberg["resultattabell"].startswith('Hovedmål: =HYPERLINK("http://evil.example"')  # a label first
    data = json.loads(leader.get(base + ".json").data)
    answers = next(r for r in data if r["team_id"] == "eidsberg")["answers"]
    assert answers["kartlegginger"] == values["kartlegginger"] and answers["utfordringer"] == values["utfordringer"]
    assert answers["resultattabell"][0]["hovedmal"] == values["resultattabell-0-hovedmal"]


def test_the_answers_xlsx_writes_every_text_as_text(leader, stored):
    book = openpyxl.load_workbook(io.BytesIO(leader.get(f"/admin/p/{PID}/documents/sluttrapport/1/answers.xlsx").data))
    assert book.sheetnames == ["answers", "tables"]
    sheet, tables = book["answers"], book["tables"]
    header = [c.value for c in sheet[1]]
    eidsberg = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "eidsberg")
    cells = dict(zip(header, eidsberg, strict=False))
    values = texts(stored)
    label = "Hva vil teamet anbefale andre kommuner som vil rekruttere og beholde helsepersonell?"
    assert cells[label].value == spreadsheet_text(values["anbefalinger"], xml=True) and cells[label].data_type == "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    table_rows = [[c.value for c in row] for row in tables.iter_rows(min_row=2) if row[0].value == "eidsberg"]
    first = table_rows[0]
    assert first[2] == "Hovedmål, tiltak og resultater" and first[3] == 1
    assert first[4:7] == [spreadsheet_text(values[k], xml=True) for k in list(PAYLOADS)[:3]]


def test_the_bundle_and_the_report_keep_the_text_and_escape_the_markup(leader, stored):
    bundle = docx.Document(io.BytesIO(leader.get(f"/admin/p/{PID}/documents/sluttrapport/1/bundle.docx").data))
    body = "\n".join(p.text for p in bundle.paragraphs)
    values = texts(stored)
    for key in ("kartlegginger", "ikke_malbart", "utfordringer"):
        assert XML_UNSAFE.sub("", values[key]).strip() in body
    cells = {c.text for t in bundle.tables for row in t.rows for c in row.cells}
    assert values["resultattabell-0-hovedmal"] in cells
    page = leader.get(f"/admin/p/{PID}/report").get_data(as_text=True)
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;klikk&#34;)" in page and "<script>alert" not in page
    report = docx.Document(io.BytesIO(leader.get(f"/admin/p/{PID}/report.docx").data))
    report_cells = {p.text for t in report.tables for row in t.rows for c in row.cells for p in c.paragraphs}
    assert values["resultattabell-0-hovedmal"] in report_cells and "+SUM(1,2)" in report_cells
    html = leader.get(f"/admin/p/{PID}/report.html").get_data(as_text=True)
    assert "<script>" not in html.split("<style>")[0] + html.split("</style>")[1]
