"""Every team's document of one deliverable occurrence, side by side (bundles, answers exports).

A steering group reads "every Statusrapport before gathering 4"; a leader preparing a gathering
reads every team's answer to one question after another. Both start from
:func:`occurrence_documents`: one :class:`TeamDocument` per team, in the programme's order, with
its status at ``now``, its latest submitted version (if any), the template version it was filled
in with, its answers, and — given a ``gettext`` — the read-only document the pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cycle import Assignment, Run, Status, Team
from ..schema import FormContext, FormTemplate, Gathering, document_view
from ..schema.display import DocumentView
from ..schema.placeholders import NO_TEAMS, norwegian_list
from ..store import Store
from .catalog import Catalog
from .report import template_of
from .runs import answers_of


class NoSuchOccurrence(LookupError):
    """The programme has no such deliverable or occurrence; the message says what there is."""


@dataclass(frozen=True)
class TeamDocument:
    """One team's document of the occurrence (``record`` None: nothing submitted)."""

    team: Team
    assignment: Assignment
    status: Status
    record: Mapping[str, Any] | None
    versions: int
    template: FormTemplate | None
    answers: Mapping[str, Any]
    document: DocumentView | None
    context: FormContext | None = None  # what the form's texts need (programme, period, due …)


def display_context(run: Run, assignment: Assignment) -> FormContext:
    """What a document's texts need to read as the team saw them: programme, team, due, period,
    gathering, the programme's language (no prefill: for showing what was submitted)."""
    programme = run.programme
    team = programme.team(assignment.team) if assignment.team else None
    start, end = run.span
    number = assignment.gathering
    gathering = programme.gathering(number) if 1 <= number <= len(programme.gatherings) else None
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
        gathering=Gathering(number, gathering.date, gathering.place, gathering.theme) if gathering else None,
        reference_for=reference_words(run, team.id) if team else "",
        language=programme.language or "nb",
    )


def reference_words(run: Run, team_id: str) -> str:
    """The teams ``team_id`` is reference group for, as the form's ``{reference_for}`` says it."""
    names = [team.name for team in run.programme.partners(team_id)]
    return norwegian_list(names) if names else NO_TEAMS


def occurrence_assignments(run: Run, deliverable: str, occurrence: int) -> list[Assignment]:
    """The teams' assignments of one occurrence; :class:`NoSuchOccurrence` if the plan has none."""
    spec = run.workflow.deliverable(deliverable)
    if spec is None or spec.by == "participant":
        known = ", ".join(d.key for d in run.workflow.deliverables if d.by != "participant")
        raise NoSuchOccurrence(f"the programme has no deliverable '{deliverable}' (it has: {known})")
    found = [a for a in run.assignments if a.deliverable == deliverable and a.occurrence == occurrence]
    if not found:
        numbers = sorted({a.occurrence for a in run.assignments if a.deliverable == deliverable})
        raise NoSuchOccurrence(
            f"'{deliverable}' has no occurrence {occurrence} (it has: {', '.join(map(str, numbers))})"
        )
    return found


def occurrence_documents(
    store: Store,
    catalog: Catalog,
    run: Run,
    deliverable: str,
    occurrence: int,
    now: datetime,
    gettext: Callable[[str], str] | None = None,
) -> list[TeamDocument]:
    """Every team's document of ``deliverable`` ``occurrence`` (see the module docstring)."""
    states = run.statuses(now)
    documents = []
    for assignment in occurrence_assignments(run, deliverable, occurrence):
        team = run.programme.team(assignment.team or "")
        if team is None:  # the leader's own: one document, shown as the leader's
            team = Team(id="-", name=run.programme.leader.name)
        record = run.latest(assignment.key)
        template = template_of(store, catalog.forms, run, record) if record else catalog.forms.get(assignment.form)
        answers = answers_of(store, run, record) if record else {}
        context = display_context(run, assignment)
        document = None
        if record and template is not None and gettext is not None:
            document = document_view(template, answers, context, gettext)
        documents.append(
            TeamDocument(
                team,
                assignment,
                states[assignment.key],
                record,
                len(run.versions(assignment.key)),
                template,
                answers,
                document,
                context,
            )
        )
    return documents
