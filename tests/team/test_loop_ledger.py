"""engine.teamwork.ledger.loop_records: a programme's follow-up notes and feedback as plain records, per
team — what the programme report reads."""

from __future__ import annotations

import json
from datetime import date

from engine.programmes import get_catalog, load_run
from engine.store import followups
from engine.teamwork.ledger import loop_records
from tests.support.loop import leader_feedback, reference_feedback
from tests.support.teamwork import FREMDRIFTSPLAN, PID

KEYS = {
    "type",
    "team",
    "date",
    "at",
    "kind",
    "author",
    "author_role",
    "from_team",
    "assignment",
    "deliverable",
    "occurrence",
    "version",
    "text",
    "visibility",
    "request_open",
}


def test_notes_and_feedback_come_as_plain_records_per_team(app, store, clock, member, leader):
    member("moss", "maria-olsen").submit(FREMDRIFTSPLAN)
    leader_feedback(leader, "Ny versjon, takk.", kind="request")
    reference_feedback(member("valer", "sigrid-aas"), "moss", "Fin plan.")
    followups.add_note(store, PID, "moss", date(2018, 4, 19), "meeting", "Møtte teamet.", "a1", None, clock())
    with app.app_context():
        records = loop_records(store, load_run(store, get_catalog(), PID), clock())
    assert set(records) == {"eidsberg", "marker", "fredrikstad", "hvaler", "moss", "valer", "halden", "sarpsborg"}
    note, request, reference = records["moss"]
    assert all(set(record) == KEYS for record in records["moss"])
    json.dumps(records)  # plain data
    assert (note["type"], note["date"], note["kind"], note["visibility"], note["author_role"]) == (
        "followup",
        "2018-04-19",
        "meeting",
        "leader",
        "leader",
    )
    assert (request["kind"], request["author"], request["request_open"], request["version"]) == (
        "request",
        "leader@example.org",
        True,
        1,
    )
    assert (request["deliverable"], request["occurrence"], request["visibility"]) == ("fremdriftsplan", 1, "team")
    assert (reference["author"], reference["author_role"], reference["from_team"], reference["kind"]) == (
        "Sigrid Aas",
        "team",
        "valer",
        "comment",
    )
    assert reference["request_open"] is None and reference["date"] == "2018-04-20"
    member("moss", "maria-olsen").submit({**FREMDRIFTSPLAN, "resultatmal": "Endret."})
    with app.app_context():
        again = loop_records(store, load_run(store, get_catalog(), PID), clock())
    assert again["moss"][1]["request_open"] is False  # met by version 2
