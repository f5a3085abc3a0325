"""engine.schema.loader: every broken template is reported as one exact line, never a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from engine.schema import FormTemplate, load_template, load_templates
from engine.schema.source import SourceError

HEADER = "id: x\nversion: 1\ntitle: X\nsections:\n  - title: Del 1\n    fields:\n"
OTHER = (
    HEADER.replace("id: x", "id: other") + "      - {key: effektmal, type: textarea, label: Effektmål}\n"
    "      - key: plan\n        type: table\n        label: Plan\n        columns:\n"
    "          - {key: delmal, type: text, label: Delmål}\n"
)


def fields(text: str) -> str:
    """A template whose first section's fields are ``text`` (the first field is on line 7)."""
    return HEADER + textwrap.indent(textwrap.dedent(text), "      ")


def problems(tmp_path: Path, text: str | bytes, name: str = "x", extra: dict[str, str] | None = None) -> list[str]:
    """The problem lines for a forms directory holding ``name``.yaml (and ``extra`` files)."""
    directory = tmp_path / "forms"
    directory.mkdir(exist_ok=True)
    path = directory / f"{name}.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    for other_name, other_text in (extra or {}).items():
        (directory / f"{other_name}.yaml").write_text(other_text, encoding="utf-8")
    templates, found = load_templates(directory)
    assert name not in templates
    return [str(p).replace(str(directory) + "/", "") for p in found]


BROKEN = {
    "accept on a text field": (
        fields("- {key: a, type: text, label: A, accept: [pdf]}\n"),
        "x.yaml:7: sections[0].fields[0].accept: 'accept' does not apply to a 'text' field",
    ),
    "a kind of file the engine does not know": (
        fields("- {key: a, type: file, label: A, accept: [pdf, exe]}\n"),
        "x.yaml:7: sections[0].fields[0].accept[1]: 'exe' is not allowed; expected one of: pdf, docx, xlsx, "
        "pptx, odt, ods, odp, jpg, png, gif, webp",
    ),
    "a file limit over the ceiling": (
        fields("- {key: a, type: file, label: A, max_mb: 100}\n"),
        "x.yaml:7: sections[0].fields[0].max_mb: must be at most 25",
    ),
    "a prefilled file": (
        fields("- {key: a, type: file, label: A, prefill: team.name}\n"),
        "x.yaml:7: sections[0].fields[0].prefill: 'prefill' does not apply to a 'file' field",
    ),
    "a file in a table": (
        fields("- key: t\n  type: table\n  label: T\n  columns:\n    - {key: a, type: file, label: A}\n"),
        "x.yaml:11: sections[0].fields[0].columns[0].type: a table cannot contain a 'file' field",
    ),
    "wrong type": (
        fields("- {key: a, type: textfield, label: A}\n"),
        "x.yaml:7: sections[0].fields[0].type: 'textfield' is not allowed; expected one of: text, textarea, "
        "integer, date, datetime, email, choice, multichoice, yesno, scale, table, info, period_months, file",
    ),
    "key given twice in one YAML mapping": (
        fields("- key: a\n  type: text\n  label: A\n  label: B\n"),
        "x.yaml:10: sections[0].fields[0].label: the key 'label' is given twice",
    ),
    "two fields with one key": (
        fields("- {key: a, type: text, label: A}\n- {key: a, type: textarea, label: B}\n"),
        "x.yaml:8: sections[0].fields[1].key: the key 'a' is already used by sections[0].fields[0]",
    ),
    "same key in two sections": (
        fields("- {key: a, type: text, label: A}\n")
        + "  - title: Del 2\n    fields:\n      - {key: a, type: text, label: B}\n",
        "x.yaml:10: sections[1].fields[0].key: the key 'a' is already used by sections[0].fields[0]",
    ),
    "the team's members into a text field": (
        fields("- {key: a, type: text, label: A, prefill: team.members}\n"),
        "x.yaml:7: sections[0].fields[0].prefill: 'team.members' is a list of the team's members and can "
        "prefill only a table, not a 'text' field",
    ),
    "the team's members into a table without their columns": (
        fields(
            "- key: t\n  type: table\n  label: T\n  prefill: team.members\n"
            "  columns:\n    - {key: a, type: text, label: A}\n"
        ),
        "x.yaml:10: sections[0].fields[0].prefill: 'team.members' fills the columns navn, rolle, epost; this "
        "table has none of them",
    ),
    "a fallback prefill from an unknown field": (
        fields(
            "- key: t\n  type: table\n  label: T\n  prefill: {from: team.members, otherwise: previous.u}\n"
            "  columns:\n    - {key: navn, type: text, label: A}\n"
        ),
        "x.yaml:10: sections[0].fields[0].prefill.otherwise: 'previous.u': this template has no field 'u'",
    ),
    "prefill from an unknown form": (
        fields("- {key: a, type: text, label: A, prefill: hovedplanx.effektmal}\n"),
        "x.yaml:7: sections[0].fields[0].prefill: 'hovedplanx.effektmal': there is no form template 'hovedplanx'",
    ),
    "prefill from an unknown field": (
        fields("- {key: a, type: textarea, label: A, prefill: other.effektmaal}\n"),
        "x.yaml:7: sections[0].fields[0].prefill: 'other.effektmaal': the form template 'other' has no field "
        "'effektmaal'",
    ),
    "prefill from this form's previous occurrence, unknown field": (
        fields("- {key: a, type: text, label: A, prefill: previous.b}\n"),
        "x.yaml:7: sections[0].fields[0].prefill: 'previous.b': this template has no field 'b'",
    ),
    "prefill naming the template itself": (
        fields("- {key: a, type: text, label: A, prefill: x.a}\n"),
        "x.yaml:7: sections[0].fields[0].prefill: 'x.a' names this template; write 'previous.a' for its "
        "previous occurrence",
    ),
    "prefill of another kind of value": (
        fields("- {key: a, type: date, label: A, prefill: other.effektmal}\n"),
        "x.yaml:7: sections[0].fields[0].prefill: 'other.effektmal' is a 'textarea' field and cannot prefill "
        "a 'date' field",
    ),
    "prefill of a column the source table lacks": (
        fields(
            "- key: t\n  type: table\n  label: T\n  prefill: {from: other.plan, columns: [tiltak]}\n"
            "  columns:\n    - {key: tiltak, type: text, label: Tiltak}\n"
        ),
        "x.yaml:10: sections[0].fields[0].prefill: the column 'tiltak' is not in 'other.plan'",
    ),
    "unknown team property": (
        fields("- {key: a, type: text, label: A, prefill: team.leader}\n"),
        "x.yaml:7: sections[0].fields[0].prefill: unknown prefill 'team.leader'; use team.name, team.members",
    ),
    "table without columns": (
        fields("- {key: t, type: table, label: T}\n"),
        "x.yaml:7: sections[0].fields[0]: a 'table' field needs 'columns'",
    ),
    "table in a table": (
        fields(
            "- key: t\n  type: table\n  label: T\n  columns:\n    - key: inner\n      type: table\n"
            "      label: Inner\n      columns: [{key: c, type: text, label: C}]\n"
        ),
        "x.yaml:12: sections[0].fields[0].columns[0].type: a table cannot contain a table",
    ),
    "two columns with one key": (
        fields(
            "- key: t\n  type: table\n  label: T\n  columns:\n    - {key: c, type: text, label: C}\n"
            "    - {key: c, type: textarea, label: D}\n"
        ),
        "x.yaml:12: sections[0].fields[0].columns[1].key: the column key 'c' is already used by columns[0]",
    ),
    "min_rows larger than max_rows": (
        fields(
            "- key: t\n  type: table\n  label: T\n  min_rows: 5\n  max_rows: 2\n"
            "  columns: [{key: c, type: text, label: C}]\n"
        ),
        "x.yaml:10: sections[0].fields[0].min_rows: min_rows (5) is larger than max_rows (2)",
    ),
    "choice without options": (
        fields("- {key: a, type: choice, label: A}\n"),
        "x.yaml:7: sections[0].fields[0]: a 'choice' field needs 'options'",
    ),
    "option given twice": (
        fields("- {key: a, type: multichoice, label: A, options: [Ja, Nei, Ja]}\n"),
        "x.yaml:7: sections[0].fields[0].options[2]: the option 'Ja' is given twice",
    ),
    "attribute of another type": (
        fields("- {key: a, type: text, label: A, options: [Ja]}\n"),
        "x.yaml:7: sections[0].fields[0].options: 'options' does not apply to a 'text' field",
    ),
    "scale with min above max": (
        fields("- {key: a, type: scale, label: A, min: 5, max: 1}\n"),
        "x.yaml:7: sections[0].fields[0].min: min (5) must be smaller than max (1)",
    ),
    "read-only without prefill": (
        fields("- {key: a, type: text, label: A, readonly: true}\n"),
        "x.yaml:7: sections[0].fields[0].readonly: a read-only field needs 'prefill', or it can never have a value",
    ),
    "unknown placeholder": (
        HEADER.replace("title: X\n", "title: X\nintro: Send til {recipient} innen {deadline}.\n")
        + "      - {key: a, type: text, label: A}\n",
        "x.yaml:4: intro: unknown placeholder {deadline}; known placeholders: due, gathering_date, "
        "gathering_number, gathering_place, gathering_theme, period, period_end, period_start, programme, "
        "programme_end, programme_start, recipient, reference_for, team",
    ),
    "unknown date format code": (
        fields("- {key: a, type: text, label: 'Innen {due:%d.%Q}'}\n"),
        "x.yaml:7: sections[0].fields[0].label: unknown date format code '%Q' in {due:%d.%Q}; "
        "use %d %e %m %Y %y %B %b %A %a %H %M",
    ),
    "a format on a placeholder that is not a date": (
        fields("- {key: a, type: text, label: 'Team {team:%Y}'}\n"),
        "x.yaml:7: sections[0].fields[0].label: the placeholder {team} is not a date and takes no format (':%Y')",
    ),
    "version that is not a whole number": (
        HEADER.replace("version: 1", "version: 1.5") + "      - {key: a, type: text, label: A}\n",
        "x.yaml:2: version: expected a whole number, got 1.5",
    ),
    "version written as text": (
        HEADER.replace("version: 1", "version: '1'") + "      - {key: a, type: text, label: A}\n",
        "x.yaml:2: version: expected a whole number, got '1'",
    ),
    "version zero": (
        HEADER.replace("version: 1", "version: 0") + "      - {key: a, type: text, label: A}\n",
        "x.yaml:2: version: must be at least 1",
    ),
    "missing title": (
        HEADER.replace("title: X\n", "") + "      - {key: a, type: text, label: A}\n",
        "x.yaml:1: (file): 'title' is required",
    ),
    "unknown attribute": (
        fields("- {key: a, type: text, lable: A}\n"),
        "x.yaml:7: sections[0].fields[0]: unknown key 'lable'; did you mean 'label'?",
    ),
    "help of the wrong type": (
        fields("- {key: a, type: text, label: A, help: 5}\n"),
        "x.yaml:7: sections[0].fields[0].help: expected text or a list, got 5",
    ),
    "key with a hyphen": (
        fields("- {key: del-mal, type: text, label: A}\n"),
        "x.yaml:7: sections[0].fields[0].key: 'del-mal' is not a valid key: use lower-case letters a-z, digits "
        "and '_', starting with a letter",
    ),
    "key the form machinery uses": (
        fields("- {key: data, type: text, label: A}\n"),
        "x.yaml:7: sections[0].fields[0].key: the key 'data' is reserved by the form machinery; choose another",
    ),
    "field without a label in a section of several fields": (
        fields("- {key: a, type: text}\n- {key: b, type: text, label: B}\n"),
        "x.yaml:7: sections[0].fields[0]: 'label' is required (only the single field of a section with a title "
        "may leave it out)",
    ),
    "limit of zero words": (
        HEADER.replace("title: X\n", "title: X\nlimits: {max_words: 0}\n") + "      - {key: a, type: text, label: A}\n",
        "x.yaml:4: limits.max_words: must be at least 1",
    ),
    "YAML syntax error": (
        fields("- {key: a, type: text, label: A\n- {key: b, type: text, label: B}\n"),
        "x.yaml:8: (file): YAML syntax error: expected ',' or '}', but got '{'",
    ),
    "tab characters": (
        HEADER + "\t- {key: a, type: text, label: A}\n",
        "x.yaml:7: (file): YAML syntax error: a tab character in column 1; indent with spaces (tabs are allowed "
        "only inside quoted text)",
    ),
    "not UTF-8": (
        (HEADER + "      - {key: a, type: text, label: Effektmål}\n").encode("latin-1"),
        "x.yaml:7: (file): not UTF-8 text (byte 108: invalid continuation byte); save the file as UTF-8",
    ),
    "empty file": (
        "# nothing yet\n",
        "x.yaml: (file): the file is empty; a form template needs id, version, title and sections",
    ),
    "not a mapping": ("- id: x\n", "x.yaml:1: (file): expected a mapping (key: value), got a list"),
    "id that is not the file name": (
        HEADER.replace("id: x", "id: y") + "      - {key: a, type: text, label: A}\n",
        "x.yaml:1: id: the id 'y' must equal the file name 'x'",
    ),
}


@pytest.mark.parametrize("text, expected", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_template_is_one_exact_line(tmp_path, text, expected):
    assert problems(tmp_path, text, extra={"other": OTHER}) == [expected]


def test_a_good_template_loads_with_its_siblings(tmp_path):
    good = fields("- {key: a, type: textarea, label: A, prefill: other.effektmal}\n")
    templates, found = load_templates(_write(tmp_path, x=good, other=OTHER))
    assert found == []
    assert sorted(templates) == ["other", "x"]
    assert isinstance(templates["x"], FormTemplate)
    assert templates["x"].field("a").prefill.ref == "other.effektmal"


def test_a_reference_to_a_broken_template_is_not_reported_twice(tmp_path):
    good = fields("- {key: a, type: textarea, label: A, prefill: other.effektmal}\n")
    broken_other = OTHER.replace("version: 1", "version: 0")
    templates, found = load_templates(_write(tmp_path, x=good, other=broken_other))
    assert [f"{p.path}: {p.message}" for p in found] == ["version: must be at least 1"]
    assert "x" in templates


def test_every_problem_of_a_file_is_reported(tmp_path):
    text = fields("- {key: a, type: choice, label: A}\n- {key: a, type: table, label: B}\n")
    assert [line.split(": ", 1)[1] for line in problems(tmp_path, text)] == [
        "sections[0].fields[0]: a 'choice' field needs 'options'",
        "sections[0].fields[1]: a 'table' field needs 'columns'",
        "sections[0].fields[1].key: the key 'a' is already used by sections[0].fields[0]",
    ]


def test_a_yml_file_is_pointed_out(tmp_path):
    directory = _write(tmp_path, x=fields("- {key: a, type: text, label: A}\n"))
    (directory / "y.yml").write_text("id: y\n", encoding="utf-8")
    templates, found = load_templates(directory)
    assert list(templates) == ["x"]
    assert [p.message for p in found] == ["form templates end in .yaml; this file is not read"]


def test_a_missing_directory_is_a_problem(tmp_path):
    templates, found = load_templates(tmp_path / "nowhere")
    assert templates == {}
    assert [p.message for p in found] == ["the forms directory does not exist"]


def test_load_template_checks_prefill_against_the_files_beside_it(tmp_path):
    directory = _write(
        tmp_path, x=fields("- {key: a, type: textarea, label: A, prefill: other.effektmaal}\n"), other=OTHER
    )
    with pytest.raises(SourceError) as caught:
        load_template(directory / "x.yaml")
    assert [p.message for p in caught.value.problems] == [
        "'other.effektmaal': the form template 'other' has no field 'effektmaal'"
    ]


def test_load_template_against_given_templates(tmp_path):
    directory = _write(tmp_path, x=fields("- {key: a, type: textarea, label: A, prefill: other.effektmal}\n"))
    with pytest.raises(SourceError):
        load_template(directory / "x.yaml", others={})
    other = FormTemplate.from_dict(
        {
            "id": "other",
            "version": 1,
            "title": "O",
            "sections": [{"fields": [{"key": "effektmal", "type": "text", "label": "E"}]}],
        }
    )
    assert load_template(directory / "x.yaml", others={"other": other}).id == "x"


def test_load_template_raises_every_problem_of_the_file(tmp_path):
    directory = _write(tmp_path, x=HEADER.replace("version: 1", "version: 0") + "      - {key: a, type: tekst}\n")
    with pytest.raises(SourceError) as caught:
        load_template(directory / "x.yaml")
    assert [(p.line, p.path) for p in caught.value.problems] == [(2, "version"), (7, "sections[0].fields[0].type")]


def _write(tmp_path: Path, **files: str) -> Path:
    directory = tmp_path / "forms"
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
    return directory
