"""engine.cli.links: ``flask links`` prints a fresh personal link per active member, tab-separated."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.programmes import get_catalog, import_programme_file
from engine.store import get_store
from tests.support.clockfix import Clock
from tests.support.teamwork import EXAMPLE, OSLO, PID, START


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def loaded(app):
    with app.app_context():
        import_programme_file(get_store(), get_catalog(), EXAMPLE, "test", START)


def lines(result):
    return [line.split("\t") for line in result.output.splitlines()]


def test_one_line_per_active_member_of_every_team_with_a_working_link(app, runner, loaded):
    result = runner.invoke(args=["links", PID])
    assert result.exit_code == 0, result.output
    rows = lines(result)
    assert len(rows) == 25 and all(len(row) == 4 for row in rows)  # the 25 members of the 8 teams
    assert rows[0][:3] == ["eidsberg", "Kari Holm", "kari.holm@example.org"]
    assert rows[0][3].startswith(f"http://verksted.test/p/{PID}/t/")
    client = app.test_client()
    assert client.get(rows[0][3].removeprefix("http://verksted.test")).status_code == 200
    again = lines(runner.invoke(args=["links", PID]))
    assert again[0][3] != rows[0][3]  # a fresh token each time


def test_a_team_by_name_and_withdrawn_teams_left_out(runner, loaded, clock):
    rows = lines(runner.invoke(args=["links", PID, "--team", "Våler"]))
    assert [row[1] for row in rows] == ["Sigrid Aas", "Bjørn Hagen"]
    clock.set(datetime(2018, 12, 1, 9, 0, tzinfo=OSLO))  # Våler withdrew on 30.11.2018
    assert runner.invoke(args=["links", PID, "--team", "valer"]).output == ""
    assert "valer" not in {row[0] for row in lines(runner.invoke(args=["links", PID]))}


@pytest.mark.parametrize(
    "args, message",
    [
        (["links", "no-such-programme"], "Error: there is no programme 'no-such-programme'"),
        (["links", "../etc"], "Error: there is no programme '../etc'"),
        (["links", PID, "--team", "Oslo"], f"Error: the programme '{PID}' has no team 'Oslo'"),
    ],
)
def test_unknown_programme_or_team_is_one_line_and_exit_1(runner, loaded, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[0].startswith(message) and len(result.output.strip().splitlines()) == 1
