"""engine.cli.message: ``flask message send PROGRAMME_ID --subject TEXT [--team NAME]…`` with the text on
standard input queues the message to every active member of the teams, as the leader's page does."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.programmes import get_catalog, import_programme_file
from engine.store import get_store
from engine.store import messages as message_repo
from engine.store import outbox as outbox_repo
from tests.support.clockfix import Clock
from tests.support.teamwork import EXAMPLE, OSLO, PID, START, admin_client, text_of


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def loaded(app):
    with app.app_context():
        import_programme_file(get_store(), get_catalog(), EXAMPLE, "test", START)


def queued(app):
    with app.app_context():
        return [m for m in outbox_repo.list_messages(get_store(), PID) if m["kind"] == "message"]


def get_store_of(app):
    with app.app_context():
        return get_store()


def test_a_message_to_every_team_is_queued_to_every_active_member(app, runner, loaded, clock):
    result = runner.invoke(args=["message", "send", PID, "--subject", "Samling 2"], input="Hei!\n\nVelkommen.\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("queued 25 e-mails to 8 teams (eidsberg, marker, fredrikstad, hvaler, moss, ")
    with app.app_context():
        [record] = message_repo.list_team_messages(get_store(), PID)
    assert (record["subject"], record["text"], record["author"]) == ("Samling 2", "Hei!\n\nVelkommen.", "cli")
    assert record["id"] in result.output
    mails = queued(app)
    assert len(mails) == 25 and all(m["link_for"] and "[[link]]" in m["text"] for m in mails)
    assert mails[0]["text"].startswith("Hei!\n\nVelkommen.\n")
    leader = admin_client(app, get_store_of(app), clock)
    log = text_of(leader.get(f"/admin/p/{PID}/events?kind=message_written").get_data(as_text=True))
    assert "Message to teams" in log and "Command line" in log and "“Samling 2” to 8 teams" in log


def test_teams_by_name_or_id(app, runner, loaded):
    args = ["message", "send", PID, "--subject", "Til to", "--team", "Våler", "--team", "moss", "--team", "Moss"]
    result = runner.invoke(args=args, input="Hei")
    assert result.exit_code == 0, result.output
    assert result.output == f"queued 6 e-mails to 2 teams (valer, moss): message {result.output.split()[-1]}\n"
    assert sorted({m["team"] for m in queued(app)}) == ["moss", "valer"]


@pytest.mark.parametrize(
    ("args", "text", "errors"),
    [
        (["--subject", " "], "Hei", ["Error: the subject is empty (give --subject TEXT)"]),
        (["--subject", "S"], " \n\n", ["Error: the message is empty: give its text on standard input"]),
        (
            ["--subject", "S", "--team", "Oslo", "--team", "Rygge"],
            "",
            [
                "Error: the message is empty: give its text on standard input",
                "Error: the programme has no team 'Oslo'",
                "Error: the programme has no team 'Rygge'",
            ],
        ),
        (["--subject", "x" * 201], "Hei", ["Error: the subject is longer than 200 characters"]),
    ],
)
def test_every_mistake_is_one_line_and_nothing_is_queued(app, runner, loaded, args, text, errors):
    result = runner.invoke(args=["message", "send", PID, *args], input=text)
    assert result.exit_code == 1
    assert result.output.splitlines() == errors
    assert queued(app) == []


def test_a_withdrawn_team_cannot_be_written_to(runner, loaded, clock):
    clock.set(datetime(2018, 12, 3, 9, 0, tzinfo=OSLO))
    result = runner.invoke(args=["message", "send", PID, "--subject", "S", "--team", "valer"], input="Hei")
    assert (result.exit_code, result.output) == (1, "Error: Våler has withdrawn from the programme\n")


def test_an_unknown_programme(runner):
    result = runner.invoke(args=["message", "send", "nope", "--subject", "S"], input="Hei")
    assert result.exit_code == 1 and result.output.startswith("Error: there is no programme 'nope'")
