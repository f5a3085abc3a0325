"""Form templates per language: a title, label, help text or option may be ``{nb: …, nn: …}`` beside
the plain string; the context's language picks the text (nb where a language has none), and what is
stored never depends on the language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engine.schema import FormContext, FormTemplate, build_form_class, document_view, load_templates, resolve_texts
from engine.schema.languages import is_language_map
from tests.schema.test_schema_loader import HEADER, fields, problems

ROOT = Path(__file__).resolve().parents[2]
TEXT_KEYS = {"subtitle", "intro", "outro", "title", "label", "help", "text", "min_label", "max_label"}
BOKMAAL = (" ikke ", " hva ", " hvilke ", " hvordan ", " hvem ", " fra ", " noen ", " mye ", " hvis ")

TEMPLATE = {
    "id": "x",
    "version": 1,
    "title": {"nb": "Fremdriftsplan", "nn": "Framdriftsplan"},
    "intro": {"nb": "Sendes til {recipient}.", "nn": "Blir send til {recipient}."},
    "sections": [
        {
            "title": "Del 1",
            "fields": [
                {"key": "plan", "type": "textarea", "label": {"nb": "Hva er planen?", "nn": "Kva er planen?"}},
                {
                    "key": "svar",
                    "type": "choice",
                    "label": "Svar",
                    "options": [
                        {"nb": "Ikke ennå", "nn": "Ikkje enno"},
                        "Ja",
                        {"value": "kanskje", "label": {"nb": "Kanskje", "nn": "Kanskje"}},
                    ],
                    "help": [
                        {"nb": "Velg ett", "nn": "Vel eitt"},
                        {"text": {"nb": "Eller", "nn": "Eller"}, "items": ["x"]},
                    ],
                },
            ],
        }
    ],
}


def test_the_context_language_picks_the_texts_and_nb_stands_for_the_rest():
    template = FormTemplate.from_dict(TEMPLATE)
    assert (template.title, template.fields[0].label) == ("Fremdriftsplan", "Hva er planen?")  # the default
    nn = resolve_texts(template, FormContext(recipient="prosjektgruppa", language="nn"))
    assert (nn.title, nn.intro, nn.fields[0].label) == (
        "Framdriftsplan",
        "Blir send til prosjektgruppa.",
        "Kva er planen?",
    )
    assert [h.text for h in nn.fields[1].help_items] == ["Vel eitt", "Eller"]
    assert nn.sections[0].title == "Del 1"  # one string: the same in every language
    en = resolve_texts(template, FormContext(language="en"))
    assert en.title == "Fremdriftsplan" and en.fields[0].label == "Hva er planen?"  # no en text: nb
    assert template.languages == ("nn",)


def test_an_option_keeps_its_stored_value_in_every_language():
    template = FormTemplate.from_dict(TEMPLATE)
    options = {lang: template.in_language(lang).field("svar").options for lang in ("nb", "nn")}
    assert [o.value for o in options["nb"]] == [o.value for o in options["nn"]] == ["Ikke ennå", "Ja", "kanskje"]
    assert [o.label for o in options["nn"]] == ["Ikkje enno", "Ja", "Kanskje"]
    nn_form = build_form_class(template, FormContext(language="nn"))
    nb_form = build_form_class(template, FormContext())
    assert nn_form.template.field("svar").options[0].label == "Ikkje enno"  # the page's words
    assert nb_form.template.field("svar").options[0].label == "Ikke ennå"  # a class per language
    assert nn_form.from_answers({"svar": "Ikke ennå"}).answers()["svar"] == "Ikke ennå"


def test_a_snapshot_keeps_every_language():
    template = FormTemplate.from_dict(TEMPLATE)
    again = FormTemplate.from_dict(template.to_dict())
    assert again == template and again.in_language("nn").title == "Framdriftsplan"
    assert template.in_language("nn") is template.in_language("nn")  # made once per template and language


def test_a_document_reads_in_the_programmes_language():
    template = FormTemplate.from_dict(TEMPLATE)
    view = document_view(template, {"plan": "Mykje", "svar": "Ikke ennå"}, FormContext(language="nn"))
    assert view.title == "Framdriftsplan"
    text = repr(view)
    assert "Kva er planen?" in text and "Ikkje enno" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            fields('- {key: a, type: text, label: {nb: "Navn {team}", nn: "Namn {teem}"}}\n'),
            "x.yaml:7: sections[0].fields[0].label.nn: unknown placeholder {teem}",
        ),
        (
            fields('- {key: a, type: text, label: {nn: "Namn"}}\n'),
            "x.yaml:7: sections[0].fields[0].label: a text per language needs the nb text, the default for a language "
            "without its own",
        ),
        (
            fields('- {key: a, type: text, label: {nb: "Navn", se: "Namma"}}\n'),
            "x.yaml:7: sections[0].fields[0].label: unknown key 'se'",
        ),
    ],
)
def test_a_wrong_text_per_language_is_one_line_naming_file_and_field(tmp_path, text, expected):
    [line] = problems(tmp_path, text)
    assert line.startswith(expected), line


def test_a_template_without_texts_per_language_is_as_before(tmp_path):
    assert HEADER.startswith("id: x")
    template = FormTemplate.from_dict(yaml.safe_load(fields("- {key: a, type: text, label: Navn}\n")))
    assert template.texts is None and template.in_language("nn") is template and template.languages == ()


def shipped_texts():
    for path in sorted((ROOT / "forms").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield from _texts(path.name, data, "", False)


def _texts(name, value, at, texty):
    if is_language_map(value) or (texty and isinstance(value, str)):
        yield name, at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(name, item, f"{at}.{key}", texty or key in TEXT_KEYS)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(name, item, f"{at}[{i}]", texty)


def test_every_text_of_the_shipped_templates_is_in_bokmaal_and_nynorsk():
    texts = list(shipped_texts())
    assert len(texts) > 150
    plain = [f"{name}{at}" for name, at, value in texts if not is_language_map(value)]
    assert not plain, "without a Nynorsk text: " + ", ".join(plain)
    for name, at, value in texts:
        assert set(value) == {"nb", "nn"}, f"{name}{at}"
        assert sorted(_placeholders(value["nb"])) == sorted(_placeholders(value["nn"])), f"{name}{at}"
        for word in BOKMAAL:
            assert word not in f" {value['nn'].lower()} ", f"{name}{at}: Bokmål {word.strip()!r} in nn"


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"\{[a-z_]+(?::[^}]*)?\}", text)


def test_the_shipped_templates_read_in_nynorsk_with_the_same_questions():
    templates, found = load_templates(ROOT / "forms")
    assert not found
    for template in templates.values():
        nn = template.in_language("nn")
        assert [f.key for f in nn.fields] == [f.key for f in template.fields]
        assert [f.type for f in nn.fields] == [f.type for f in template.fields]
        assert nn.version == template.version  # texts only: the answers keep their shape
    assert {t.id: t.version for t in templates.values() if t.version != 1} == {"hovedplan": 2}  # its attachment
    assert templates["fremdriftsplan"].in_language("nn").title == "Framdriftsplan"
    assert templates["hovedplan"].in_language("nn").field("innbyggere").label == "Talet på innbyggjarar"
