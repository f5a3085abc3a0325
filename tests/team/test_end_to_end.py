"""A team's whole way through a Fremdriftsplan, as two members do it with their own links.

The example programme is loaded on a test clock set the day after gathering 1, so the first
Fremdriftsplan is open. One member fills it in (three rows of the plan) and saves; a team-mate
opens their own link, finds the draft, and submits; the receipt page and the receipt in the
outbox follow, and the run counts the assignment as submitted on time.
"""

from __future__ import annotations

from engine.access.links import LINK_MARKER
from engine.cycle import Status
from engine.store import outbox
from tests.support.teamwork import FREMDRIFTSPLAN, PID, field_value, notices, text_of

KEY = f"{PID}/moss/fremdriftsplan/1"


def test_two_members_fill_in_and_submit_a_fremdriftsplan(app, run, member, store, reload):
    maria, lars = member("moss", "maria-olsen"), member("moss", "lars-kristiansen")

    team_page = text_of(maria.get().get_data(as_text=True))
    assert "Team Moss" in team_page
    assert "Fremdriftsplan after gathering 1 Open Deadline: 03.05.2018 Fill in" in team_page

    page = maria.open()
    assert page.status == 200 and page.revision == "0"
    saved = maria.post(page, FREMDRIFTSPLAN)
    assert saved.status == 200
    assert notices(saved.page) == ["Saved at 10:00"]

    continued = lars.open()
    assert "Draft last saved by Maria Olsen, 20.04.2018 at 10:00." in continued.text
    for row, delmal in enumerate(["Kartlegge behovet", "Lyse ut traineeplasser", "Følge opp søkerne"]):
        assert field_value(continued.page, f"tiltak-{row}-delmal") == delmal
    assert 'name="tiltak-2-tidsestimat" value="2018-09" checked' in continued.page

    confirmation = lars.post(continued, {**FREMDRIFTSPLAN, "gruppeleder": "Lars Kristiansen"}, action="submit")
    assert "Check and submit" in confirmation.text and confirmation.confirm == "2", confirmation.text[:3000]
    done = lars.confirm(confirmation)
    assert done.status_code == 303

    receipt = text_of(lars.client.get(done.location).get_data(as_text=True))
    assert "Thank you! The form is submitted." in receipt
    assert "By Lars Kristiansen Version 1 of 1" in receipt
    assert "Status Submitted on time" in receipt
    for answer in ("Lars Kristiansen", "Kartlegge behovet", "Følge opp søkerne", "Moss rådhus, møterom 2"):
        assert answer in receipt

    after = reload()
    assert after.status(KEY, app.config["CLOCK"]()) == Status.SUBMITTED_ON_TIME
    delivery = after.latest(KEY)
    assert (delivery["submitted_by"], delivery["form"], delivery["form_version"]) == (
        "lars-kristiansen",
        "fremdriftsplan",
        1,
    )

    [message] = outbox.list_messages(store, PID)
    assert message["key"] == f"receipt:{delivery['id']}"
    assert (message["kind"], message["assignment"], message["team"], message["member"]) == (
        "receipt",
        KEY,
        "moss",
        "lars-kristiansen",
    )
    assert message["to"] == [{"name": "Lars Kristiansen", "email": "lars.kristiansen@example.org"}]
    assert message["link_for"] == {"team": "moss", "member": "lars-kristiansen"}
    assert LINK_MARKER in message["text"] and "Kartlegge behovet" in message["text"]
    assert message["subject"] == "Kvittering: Fremdriftsplan etter samling 1 fra Moss er mottatt"
