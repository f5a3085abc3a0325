"""Fixtures for the cycle: placeholder form templates, small and shipped workflows, programmes.

The real form templates are built elsewhere; the cycle needs only their ids (and titles), so the
tests use plain stand-ins and stay independent of ``forms/``.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from engine.cycle import load_programme_file, load_workflow, programme_from_source, workflow_from_source
from engine.schema.source import load_yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_WORKFLOW = ROOT / "workflows" / "utviklingsverksted.yaml"
EXAMPLE_PROGRAMME = ROOT / "examples" / "jobbvinner-ostfold.yaml"
FORM_IDS = (
    "hovedplan",
    "fremdriftsplan",
    "statusrapport",
    "sluttrapport",
    "evaluering",
    "styringsgrupperapport",
    "pamelding",
    "plan",
    "report",
    "survey",
)

# A small workflow whose every line number the validation tests rely on.
MINI_WORKFLOW = """\
id: mini
title: Mini
timezone: Europe/Oslo
send_at: "08:00"
deliverables:
- {key: plan, form: plan, opens: {at: gathering 1}, due: {after: gathering 1, days: 14}}
- {key: report, form: report, each: gathering, except: [last], opens: {at: gathering}, due: {after: gathering, days: 7}}
reminders:
  - {id: soon, before_due: 3d}
  - {id: late, after_due: 1d, cc: leader}
digest: {enabled: false}
mail:
  invitation: {subject: "Ny: {{ deliverable }}", body: "Frist {{ due|date }}: {{ link }}"}
  reminder: {subject: "Husk {{ deliverable }}", body: "Om {{ days }} dager."}
  overdue: {subject: "Sent", body: "Fristen var {{ due|date }}."}
  leader_copy: {subject: "Kopi", body: "{% for p in notified %}{{ p.name }}{% endfor %}"}
  receipt: {subject: "Mottatt", body: "Takk."}
  link: {subject: "Lenke", body: "{{ link }}"}
  feedback: {subject: "Tilbakemelding", body: "{{ text }}"}
  message: {subject: "{{ subject }}", body: "{{ text }}"}
"""

# A small programme of the mini workflow, in 2026 (both DST changes fall inside it).
MINI_PROGRAMME = """\
id: demo-2026
workflow: mini
title: Demo
leader: {name: Lea Leder, email: lea@example.org}
recipient: prosjektgruppa v/ prosjektleder
gatherings:
  - {date: 2026-03-05, start: "09:00", end: "15:00", place: Moss, host: Moss, theme: Start}
  - {date: 2026-05-07, start: "09:00", place: Våler, host: Våler, theme: Midt}
  - {date: 2026-09-03, start: "09:00", place: Moss, host: Partner AS, theme: Slutt}
teams:
  - name: Moss
    id: moss
    members:
      - {id: kari, name: Kari Nordmann, email: kari@example.org, role: gruppeleder}
      - {name: Ola Nordmann, email: ola@example.org}
  - name: Våler
    withdrawn: {date: 2026-06-01, reason: Sykefravær}
    members:
      - {name: Per Hansen, email: per@example.org}
extensions:
  - {team: Moss, deliverable: report, occurrence: 2, due: 2026-05-20}
excusals:
  - {team: valer, deliverable: plan, occurrence: 1, reason: Fritatt}
"""


@pytest.fixture(scope="session")
def forms() -> dict[str, object]:
    """Stand-ins for the form templates: an id and a title is all the cycle reads."""
    return {form_id: SimpleNamespace(id=form_id, version=1, title=form_id.capitalize()) for form_id in FORM_IDS}


@pytest.fixture(scope="session")
def workflow(forms):
    """The shipped utviklingsverksted workflow."""
    return load_workflow(SHIPPED_WORKFLOW, forms)


@pytest.fixture(scope="session")
def ostfold(workflow, forms):
    """The shipped Østfold example programme."""
    return load_programme_file(EXAMPLE_PROGRAMME, {workflow.id: workflow}, forms)


@pytest.fixture(scope="session")
def mini_workflow(forms):
    """The small workflow of ``MINI_WORKFLOW``."""
    return workflow_from_source(load_yaml(MINI_WORKFLOW, "mini.yaml"), forms)


@pytest.fixture(scope="session")
def mini(mini_workflow):
    """The small programme of ``MINI_PROGRAMME``."""
    return programme_from_source(load_yaml(MINI_PROGRAMME, "demo.yaml"), {"mini": mini_workflow})
