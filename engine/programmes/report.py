"""What the programme report needs from the store, gathered in one place.

:func:`report_inputs` reads the gatherings' anonymous evaluations, each team's latest final report
(with the template version it was filled in with), the confirmed presenters and the follow-up
counts, and :func:`programme_report` hands them with the run to the pure
``engine.reports.programme_report.build_report``. The page, the Word file and ``flask report
summary`` all call :func:`programme_report`, so they say the same.

The learning loop's follow-up notes come in through :func:`followup_counts` (the number of notes
per team id); the report leaves its follow-up section out while there are none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from ..cycle import Gathering, Run
from ..reports.evaluations import EvaluationSummary, summarise
from ..reports.final_tables import FinalAnswers
from ..reports.programme_report import Presenter, ProgrammeReport, ReportInputs, build_report, final_assignments
from ..schema import FormTemplate
from ..store import Store
from ..store import evaluations as evaluation_repo
from ..store import followups as followup_repo
from ..store import presenters as presenter_repo
from ..store.records import parse_iso
from ..store.templates import get_template_snapshot
from .catalog import Catalog
from .runs import answers_of


def programme_report(store: Store, catalog: Catalog, run: Run, now: datetime) -> ProgrammeReport:
    """The programme report of ``run`` at ``now``."""
    return build_report(run, now, report_inputs(store, catalog, run, now))


def report_inputs(store: Store, catalog: Catalog, run: Run, now: datetime) -> ReportInputs:
    """Everything :func:`build_report` takes besides the run, read from the store."""
    return ReportInputs(
        evaluations=evaluation_summaries(store, catalog, run),
        finals=tuple(latest_finals(store, catalog, run)),
        presenters=confirmed_presenters(store, run),
        followups=followup_counts(store, run),
    )


def followup_counts(store: Store, run: Run, between: tuple[date, date] | None = None) -> dict[str, int]:
    """The leader's follow-up notes per team id (the learning loop's log) — all of them for the
    report's follow-up section, those dated ``between`` two days (both included) for a leader's
    period facts; empty, and the section left out, while there are none."""
    counts: dict[str, int] = {}
    for note in followup_repo.list_notes(store, run.id):
        if between is None or between[0] <= date.fromisoformat(note["date"]) <= between[1]:
            counts[note["team"]] = counts.get(note["team"], 0) + 1
    return counts


def evaluation_summaries(store: Store, catalog: Catalog, run: Run) -> dict[int, EvaluationSummary]:
    """Each gathering's evaluation summary by number, for gatherings that have responses."""
    summaries = {}
    for assignment in run.participant_assignments():
        template = catalog.forms.get(assignment.form)
        if template is None or not 1 <= assignment.occurrence <= len(run.programme.gatherings):
            continue
        gathering = run.programme.gathering(assignment.occurrence)
        responses = evaluation_repo.list_evaluations(store, run.id, gathering.id)
        if responses:
            summaries[assignment.occurrence] = summarise(template, responses)
    return summaries


def template_of(store: Store, forms: Mapping[str, FormTemplate], run: Run, record: Mapping) -> FormTemplate | None:
    """The template a delivery was filled in with: its snapshot, else the catalogue's same version."""
    snapshot = get_template_snapshot(store, run.id, record["form"], record["form_version"])
    if snapshot is not None:
        return FormTemplate.from_dict(snapshot)
    template = forms.get(record["form"])
    return template if template is not None and template.version == record["form_version"] else None


def latest_finals(store: Store, catalog: Catalog, run: Run) -> list[FinalAnswers]:
    """Each team's latest submitted final report, in the programme's team order."""
    found = []
    for assignment in final_assignments(run):
        record = run.latest(assignment.key)
        team = run.programme.team(assignment.team or "")
        if record is None or team is None:
            continue
        template = template_of(store, catalog.forms, run, record)
        if template is not None:
            found.append(
                FinalAnswers(team.name, template, answers_of(store, run, record), parse_iso(record["submitted_at"]))
            )
    return found


def gathering_number(run: Run, gathering_id: str) -> int | None:
    """The number (1..n) of the gathering with this id, or None."""
    return next((n for n, g in enumerate(run.programme.gatherings, start=1) if g.id == gathering_id), None)


def confirmed_presenters(store: Store, run: Run) -> dict[int, tuple[Presenter, ...]]:
    """The teams chosen to present, by gathering number."""
    chosen: dict[int, list[Presenter]] = {}
    for record in presenter_repo.list_presenters(store, run.id):
        number, team = gathering_number(run, record["gathering"]), run.programme.team(record["team"])
        if record.get("confirmed_at") and number is not None and team is not None:
            chosen.setdefault(number, []).append(Presenter(team.name, record.get("reason") or ""))
    return {number: tuple(items) for number, items in chosen.items()}


def next_gathering(run: Run, due_day) -> tuple[int, Gathering] | None:
    """The first gathering on or after ``due_day``: where a document due that day is shared."""
    return next(((n, g) for n, g in enumerate(run.programme.gatherings, start=1) if g.date >= due_day), None)
