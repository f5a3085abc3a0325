"""One person across programmes (``engine.privacy.people``, ``flask privacy export|forget``): everything
stored about them as JSON (GDPR art. 15), and forgetting them everywhere (art. 17)."""

from __future__ import annotations

import json
import stat
from datetime import date

import pytest

from engine import privacy
from engine.mail.scheduler import tick
from engine.store import admins, deliveries, get_store, programmes
from tests.support.privacy import traces
from tests.support.programmes import small_programme, store_programme
from tests.support.teamwork import FREMDRIFTSPLAN, PID, admin_client

MARIA = ("Maria Olsen", "maria.olsen@example.org", "maria-olsen")
OTHER = "nettverk-2018"


@pytest.fixture
def two_programmes(app, store, run, clock, member):
    """Maria Olsen in the example programme (she submitted a plan naming herself, and has mail) and
    in a second programme; a third programme, deleted, still holds her address."""
    second = small_programme(
        date(2018, 4, 20),
        pid=OTHER,
        teams=[
            {
                "id": "moss",
                "name": "Moss kommune",
                "members": [
                    {"id": "maria", "name": "Maria Olsen", "email": "Maria.Olsen@example.org"},
                    {"id": "ola", "name": "Ola Nordmann", "email": "ola@example.org"},
                ],
            }
        ],
    )
    store_programme(app, second, clock())
    store_programme(app, small_programme(date(2018, 4, 20), pid="gammel", teams=second["teams"]), clock())
    with app.app_context():
        programmes.delete_programme(get_store(), "gammel", "leader", clock())
    tick(app, clock())  # invitations to the local mailbox, for her too
    member().submit(FREMDRIFTSPLAN)
    return run


def test_the_export_holds_everything_about_her_in_every_programme(app, store, two_programmes, clock):
    with app.app_context():
        exported = privacy.export(app, store, "MARIA.OLSEN@example.org", clock())
    assert exported["subject"] == "MARIA.OLSEN@example.org" and exported["admin_account"] is None
    assert [p["programme"] for p in exported["programmes"]] == [PID, OTHER]
    mine = exported["programmes"][0]
    assert mine["team"] == "Moss" and mine["programmes"][0]["email"] == "maria.olsen@example.org"
    (delivered,) = mine["deliveries"]
    assert delivered["submitted_by_name"] == "Maria Olsen" and delivered["answers"]["gruppeleder"] == "Maria Olsen"
    assert mine["links"] and all(set(t) == {"created_at", "revoked_at"} for t in mine["links"])
    assert any(m["kind"] == "invitation" and m["state"] == "sent" for m in mine["mail"])
    assert {e["kind"] for e in mine["events"]} >= {"invited", "submitted"}
    assert exported["local_mailbox"] and all("subject" in m for m in exported["local_mailbox"])
    json.dumps(exported)  # plain JSON all the way down


def test_forgetting_her_leaves_no_trace_of_her_and_everyone_else_as_they_were(
    app, store, two_programmes, clock, member, instance
):
    lars = member("moss", "lars-kristiansen")
    maria = member()
    with app.app_context():
        done = privacy.forget(app, store, "maria.olsen@example.org", "leader", clock())
    assert done.programmes == [PID, OTHER] and done.deleted_folders and done.mailbox > 0
    assert traces(instance, [MARIA, ("Maria Olsen", "maria.olsen@example.org", "maria")]) == {}
    assert maria.get().status_code == 404 and lars.get().status_code == 200
    (delivery,) = deliveries.list_deliveries(store, PID, team="moss")
    assert delivery["submitted_by_name"] == "Moss" and delivery["submitted_by"].startswith("erased-")
    answers = deliveries.get_answers(store, PID, "moss", delivery["content_hash"])
    assert answers["gruppeleder"] == "Moss" and answers["tiltak"][1]["ansvarlig"] == "Lars Kristiansen"
    doc = programmes.get_programme(store, PID)
    moss = next(t for t in doc["teams"] if t["id"] == "moss")
    assert [m["name"] for m in moss["members"]] == ["Lars Kristiansen", "Ida Pedersen", "Ahmed Ali"]
    assert traces(instance, [("Ola Nordmann", "ola@example.org", "ola")])  # the others are still there
    with app.app_context():
        after = privacy.export(app, store, "maria.olsen@example.org", clock())
    assert (after["programmes"], after["local_mailbox"]) == ([], [])


def test_the_leader_and_admin_accounts_are_reported_not_changed(app, store, two_programmes, clock):
    admin_client(app, store, clock)  # leader@example.org has an admin account
    with app.app_context():
        leader = privacy.forget(app, store, "ingrid.solberg@example.org", "system", clock())
        account = privacy.forget(app, store, "leader@example.org", "system", clock())
        exported = privacy.export(app, store, "leader@example.org", clock())
    assert (leader.programmes, leader.leader_of) == ([], [PID])
    assert programmes.get_programme(store, PID)["leader"]["email"] == "ingrid.solberg@example.org"
    assert account.admin_account and admins.find_admin_by_email(store, "leader@example.org") is not None
    assert exported["admin_account"]["email"] == "leader@example.org"
    assert "password_hash" not in exported["admin_account"]


def test_the_cli_exports_to_a_private_file_and_forgets(app, runner, store, two_programmes, tmp_path, instance):
    out = tmp_path / "maria.json"
    exported = runner.invoke(args=["privacy", "export", "maria.olsen@example.org", "--output", str(out)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text())["programmes"][0]["programme"] == PID
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    forgotten = runner.invoke(args=["privacy", "forget", "maria.olsen@example.org"])
    assert forgotten.exit_code == 0
    assert forgotten.output.startswith(f"Forgot maria.olsen@example.org in 2 programme(s) ({PID}, {OTHER}):")
    assert "Removed the deleted programme kept in gammel." in forgotten.output
    nobody = runner.invoke(args=["privacy", "export", "nobody@example.org"])
    assert nobody.exit_code == 0 and "Nothing is stored about nobody@example.org." in nobody.output
    bad = runner.invoke(args=["privacy", "forget", "not an address"])
    assert bad.exit_code == 1 and bad.output == "Error: 'not an address' is not an e-mail address\n"
    leader = runner.invoke(args=["privacy", "forget", "ingrid.solberg@example.org"])
    assert f"Not changed: ingrid.solberg@example.org is the leader of {PID}" in leader.output
