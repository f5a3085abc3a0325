"""A programme's overview: the delivery matrix, teams down and assignments across.

Columns are the team assignments' deliverable × occurrence, grouped by deliverable in the
workflow's order and in date order within a group; the header gives each column's planned due
date. A cell shows the status (symbol and word), the due date — marked when an extension moved it
— the time of delivery, the number of versions and a link to the submission, and beside the status
the mark of an open request for a new version and how many feedbacks reference groups wrote. Dates are shown in
the workflow's time zone, so a deadline on the day clocks change is still that day.

By default the matrix shows what matters now (:func:`matters_now`): the documents open at the
moment, those due in the last four weeks, and those a team still in the programme has left
overdue; ``?columns=all`` shows every document. The summary above it counts teams, not cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _

from ...cycle import Status, first_deliveries, plan_assignments, team_is_active
from ...programmes import Run
from ...reports.feedback import open_requests, reference_counts
from ...reports.summary import summarise, team_standing
from ...store import feedback as feedback_repo
from ...store import get_store
from .blueprint import bp, run_or_404
from .common import deliverable_title, now, submission_url
from .own import leader_due


@dataclass(frozen=True)
class Column:
    """One deliverable × occurrence, with the due instant the plan gives every team."""

    deliverable: str
    occurrence: int
    label: str
    due_at: datetime


@dataclass(frozen=True)
class Group:
    """The columns of one deliverable."""

    deliverable: str
    title: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Cell:
    """One team's assignment in the matrix."""

    status: Status
    due_at: datetime
    extended: bool
    submitted_at: datetime | None
    versions: int
    url: str | None
    requested: bool = False  # the leader asks for a new version (a mark beside the status, never a status)
    reference_feedback: int = 0  # feedbacks from reference groups on it


@dataclass(frozen=True)
class Row:
    """One team and its cells, column by column (None where the team owes nothing)."""

    team_id: str
    name: str
    withdrawn_on: date | None
    withdrawal_reason: str
    cells: tuple[Cell | None, ...]
    withdrawal_ahead: bool = False  # recorded, but its date is still to come


RECENT = timedelta(days=28)  # a deadline this recent still matters: late deliveries come in


def matters_now(run: Run, moment: datetime) -> set[tuple[str, int]]:
    """The columns (deliverable, occurrence) worth the leader's eye at ``moment``: open for some team,
    planned due within :data:`RECENT`, or overdue for a team still in the programme."""
    states = run.statuses(moment)
    tz = run.workflow.tz
    active = {t.id for t in run.programme.teams if team_is_active(t, moment, tz)}
    chosen = set()
    for a in run.assignments:
        if a.team is None:
            continue
        state = states[a.key]
        if (
            state == Status.OPEN
            or moment - RECENT <= a.due_at <= moment
            or (state == Status.OVERDUE and a.team in active)
        ):
            chosen.add((a.deliverable, a.occurrence))
    return chosen


def build_matrix(
    run: Run,
    moment: datetime,
    feedback: Iterable[Mapping[str, Any]] = (),
    columns: set[tuple[str, int]] | None = None,
) -> tuple[list[Group], list[Row]]:
    """The matrix of ``run`` at ``moment``: column groups and one row per team — every column, or
    only ``columns`` (deliverable, occurrence); ``feedback`` (the programme's feedback records) marks
    open requests for a new version and counts reference groups'."""
    feedback = list(feedback)
    requests = open_requests(run, feedback, moment)
    counts = reference_counts(feedback)
    kept = {(a.deliverable, a.occurrence) for a in run.assignments}  # a deliverable turned off keeps what was sent
    enabled = {d.key for d in run.workflow.enabled_deliverables}
    planned = {
        (a.deliverable, a.occurrence): a
        for a in plan_assignments(run.programme, run.workflow, include_disabled=True)
        if a.team is not None
        and (a.deliverable in enabled or (a.deliverable, a.occurrence) in kept)
        and (columns is None or (a.deliverable, a.occurrence) in columns)
    }
    order = {d.key: i for i, d in enumerate(run.workflow.deliverables)}
    slots = sorted(planned.values(), key=lambda a: (order.get(a.deliverable, 0), a.due_at, a.occurrence))
    groups: list[Group] = []
    for a in slots:
        column = Column(a.deliverable, a.occurrence, _column_label(run, a.deliverable, a.occurrence), a.due_at)
        if groups and groups[-1].deliverable == a.deliverable:
            groups[-1] = Group(a.deliverable, groups[-1].title, (*groups[-1].columns, column))
        else:
            groups.append(Group(a.deliverable, deliverable_title(run, a.deliverable), (column,)))
    columns = [c for g in groups for c in g.columns]
    states = run.statuses(moment)
    first = first_deliveries(run.deliveries, moment)
    rows = []
    for team in run.programme.teams:
        cells = []
        for column in columns:
            a = run.find(team.id, column.deliverable, column.occurrence)
            if a is None:
                cells.append(None)
                continue
            delivery = first.get(a.key)
            versions = sum(1 for v in run.versions(a.key) if datetime.fromisoformat(v["submitted_at"]) <= moment)
            cells.append(
                Cell(
                    states[a.key],
                    a.effective_due_at,
                    a.extended_due_at is not None,
                    delivery.submitted_at if delivery else None,
                    versions,
                    submission_url(run.id, team.id, a.deliverable, a.occurrence) if delivery else None,
                    a.key in requests,
                    counts.get(a.key, 0),
                )
            )
        withdrawn = team.withdrawn
        rows.append(
            Row(
                team.id,
                team.name,
                withdrawn.date if withdrawn else None,
                withdrawn.reason if withdrawn else "",
                tuple(cells),
                withdrawal_ahead=bool(withdrawn) and team_is_active(team, moment, run.workflow.tz),
            )
        )
    return groups, rows


def _column_label(run: Run, deliverable: str, occurrence: int) -> str:
    """Under its deliverable's heading a column needs only the gathering: 'after gathering 2'."""
    spec = run.workflow.deliverable(deliverable)
    if spec is None or not spec.per_gathering:
        return ""
    if spec.opens.relation == "before":
        return _("before gathering %(number)d", number=occurrence)
    return _("after gathering %(number)d", number=occurrence)


@bp.get("/p/<pid>/")
def programme(pid: str):
    """The programme's overview: facts, where the teams stand, the exports and the delivery matrix
    (what matters now, or ``?columns=all``)."""
    run = run_or_404(pid)
    moment = now()
    current = matters_now(run, moment)
    everything = request.args.get("columns") == "all" or not current
    feedback = feedback_repo.list_feedback(get_store(), run.id)
    groups, rows = build_matrix(run, moment, feedback, None if everything else current)
    return render_template(
        "admin/programme.html",
        run=run,
        groups=groups,
        rows=rows,
        everything=everything,
        columns_in_all=len({(a.deliverable, a.occurrence) for a in run.assignments if a.team is not None}),
        current=bool(current),
        summary=summarise(run, moment),
        own=leader_due(run, moment),
        standing=team_standing(run, moment),
        now=moment,
        tz=run.workflow.tz,
    )
