"""`flask programme load` and `flask programme list` (engine.cli over engine.programmes and engine.reports.summary)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.store import events as event_repo
from engine.store import get_store
from engine.store import programmes as programme_repo
from tests.support.clockfix import Clock
from tests.support.teamwork import MIDWAY

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jobbvinner-ostfold.yaml"


@pytest.fixture
def clock():
    return Clock(MIDWAY)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_load_creates_the_programme(runner):
    result = runner.invoke(args=["programme", "load", str(EXAMPLE)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "jobbvinner-ostfold-2018: created (revision 1): 6 gathering(s), 8 team(s).\n",
        "",
    )


def test_loading_the_same_file_again_changes_nothing(app, runner, instance):
    runner.invoke(args=["programme", "load", str(EXAMPLE)])
    before = snapshot(instance / "data")
    result = runner.invoke(args=["programme", "load", str(EXAMPLE)])
    assert (result.exit_code, result.stdout) == (0, "jobbvinner-ostfold-2018: unchanged (revision 1).\n")
    assert snapshot(instance / "data") == before
    with app.app_context():
        assert programme_repo.get_programme(get_store(), "jobbvinner-ostfold-2018")["revision"] == 1
        assert [e["kind"] for e in event_repo.list_events(get_store(), "jobbvinner-ostfold-2018")] == [
            "programme_saved"
        ]


def test_a_changed_file_updates_the_programme(runner, tmp_path):
    runner.invoke(args=["programme", "load", str(EXAMPLE)])
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("Hotel Brennemoen, Mysen", "Mysen kulturhus"), encoding="utf-8"
    )
    result = runner.invoke(args=["programme", "load", str(changed)])
    assert result.stdout == "jobbvinner-ostfold-2018: updated (revision 2).\n"


BROKEN = """\
id: Broken Programme
workflow: utviklingsverksted
title: Brutt
leader: {name: Lea, email: lea.example.org}
recipient: prosjektleder
gatherings:
  - {date: 2026-03-05, start: 9:30, place: Moss, host: Moss, theme: Start}
teams:
  - name: Moss
    members:
      - {name: Kari, email: kari@example.org}
"""


def test_a_bad_file_prints_one_line_per_problem_and_loads_nothing(app, runner, tmp_path, instance):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(args=["programme", "load", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:1: id: 'Broken Programme' is not an id; use lower-case letters a-z, digits and hyphens, such as "
        "'jobbvinner-ostfold-2018'",
        f'{path}:7: gatherings[0].start: write the time in quotes, "09:30": unquoted, YAML reads 9:30 as the '
        "number 570",
        f"Error: 2 problem(s) in {path}; nothing was loaded.",
    ]
    path.write_text(BROKEN.replace("9:30", '"09:30"').replace("Broken Programme", "brutt"), encoding="utf-8")
    result = runner.invoke(args=["programme", "load", str(path)])
    assert result.stderr.splitlines() == [
        f"{path}:4: leader.email: 'lea.example.org' is not a valid e-mail address: An email address must have an "
        "@-sign.",
        f"{path}:6: gatherings: the workflow 'utviklingsverksted' is made for 3 to 12 gatherings, but the programme "
        "has 1",
        f"Error: 2 problem(s) in {path}; nothing was loaded.",
    ]
    assert "Traceback" not in result.output
    with app.app_context():
        assert programme_repo.list_programmes(get_store()) == []


def test_a_programme_of_a_workflow_that_is_not_installed_is_an_error(runner, tmp_path):
    path = tmp_path / "other.yaml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("workflow: utviklingsverksted", "workflow: kurs"), encoding="utf-8"
    )
    result = runner.invoke(args=["programme", "load", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:9: workflow: unknown workflow 'kurs' (known workflows: utviklingsverksted)",
        f"Error: 1 problem(s) in {path}; nothing was loaded.",
    ]


def test_a_missing_file_is_one_line(runner, tmp_path):
    result = runner.invoke(args=["programme", "load", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[0] == f"{tmp_path / 'nope.yaml'}: (file): cannot read the file: No such file "
        "or directory"
    )


def test_list_prints_one_line_per_programme(runner):
    result = runner.invoke(args=["programme", "list"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No programmes yet.\n")
    runner.invoke(args=["programme", "load", str(EXAMPLE)])
    result = runner.invoke(args=["programme", "list"])
    assert result.stdout.splitlines() == [
        "jobbvinner-ostfold-2018\tJobbvinner Østfold – utviklingsverksted 2018–2020\tutviklingsverksted\t8 teams\t"
        "next deadline 2019-05-23T23:59:59+02:00 statusrapport 4"
    ]


def test_the_real_command_runs_as_make_run_would(tmp_path):
    """One run through a real process: the exit status and the streams a shell sees."""
    import subprocess
    import sys

    env = {**os.environ, "VERKSTED_INSTANCE_PATH": str(tmp_path / "instance"), "VERKSTED_SCHEDULER": "off"}
    flask = Path(sys.executable).with_name("flask")
    ok = subprocess.run(
        [str(flask), "--app", "engine", "programme", "load", str(EXAMPLE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (ok.returncode, ok.stderr) == (0, "")
    bad = subprocess.run(
        [str(flask), "--app", "engine", "programme", "load", str(tmp_path / "none.yaml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and len(bad.stderr.splitlines()) == 2
