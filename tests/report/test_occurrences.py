"""One deliverable occurrence across every team: the page with the answers side by side, the bundle
for the steering group, and `flask report bundle` / `flask export answers`."""

from __future__ import annotations

import io
from datetime import datetime

import docx
import openpyxl

from tests.support.teamwork import FREMDRIFTSPLAN, OSLO, PID, text_of

URL = f"/admin/p/{PID}/documents/fremdriftsplan/1"


def deliver(member, clock):
    """Moss on time, Eidsberg late; Hvaler and the others not at all (Våler withdraws later)."""
    member().submit(FREMDRIFTSPLAN)
    clock.set(datetime(2018, 5, 5, 9, 30, tzinfo=OSLO))  # two days after the deadline (03.05.2018)
    member("eidsberg", "kari-holm").submit({**FREMDRIFTSPLAN, "gruppeleder": "Kari Holm"})


def test_the_page_shows_who_delivered_and_every_answer_question_by_question(leader, member, clock):
    deliver(member, clock)
    page = text_of(leader.get(URL).get_data(as_text=True))
    assert "Fremdriftsplan after gathering 1 – every team" in page
    assert "Eidsberg Submitted late 05.05.2018 at 09:30 Kari Holm 1" in page
    assert "Moss Submitted on time 20.04.2018 at 10:00 Maria Olsen 1" in page
    assert "Marker Overdue" in page
    question = page.split("The answers, question by question")[1].split("Gruppeleder")[1]
    assert question.startswith(" Eidsberg Kari Holm Marker Overdue")
    assert "Moss Maria Olsen" in question.split("Effektmål")[0]
    listing = text_of(leader.get(f"/admin/p/{PID}/submissions").get_data(as_text=True))
    assert "Fremdriftsplan after gathering 1 – 2 of 8 delivered" in listing


def test_the_questions_are_worded_as_in_the_documents(leader, run):
    """The form's facts are filled in even before anyone has delivered: no {placeholder} on the page."""
    hovedplan = text_of(leader.get(f"/admin/p/{PID}/documents/hovedplan/1").get_data(as_text=True))
    assert "Hva er ønsket bemanningssituasjon i 2020?" in hovedplan
    statusrapport = text_of(leader.get(f"/admin/p/{PID}/documents/statusrapport/3").get_data(as_text=True))
    assert "3. Resultatmål for" in statusrapport
    assert "{" not in hovedplan + statusrapport
    sheet = openpyxl.load_workbook(io.BytesIO(leader.get(f"/admin/p/{PID}/documents/hovedplan/1/answers.xlsx").data))
    assert "Hva er ønsket bemanningssituasjon i 2020?" in [c.value for c in sheet["answers"][1]]


def test_an_occurrence_the_plan_does_not_have_is_404(leader):
    assert leader.get(f"/admin/p/{PID}/documents/fremdriftsplan/6").status_code == 404
    assert leader.get(f"/admin/p/{PID}/documents/evaluering/1").status_code == 404
    assert leader.get(f"/admin/p/{PID}/documents/nope/1/bundle.docx").status_code == 404
    assert leader.get(URL + "/answers.pdf").status_code == 404


def test_the_bundle_has_a_cover_page_and_each_document_as_the_team_wrote_it(leader, member, clock):
    deliver(member, clock)
    bundle = docx.Document(io.BytesIO(leader.get(URL + "/bundle.docx").data))
    paragraphs = [p.text for p in bundle.paragraphs]
    assert paragraphs[0] == "Fremdriftsplan after gathering 1 – every team"
    cover = [[c.text for c in row.cells] for row in bundle.tables[0].rows]
    assert cover[0] == ["Team", "Status", "Delivered", "By"]
    assert ["Moss", "Submitted on time", "20.04.2018 at 10:00", "Maria Olsen"] in cover
    assert ["Eidsberg", "Submitted late", "05.05.2018 at 09:30", "Kari Holm"] in cover
    assert "Delivered on time: Moss" in paragraphs and "Delivered late: Eidsberg" in paragraphs
    assert any(p.startswith("Not delivered: Marker, Fredrikstad, Hvaler") for p in paragraphs)
    headings = [p.text for p in bundle.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Eidsberg", "Moss"]
    plan = next(t for t in bundle.tables if t.rows[0].cells[0].text == "Delmål")
    assert [c.text for c in plan.rows[0].cells] == ["Delmål", "Tiltak", "Ansvarlig", "Tidsestimat (sett kryss)"]
    assert [c.text for c in plan.rows[1].cells][:3] == [
        "Kartlegge behovet",
        "Gå gjennom turnover i alle enheter",
        "Ida Pedersen",
    ]
    assert "03.05.2018 kl. 14.00" in paragraphs  # the first meeting, in Norwegian as the form writes it


def test_the_commands_write_the_same_files(app, runner, member, clock, tmp_path):
    deliver(member, clock)
    out = tmp_path / "bundle.docx"
    result = runner.invoke(args=["report", "bundle", PID, "fremdriftsplan", "1", "--output", str(out)])
    assert result.exit_code == 0, result.output
    bundle = docx.Document(io.BytesIO(out.read_bytes()))
    assert bundle.paragraphs[0].text == "Fremdriftsplan etter samling 1 – alle team"  # the programme's language
    xlsx = tmp_path / "answers.xlsx"
    result = runner.invoke(args=["export", "answers", PID, "fremdriftsplan", "1", "--output", str(xlsx)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(xlsx)["answers"]
    assert [c.value for c in sheet[1]][:3] == ["Team-id", "Team", "Status"]
    assert sheet.max_row == 9  # a row per team
    csv_text = runner.invoke(args=["export", "answers", PID, "fremdriftsplan", "1", "--format", "csv"]).stdout
    assert csv_text.splitlines()[0].startswith("team_id,team_name,status,submitted_at,submitted_by,version,team,")


def test_the_commands_say_what_is_wrong_in_one_line(runner, run):
    for args, message in (
        (["report", "bundle", "nope", "hovedplan", "1", "--output", "x.docx"], "there is no programme 'nope'"),
        (["report", "bundle", PID, "plan", "1", "--output", "x.docx"], "the programme has no deliverable 'plan'"),
        (
            ["export", "answers", PID, "statusrapport", "2", "--format", "csv"],
            "'statusrapport' has no occurrence 2 (it has: 3, 4, 5, 6)",
        ),
        (["report", "summary", "nope"], "there is no programme 'nope'"),
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
