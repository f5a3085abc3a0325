"""``catalog.cache``: a process that finds the form templates and workflows exactly as a previous
one validated them reads that catalogue back instead of validating again; any changed byte, a
broken catalogue or a torn file means validating afresh, and ``flask check`` always does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine import create_app
from engine.programmes import catalog as catalog_module
from engine.programmes.catalog import CACHE_NAME

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_files(app_config, tmp_path):
    """The shipped forms and workflows copied where the test may change them."""
    forms, workflows = tmp_path / "forms", tmp_path / "workflows"
    shutil.copytree(ROOT / "forms", forms)
    shutil.copytree(ROOT / "workflows", workflows)
    return {**app_config, "FORMS_PATH": str(forms), "WORKFLOWS_PATH": str(workflows)}


@pytest.fixture
def validations(monkeypatch):
    """How many times the form templates were read and validated."""
    calls = []
    real = catalog_module.load_templates
    monkeypatch.setattr(catalog_module, "load_templates", lambda *a: calls.append(a) or real(*a))
    return calls


def catalogue(config):
    return create_app(config).extensions[catalog_module.EXTENSION_KEY]


def test_a_second_process_reads_the_kept_catalogue(own_files, validations):
    first = catalogue(own_files)
    kept = Path(own_files["INSTANCE_PATH"]) / CACHE_NAME
    assert kept.exists() and kept.stat().st_mode & 0o777 == 0o600 and len(validations) == 1
    second = catalogue(own_files)
    assert len(validations) == 1  # not validated again
    assert (
        second.ok and sorted(second.forms) == sorted(first.forms) and sorted(second.workflows) == ["utviklingsverksted"]
    )
    assert second.forms["hovedplan"].title == first.forms["hovedplan"].title


def test_a_changed_byte_is_validated_afresh(own_files, validations):
    catalogue(own_files)
    path = Path(own_files["FORMS_PATH"]) / "statusrapport.yaml"
    text = path.read_text(encoding="utf-8").replace('{nb: "Statusrapport",', '{nb: "Statusrapporten",', 1)
    path.write_text(text, encoding="utf-8")
    changed = catalogue(own_files)
    assert len(validations) == 2 and changed.forms["statusrapport"].title.startswith("Statusrapporten")


def test_a_broken_catalogue_is_never_kept(own_files, validations):
    path = Path(own_files["FORMS_PATH"]) / "hovedplan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nnot_a_key: [\n", encoding="utf-8")
    broken = catalogue(own_files)
    assert broken.problems and not (Path(own_files["INSTANCE_PATH"]) / CACHE_NAME).exists()
    assert catalogue(own_files).problems and len(validations) == 2  # its problems found afresh each time


def test_a_torn_kept_catalogue_is_only_a_miss(own_files, validations, caplog):
    catalogue(own_files)
    (Path(own_files["INSTANCE_PATH"]) / CACHE_NAME).write_bytes(b"\x80\x05 torn")
    assert catalogue(own_files).ok and len(validations) == 2
    assert "ignored the unreadable catalogue cache" in caplog.text
    catalogue(own_files)
    assert len(validations) == 2  # written anew


def test_flask_check_always_validates_afresh(own_files, validations):
    app = create_app(own_files)
    result = app.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 0, result.output
    assert len(validations) == 2  # the app's (kept from now on) and the check's own


def test_a_cache_that_cannot_be_written_is_no_error(own_files, validations, caplog):
    kept = Path(own_files["INSTANCE_PATH"]) / CACHE_NAME
    kept.mkdir()  # neither readable as a file nor replaceable by one
    assert catalogue(own_files).ok and catalogue(own_files).ok
    assert len(validations) == 2 and "could not keep the catalogue" in caplog.text
