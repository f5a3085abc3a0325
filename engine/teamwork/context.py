"""What a team's form knows about its surroundings, built from the run and the store.

:func:`form_context` gathers the programme's title and recipient, the team, the effective due
instant (an extension included), the assignment's period and its months, the gathering it
hangs on, and what prefill may copy: the team's latest submitted answers per form and the
previous occurrence's answers (``engine.programmes.prefill_sources``).

:func:`reference_deliveries` finds the documents a team writes *against*: a Statusrapport
reports on the period its Fremdriftsplan planned, a Sluttrapport on what the Hovedplan set out.
The rule is the workflow's own shape, not a list of form names: the team's latest submitted
version of every other deliverable that covers the same period and opened earlier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..cycle import Assignment
from ..programmes import Run, answers_of, prefill_sources
from ..programmes.collect import display_context
from ..programmes.report import template_of
from ..schema import FormContext, FormTemplate, document_view
from ..schema.display import DocumentView
from ..store import Store


def form_context(store: Store, run: Run, assignment: Assignment, prefill: bool = True) -> FormContext:
    """The :class:`FormContext` of ``assignment`` (prefill answers read from the store, unless
    ``prefill`` is False: a delivered document only shows its own answers)."""
    answers, previous = prefill_sources(store, run, assignment) if prefill else ({}, None)
    context = replace(display_context(run, assignment), answers=answers, previous=previous)
    team = run.programme.team(assignment.team) if assignment.team else None
    members = tuple((m.name, m.role or "", m.email) for m in team.active_members) if team else ()
    return replace(context, team_members=members)


def reference_deliveries(run: Run, assignment: Assignment) -> list[tuple[Assignment, dict[str, Any]]]:
    """The team's latest submitted versions of other deliverables over the same period that opened
    before ``assignment`` — the plan a report looks back on — oldest first."""
    if assignment.team is None:
        return []
    found = []
    for other in run.team_assignments(assignment.team):
        if other.deliverable == assignment.deliverable or other.period != assignment.period:
            continue
        latest = run.latest(other.key)
        if latest is not None and other.opens_at < assignment.opens_at:
            found.append((other, latest))
    return found


def snapshot_or_current(
    store: Store, run: Run, record: Mapping[str, Any], current: Mapping[str, FormTemplate]
) -> FormTemplate | None:
    """The template a delivery was filled in with: its snapshot, else the catalogue's if the version
    matches (a snapshot is written before every delivery, so the fallback is for hand-made data)."""
    return template_of(store, current, run, record)


def delivered_document(
    store: Store, run: Run, record: Mapping[str, Any], current: Mapping[str, FormTemplate], gettext: Any
) -> DocumentView | None:
    """A delivered version as a read-only document, with the template version it was filled in with."""
    template = snapshot_or_current(store, run, record, current)
    assignment = run.assignment(record["assignment"])
    if template is None or assignment is None:
        return None
    context = form_context(store, run, assignment, prefill=False)
    return document_view(template, answers_of(store, run, record), context, gettext)
