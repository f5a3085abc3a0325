"""Reference groups: a team reads the submitted documents of the teams it is reference group for —
the latest version, never a draft — and writes them feedback, which the other team sees with the
writing team's name, and the leader sees on the submission and counted in the matrix."""

from __future__ import annotations

import pytest

from engine.programmes import get_catalog
from engine.store import feedback as feedback_repo
from engine.store import get_store
from tests.support.loop import leader_feedback, matrix_cell, partner_path, reference_feedback, submission_path
from tests.support.teamwork import FREMDRIFTSPLAN, PID, hidden, text_of

DRAFT_ONLY = "Et utkast ingen andre skal se"  # in Moss's draft of its Hovedplan and nowhere else
FROM_VALER = "Vi synes planen er realistisk. Hvem følger opp søkerne?"


@pytest.fixture
def moss(member):
    """Moss has submitted its first Fremdriftsplan and saved a draft of its Hovedplan."""
    maria = member("moss", "maria-olsen")
    assert maria.submit(FREMDRIFTSPLAN).status_code == 303
    page = maria.open("hovedplan", 1)
    assert maria.post(page, {"effektmal": DRAFT_ONLY}).status == 200
    return maria


def test_the_reference_group_reads_the_latest_submitted_version_and_no_draft(moss, member):
    sigrid = member("valer", "sigrid-aas")
    home = sigrid.get().get_data(as_text=True)
    section = text_of(home[home.index('id="reference-title"') :])
    assert "You are reference group for Moss" in section and "Your reference group: Moss." in section
    assert "Fremdriftsplan after gathering 1" in section and "Hovedplan" not in section  # the draft is not listed
    page = sigrid.client.get(partner_path(sigrid, "moss"))
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Moss rådhus, møterom 2" in body and "Kartlegge behovet" in body  # rendered as the leader sees it
    assert DRAFT_ONLY not in body
    assert sigrid.client.get(partner_path(sigrid, "moss", "hovedplan")).status_code == 404
    moss.submit({**FREMDRIFTSPLAN, "forste_mote_sted": "Moss bibliotek"})
    latest = sigrid.client.get(partner_path(sigrid, "moss")).get_data(as_text=True)
    assert "Moss bibliotek" in latest and "Moss rådhus, møterom 2" not in latest and "2 of 2" in text_of(latest)


def test_a_team_that_is_not_the_reference_group_gets_a_404(moss, member):
    kari = member("eidsberg", "kari-holm")
    assert kari.client.get(partner_path(kari, "moss")).status_code == 404
    response = kari.client.post(partner_path(kari, "moss"), data={"text": "Hei", "version": "1"})
    assert response.status_code == 404
    assert feedback_repo.list_feedback(get_store_of(kari), PID) == []
    assert "reference-title" in kari.get().get_data(as_text=True)  # Eidsberg's own partner is Marker
    assert "Moss" not in text_of(kari.get().get_data(as_text=True).split('id="reference-title"')[1])


def get_store_of(member):
    with member.client.application.app_context():
        return get_store()


def test_feedback_from_the_reference_group_reaches_the_team_and_the_leader(app, store, moss, member, leader):
    sigrid = member("valer", "sigrid-aas")
    response = reference_feedback(sigrid, "moss", FROM_VALER)
    assert response.status_code == 303 and response.location.endswith("#our-feedback")
    [record] = feedback_repo.list_feedback(store, PID)
    assert (record["by"], record["from_team"], record["author"], record["requests_version"]) == (
        "team",
        "valer",
        "sigrid-aas",
        False,
    )
    own = sigrid.client.get(partner_path(sigrid, "moss")).get_data(as_text=True)
    assert FROM_VALER in own and "Your team's feedback to Moss" in own

    home = member("moss", "lars-kristiansen").get().get_data(as_text=True)
    feedback = text_of(home[home.index('id="feedback-title"') : home.index('id="forms-title"')])
    assert "From the reference group Våler: Fremdriftsplan after gathering 1" in feedback
    assert "Sigrid Aas" in feedback and FROM_VALER in feedback
    receipt = moss.get(f"a/fremdriftsplan/1/receipt/{record['delivery']}").get_data(as_text=True)
    assert FROM_VALER in receipt

    page = leader.get(submission_path()).get_data(as_text=True)
    assert FROM_VALER in page and "From the reference group Våler" in page
    cell = matrix_cell(leader.get(f"/admin/p/{PID}/").get_data(as_text=True), "moss", "fremdriftsplan", 1)
    assert "from the reference group: 1" in text_of(cell)


def test_feedback_between_other_teams_stays_between_them(app, store, moss, member, leader):
    reference_feedback(member("valer", "sigrid-aas"), "moss", FROM_VALER)
    leader_feedback(leader, "Fra prosjektleder til Moss.")
    # Eidsberg becomes a second reference group for Moss, on Eidsberg's page in the admin
    page = leader.get(f"/admin/p/{PID}/teams/eidsberg").get_data(as_text=True)
    response = leader.post(
        f"/admin/p/{PID}/teams/eidsberg/reference",
        data={
            "csrf_token": hidden(page, "csrf_token"),
            "revision": hidden(page, "revision"),
            "reference-reference_for": ["marker", "moss"],
        },
    )
    assert response.status_code == 302
    kari = member("eidsberg", "kari-holm")
    assert reference_feedback(kari, "moss", "Fra Eidsberg til Moss.").status_code == 303

    eidsberg_view = kari.client.get(partner_path(kari, "moss")).get_data(as_text=True)
    assert "Fra Eidsberg til Moss." in eidsberg_view
    assert FROM_VALER not in eidsberg_view and "Fra prosjektleder til Moss." not in eidsberg_view
    sigrid = member("valer", "sigrid-aas")
    valer_view = sigrid.client.get(partner_path(sigrid, "moss")).get_data(as_text=True)
    assert "Fra Eidsberg til Moss." not in valer_view and "Fra prosjektleder til Moss." not in valer_view
    for team, person in (("marker", "liv-strand"), ("fredrikstad", "hanne-berg")):
        other = member(team, person).get().get_data(as_text=True)
        assert FROM_VALER not in other and "Fra Eidsberg til Moss." not in other
    moss_home = moss.get().get_data(as_text=True)
    assert all(text in moss_home for text in (FROM_VALER, "Fra Eidsberg til Moss.", "Fra prosjektleder til Moss."))


def test_no_feedback_once_a_team_has_withdrawn(app, clock, store, moss, member):
    sigrid = member("valer", "sigrid-aas")
    page = sigrid.client.get(partner_path(sigrid, "moss")).get_data(as_text=True)
    clock.set(clock().replace(year=2018, month=12, day=3))  # Våler withdrew on 30.11.2018
    assert 'id="write-feedback"' not in sigrid.client.get(partner_path(sigrid, "moss")).get_data(as_text=True)
    response = sigrid.client.post(
        partner_path(sigrid, "moss"),
        data={"csrf_token": hidden(page, "csrf_token"), "nonce": hidden(page, "nonce"), "version": "1", "text": "Hei"},
    )
    assert response.status_code == 422 and "withdrawn" in text_of(response.get_data(as_text=True))
    assert feedback_repo.list_feedback(store, PID) == []


@pytest.mark.parametrize(
    ("text", "status", "message"),
    [("", 422, "Write your feedback before you send it."), ("x" * 10_001, 422, "The feedback is too long")],
)
def test_a_bad_post_gives_the_text_back(store, moss, member, text, status, message):
    response = reference_feedback(member("valer", "sigrid-aas"), "moss", text)
    assert response.status_code == status and message in text_of(response.get_data(as_text=True))
    assert text[:40] in response.get_data(as_text=True)
    assert feedback_repo.list_feedback(store, PID) == []


def test_an_expired_security_token_keeps_the_text(store, moss, member):
    sigrid = member("valer", "sigrid-aas")
    response = reference_feedback(sigrid, "moss", FROM_VALER, csrf_token="expired")
    assert response.status_code == 400 and FROM_VALER in response.get_data(as_text=True)
    assert feedback_repo.list_feedback(store, PID) == []


def test_a_replayed_post_is_stored_once(store, moss, member):
    sigrid = member("valer", "sigrid-aas")
    page = sigrid.client.get(partner_path(sigrid, "moss")).get_data(as_text=True)
    data = {"csrf_token": hidden(page, "csrf_token"), "nonce": hidden(page, "nonce"), "version": "1", "text": "Ja"}
    for _ in range(3):
        assert sigrid.client.post(partner_path(sigrid, "moss"), data=data).status_code == 303
    assert len(feedback_repo.list_feedback(store, PID)) == 1


def test_the_statusrapport_names_the_teams_the_team_is_reference_group_for(app, clock, member):
    clock.set(clock().replace(year=2019, month=1, day=10))  # the Statusrapport before gathering 3 is open
    page = member("marker", "liv-strand").open("statusrapport", 3)
    assert "Dere er referansegruppe for Eidsberg." in page.text
    with app.app_context():
        assert "{reference_for}" in str(get_catalog().forms["statusrapport"].to_dict())
