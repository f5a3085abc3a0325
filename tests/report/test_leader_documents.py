"""The leader's own deliverable (``by: leader``): due in the leader's list, reminded to the leader,
a form prefilled with the period's facts, submitted and kept like a team's document."""

from __future__ import annotations

import io
from datetime import datetime

import docx

from engine.mail import mailbox
from engine.mail.scheduler import tick
from tests.support.teamwork import FREMDRIFTSPLAN, OSLO, PID, FormPage, admin_client, field_value, hidden, text_of

FORM = f"/admin/p/{PID}/own/styringsgrupperapport/2"
REPORT_OPENS = datetime(2018, 10, 11, 9, 0, tzinfo=OSLO)  # 21 days after gathering 2; due 20.10.2018


def open_form(client) -> FormPage:
    response = client.get(FORM)
    return FormPage(FORM, response.get_data(as_text=True), response.status_code)


def post(client, page: FormPage, fields: dict, action: str = "save", **extra) -> FormPage:
    data = {
        "csrf_token": page.csrf,
        "nonce": page.nonce,
        "revision": page.revision,
        "action": action,
        **fields,
        **extra,
    }
    response = client.post(page.url, data={k: v for k, v in data.items() if v is not None})
    return FormPage(page.url, response.get_data(as_text=True), response.status_code)


def test_the_form_opens_with_the_periods_facts_in_the_programmes_language(leader, member, clock):
    member().submit(FREMDRIFTSPLAN)  # Moss, on time
    clock.set(REPORT_OPENS)
    page = open_form(leader)
    assert page.status == 200
    assert field_value(page.page, "periode") == "19.04.2018–20.10.2018"
    gatherings = field_value(page.page, "samlinger")
    assert "Samling 1, 19.04.2018, Litteraturhuset, Fredrikstad: Oppstart med kick-off og gruppearbeid" in gatherings
    assert "Samling 2, 20.09.2018, Dypedalsåsen, Hvaler: Rekruttering" in gatherings
    deliveries = field_value(page.page, "leveranser")
    assert "• Moss: 1 i tide, 2 mangler" in deliveries.splitlines()
    assert "• Eidsberg: 3 mangler" in deliveries.splitlines()
    missing = field_value(page.page, "mangler")
    assert "• Moss: Hovedplan (frist 31.05.2018)" in missing
    assert field_value(page.page, "frafall") == "Ingen kommuner trakk seg i perioden."


def test_submitting_keeps_every_version_and_the_word_file(leader, clock):
    clock.set(REPORT_OPENS)
    page = open_form(leader)
    fields = {
        "periode": field_value(page.page, "periode"),
        "leveranser": field_value(page.page, "leveranser"),
        "leveranser_vurdering": "Teamene er godt i gang.",
        "videre": "Statusrapporter før samling 3.",
    }
    confirmation = post(leader, page, fields, action="submit")
    assert confirmation.status == 200 and confirmation.confirm is not None, confirmation.text[:1500]
    done = leader.post(
        FORM,
        data={
            "csrf_token": confirmation.csrf,
            "nonce": confirmation.nonce,
            "confirm": confirmation.confirm,
            "action": "submit",
        },
    )
    assert done.status_code == 303 and done.location.endswith("/own/styringsgrupperapport/2/document?sent=1")
    document = text_of(leader.get(done.location).get_data(as_text=True))
    assert "Submitted on time" in document and "Teamene er godt i gang." in document
    assert "Version 1 of 1" in document
    word = docx.Document(io.BytesIO(leader.get(FORM + "/docx").data))
    texts = [p.text for p in word.paragraphs]
    assert "Rapport til styringsgruppen" in texts and "Teamene er godt i gang." in texts
    listing = text_of(leader.get("/admin/").get_data(as_text=True))
    assert "Rapport til styringsgruppen after gathering 2" not in listing  # delivered: no longer due
    assert "Due from you: Rapport til styringsgruppen after gathering 4" in listing


def test_it_is_due_in_the_leaders_list_and_reminded_to_the_leader(app, store, leader, clock):
    clock.set(REPORT_OPENS)
    listing = text_of(leader.get("/admin/").get_data(as_text=True))
    assert "Due from you: Rapport til styringsgruppen after gathering 2 , deadline 20.10.2018 Open" in listing
    overview = text_of(leader.get(f"/admin/p/{PID}/").get_data(as_text=True))
    assert "Your own documents Rapport til styringsgruppen after gathering 2 – deadline 20.10.2018" in overview
    tick(app, REPORT_OPENS)
    tick(app, datetime(2018, 10, 21, 9, 0, tzinfo=OSLO))  # the day after the deadline, a Sunday: nothing yet
    with app.app_context():
        assert not [e for e in mailbox.list_entries(app)[0] if e.subject.startswith("Fristen er passert: Rapport")]
    tick(app, datetime(2018, 10, 22, 9, 0, tzinfo=OSLO))  # the notice goes out on Monday at send_at
    with app.app_context():
        entries, _ = mailbox.list_entries(app)
    mine = [e for e in entries if "Rapport til styringsgruppen" in e.subject]
    assert [e.subject for e in reversed(mine)] == [
        "Klar til utfylling: Rapport til styringsgruppen etter samling 2 – frist 20.10.2018",
        "Fristen er passert: Rapport til styringsgruppen etter samling 2 – frist 20.10.2018",
    ]
    assert all(e.to == "Ingrid Solberg <ingrid.solberg@example.org>" for e in mine)


def test_observers_read_the_document_but_cannot_open_the_form(app, store, clock, leader):
    observer = admin_client(app, store, clock, role="observer")
    clock.set(REPORT_OPENS)
    assert observer.get(FORM).status_code == 403
    assert hidden(leader.get(FORM).get_data(as_text=True), "nonce")
    page = text_of(observer.get(FORM + "/document").get_data(as_text=True))
    assert "Nothing has been submitted yet." in page and "Fill in" not in page


def test_the_facts_say_where_they_come_from(leader, clock):
    clock.set(REPORT_OPENS)
    page = open_form(leader).text
    assert page.count("Filled in from what Verksted knows of the period; correct it if needed.") >= 5
    assert "Suggested from an earlier answer" not in page
