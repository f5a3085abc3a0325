"""Who presents next: the leader marks a submitted Statusrapport worth sharing with a reason, the
next gathering's page lists the candidates, confirming one tells the team on its page and by mail,
and the programme report names who presented where."""

from __future__ import annotations

import re
from datetime import datetime

from tests.support.teamwork import OSLO, PID, hidden, text_of

STATUS_4 = {
    "effektmal": "Flere sykepleiere i hele stillinger.",
    "resultatmal": "Traineeprogrammet er vedtatt.",
    "korrigeringer": "Kartleggingen tok lengre tid.",
    "kunnskap_samling": "Vi brukte erfaringene fra Steinkjer.",
    "resultatmal_perioden": "To traineer i gang.",
    "tiltak": "Traineeprogram og fast veileder.",
    "resultater": "To nyutdannede har takket ja.",
    "ny_kunnskap": "Det er billigere å beholde enn å rekruttere.",
}
SUBMISSION = f"/admin/p/{PID}/submissions/eidsberg/statusrapport/4"
GATHERING_4 = f"/admin/p/{PID}/gatherings/g4/presenters"


def post(leader, url, page_url, **data):
    token = hidden(leader.get(page_url).get_data(as_text=True), "csrf_token")
    return leader.post(url, data={"csrf_token": token, **data})


def test_marking_choosing_and_telling_the_team(app, leader, member, clock):
    clock.set(datetime(2019, 5, 1, 10, 0, tzinfo=OSLO))  # Statusrapport 4 is open (due 23.05.2019)
    kari = member("eidsberg", "kari-holm")
    assert kari.submit(STATUS_4, "statusrapport", 4).status_code == 303
    page = text_of(leader.get(SUBMISSION).get_data(as_text=True))
    assert "Worth sharing at gathering 4?" in page

    refused = post(leader, SUBMISSION + "/share", SUBMISSION, action="mark", reason="   ")
    assert refused.status_code == 422
    assert "Write in one line why the team's work is worth sharing." in text_of(refused.get_data(as_text=True))
    long = "x" * 201
    refused = post(leader, SUBMISSION + "/share", SUBMISSION, action="mark", reason=long)
    assert refused.status_code == 422 and f'value="{long}"' in refused.get_data(as_text=True)  # what was typed

    # a one-line field: a line break is refused next to it (issue #12), not joined into one line
    refused = post(leader, SUBMISSION + "/share", SUBMISSION, action="mark", reason="Godt traineeprogram\nmed veileder")
    assert refused.status_code == 422 and "Write this on one line." in text_of(refused.get_data(as_text=True))
    marked = post(leader, SUBMISSION + "/share", SUBMISSION, action="mark", reason="Godt traineeprogram  med veileder")
    assert marked.status_code == 303
    candidates = text_of(leader.get(GATHERING_4).get_data(as_text=True))
    assert "Eidsberg Candidate “Godt traineeprogram med veileder” Statusrapport before gathering 4" in candidates
    home = text_of(kari.get().get_data(as_text=True))
    assert "worth sharing at gathering 4, 6 June 2019" in home and "Why: Godt traineeprogram med veileder" in home

    chosen = post(leader, f"/admin/p/{PID}/gatherings/g4/presenters/eidsberg", GATHERING_4, action="confirm")
    assert chosen.status_code == 303
    assert "Eidsberg Chosen to present" in text_of(leader.get(GATHERING_4).get_data(as_text=True))
    assert "chosen your team to present its work at gathering 4" in text_of(kari.get().get_data(as_text=True))
    report = text_of(leader.get(f"/admin/p/{PID}/report").get_data(as_text=True))
    assert "Beholde helsearbeidere Eidsberg (Godt traineeprogram med veileder)" in report


def test_the_mail_goes_once_to_every_active_member(app, leader, member, clock):
    clock.set(datetime(2019, 5, 1, 10, 0, tzinfo=OSLO))
    assert member("eidsberg", "kari-holm").submit(STATUS_4, "statusrapport", 4).status_code == 303
    post(leader, SUBMISSION + "/share", SUBMISSION, action="mark", reason="Godt traineeprogram")
    url = f"/admin/p/{PID}/gatherings/g4/presenters/eidsberg"
    for action in ("confirm", "undo", "confirm"):
        post(leader, url, GATHERING_4, action=action)
    with app.app_context():
        from engine.store import get_store
        from engine.store import outbox as outbox_repo

        queued = [m for m in outbox_repo.list_messages(get_store(), PID) if m["kind"] == "presenter"]
    assert sorted(m["to"][0]["email"] for m in queued) == [
        "kari.holm@example.org",
        "nina.eriksen@example.org",
        "ole.bakken@example.org",
        "tor.lie@example.org",
    ]
    message = queued[0]
    assert message["subject"] == "Eidsberg presenterer på samling 4 – 06.06.2019"
    assert "Hvorfor akkurat dere: Godt traineeprogram" in message["text"] and "[[link]]" in message["text"]


def test_only_a_submitted_document_with_a_gathering_ahead_can_be_marked(leader, clock, member):
    clock.set(datetime(2019, 5, 1, 10, 0, tzinfo=OSLO))
    refused = post(leader, SUBMISSION + "/share", SUBMISSION, action="mark", reason="Bra")
    assert refused.status_code == 422
    assert "Only a document a team has submitted can be marked." in text_of(refused.get_data(as_text=True))
    clock.set(datetime(2019, 6, 7, 10, 0, tzinfo=OSLO))  # gathering 4 is over
    member("eidsberg", "kari-holm").submit(STATUS_4, "statusrapport", 4)
    refused = post(leader, SUBMISSION + "/share", SUBMISSION, action="mark", reason="Bra")
    assert "There is no gathering ahead where the team could present this." in text_of(refused.get_data(as_text=True))
    assert re.search(r"<input[^>]*name=\"reason\"[^>]*value=\"Bra\"", refused.get_data(as_text=True))
