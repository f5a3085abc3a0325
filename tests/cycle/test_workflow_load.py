"""Workflow files: the shipped one loads, broken ones give exact one-line problems."""

from __future__ import annotations

import json

import jsonschema
import pytest

from engine.cycle import load_workflows, workflow_from_source, workflow_schema
from engine.cycle.workflow_load import SCHEMA_PATH
from engine.schema.source import SourceError, load_yaml

from .conftest import MINI_WORKFLOW, SHIPPED_WORKFLOW


def problems_of(text: str, forms) -> list[str]:
    try:
        workflow_from_source(load_yaml(text, "mini.yaml"), forms)
    except SourceError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_published_schema_is_valid_draft_2020_12_and_documents_every_key():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{name} has no description for editors"


def test_the_shipped_workflow_has_the_cycle_of_the_seeds(workflow):
    keys = [d.key for d in workflow.deliverables]
    assert keys == [
        "hovedplan",
        "fremdriftsplan",
        "statusrapport",
        "sluttrapport",
        "styringsgrupperapport",
        "pamelding",
        "evaluering",
    ]
    status = workflow.deliverable("statusrapport")
    assert status.from_ == 3 and not status.only and status.opens.offset == -42 and status.due.offset == -14
    assert workflow.deliverable("fremdriftsplan").occurrences(6) == [1, 2, 3, 4, 5]
    assert workflow.deliverable("evaluering").by == "participant"
    report = workflow.deliverable("styringsgrupperapport")
    assert (report.by, report.from_, report.every, report.opens.offset, report.due.offset) == ("leader", 2, 2, 21, 30)
    assert report.occurrences(6) == [2, 4, 6] and report.occurrences(12) == [2, 4, 6, 8, 10, 12]
    assert workflow.leader_deliverables() == [report]
    assert [(r.id, r.offset, r.cc_leader) for r in workflow.reminders] == [
        ("soon", -7, False),
        ("tomorrow", -1, False),
        ("overdue", 1, True),
        ("overdue-week", 7, True),
    ]
    assert workflow.send_at.isoformat() == "08:00:00" and workflow.timezone == "Europe/Oslo"
    assert set(workflow.mail) == {
        "invitation",
        "reminder",
        "overdue",
        "leader_copy",
        "receipt",
        "digest",
        "evaluation",
        "link",
        "feedback",
        "message",
        "leader_due",
        "presenter",
    }


def test_deliverable_titles_default_to_the_form_title(workflow):
    assert workflow.deliverable("hovedplan").title == "Hovedplan"


def test_the_mini_workflow_is_valid(forms):
    assert problems_of(MINI_WORKFLOW, forms) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'send_at: "08:00"',
            "send_at: 10:30",
            'mini.yaml:4: send_at: write the time in quotes, "10:30": unquoted, YAML reads 10:30 as the number 630',
        ),
        (
            'send_at: "08:00"',
            'send_at: "08:00"\nsend_until: "07:00"',
            "mini.yaml:5: send_until: send_until 07:00 is not after send_at 08:00",
        ),
        (
            'send_at: "08:00"',
            'send_at: "08:00"\nsend_until: 21:00',
            'mini.yaml:5: send_until: write the time in quotes, "21:00": unquoted, YAML reads 21:00 as the number 1260',
        ),
        (
            'send_at: "08:00"',
            'send_at: "25:00"',
            'mini.yaml:4: send_at: \'25:00\' is not a time of day; write it as "HH:MM" in quotes, for example "08:00"',
        ),
        (
            "Europe/Oslo",
            "Europe/Olso",
            "mini.yaml:3: timezone: 'Europe/Olso' is not an IANA time zone name such as 'Europe/Oslo'",
        ),
        (
            "{key: report, form: report",
            "{key: plan, form: report",
            "mini.yaml:7: deliverables[1].key: the key 'plan' is already used by deliverables[0]",
        ),
        (
            "form: plan,",
            "form: nope,",
            "mini.yaml:6: deliverables[0].form: unknown form 'nope' (known forms: evaluering, fremdriftsplan, "
            "hovedplan, pamelding, plan, report, sluttrapport, statusrapport, styringsgrupperapport, survey)",
        ),
        (
            "opens: {at: gathering 1}",
            "opens: {at: gathering}",
            "mini.yaml:6: deliverables[0].opens.at: 'gathering' (the occurrence's own gathering) needs 'each: "
            "gathering'; "
            "name one instead, such as 'gathering 1' or 'gathering last'",
        ),
        (
            "opens: {at: gathering 1}",
            "opens: {at: gathering seven}",
            "mini.yaml:6: deliverables[0].opens.at: 'gathering seven' is not a gathering reference; write "
            "'gathering N', "
            "'gathering first', 'gathering last', 'gathering' (the occurrence's own)",
        ),
        (
            "form: plan,",
            "form: plan, only: [1],",
            "mini.yaml:6: deliverables[0].only: 'only' needs 'each: gathering' (a one-off deliverable has one "
            "occurrence)",
        ),
        (
            "except: [last]",
            "except: [0]",
            "mini.yaml:7: deliverables[1].except[0]: 0 is not a gathering; write a number (1, 2, …), 'first', "
            "'last' or 'last-1' (the one before the last)",
        ),
        (
            "except: [last]",
            "from: last-x",
            "mini.yaml:7: deliverables[1].from: 'last-x' is not a gathering; write a number (1, 2, …), 'first', "
            "'last' or 'last-1' (the one before the last)",
        ),
        (
            "except: [last]",
            "from: 2, every: 0",
            "mini.yaml:7: deliverables[1].every: must be at least 1",
        ),
        (
            "form: plan,",
            "form: plan, every: 2,",
            "mini.yaml:6: deliverables[0].every: 'every' needs 'each: gathering' (a one-off deliverable has one "
            "occurrence)",
        ),
        (
            "except: [last]",
            "from: 3, until: 2",
            "mini.yaml:7: deliverables[1].until: 'until: 2' comes before 'from: 3'",
        ),
        (
            "except: [last]",
            "only: [2], from: 1",
            "mini.yaml:7: deliverables[1].from: give either 'only' or 'from', not both",
        ),
        (
            "form: plan,",
            "form: plan, from: 2,",
            "mini.yaml:6: deliverables[0].from: 'from' needs 'each: gathering' (a one-off deliverable has one "
            "occurrence)",
        ),
        (
            'send_at: "08:00"',
            'send_at: "08:00"\ngatherings: {min: 4, max: 3}',
            "mini.yaml:5: gatherings.max: the most gatherings (3) is fewer than the fewest (4)",
        ),
        (
            "except: [last]",
            "except: [last, last]",
            "mini.yaml:7: deliverables[1].except[1]: gathering last is listed twice",
        ),
        (
            "except: [last]",
            "except: [last], only: [1]",
            "mini.yaml:7: deliverables[1].except: give either 'only' or 'except', not both",
        ),
        (
            "due: {after: gathering, days: 7}",
            "due: {before: gathering, days: 7}",
            "mini.yaml:7: deliverables[1].due: 'due' {before: gathering, days: 7} comes before 'opens' {at: gathering}",
        ),
        (
            "opens: {at: gathering 1}",
            "opens: {at: gathering 1, days: 2}",
            "mini.yaml:6: deliverables[0].opens.days: 'days' goes with 'before' or 'after', not with 'at'",
        ),
        (
            "due: {after: gathering 1, days: 14}",
            "due: {after: gathering 1}",
            "mini.yaml:6: deliverables[0].due: 'after' needs 'days', e.g. {after: gathering 1, days: 14}",
        ),
        (
            "form: plan,",
            "form: plan, period: {from: gathering, to: end},",
            "mini.yaml:6: deliverables[0].period.from: 'gathering' is relative to the occurrence's gathering and needs "
            "'each: gathering'",
        ),
        (
            "key: plan,",
            "key: Plan A,",
            "mini.yaml:6: deliverables[0].key: 'Plan A' is not a key; use lower-case letters a-z, digits, '-' and '_', "
            "such as 'fremdriftsplan'",
        ),
        (
            "before_due: 3d",
            "before_due: 3 days",
            "mini.yaml:9: reminders[0].before_due: '3 days' is not a duration; write a number of days or weeks such as "
            '"7d" or "2w"',
        ),
        ("{id: late,", "{id: soon,", "mini.yaml:10: reminders[1].id: the id 'soon' is already used by reminders[0]"),
        (
            "{id: soon, before_due: 3d}",
            "{id: soon, before_due: 3d, after_due: 2d}",
            "mini.yaml:9: reminders[0]: write exactly one of 'before_due' or 'after_due', e.g. {id: soon, "
            "before_due: 7d}",
        ),
        (
            "after_due: 1d",
            "after_due: 0d",
            'mini.yaml:10: reminders[1].after_due: a notice after the due day needs at least "1d" '
            "(on the due day itself use before_due: 0d)",
        ),
        (
            "{id: soon, before_due: 3d}",
            "{id: soon, before_due: 3d, deliverables: [nope]}",
            "mini.yaml:9: reminders[0].deliverables[0]: no deliverable has the key 'nope'",
        ),
        (
            "{id: late, after_due: 1d, cc: leader}",
            "{id: late, before_due: 3d}",
            "mini.yaml:10: reminders[1].before_due: reminders[0] already sends at this moment for the same "
            "deliverables",
        ),
        (
            'body: "Om {{ days }} dager."',
            'body: "Om {{ days dager."',
            "mini.yaml:14: mail.reminder.body: template error on line 1 of the text: expected token 'end of print "
            "statement', got 'dager'",
        ),
        (
            'body: "Frist {{ due|date }}: {{ link }}"',
            'body: "Frist {{ due|dato }}"',
            "mini.yaml:13: mail.invitation.body: template error on line 1 of the text: No filter named 'dato'.",
        ),
        (
            '  overdue: {subject: "Sent", body: "Fristen var {{ due|date }}."}\n',
            "",
            "mini.yaml:12: mail: 'overdue' is required because a reminder rule uses after_due",
        ),
        (
            '  feedback: {subject: "Tilbakemelding", body: "{{ text }}"}\n',
            "",
            "mini.yaml:12: mail: 'feedback' is required",
        ),
        (
            '  message: {subject: "{{ subject }}", body: "{{ text }}"}\n',
            '  message: {subject: "{{ subject }}", body: "{{ answers }}"}\n',
            "mini.yaml:20: mail.message.body: unknown variable 'answers'; this text can use: leader, link, member, "
            "programme, programme_id, recipient, subject, team, text, workflow",
        ),
        (
            "digest: {enabled: false}",
            "digest: {enabled: true}",
            "mini.yaml:12: mail: 'digest' is required because the weekly digest is on "
            "(digest: {enabled: false} turns it off)",
        ),
        (
            "id: mini",
            "id: Mini Flow",
            "mini.yaml:1: id: 'Mini Flow' is not an id; use lower-case letters a-z, digits and hyphens, "
            "such as 'utviklingsverksted'",
        ),
        (
            "timezone: Europe/Oslo",
            "timezone: [Europe/Oslo",
            "mini.yaml:4: (file): YAML syntax error: expected ',' or ']', but got ':'",
        ),
    ],
)
def test_a_broken_workflow_gives_one_exact_line(forms, old, new, expected):
    text = MINI_WORKFLOW.replace(old, new, 1)
    assert text != MINI_WORKFLOW
    assert problems_of(text, forms) == [expected]


# The wording of plain JSON Schema errors belongs to engine.schema.source; here only where they point.
@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("form: plan,", "form: plan, deu: 1,", "mini.yaml:6: deliverables[0]: "),
        ("days: 14}", "days: -1}", "mini.yaml:6: deliverables[0].due.days: "),
        ("title: Mini", "title: Mini\ncolour: blue", "mini.yaml:1: (file): "),
        ("cc: leader", "cc: boss", "mini.yaml:10: reminders[1].cc: "),
        ("{id: soon, before_due: 3d}", "{before_due: 3d}", "mini.yaml:9: reminders[0]: "),
    ],
)
def test_a_shape_error_is_one_line_at_the_right_place(forms, old, new, where):
    [line] = problems_of(MINI_WORKFLOW.replace(old, new, 1), forms)
    assert line.startswith(where)


def test_an_unknown_variable_names_the_ones_that_exist(forms):
    text = MINI_WORKFLOW.replace('subject: "Ny: {{ deliverable }}"', 'subject: "Ny: {{ deu }}"')
    [line] = problems_of(text, forms)
    assert line.startswith("mini.yaml:13: mail.invitation.subject: unknown variable 'deu'; this text can use: ")
    assert "deliverable, due, extended" in line


def test_every_problem_is_reported_at_once(forms):
    text = (
        MINI_WORKFLOW.replace("Europe/Oslo", "Mars/Olympus")
        .replace("form: plan,", "form: nope,")
        .replace("{id: late,", "{id: soon,")
    )
    assert [p.split(": ")[1] for p in problems_of(text, forms)] == [
        "timezone",
        "deliverables[0].form",
        "reminders[1].id",
    ]


def test_a_workflow_file_must_be_a_mapping(forms):
    assert problems_of("- a\n- b\n", forms) == [
        "mini.yaml:1: (file): a workflow must be a mapping with id, title, timezone, send_at, deliverables "
        "and mail at the top"
    ]


def test_unknown_forms_are_named_clearly_when_none_are_loaded(tmp_path):
    workflows, problems = load_workflows(SHIPPED_WORKFLOW.parent, {})
    assert workflows == {}
    assert [str(p).split(": ", 1)[1] for p in problems][:2] == [
        "deliverables[0].form: unknown form 'hovedplan' (known forms: none are loaded)",
        "deliverables[1].form: unknown form 'fremdriftsplan' (known forms: none are loaded)",
    ]


def test_load_workflows_keys_by_id_and_requires_the_file_name_to_match(tmp_path, forms):
    (tmp_path / "mini.yaml").write_text(MINI_WORKFLOW, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(MINI_WORKFLOW, encoding="utf-8")
    (tmp_path / "schema.json").write_text("{}", encoding="utf-8")  # not a workflow: ignored
    workflows, problems = load_workflows(tmp_path, forms)
    assert list(workflows) == ["mini"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'other.yaml'}:1: id: the id 'mini' differs from the file name; "
        "rename the file to mini.yaml or change the id"
    ]


def test_the_schema_is_loaded_once_and_shared(forms):
    assert workflow_schema() is workflow_schema()


def test_a_leader_deliverable_needs_the_leaders_mail_text_and_may_be_reminded(forms):
    text = MINI_WORKFLOW.replace(
        "- {key: report, form: report,",
        "- {key: rapport, form: report, by: leader, opens: {at: gathering 2}, due: {after: gathering 2, days: 14}}\n"
        "- {key: report, form: report,",
    )
    assert problems_of(text, forms) == [
        "mini.yaml:13: mail: 'leader_due' is required because a deliverable is by: leader"
    ]
    with_text = text.replace(
        '  link: {subject: "Lenke", body: "{{ link }}"}',
        '  link: {subject: "Lenke", body: "{{ link }}"}\n'
        '  leader_due: {subject: "{{ kind }}: {{ deliverable }}", body: "Frist {{ due|date }}: {{ link }}"}',
    ).replace("  - {id: soon, before_due: 3d}", "  - {id: soon, before_due: 3d, deliverables: [rapport]}")
    assert problems_of(with_text, forms) == []
    workflow = workflow_from_source(load_yaml(with_text, "mini.yaml"), forms)
    report = workflow.deliverable("rapport")
    assert report.by == "leader" and workflow.leader_deliverables() == [report]
    assert [r.id for r in workflow.rules_for(report)] == ["soon", "late"]


def test_the_leaders_mail_text_may_not_use_a_team(forms):
    text = MINI_WORKFLOW.replace(
        '  link: {subject: "Lenke", body: "{{ link }}"}',
        '  link: {subject: "Lenke", body: "{{ link }}"}\n  leader_due: {subject: "x", body: "{{ team }}"}',
    )
    problems = problems_of(text, forms)
    assert len(problems) == 1 and "mail.leader_due.body: unknown variable 'team'" in problems[0]
