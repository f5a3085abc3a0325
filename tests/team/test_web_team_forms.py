"""engine.web.team.form: filling in a form together — saving, conflicts, replays, expiry,
validation, confirming, versions — and never losing what was typed."""

from __future__ import annotations

import json
import re
from datetime import datetime

from engine.store import deliveries as delivery_repo
from engine.store import drafts as draft_repo
from engine.store import events as event_repo
from engine.store import outbox
from tests.support.teamwork import FREMDRIFTSPLAN, OSLO, PID, field_value, notices, text_of

KEY = f"{PID}/moss/fremdriftsplan/1"
AUTOSAVING = re.compile(r"<form[^>]*\sdata-autosave[\s>]")


def draft_of(store, key=KEY, team="moss"):
    return draft_repo.get_draft(store, PID, team, key)


def test_a_new_form_is_prefilled_with_the_team_name_and_has_three_empty_rows(member):
    page = member().open()
    assert page.status == 200
    assert field_value(page.page, "team") == "Moss"
    assert [field_value(page.page, f"tiltak-{n}-delmal") for n in range(3)] == ["", "", ""]
    assert field_value(page.page, "tiltak-3-delmal") is None
    assert "No draft saved yet." in page.text
    assert page.revision == "0" and len(page.nonce) >= 16


def test_saving_stores_the_draft_and_says_when(member, store):
    maria = member()
    page = maria.open()
    saved = maria.post(page, FREMDRIFTSPLAN)
    assert saved.status == 200 and notices(saved.page) == ["Saved at 10:00"]
    assert saved.revision == "1"
    draft = draft_of(store)
    assert draft["saved_by_name"] == "Maria Olsen"
    assert draft["values"]["tiltak"][1]["delmal"] == "Lyse ut traineeplasser"
    assert draft["values"]["tiltak"][0]["tidsestimat"] == ["2018-05", "2018-06"]


def test_a_replayed_save_is_stored_once(member, store):
    maria = member()
    page = maria.open()
    first = maria.post(page, FREMDRIFTSPLAN)
    again = maria.post(page, FREMDRIFTSPLAN)  # the same nonce and revision: a double click, a resend
    assert first.status == again.status == 200
    assert notices(again.page) == ["Saved at 10:00"] and again.revision == "1"
    assert draft_of(store)["revision"] == 1
    assert len(event_repo.list_events(store, PID, kind="draft_saved")) == 1


def test_a_conflicting_save_keeps_both_texts(member, store, clock):
    maria, lars = member("moss", "maria-olsen"), member("moss", "lars-kristiansen")
    maria_page, lars_page = maria.open(), lars.open()
    maria.post(maria_page, FREMDRIFTSPLAN)
    clock.advance(minutes=3)
    mine = {**FREMDRIFTSPLAN, "resultatmal": "Lars sitt resultatmål", "tiltak-0-delmal": "Lars sitt delmål"}
    conflict = lars.post(lars_page, mine)

    assert conflict.status == 409
    assert notices(conflict.page) == [
        "Maria Olsen saved this form at 10:00 while you were writing. Your text is "
        "below; their version is shown for comparison. Save again to keep yours."
    ]
    assert field_value(conflict.page, "resultatmal") == "Lars sitt resultatmål"
    assert field_value(conflict.page, "tiltak-0-delmal") == "Lars sitt delmål"
    compared = text_of(conflict.page.split('class="conflict"')[1].split("</section>")[0])
    assert "Resultatmål for perioden To nye traineeplasser er lyst ut før sommeren." in compared
    assert "Delmål: Kartlegge behovet" in compared
    assert "Gruppeleder" not in compared  # the same in both versions
    assert draft_of(store)["values"]["resultatmal"] == FREMDRIFTSPLAN["resultatmal"]
    assert not AUTOSAVING.search(conflict.page)  # only an explicit save may replace Maria's version
    assert AUTOSAVING.search(lars_page.page)

    kept = lars.post(conflict, mine)  # "Save again to keep yours"
    assert kept.status == 200 and notices(kept.page) == ["Saved at 10:03"]
    assert draft_of(store)["values"]["resultatmal"] == "Lars sitt resultatmål"
    assert draft_of(store)["saved_by_name"] == "Lars Kristiansen"


def test_an_expired_security_token_keeps_the_text_and_stores_nothing(member, store):
    maria = member()
    page = maria.open()
    expired = maria.post(page, FREMDRIFTSPLAN, csrf_token="IjAwMCI.expired.token")
    assert expired.status == 400  # nothing was saved, and the status says so (issue #12, item 9)
    assert "its security check expired and nothing was saved" in notices(expired.page)[0]
    assert field_value(expired.page, "resultatmal") == FREMDRIFTSPLAN["resultatmal"]
    assert field_value(expired.page, "tiltak-2-ansvarlig") == "Maria Olsen"
    assert draft_of(store) is None
    again = maria.post(expired, FREMDRIFTSPLAN)  # the page came back with a fresh token
    assert notices(again.page) == ["Saved at 10:00"]


def test_an_expired_session_keeps_the_text(app, member, links, store):
    page = member().open()
    fresh_browser = app.test_client()  # the session cookie is gone (browser restarted, cookie expired)
    fresh_browser.get("/?lang=en")
    data = {"csrf_token": page.csrf, "nonce": page.nonce, "revision": "0", "action": "save", **FREMDRIFTSPLAN}
    response = fresh_browser.post(page.url, data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "its security check expired" in notices(body)[0]
    assert field_value(body, "effektmal") == FREMDRIFTSPLAN["effektmal"]
    assert draft_of(store) is None


def test_submitting_an_incomplete_form_saves_the_draft_and_lists_what_is_missing(member, store):
    maria = member()
    incomplete = {**FREMDRIFTSPLAN, "resultatmal": "", "tiltak-1-ansvarlig": ""}
    result = maria.post(maria.open(), incomplete, action="submit")
    assert result.status == 200 and result.confirm is None
    assert "Your draft was saved at 10:00, but the form cannot be submitted yet" in notices(result.page)[0]
    summary = text_of(result.page.split('class="error-summary"')[1].split("</div>")[0])
    assert "Resultatmål for perioden:" in summary and "Ansvarlig (row 2):" in summary
    assert field_value(result.page, "tiltak-1-delmal") == "Lyse ut traineeplasser"
    assert draft_of(store)["values"]["resultatmal"] == ""
    assert delivery_repo.list_deliveries(store, PID) == []


def test_submitting_asks_for_confirmation_then_records_one_version(member, store, reload):
    maria = member()
    confirmation = maria.post(maria.open(), FREMDRIFTSPLAN, action="submit")
    assert confirmation.confirm == "1"
    assert "this is what prosjektgruppa v/ prosjektleder will receive" in confirmation.text
    assert "Kartlegge behovet" in confirmation.text
    assert delivery_repo.list_deliveries(store, PID) == []  # nothing submitted before the confirmation

    first, replay = maria.confirm(confirmation), maria.confirm(confirmation)
    assert first.status_code == replay.status_code == 303 and first.location == replay.location
    [delivery] = delivery_repo.list_deliveries(store, PID)
    assert delivery["version"] == 1 and delivery["form"] == "fremdriftsplan" and delivery["form_version"] == 1
    assert delivery["due_at"] == "2018-05-03T23:59:59+02:00" and delivery["opens_at"] == "2018-04-19T00:00:00+02:00"
    assert delivery_repo.get_answers(store, PID, "moss", delivery["content_hash"])["tiltak"][2] == {
        "delmal": "Følge opp søkerne",
        "tiltak": "Intervjuer og oppfølging",
        "ansvarlig": "Maria Olsen",
        "tidsestimat": ["2018-08", "2018-09"],
    }
    assert [m["key"] for m in outbox.list_messages(store, PID)] == [f"receipt:{delivery['id']}"]
    assert reload().programme.id == PID


def test_confirming_after_a_team_mate_changed_the_draft_shows_the_form_again(member, store, clock):
    maria, lars = member("moss", "maria-olsen"), member("moss", "lars-kristiansen")
    confirmation = maria.post(maria.open(), FREMDRIFTSPLAN, action="submit")
    lars.post(lars.open(), {**FREMDRIFTSPLAN, "resultatmal": "Endret av Lars"})
    response = maria.confirm(confirmation)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert notices(body) == ["The form was changed after you checked it. Look it over and submit again."]
    assert field_value(body, "resultatmal") == "Endret av Lars"
    assert delivery_repo.list_deliveries(store, PID) == []


def test_a_correction_is_a_new_version_starting_from_the_latest_answers(member, store, clock):
    maria = member()
    maria.submit(FREMDRIFTSPLAN)
    clock.advance(days=1)
    reopened = maria.open()
    assert field_value(reopened.page, "tiltak-2-delmal") == "Følge opp søkerne"
    assert "Submitted once." in reopened.text
    confirmation = maria.post(reopened, {**FREMDRIFTSPLAN, "resultatmal": "Tre traineeplasser."}, action="submit")
    assert "this will be version 2" in confirmation.text
    maria.confirm(confirmation)
    versions = delivery_repo.list_deliveries(store, PID, assignment=KEY)
    assert [v["version"] for v in versions] == [1, 2]
    assert (
        delivery_repo.get_answers(store, PID, "moss", versions[0]["content_hash"])["resultatmal"]
        == FREMDRIFTSPLAN["resultatmal"]
    )


def test_a_late_submission_is_accepted_and_marked_late(member, clock):
    clock.set(datetime(2018, 5, 4, 9, 0, tzinfo=OSLO))  # the day after the deadline
    maria = member()
    page = maria.open()
    assert "Status Overdue" in page.text
    receipt = text_of(maria.client.get(maria.submit(FREMDRIFTSPLAN).location).get_data(as_text=True))
    assert "Status Submitted late" in receipt
    # said once: one deadline and one status, not "Deadline then … On time?" beside "Deadline … Status"
    assert (receipt.count("Deadline"), receipt.count("Status"), receipt.count("Submitted late")) == (1, 1, 1)
    assert "On time?" not in receipt


def test_the_next_fremdriftsplan_suggests_the_previous_plan(member, clock):
    maria = member()
    maria.submit(FREMDRIFTSPLAN)
    clock.set(datetime(2018, 9, 21, 9, 0, tzinfo=OSLO))  # after gathering 2
    page = maria.open("fremdriftsplan", 2)
    assert field_value(page.page, "tiltak-0-delmal") == "Kartlegge behovet"
    assert field_value(page.page, "tiltak-2-ansvarlig") == "Maria Olsen"
    assert "Rows suggested from an earlier answer" in page.text
    assert 'value="2018-09" checked' not in page.page  # months are not copied: the period is new
    assert field_value(page.page, "resultatmal") == ""


def test_the_statusrapport_shows_the_fremdriftsplan_of_its_period(member, clock):
    maria = member()
    clock.set(datetime(2018, 9, 21, 9, 0, tzinfo=OSLO))
    maria.submit(
        {
            **FREMDRIFTSPLAN,
            "resultatmal": "Resultatmål for høsten",
            **{f"tiltak-{n}-tidsestimat": [] for n in range(3)},
        },
        "fremdriftsplan",
        2,
    )
    clock.set(datetime(2019, 1, 10, 9, 0, tzinfo=OSLO))  # the Statusrapport before gathering 3 is open
    page = maria.open("statusrapport", 3)
    reference = page.page.split('<details class="reference">')[1].split("</details>")[0]
    assert "For reference: Fremdriftsplan after gathering 2, as the team submitted it 21.09.2018" in text_of(reference)
    assert "Resultatmål for høsten" in reference
    assert "<details" in page.page and "<details open" not in page.page


def test_a_form_that_is_not_open_shows_no_inputs_and_refuses_a_post_without_losing_text(member, store):
    maria = member()
    page = maria.open("fremdriftsplan", 2)  # opens at gathering 2, 20.09.2018
    assert page.status == 200 and "This form is not open yet." in page.text
    assert 'name="resultatmal"' not in page.page
    earlier = maria.open()
    closed = maria.client.post(
        maria.form_url("fremdriftsplan", 2),
        data={
            "csrf_token": earlier.csrf,
            "nonce": earlier.nonce,
            "revision": "0",
            "action": "save",
            "resultatmal": "Min tekst",
        },
    )
    assert closed.status_code == 409
    assert field_value(closed.get_data(as_text=True), "resultatmal") == "Min tekst"
    assert draft_of(store, f"{PID}/moss/fremdriftsplan/2") is None


def test_a_withdrawn_team_can_read_but_not_change_its_forms(member, clock):
    sigrid = member("valer", "sigrid-aas")
    clock.set(datetime(2018, 12, 3, 9, 0, tzinfo=OSLO))  # Våler withdrew 30.11.2018
    page = sigrid.open("hovedplan", 1)
    assert "The team has withdrawn from the programme" in page.text
    assert 'name="effektmal"' not in page.page


class TestAutosave:
    """action=autosave (verksted.js) is answered in JSON."""

    def autosave(self, maria, page, **overrides):
        data = {
            "csrf_token": page.csrf,
            "nonce": overrides.pop("nonce", page.nonce),
            "revision": page.revision,
            "action": "autosave",
            **FREMDRIFTSPLAN,
            **overrides,
        }
        response = maria.client.post(page.url, data=data, headers={"Accept": "application/json"})
        return response.status_code, json.loads(response.get_data(as_text=True))

    def test_saved(self, member, store):
        maria = member()
        page = maria.open()
        assert self.autosave(maria, page) == (
            200,
            {
                "status": "saved",
                "revision": 1,
                "message": "Saved at 10:00",
                "draft_state": "Draft last saved by Maria Olsen, 20.04.2018 at 10:00.",  # the line atop the form
            },
        )
        assert draft_of(store)["revision"] == 1

    def test_conflict(self, member, store):
        maria, lars = member("moss", "maria-olsen"), member("moss", "lars-kristiansen")
        page = maria.open()
        lars.post(lars.open(), FREMDRIFTSPLAN)
        status, body = self.autosave(maria, page, resultatmal="Annet")
        assert status == 409 and body["status"] == "conflict"
        assert body["message"] == "Lars Kristiansen saved this form at 10:00 while you were writing."
        assert draft_of(store)["saved_by"] == "lars-kristiansen"

    def test_expired_token_gets_a_fresh_one(self, member, store):
        maria = member()
        page = maria.open()
        status, body = self.autosave(maria, page, csrf_token="stale")
        assert status == 400 and body["status"] == "expired" and body["csrf_token"]
        assert draft_of(store) is None
        page.page = page.page.replace(page.csrf, body["csrf_token"])
        assert self.autosave(maria, page, nonce="a-fresh-nonce-0123456789")[1]["status"] == "saved"

    def test_a_revoked_link_answers_gone(self, member, store, clock):
        from engine.store import tokens

        maria = member()
        page = maria.open()
        tokens.revoke_tokens(store, PID, "moss", "maria-olsen", now=clock())
        status, body = self.autosave(maria, page)
        assert status == 404 and body["status"] == "gone"
        assert "ask the project leader for a new link" in body["message"]


def test_an_expired_token_on_the_confirmation_page_submits_nothing_and_keeps_the_draft(member, store):
    maria = member()
    confirmation = maria.post(maria.open(), FREMDRIFTSPLAN, action="submit")
    confirmation.page = confirmation.page.replace(confirmation.csrf, "stale")
    response = maria.confirm(confirmation)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "its security check expired" in notices(body)[0]
    assert field_value(body, "tiltak-2-delmal") == "Følge opp søkerne"
    assert delivery_repo.list_deliveries(store, PID) == []


def test_a_draft_saved_in_the_same_second_as_a_submission_is_not_hidden(member, store):
    # The fixed test clock puts both in the same second; times are stored to the second.
    maria, lars = member("moss", "maria-olsen"), member("moss", "lars-kristiansen")
    assert maria.submit(FREMDRIFTSPLAN).status_code == 303
    lars_page = lars.open()
    lars.post(lars_page, {**FREMDRIFTSPLAN, "resultatmal": "LARS NEW TEXT"})
    reopened = maria.open()
    assert field_value(reopened.page, "resultatmal") == "LARS NEW TEXT"  # she continues from his draft
    maria.post(reopened, {**FREMDRIFTSPLAN, "resultatmal": "LARS NEW TEXT og Marias tillegg"})
    assert draft_of(store)["values"]["resultatmal"] == "LARS NEW TEXT og Marias tillegg"
