"""engine.schema.model: snapshots of templates survive a round trip through JSON unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.schema import FormTemplate, Limits, Prefill, load_templates

FORMS = Path(__file__).resolve().parents[2] / "forms"
SHIPPED, _ = load_templates(FORMS)


@pytest.mark.parametrize("form_id", sorted(SHIPPED))
def test_a_snapshot_renders_the_same_template(form_id):
    template = SHIPPED[form_id]
    snapshot = json.loads(json.dumps(template.to_dict()))  # what the store keeps
    assert FormTemplate.from_dict(snapshot) == template
    assert FormTemplate.from_dict(snapshot).fingerprint() == template.fingerprint()


def test_a_changed_question_changes_the_fingerprint():
    data = SHIPPED["hovedplan"].to_dict()
    data["sections"][1]["fields"][0]["label"] = "Antall innbyggere per 1. januar"
    assert FormTemplate.from_dict(data).fingerprint() != SHIPPED["hovedplan"].fingerprint()


@pytest.mark.parametrize(
    "raw, prefill",
    [
        ("team.name", Prefill("team", "name")),
        ("programme.recipient", Prefill("programme", "recipient")),
        ("hovedplan.effektmal", Prefill("form", "effektmal", "hovedplan")),
        ("previous.tiltak", Prefill("previous", "tiltak")),
        (
            {"from": "previous.tiltak", "columns": ["delmal", "tiltak"]},
            Prefill("previous", "tiltak", None, ("delmal", "tiltak")),
        ),
        (
            {"from": "previous.deltakere", "columns": ["navn"], "otherwise": "team.members"},
            Prefill("previous", "deltakere", None, ("navn",), Prefill("team", "members", None, ("navn",))),
        ),
    ],
)
def test_prefill_references(raw, prefill):
    assert Prefill.from_raw(raw) == prefill
    assert Prefill.from_raw(raw).to_raw() == raw


@pytest.mark.parametrize(
    "limits, words",
    [(Limits(), None), (Limits(pages=3), 1500), (Limits(max_words=1000, pages=2), 1000), (Limits(max_words=80), 80)],
)
def test_pages_mean_five_hundred_words_each_unless_a_word_limit_is_given(limits, words):
    assert limits.words == words


def test_a_table_knows_its_columns_and_first_rows():
    table = SHIPPED["fremdriftsplan"].field("tiltak")
    assert [c.key for c in table.columns] == ["delmal", "tiltak", "ansvarlig", "tidsestimat"]
    assert table.column("tidsestimat").type == "period_months"
    assert table.initial_rows == 3
    with pytest.raises(KeyError):
        table.column("frist")
