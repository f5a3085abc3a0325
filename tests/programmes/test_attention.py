"""engine.programmes.attention: what the leader's front page lists, each kind from a seeded situation.

Østfold on Friday 17.05.2019: the Statusrapport before gathering 4 is due on Thursday 23.05 (Moss
has until 01.06); Halden withdrew on 02.05 and Hvaler and Våler in the winter. Every team still in
delivered what was due before, except Moss (its Fremdriftsplan after gathering 3 is overdue, with a
draft saved) and Marker (the same document, nothing started).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.programmes import load_run
from engine.programmes.attention import KINDS, attention
from engine.store import deliveries as delivery_repo
from engine.store import drafts as draft_repo
from engine.store import outbox as outbox_repo
from engine.store import readings as reading_repo
from tests.support.example import example_store
from tests.support.teamwork import OSLO, PID

NOW = datetime(2019, 5, 17, 10, 0, tzinfo=OSLO)
LEA = "lea"


def key(team: str, deliverable: str, occurrence: int) -> str:
    return f"{PID}/{team}/{deliverable}/{occurrence}"


def submit(store, team: str, deliverable: str, occurrence: int, at: datetime, name: str = "Kari Holm") -> None:
    delivery_repo.submit(
        store,
        PID,
        team,
        key(team, deliverable, occurrence),
        {"x": at.isoformat()},
        {"form": deliverable, "form_version": 1},
        "kari",
        name,
        None,
        None,
        at,
    )


def save_draft(store, team: str, deliverable: str, occurrence: int, name: str, at: datetime) -> None:
    draft_repo.save_draft(store, PID, team, key(team, deliverable, occurrence), {}, "m", name, 0, None, at)


@pytest.fixture
def situation(tmp_path, catalog):
    store = example_store(tmp_path, catalog)
    run = load_run(store, catalog, PID)
    behind = {key("moss", "fremdriftsplan", 3), key("marker", "fremdriftsplan", 3)}
    for a in run.assignments:
        team = run.programme.team(a.team or "")
        if team and not team.withdrawn and a.due_at < NOW and a.key not in behind:
            submit(store, a.team, a.deliverable, a.occurrence, a.due_at - timedelta(days=1))
    save_draft(store, "moss", "fremdriftsplan", 3, "Maria Olsen", NOW - timedelta(days=20))
    save_draft(store, "sarpsborg", "statusrapport", 4, "Anders Nygård", NOW - timedelta(hours=20))
    [(message, _)] = [
        outbox_repo.enqueue(
            store,
            PID,
            {
                "key": "invitation:x",
                "kind": "invitation",
                "to": [{"name": "Kari Holm", "email": "kari.holm@example.org"}],
                "subject": "Statusrapport før samling 4",
                "text": "Hei",
                "assignment": key("eidsberg", "statusrapport", 4),
                "team": "eidsberg",
            },
            NOW - timedelta(days=2),
        )
    ]
    outbox_repo.mark_failed(store, PID, message["id"], "the mail server refused the connection", NOW, NOW)
    return store


def found(store, catalog, admin: str = LEA, now: datetime = NOW) -> dict[str, list[tuple]]:
    seen = attention(store, catalog, admin, now)
    return {
        kind: [(i.team, i.assignment.split("/", 2)[2] if i.assignment else None) for i in items]
        for kind, items in seen.items.items()
    }


def test_each_kind_is_found_in_its_place(situation, catalog):
    items = found(situation, catalog)
    assert [kind.id for kind in KINDS] == ["overdue", "due_soon", "draft", "unread", "answered", "mail_failed"]
    assert items["overdue"] == [("marker", "fremdriftsplan/3"), ("moss", "fremdriftsplan/3")]
    # Thursday 23.05 is within the week; Moss's extension runs to 01.06; Sarpsborg has started
    assert items["due_soon"] == [
        ("eidsberg", "statusrapport/4"),
        ("fredrikstad", "statusrapport/4"),
        ("marker", "statusrapport/4"),
    ]
    assert items["draft"] == [("sarpsborg", "statusrapport/4")]
    assert items["mail_failed"] == [("eidsberg", "statusrapport/4")]
    assert len(items["unread"]) == 23  # every document delivered, none read yet


def test_items_carry_who_and_where_it_is_handled(situation, catalog):
    seen = attention(situation, catalog, LEA, NOW)
    moss = seen.items["overdue"][1]
    assert (moss.person, moss.noted_at, moss.go) == ("Maria Olsen", NOW - timedelta(days=20), ("remind", "team"))
    [draft] = seen.items["draft"]
    assert (draft.person, draft.go, draft.when.date().isoformat()) == (
        "Anders Nygård",
        ("remind",),
        "2019-05-23",
    )
    [mail] = seen.items["mail_failed"]
    assert (mail.person, mail.note, mail.go) == ("Kari Holm", "the mail server refused the connection", ("mail",))
    assert seen.titles == {PID: "Jobbvinner Østfold – utviklingsverksted 2018–2020"}


def test_reading_takes_a_document_off_the_list_until_a_new_version_comes(situation, catalog):
    hovedplan = key("moss", "hovedplan", 1)
    [first] = delivery_repo.list_deliveries(situation, PID, assignment=hovedplan)
    reading_repo.mark_read(situation, PID, LEA, [(hovedplan, 1, first["id"])], NOW)
    assert ("moss", "hovedplan/1") not in found(situation, catalog)["unread"]
    assert ("moss", "hovedplan/1") in found(situation, catalog, admin="olav")["unread"]  # each reader their own

    submit(situation, "moss", "hovedplan", 1, NOW - timedelta(hours=1), name="Lars Kristiansen")
    [again] = [i for i in attention(situation, catalog, LEA, NOW).items["unread"] if i.assignment == hovedplan]
    assert (again.version, again.since, again.person, again.go) == (2, 1, "Lars Kristiansen", ("compare",))
    assert reading_repo.mark_unread(situation, PID, LEA, hovedplan)
    [back] = [i for i in attention(situation, catalog, LEA, NOW).items["unread"] if i.assignment == hovedplan]
    assert (back.version, back.since, back.go) == (2, None, ("read",))


def test_a_team_that_left_is_not_chased(situation, catalog):
    items = found(situation, catalog, now=datetime(2019, 5, 24, 10, 0, tzinfo=OSLO))
    overdue = {team for team, _ in items["overdue"]}
    assert "halden" not in overdue and {"eidsberg", "marker", "fredrikstad", "sarpsborg"} <= overdue
    assert "hvaler" not in overdue and "valer" not in overdue
