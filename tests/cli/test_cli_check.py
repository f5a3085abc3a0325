"""`flask --app engine check` and the start-up refusal for broken form templates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "id: broken\nversion: 1\ntitle: Broken\nsections:\n  - fields:\n      - {key: a, type: textfield, label: A}\n"
BROKEN_LINE = (
    "broken.yaml:6: sections[0].fields[0].type: 'textfield' is not allowed; expected one of: text, "
    "textarea, integer, date, datetime, email, choice, multichoice, yesno, scale, table, info, "
    "period_months, file"
)
GOOD = "id: good\nversion: 1\ntitle: Good\nsections:\n  - fields:\n      - {key: a, type: text, label: A}\n"


@pytest.fixture
def broken_forms(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (forms / "good.yaml").write_text(GOOD, encoding="utf-8")
    return forms


def lines(text: str, forms: Path) -> list[str]:
    return [line.replace(f"{forms}/", "") for line in text.splitlines()]


def test_the_shipped_templates_pass(runner):
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 7 form template(s) and ")
    assert result.stderr == ""


def test_named_files_are_checked(runner):
    files = [str(ROOT / "forms" / "fremdriftsplan.yaml"), str(ROOT / "forms" / "hovedplan.yaml")]
    result = runner.invoke(args=["check", *files])
    assert (result.exit_code, result.stdout) == (0, "OK: 2 file(s) valid.\n")


def test_a_named_broken_file_fails_with_one_line(runner, broken_forms):
    result = runner.invoke(args=["check", str(broken_forms / "broken.yaml"), str(broken_forms / "good.yaml")])
    assert result.exit_code == 1
    assert lines(result.stderr, broken_forms) == [BROKEN_LINE, "1 problem(s) in 2 file(s)."]
    assert "Traceback" not in result.output


def test_a_named_template_is_checked_against_its_siblings(runner, broken_forms):
    (broken_forms / "uses.yaml").write_text(
        GOOD.replace("good", "uses").replace("label: A}", "label: A, prefill: good.b}"), encoding="utf-8"
    )
    result = runner.invoke(args=["check", str(broken_forms / "uses.yaml")])
    assert result.exit_code == 1
    assert (
        lines(result.stderr, broken_forms)[0]
        == "uses.yaml:6: sections[0].fields[0].prefill: 'good.b': the form template 'good' has no field 'b'"
    )


def run_flask(*args: str, forms: Path, instance: Path) -> subprocess.CompletedProcess:
    workflows = forms.parent / "workflows"  # none: these forms are not the ones the shipped workflows name
    workflows.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "VERKSTED_FORMS_PATH": str(forms),
        "VERKSTED_WORKFLOWS_PATH": str(workflows),
        "VERKSTED_INSTANCE_PATH": str(instance),
        "VERKSTED_SCHEDULER": "off",
    }
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run(
        [str(flask), "--app", "engine", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_real_command_prints_each_problem_once(broken_forms, instance):
    result = run_flask("check", forms=broken_forms, instance=instance)
    assert result.returncode == 1
    assert lines(result.stderr, broken_forms) == [BROKEN_LINE, "1 problem(s) in 1 form template(s) and 0 workflow(s)."]
    assert result.stdout == ""


def test_the_server_refuses_to_start_on_a_broken_template(broken_forms, instance):
    result = run_flask("serve", "--port", "0", forms=broken_forms, instance=instance)
    assert result.returncode == 1
    assert lines(result.stderr, broken_forms) == [
        BROKEN_LINE,
        "Error: 1 problem(s) in the form templates or workflows; not starting.",
    ]
    assert "event=serving" not in result.stdout + result.stderr


@pytest.fixture
def broken_app_config(app_config, broken_forms):
    workflows = broken_forms.parent / "workflows"
    workflows.mkdir()
    return {**app_config, "FORMS_PATH": str(broken_forms), "WORKFLOWS_PATH": str(workflows)}


def test_every_page_names_the_problem_while_a_template_is_broken(broken_app_config):
    from engine import create_app

    client = create_app(broken_app_config).test_client()
    response = client.get("/preview/")
    assert response.status_code == 503
    assert "&#39;textfield&#39; is not allowed" in response.get_data(as_text=True)
