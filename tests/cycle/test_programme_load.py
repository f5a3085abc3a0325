"""Programme files and programmes built in the browser: the example loads, broken ones say why."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from engine.cycle import Programme, programme_from_source, programme_problems
from engine.cycle.programme_load import SCHEMA_PATH
from engine.programmes import Catalog, check_paths
from engine.schema.source import SourceError, load_yaml

from .conftest import EXAMPLE_PROGRAMME, MINI_PROGRAMME, SHIPPED_WORKFLOW


def problems_of(text: str, workflows) -> list[str]:
    try:
        programme_from_source(load_yaml(text, "demo.yaml"), workflows)
    except SourceError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_programme_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_the_example_is_the_ostfold_network_of_the_seeds(ostfold):
    assert ostfold.id == "jobbvinner-ostfold-2018" and ostfold.workflow == "utviklingsverksted"
    assert [g.date for g in ostfold.gatherings] == [
        date(2018, 4, 19),
        date(2018, 9, 20),
        date(2019, 2, 14),
        date(2019, 6, 6),
        date(2019, 10, 17),
        date(2020, 2, 13),
    ]
    assert {g.date.weekday() for g in ostfold.gatherings} == {3}  # all on Thursdays
    assert ostfold.gatherings[0].place == "Litteraturhuset, Fredrikstad"
    withdrawn = {t.name for t in ostfold.teams if t.withdrawn}
    assert withdrawn == {"Hvaler", "Våler", "Halden"}
    assert ostfold.recipient == "prosjektgruppa v/ prosjektleder"
    for team in ostfold.teams:
        assert 2 <= len(team.members) <= 4
        assert [m.role for m in team.members].count("gruppeleder") == 1
        assert all(m.email.endswith("@example.org") for m in team.members)
    assert ostfold.leader.email.endswith("@example.org")


def test_the_mini_programme_is_valid(mini_workflow):
    assert problems_of(MINI_PROGRAMME, {"mini": mini_workflow}) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("workflow: mini", "workflow: nope", "demo.yaml:2: workflow: unknown workflow 'nope' (known workflows: mini)"),
        (
            "id: demo-2026",
            "id: Demo 2026",
            "demo.yaml:1: id: 'Demo 2026' is not an id; use lower-case letters a-z, digits and hyphens, "
            "such as 'jobbvinner-ostfold-2018'",
        ),
        (
            "date: 2026-05-07",
            "date: 2026-03-01",
            "demo.yaml:8: gatherings[1].date: 2026-03-01 is not after the previous gathering (2026-03-05); "
            "list gatherings in date order, one per day",
        ),
        (
            'start: "09:00", end',
            "start: 10:30, end",
            'demo.yaml:7: gatherings[0].start: write the time in quotes, "10:30": unquoted, YAML reads 10:30 '
            "as the number 630",
        ),
        (
            'start: "09:00", end',
            'start: "9:00", end',
            "demo.yaml:7: gatherings[0].start: '9:00' is not a time of day; write it as \"HH:MM\" in quotes, "
            'such as "09:00"',
        ),
        (
            'end: "15:00"',
            'end: "24:00"',
            "demo.yaml:7: gatherings[0].end: '24:00' is not a time of day; write it as \"HH:MM\" in quotes, "
            'such as "15:30"',
        ),
        ('end: "15:00"', 'end: "08:00"', "demo.yaml:7: gatherings[0].end: the end 08:00 is not after the start 09:00"),
        (
            "date: 2026-03-05",
            "date: 2026-02-30",
            "demo.yaml:7: gatherings[0].date: '2026-02-30' is not a valid date or time: day is out of range for month",
        ),
        (
            "date: 2026-03-05",
            'date: "2026-3-5"',
            "demo.yaml:7: gatherings[0].date: '2026-3-5' is not a date; write it as YYYY-MM-DD, such as 2018-04-19",
        ),
        (
            "  - name: Våler\n    withdrawn",
            "  - name: moss\n    id: valer\n    withdrawn",
            "demo.yaml:16: teams[1].name: the name 'moss' is used by teams[0]",
        ),
        (
            "email: ola@example.org",
            "email: ola@",
            "demo.yaml:15: teams[0].members[1].email: 'ola@' is not a valid e-mail address: "
            "There must be something after the @-sign.",
        ),
        (
            "email: ola@example.org",
            "email: KARI@example.org",
            "demo.yaml:15: teams[0].members[1].email: KARI@example.org is already the address of members[0] "
            "of this team",
        ),
        (
            "{name: Ola Nordmann,",
            "{id: kari, name: Ola Nordmann,",
            "demo.yaml:15: teams[0].members[1].id: the id 'kari' is used by members[0] of this team",
        ),
        (
            "withdrawn: {date: 2026-06-01,",
            "withdrawn: {date: 2027-01-01,",
            "demo.yaml:17: teams[1].withdrawn.date: 2027-01-01 is outside the programme (2026-03-05 to 2026-09-03)",
        ),
        (
            "withdrawn: {date: 2026-06-01, reason: Sykefravær}",
            "withdrawn: {date: 2026-06-01}",
            "demo.yaml:17: teams[1].withdrawn: 'reason' is required",
        ),
        (
            "{team: Moss, deliverable: report",
            "{team: Rygge, deliverable: report",
            "demo.yaml:21: extensions[0].team: no team is named or has the id 'Rygge'",
        ),
        (
            "deliverable: report, occurrence: 2",
            "deliverable: rapport, occurrence: 2",
            "demo.yaml:21: extensions[0].deliverable: the workflow has no deliverable 'rapport' (it has: plan, report)",
        ),
        (
            "occurrence: 2, due",
            "occurrence: 3, due",
            "demo.yaml:21: extensions[0].occurrence: report has no occurrence 3 (it has: 1, 2)",
        ),
        (
            "due: 2026-05-20",
            "due: 2026-05-10",
            "demo.yaml:21: extensions[0].due: 2026-05-10 is before the planned due day 2026-05-14; "
            "an extension can only give more time",
        ),
        (
            "  - {team: Moss, deliverable: report, occurrence: 2, due: 2026-05-20}\n",
            "  - {team: Moss, deliverable: report, occurrence: 2, due: 2026-05-20}\n"
            "  - {team: moss, deliverable: report, occurrence: 2, due: 2026-05-21}\n",
            "demo.yaml:22: extensions[1]: extensions[0] already concerns this team and assignment",
        ),
        ("recipient: prosjektgruppa v/ prosjektleder", "recipient: 5", "demo.yaml:5: recipient: expected text, got 5"),
        (
            "  - name: Våler\n    withdrawn",
            "  - name: Våler\n    reference_for: [Moss, Rygge]\n    withdrawn",
            "demo.yaml:17: teams[1].reference_for[1]: no team is named or has the id 'Rygge' (the other teams: Moss)",
        ),
        (
            "  - name: Våler\n    withdrawn",
            "  - name: Våler\n    reference_for: [valer]\n    withdrawn",
            "demo.yaml:17: teams[1].reference_for[0]: a team cannot be reference group for itself",
        ),
        (
            "  - name: Våler\n    withdrawn",
            "  - name: Våler\n    reference_for: [Moss, moss]\n    withdrawn",
            "demo.yaml:17: teams[1].reference_for[1]: 'moss' is named twice",
        ),
    ],
)
def test_a_broken_programme_file_gives_one_exact_line(mini_workflow, old, new, expected):
    text = MINI_PROGRAMME.replace(old, new, 1)
    assert text != MINI_PROGRAMME
    assert problems_of(text, {"mini": mini_workflow}) == [expected]


# The wording of plain JSON Schema errors belongs to engine.schema.source; here only where they point.
@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("host: Moss, theme: Start", 'host: "", theme: Start', "demo.yaml:7: gatherings[0].host: "),
        ("reason: Fritatt", 'reason: ""', "demo.yaml:23: excusals[0].reason: "),
        (
            "{team: valer, deliverable: plan, occurrence: 1",
            "{team: valer, deliverable: plan, occurrence: 0",
            "demo.yaml:23: excusals[0].occurrence: ",
        ),
        ("title: Demo", "title: Demo\nleaders: []", "demo.yaml:1: (file): "),
        ("recipient: prosjektgruppa v/ prosjektleder", "recipient: [a]", "demo.yaml:5: recipient: "),
    ],
)
def test_a_shape_error_is_one_line_at_the_right_place(mini_workflow, old, new, where):
    [line] = [
        p
        for p in problems_of(MINI_PROGRAMME.replace(old, new, 1), {"mini": mini_workflow})
        if not p.endswith("'leader' is required")
    ]
    assert line.startswith(where)


def test_a_team_id_given_twice_is_reported_and_references_to_the_lost_id_too(mini_workflow):
    text = MINI_PROGRAMME.replace("  - name: Våler\n", "  - name: Våler\n    id: moss\n")
    assert problems_of(text, {"mini": mini_workflow}) == [
        "demo.yaml:17: teams[1].id: the id 'moss' is used by teams[0]; give one of them another id",
        "demo.yaml:24: excusals[0].team: no team is named or has the id 'valer'",
    ]


def test_a_programme_with_fewer_gatherings_than_its_workflow_carries_is_refused_in_one_line(workflow):
    text = MINI_PROGRAMME.replace("workflow: mini", "workflow: utviklingsverksted").replace(
        '  - {date: 2026-09-03, start: "09:00", place: Moss, host: Partner AS, theme: Slutt}\n', ""
    )
    assert problems_of(text, {"utviklingsverksted": workflow}) == [
        "demo.yaml:6: gatherings: the workflow 'utviklingsverksted' is made for 3 to 12 gatherings, "
        "but the programme has 2"
    ]


def test_a_programme_file_must_be_a_mapping(mini_workflow):
    assert problems_of("just text\n", {"mini": mini_workflow}) == [
        "demo.yaml:1: (file): a programme must be a mapping with id, workflow, title, leader, recipient, "
        "gatherings and teams at the top"
    ]


def test_a_stored_programme_written_as_yaml_loads_again(ostfold, workflow):
    doc = ostfold.to_document() | {"revision": 3, "created_at": "2026-01-05T10:00:00+01:00"}
    again = programme_from_source(
        load_yaml(yaml.safe_dump(doc, allow_unicode=True), "dump.yaml"), {workflow.id: workflow}
    )
    assert again == ostfold  # the store's own keys are not taken from a file


def test_programme_problems_checks_a_programme_built_in_the_browser(ostfold, workflow):
    assert programme_problems(ostfold, workflow) == []
    gatherings = list(ostfold.gatherings)
    gatherings[3] = replace(gatherings[3], date=date(2019, 1, 1), start="9", theme=" ")
    teams = list(ostfold.teams)
    teams[0] = replace(teams[0], members=(replace(teams[0].members[0], email="kari.holm"), *teams[0].members[1:]))
    broken = replace(ostfold, id="Jobbvinner Østfold", gatherings=tuple(gatherings), teams=tuple(teams))
    assert programme_problems(broken, {"utviklingsverksted": workflow}) == [
        "id: 'Jobbvinner Østfold' is not an id; use lower-case letters a-z, digits and hyphens, "
        "such as 'jobbvinner-ostfold'",
        "gatherings[3].date: 2019-01-01 is not after the previous gathering (2019-02-14); "
        "list gatherings in date order, one per day",
        "gatherings[3].start: '9' is not a time of day; write it as \"HH:MM\" in quotes",
        "teams[0].members[0].email: 'kari.holm' is not a valid e-mail address: An email address must have an @-sign.",
    ]


def test_programme_problems_with_the_wrong_workflow(ostfold, mini_workflow):
    assert programme_problems(ostfold, mini_workflow) == [
        "workflow: the programme names workflow 'utviklingsverksted', not 'mini'"
    ]
    assert programme_problems(ostfold, {}) == [
        "workflow: unknown workflow 'utviklingsverksted' (known workflows: none are loaded)"
    ]


def test_flask_check_dispatches_workflows_and_programme_files(workflow, forms, tmp_path):
    catalog = Catalog(forms=forms, workflows={workflow.id: workflow})
    assert check_paths([SHIPPED_WORKFLOW, EXAMPLE_PROGRAMME], catalog) == []
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        EXAMPLE_PROGRAMME.read_text(encoding="utf-8").replace("date: 2019-06-06", "date: 2019-01-06"), encoding="utf-8"
    )
    assert [str(p) for p in check_paths([broken], catalog)] == [
        f"{broken}:45: gatherings[3].date: 2019-01-06 is not after the previous gathering (2019-02-14); "
        "list gatherings in date order, one per day"
    ]


def test_from_document_and_the_file_loader_agree(ostfold):
    data = yaml.safe_load(Path(EXAMPLE_PROGRAMME).read_text(encoding="utf-8"))
    assert Programme.from_document(data) == ostfold
