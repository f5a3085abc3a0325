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
from typing import Any

from ..cycle import Assignment, programme_span
from ..programmes import Run, answers_of, prefill_sources
from ..schema import FormContext, FormTemplate, Gathering, document_view
from ..schema.display import DocumentView
from ..schema.placeholders import NO_TEAMS, norwegian_list
from ..store import Store
from ..store.templates import get_template_snapshot


def form_context(store: Store, run: Run, assignment: Assignment) -> FormContext:
    """The :class:`FormContext` of ``assignment`` (prefill answers read from the store)."""
    programme = run.programme
    team = programme.team(assignment.team) if assignment.team else None
    start, end = programme_span(programme, run.workflow)
    gathering = (
        programme.gathering(assignment.gathering) if 1 <= assignment.gathering <= len(programme.gatherings) else None
    )
    answers, previous = prefill_sources(store, run, assignment)
    return FormContext(
        programme_title=programme.title,
        recipient=programme.recipient,
        team_name=team.name if team else "",
        due_at=assignment.effective_due_at,
        period_start=assignment.period.start,
        period_end=assignment.period.end,
        months=tuple((month.year, month.month) for month in assignment.period.months),
        programme_start=start,
        programme_end=end,
        gathering=Gathering(assignment.gathering, gathering.date, gathering.place, gathering.theme)
        if gathering
        else None,
        reference_for=reference_words(run, team.id) if team else "",
        answers=answers,
        previous=previous,
        team_members=tuple((m.name, m.role or "", m.email) for m in team.active_members) if team else (),
    )


def reference_words(run: Run, team_id: str) -> str:
    """The teams ``team_id`` is reference group for, as the form's ``{reference_for}`` says it."""
    names = [team.name for team in run.programme.partners(team_id)]
    return norwegian_list(names) if names else NO_TEAMS


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
    snapshot = get_template_snapshot(store, run.id, record["form"], record["form_version"])
    if snapshot is not None:
        return FormTemplate.from_dict(snapshot)
    template = current.get(record["form"])
    return template if template is not None and template.version == record["form_version"] else None


def delivered_document(
    store: Store, run: Run, record: Mapping[str, Any], current: Mapping[str, FormTemplate], gettext: Any
) -> DocumentView | None:
    """A delivered version as a read-only document, with the template version it was filled in with."""
    template = snapshot_or_current(store, run, record, current)
    assignment = run.assignment(record["assignment"])
    if template is None or assignment is None:
        return None
    return document_view(template, answers_of(store, run, record), form_context(store, run, assignment), gettext)
