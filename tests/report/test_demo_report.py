"""The example programme after `make run` (`flask demo setup`): its finished twin's programme report
reproduces the seed report's §5.1 (the gatherings), §6 (the evaluation, with a rising score for
group work across the municipalities), Tabell 1 and Tabell 2 (one row per team that finished)."""

from __future__ import annotations

import io
from datetime import datetime

import docx
import pytest

from engine.demo import FINISHED_ID
from engine.demo.final_reports import FINAL_REPORTS
from tests.support.clockfix import Clock
from tests.support.teamwork import OSLO

from .test_report_pages import cell_points, table_after

FINISHED_TEAMS = ["Eidsberg", "Marker", "Fredrikstad", "Moss", "Sarpsborg"]  # the programme's order


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 22, 10, 0, tzinfo=OSLO))


@pytest.fixture
def report(runner, tmp_path):
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    out = tmp_path / "report.docx"
    result = runner.invoke(args=["report", "summary", FINISHED_ID, "--output", str(out)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return docx.Document(io.BytesIO(out.read_bytes()))


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_gatherings_are_those_of_section_5_1(report):
    gatherings = next(t for t in report.tables if t.rows[0].cells[0].text == "Nr.")
    assert rows(gatherings)[0] == ["Nr.", "Dato", "Sted", "Vert", "Tema", "Innlegg fra teamene"]
    assert [r[:4] for r in rows(gatherings)[1:]] == [
        ["1", "19.04.2018", "Litteraturhuset, Fredrikstad", "Fredrikstad"],
        ["2", "20.09.2018", "Dypedalsåsen, Hvaler", "Hvaler"],
        ["3", "14.02.2019", "Kommunestyresalen, Marker", "Marker"],
        ["4", "06.06.2019", "Østsiden sykehjem, Fredrikstad", "Fredrikstad"],
        ["5", "17.10.2019", "Hankø Hotel", "USHT Østfold"],
        ["6", "13.02.2020", "Hotel Brennemoen, Mysen", "Eidsberg"],
    ]
    assert rows(gatherings)[4][5].startswith("Fredrikstad (Heltidskultur")  # who presented at gathering 4


def test_eight_started_three_withdrew_five_finished(report):
    facts = rows(report.tables[0])
    assert ["Team", "8 startet, 3 trakk seg, 5 fullførte"] in facts
    teams = next(t for t in report.tables if t.rows[0].cells[1].text == "Med fra")
    withdrew = [r[0] for r in rows(teams)[1:] if r[2].startswith("Trakk seg")]
    assert withdrew == ["Hvaler", "Våler", "Halden"]


def test_the_evaluation_shows_a_rising_score_for_group_work_across_the_municipalities(report):
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert "Deltakernes evaluering" in headings
    across = "Hvor nyttig var gruppearbeidet på tvers av kommunene?"
    index = headings.index(across)
    assert index > headings.index("Deltakernes evaluering")
    trend = [t for t in report.tables if rows(t)[0] == ["Samling", "Snitt", "Antall svar"]]
    assert len(trend) == 3  # one per scale question, in the order they are asked
    values = [float(r[1].replace(",", ".")) for r in rows(trend[2])[1:]]
    assert len(values) == 6 and values == sorted(values) and values[-1] - values[0] > 1
    assert len(report.inline_shapes) == 3  # a chart per question
    quotes = [p.text for p in report.paragraphs if p.style.name == "Quote"]
    assert FINAL_REPORTS["eidsberg"]["utsagn"] in quotes


def test_tabell_1_and_2_have_one_row_per_team_that_finished_with_its_bullet_points(report):
    table_1 = table_after(report, "Tabell 1: Tiltak og resultater")
    assert rows(table_1)[0] == ["Kommune", "Hovedmål", "Tiltak", "Resultater"]
    assert [r[0] for r in rows(table_1)[1:]] == FINISHED_TEAMS
    eidsberg = table_1.rows[1]
    assert cell_points(eidsberg.cells[1]) == [("List Bullet", "Trainee"), ("List Bullet", "Fadderprogram")]
    assert len(cell_points(eidsberg.cells[3])) == 4
    table_2 = table_after(report, "Tabell 2: Videreføring og implementering")
    assert rows(table_2)[0] == ["Kommune", "Videre oppgaver"]
    assert [r[0] for r in rows(table_2)[1:]] == FINISHED_TEAMS
    sarpsborg = cell_points(table_2.rows[5].cells[1])
    assert sarpsborg[-3:] == [
        (
            "List Bullet",
            "Gjennomføre en evaluering (survey) blant studenter som har gjennomført praksis i Sarpsborg kommune",
        ),
        ("List Bullet 2", "Studentevaluering i samarbeid med høgskolen bortfalt"),
        ("List Bullet 2", "Digital versjon kun for Sarpsborg"),
    ]


def test_the_same_report_as_html(runner):
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    result = runner.invoke(args=["report", "summary", FINISHED_ID, "--format", "html"])
    assert result.exit_code == 0
    html = result.stdout
    assert html.startswith("<!doctype html>") and '<html lang="nb">' in html
    assert "Tabell 1: Tiltak og resultater" in html and "<style>" in html
    assert html.count('class="trend-chart"') == 3


def test_the_follow_up_notes_are_counted_per_team(report):
    counts = rows(table_after(report, "Oppfølging av teamene"))
    # a meeting after gathering 1, a visit after 2 and a call after 3 while the team was in, and a call
    # the week before each withdrawal: Hvaler (Jan 2019) and Våler (Nov 2018) left before gathering 3,
    # Halden (May 2019) after it
    assert counts == [
        ["Team", "Oppfølgingsnotater"],
        ["Eidsberg", "3"],
        ["Marker", "3"],
        ["Fredrikstad", "3"],
        ["Hvaler", "3"],
        ["Moss", "3"],
        ["Våler", "3"],
        ["Halden", "4"],
        ["Sarpsborg", "3"],
    ]
