"""The leader's follow-up notes (the learning loop's log) in the programme report and in the
facts of the leader's own report: counted per team, the period's notes only for a period."""

from __future__ import annotations

from datetime import datetime

from tests.admin.conftest import post
from tests.report.test_leader_documents import FORM, REPORT_OPENS
from tests.report.test_report_pages import URL, table_after, word
from tests.support.teamwork import OSLO, PID, field_value, text_of


def note(leader, team: str, day: str, kind: str = "meeting", text: str = "Arbeidsmøte om fremdriftsplanen."):
    response = post(
        leader,
        f"/admin/p/{PID}/teams/{team}/followups",
        {"followup-date": day, "followup-kind": kind, "followup-text": text},
    )
    assert response.status_code == 303


def test_the_report_counts_each_teams_follow_up_notes(leader, clock):
    clock.set(datetime(2019, 5, 1, 10, 0, tzinfo=OSLO))
    assert "Follow-up of the teams" not in text_of(leader.get(URL).get_data(as_text=True))  # none yet: left out
    for day in ("2018-05-03", "2018-11-08", "2019-04-24"):
        note(leader, "moss", day)
    note(leader, "marker", "2018-06-14", "visit", "Besøk i Marker.")
    page = text_of(leader.get(URL).get_data(as_text=True))
    assert "Follow-up of the teams" in page
    table = table_after(word(leader.get(f"{URL}.docx")), "Follow-up of the teams")
    assert [(row.cells[0].text, row.cells[1].text) for row in table.rows[1:]] == [("Marker", "1"), ("Moss", "3")]


def test_the_leaders_period_facts_count_only_the_notes_of_the_period(leader, clock):
    clock.set(datetime(2018, 10, 1, 10, 0, tzinfo=OSLO))
    note(leader, "moss", "2018-05-03")  # in the period 19.04.2018–20.10.2018
    note(leader, "moss", "2018-09-27")  # in it too
    note(leader, "hvaler", "2018-06-01", "call", "Telefon om hovedplanen.")
    clock.set(datetime(2018, 11, 9, 10, 0, tzinfo=OSLO))
    note(leader, "moss", "2018-11-08")  # after the period: not counted
    clock.set(REPORT_OPENS)
    followup = field_value(leader.get(FORM).get_data(as_text=True), "oppfolging")
    # in the programme's language and its order of teams
    assert followup.splitlines() == ["• Hvaler: 1 oppfølgingsnotat", "• Moss: 2 oppfølgingsnotater"]
