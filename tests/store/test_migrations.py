"""Upgrades: the data format's version (``engine.store.version``) and the steps from older formats
(``engine.store.migrations``), started on a copy of an old installation (``tests/fixtures/format-1``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine import create_app
from engine.store import Store, deliveries, drafts, evaluations, get_store, outbox, programmes
from engine.store.migrations import STEPS, ensure_current
from engine.store.version import FORMAT, FormatTooNew, read_format
from tests.support.server import ROOT, engine_env, flask_cli
from tests.support.teamwork import hidden, text_of

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "format-1"
PID = "jobbvinner-ostfold-2018"
LEADER = ("leder@example.org", "e7Kq-xUPnlAAsAFe")


@pytest.fixture
def old_instance(tmp_path) -> Path:
    """A copy of an installation as Verksted kept it before the data format had a version."""
    target = tmp_path / "instance"
    shutil.copytree(FIXTURE, target)
    (target / "README.md").unlink()
    assert not (target / "data" / "format.json").exists()
    return target


def test_every_step_up_to_the_current_format_is_registered():
    assert sorted(STEPS) == list(range(1, FORMAT))


def test_a_new_store_is_stamped_with_the_current_format(tmp_path):
    Store(tmp_path / "data")
    assert json.loads((tmp_path / "data" / "format.json").read_text()) == {"format": FORMAT}


def test_starting_on_an_old_installation_migrates_it_and_keeps_everything(old_instance):
    assert read_format(old_instance / "data") == 1
    app = create_app({"INSTANCE_PATH": str(old_instance), "TESTING": True, "SCHEDULER": "off"})
    assert json.loads((old_instance / "data" / "format.json").read_text()) == {"format": FORMAT}
    with app.app_context():
        store = get_store()
        doc = programmes.get_programme(store, PID)
        assert (doc["closed_at"], doc["closed_by"], doc["purged_at"]) == (None, None, None)
        assert [(e["id"], e["closed_at"], e["purged_at"]) for e in programmes.list_programmes(store)] == [
            (PID, None, None)
        ]
        records = deliveries.list_deliveries(store, PID)
        assert len(records) == 35
        assert all(deliveries.get_answers(store, PID, r["team"], r["content_hash"]) for r in records)
        assert drafts.get_draft(store, PID, "eidsberg", f"{PID}/eidsberg/statusrapport/4")["revision"] == 1
        assert len(evaluations.list_evaluations(store, PID, 3)) == 1
        assert [m["state"] for m in outbox.list_messages(store, PID, state="pending")] == ["pending"]
    # The migrated installation works as before: the leader logs in and reads what the teams wrote.
    client = app.test_client()
    client.get("/?lang=en")
    login = client.get("/admin/login").get_data(as_text=True)
    token = hidden(login, "csrf_token")
    response = client.post("/admin/login", data={"csrf_token": token, "email": LEADER[0], "password": LEADER[1]})
    assert response.status_code == 302
    matrix = text_of(client.get(f"/admin/p/{PID}/").get_data(as_text=True))
    assert "Submitted on time" in matrix and "Fredrikstad" in matrix
    first = records[0]
    page = client.get(f"/admin/p/{PID}/submissions/{first['team']}/{first['deliverable']}/{first['occurrence']}")
    assert page.status_code == 200


def test_a_migration_is_done_once_and_can_run_again_after_a_crash(old_instance):
    store = Store(old_instance / "data")
    assert ensure_current(store) == [1]
    before = (old_instance / "data" / "programmes" / PID / "programme.json").read_bytes()
    STEPS[1](store)  # as if a crash had come before format.json was written: the step runs again
    assert (old_instance / "data" / "programmes" / PID / "programme.json").read_bytes() == before
    assert ensure_current(store) == []


def test_two_processes_starting_on_an_old_installation_at_once_both_work(old_instance):
    command = [sys.executable, "-m", "flask", "--app", "engine", "programme", "list"]
    env = engine_env(old_instance)
    started = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=120)[0] for process in started]
    assert [process.returncode for process in started] == [0, 0]
    assert all(output.startswith(PID) for output in outputs)
    assert read_format(old_instance / "data") == FORMAT


def test_an_older_verksted_refuses_data_of_a_newer_one(old_instance):
    (old_instance / "data" / "format.json").write_text(json.dumps({"format": FORMAT + 1}))
    with pytest.raises(FormatTooNew):
        ensure_current(Store(old_instance / "data"))
    with pytest.raises(SystemExit, match=f"format {FORMAT + 1}, written by a newer Verksted"):
        create_app({"INSTANCE_PATH": str(old_instance), "TESTING": True})
    result = flask_cli(old_instance, "programme", "list")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: The data in {old_instance / 'data'} is in format {FORMAT + 1}, written by a newer Verksted; "
        f"this Verksted reads format {FORMAT} and older. Install the newer Verksted again (or restore a backup "
        "made by this one)."
    ]
    assert json.loads((old_instance / "data" / "format.json").read_text()) == {"format": FORMAT + 1}  # untouched


@pytest.mark.parametrize("content", ["{", '{"format": "two"}', '{"format": 0}', "[]"])
def test_a_damaged_format_file_stops_verksted_with_one_line(old_instance, content):
    (old_instance / "data" / "format.json").write_text(content)
    result = flask_cli(old_instance, "programme", "list")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "format.json" in result.stderr and "Traceback" not in result.stderr
