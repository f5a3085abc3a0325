"""Changing a stored programme: gatherings, teams and members, withdrawals, extensions, excusals.

The admin pages change a programme in small steps. Each step is a pure function from one
:class:`~engine.cycle.Programme` to the next (so it can be previewed and tested without a store),
and :func:`save_edit` stores the result with the revision the leader edited — two leaders saving
at once get ``StaleRevision`` instead of a silent overwrite — and logs what happened
(``extended``, ``excused``, ``withdrawn``, ``reinstated``; the store logs ``programme_saved``).

:func:`plan_changes` says what a change does to the plan before it is saved: which deadlines move
with a moved gathering, which submitted assignments keep their dates, and which submitted work
would end up under another gathering (a change the pages refuse).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from typing import Any

from ..cycle import (
    Assignment,
    Excusal,
    Extension,
    Gathering,
    Member,
    Person,
    PlanError,
    Programme,
    Status,
    Team,
    Withdrawal,
    Workflow,
    adjusted_workflow,
    assignment_key,
    open_status,
    plan_assignments,
    plan_run,
    team_is_active,
    unique_slug,
)
from ..cycle.timerules import local_day
from ..store import Store
from ..store import events as event_repo
from .catalog import Catalog
from .runs import Run, save_programme_document


class EditError(ValueError):
    """A change that does not fit the programme as it is (an unknown team, member or gathering)."""


@dataclass(frozen=True)
class Event:
    """An event to log once a change is saved (HACKING.md "Event")."""

    kind: str
    team: str | None = None
    assignment: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


# -- the programme's own settings --------------------------------------------------------------


def with_settings(programme: Programme, title: str, recipient: str, leader_name: str, leader_email: str) -> Programme:
    """The programme with a new title, recipient text and leader."""
    return replace(
        programme,
        title=title.strip(),
        recipient=recipient.strip(),
        leader=Person(leader_name.strip(), leader_email.strip()),
    )


# -- gatherings --------------------------------------------------------------------------------


def with_gathering(programme: Programme, gathering: Gathering) -> Programme:
    """The programme with ``gathering`` replaced (same id) or added (an id not yet used or empty).

    Gatherings stay in date order, which is their numbering; an added one gets the next free
    ``g<n>`` id, so the ids of the others never change.
    """
    others = [g for g in programme.gatherings if g.id != gathering.id]
    if len(others) == len(programme.gatherings):  # not one of ours: a new gathering
        taken = {g.id for g in programme.gatherings}
        number = len(programme.gatherings) + 1
        while f"g{number}" in taken:
            number += 1
        gathering = replace(gathering, id=f"g{number}")
    gatherings = sorted([*others, gathering], key=lambda g: g.date)
    return replace(programme, gatherings=tuple(gatherings))


def without_gathering(programme: Programme, gathering_id: str) -> Programme:
    """The programme without the gathering ``gathering_id``."""
    _gathering(programme, gathering_id)
    return replace(programme, gatherings=tuple(g for g in programme.gatherings if g.id != gathering_id))


@dataclass(frozen=True)
class Overtaken:
    """An extension a changed plan leaves behind: the plan now gives the team more time than the
    extension did (``planned`` is the new planned due day, after ``extension.due``)."""

    extension: Extension
    planned: date
    assignment: Assignment


def without_overtaken_extensions(programme: Programme, workflow: Workflow) -> tuple[Programme, tuple[Overtaken, ...]]:
    """``programme`` without the extensions its plan has overtaken, and those extensions.

    When a gathering moves later, the deadlines hanging on it move too; an extension granted
    before may now end *before* the new planned deadline. It gives no more time, only less, so it
    is dropped with the change (the team keeps the later, planned deadline) — the pages show which
    and log ``extension_removed`` for each. A programme that cannot be planned is returned as it is
    (its validation says why).
    """
    try:
        planned = {(a.team, a.deliverable, a.occurrence): a for a in plan_assignments(programme, workflow) if a.team}
    except PlanError:
        return programme, ()
    overtaken = []
    for extension in programme.extensions:
        assignment = planned.get((extension.team, extension.deliverable, extension.occurrence))
        if assignment is not None and extension.due < local_day(assignment.due_at, workflow.tz):
            overtaken.append(Overtaken(extension, local_day(assignment.due_at, workflow.tz), assignment))
    if not overtaken:
        return programme, ()
    dropped = {(o.extension.team, o.extension.deliverable, o.extension.occurrence) for o in overtaken}
    kept = tuple(e for e in programme.extensions if (e.team, e.deliverable, e.occurrence) not in dropped)
    return replace(programme, extensions=kept), tuple(overtaken)


def overtaken_events(pid: str, overtaken: Iterable[Overtaken]) -> list[Event]:
    """The ``extension_removed`` event of each extension a change leaves behind."""
    return [
        Event(
            "extension_removed",
            o.extension.team,
            assignment_key(pid, o.extension.team, o.extension.deliverable, o.extension.occurrence),
            {
                "deliverable": o.extension.deliverable,
                "occurrence": o.extension.occurrence,
                "due": o.extension.due.isoformat(),
                "overtaken_by": o.planned.isoformat(),
            },
        )
        for o in overtaken
    ]


def _gathering(programme: Programme, gathering_id: str) -> Gathering:
    found = next((g for g in programme.gatherings if g.id == gathering_id), None)
    if found is None:
        raise EditError(f"the programme has no gathering '{gathering_id}'")
    return found


# -- teams and members -------------------------------------------------------------------------


def team_of(programme: Programme, team_id: str) -> Team:
    """The team ``team_id``; :class:`EditError` if there is none."""
    team = programme.team(team_id)
    if team is None:
        raise EditError(f"the programme has no team '{team_id}'")
    return team


def _with_team_replaced(programme: Programme, team: Team) -> Programme:
    return replace(programme, teams=tuple(team if t.id == team.id else t for t in programme.teams))


def with_new_team(programme: Programme, name: str, today: date | None = None) -> tuple[Programme, str]:
    """The programme with a new team called ``name`` (no members yet) and the team's new id.

    A team added after the first gathering has taken place joins ``today`` (the programme report
    says when each team came in); one added before it is there from the start.
    """
    team_id = unique_slug(name, {t.id for t in programme.teams}, fallback="team")
    started = bool(programme.gatherings) and today is not None and today > programme.gatherings[0].date
    team = Team(id=team_id, name=name.strip(), joined=today if started else None)
    return replace(programme, teams=(*programme.teams, team)), team_id


def with_team_name(programme: Programme, team_id: str, name: str) -> Programme:
    """The programme with team ``team_id`` renamed (its id, in keys and links, stays)."""
    return _with_team_replaced(programme, replace(team_of(programme, team_id), name=name.strip()))


def with_member(programme: Programme, team_id: str, member: Member) -> tuple[Programme, str]:
    """The team with ``member`` replaced (same id) or added (empty id: a slug of the name); the member's id."""
    team = team_of(programme, team_id)
    member = replace(
        member, name=member.name.strip(), email=member.email.strip(), role=(member.role or "").strip() or None
    )
    if member.id and team.member(member.id) is not None:
        members = tuple(member if m.id == member.id else m for m in team.members)
    else:
        member = replace(member, id=unique_slug(member.name, {m.id for m in team.members}, fallback="member"))
        members = (*team.members, member)
    return _with_team_replaced(programme, replace(team, members=members)), member.id


def without_member(programme: Programme, team_id: str, member_id: str) -> Programme:
    """The team without member ``member_id`` (their deliveries keep their name)."""
    team = team_of(programme, team_id)
    if team.member(member_id) is None:
        raise EditError(f"team '{team_id}' has no member '{member_id}'")
    return _with_team_replaced(programme, replace(team, members=tuple(m for m in team.members if m.id != member_id)))


def with_reference_for(programme: Programme, team_id: str, partners: Iterable[str]) -> Programme:
    """The team as reference group for ``partners`` (team ids or names; the rules check them)."""
    team = team_of(programme, team_id)
    chosen = tuple(dict.fromkeys(programme.team_ref(ref) for ref in partners))
    return _with_team_replaced(programme, replace(team, reference_for=chosen))


def withdraw(programme: Programme, team_id: str, day: date, reason: str) -> Programme:
    """The team withdrawn from 00:00 on ``day`` for ``reason``."""
    team = team_of(programme, team_id)
    return _with_team_replaced(programme, replace(team, withdrawn=Withdrawal(day, reason.strip())))


def reinstate(programme: Programme, team_id: str) -> Programme:
    """The team back in the programme (its withdrawal undone)."""
    return _with_team_replaced(programme, replace(team_of(programme, team_id), withdrawn=None))


# -- extensions and excusals -------------------------------------------------------------------


def extend(programme: Programme, team_id: str, deliverable: str, occurrence: int, due: date) -> Programme:
    """The programme with the team's assignment due on ``due`` (replacing an earlier extension)."""
    team_of(programme, team_id)
    others = tuple(
        e for e in programme.extensions if (e.team, e.deliverable, e.occurrence) != (team_id, deliverable, occurrence)
    )
    return replace(programme, extensions=(*others, Extension(team_id, deliverable, occurrence, due)))


def without_extension(programme: Programme, team_id: str, deliverable: str, occurrence: int) -> Programme:
    """The programme with the team's extension of this assignment withdrawn."""
    if programme.extension(team_id, deliverable, occurrence) is None:
        raise EditError(f"team '{team_id}' has no extension of {deliverable} {occurrence}")
    return replace(
        programme,
        extensions=tuple(
            e
            for e in programme.extensions
            if (e.team, e.deliverable, e.occurrence) != (team_id, deliverable, occurrence)
        ),
    )


def excuse(programme: Programme, team_id: str, deliverable: str, occurrence: int, reason: str) -> Programme:
    """The programme with the team's assignment waived for ``reason``."""
    team_of(programme, team_id)
    others = tuple(
        e for e in programme.excusals if (e.team, e.deliverable, e.occurrence) != (team_id, deliverable, occurrence)
    )
    return replace(programme, excusals=(*others, Excusal(team_id, deliverable, occurrence, reason.strip())))


# Why an assignment cannot take an extension or an excusal (codes; the pages say them in words).
SUBMITTED, EXCUSED, WITHDRAWN = "submitted", "excused", "withdrawn"
_STILL_OWED = frozenset({Status.NOT_OPEN, Status.OPEN, Status.OVERDUE})


def exception_refusal(run: Run, assignment: Assignment, kind: str, now: datetime) -> str | None:
    """Why ``assignment`` cannot be given an extension (``kind`` "extension") or an excusal
    ("excusal") at ``now`` — :data:`SUBMITTED`, :data:`EXCUSED` or :data:`WITHDRAWN` — or None.

    Only what the team still owes can get more time or be waived: a delivered document has been
    judged on time or late already, an excused one is owed by nobody, and a team that has left gets
    no more time (though what it left overdue may still be excused, to close the record).
    """
    status = run.status(assignment.key, now)
    if status in (Status.SUBMITTED_ON_TIME, Status.SUBMITTED_LATE):
        return SUBMITTED
    if status == Status.EXCUSED:
        return EXCUSED
    team = run.programme.team(assignment.team or "")
    if status not in _STILL_OWED or (
        kind == "extension" and team is not None and not team_is_active(team, now, run.workflow.tz)
    ):
        return WITHDRAWN
    return None


def without_excusal(programme: Programme, team_id: str, deliverable: str, occurrence: int) -> Programme:
    """The programme with the team's excusal of this assignment withdrawn (it is owed again)."""
    if programme.excusal(team_id, deliverable, occurrence) is None:
        raise EditError(f"team '{team_id}' has no excusal of {deliverable} {occurrence}")
    return replace(
        programme,
        excusals=tuple(
            e for e in programme.excusals if (e.team, e.deliverable, e.occurrence) != (team_id, deliverable, occurrence)
        ),
    )


# -- saving ------------------------------------------------------------------------------------


def save_edit(
    store: Store,
    catalog: Catalog,
    programme: Programme,
    actor: str,
    now: datetime,
    expected_revision: int | None,
    events: Iterable[Event] = (),
) -> Run:
    """Validate and store ``programme`` over ``expected_revision``, then log ``events``; the new run.

    Raises ``ProgrammeInvalid`` (nothing stored) or ``StaleRevision`` (someone saved meanwhile).
    """
    run = save_programme_document(store, catalog, programme.to_document(), actor, now, expected_revision)
    for event in events:
        event_repo.log_event(store, run.id, event.kind, actor, now, event.team, event.assignment, **event.detail)
    return run


# -- what a change does to the plan ------------------------------------------------------------


@dataclass(frozen=True)
class PlanChanges:
    """Team assignments a change affects: ``moved`` (before, after) pairs of unsubmitted ones whose
    opening or due instant changes; ``kept``, submitted ones whose plan moves but whose history
    stays; ``added`` and ``removed`` unsubmitted ones; ``regrouped``, submitted ones that would
    end up under another gathering or vanish from the plan."""

    moved: tuple[tuple[Assignment, Assignment], ...] = ()
    kept: tuple[Assignment, ...] = ()
    added: tuple[Assignment, ...] = ()
    removed: tuple[Assignment, ...] = ()
    regrouped: tuple[Assignment, ...] = ()

    @property
    def anything(self) -> bool:
        """Whether the plan changes at all."""
        return bool(self.moved or self.kept or self.added or self.removed or self.regrouped)


def plan_changes(run: Run, programme: Programme, now: datetime | None = None) -> PlanChanges:
    """What saving ``programme`` over ``run`` would do to the team assignments.

    ``programme`` may differ in its gatherings or in its cycle adjustments. With ``now``,
    assignments nobody has to meet any more at ``now`` — of a team that withdrew, or excused — are
    not counted as moving. Raises ``PlanError`` or ``AdjustmentError`` if ``programme`` cannot be
    planned (validation says why).
    """
    workflow = adjusted_workflow(run.installed_workflow, programme.cycle)
    planned_before = {a.key: a for a in plan_assignments(run.programme, run.workflow, include_disabled=True)}
    planned = {a.key: a for a in plan_assignments(programme, workflow, include_disabled=True) if a.team is not None}
    after = {a.key: a for a in plan_run(programme, workflow, run.delivered or run.deliveries) if a.team is not None}
    before = {a.key: a for a in run.assignments if a.team is not None}
    moved, kept, removed, regrouped = [], [], [], []
    for key, old in before.items():
        submitted = run.first(key) is not None
        new = after.get(key)
        if new is None:
            (regrouped if submitted else removed).append(old)
        elif submitted and _gathering_id(run.programme, old) != _gathering_id(programme, new):
            regrouped.append(old)
        elif submitted and key in planned_before and _when(planned[key]) != _when(planned_before[key]):
            kept.append(old)
        elif not submitted and _when(new) != _when(old) and not _waived(programme, new, now, run.workflow.tz):
            moved.append((old, new))
    added = [a for key, a in after.items() if key not in before]
    return PlanChanges(tuple(moved), tuple(kept), tuple(added), tuple(removed), tuple(regrouped))


def _waived(programme: Programme, assignment: Assignment, now: datetime | None, tz: tzinfo) -> bool:
    if now is None:
        return False
    return open_status(assignment, programme, now, tz) in (Status.WITHDRAWN, Status.EXCUSED)


def _when(assignment: Assignment) -> tuple[datetime, datetime]:
    return assignment.opens_at, assignment.effective_due_at


def _gathering_id(programme: Programme, assignment: Assignment) -> str | None:
    try:
        return programme.gathering(assignment.gathering).id
    except IndexError:
        return None


# -- a programme copied for the next round -----------------------------------------------------


def copied_programme(programme: Programme, new_id: str, title: str, first_day: date, keep_members: bool) -> Programme:
    """``programme`` for a new round: a new id and title, its gatherings moved so the first falls on
    ``first_day`` (the others keep their distance from it), the same teams — withdrawals undone,
    members only if ``keep_members`` — and the same cycle adjustments. Extensions and excusals
    belonged to the old round and are not copied; places and themes are, to be changed as needed."""
    shift = first_day - programme.gatherings[0].date if programme.gatherings else None
    gatherings = tuple(replace(g, date=g.date + shift) for g in programme.gatherings) if shift else programme.gatherings
    teams = tuple(replace(t, withdrawn=None, members=t.members if keep_members else ()) for t in programme.teams)
    return replace(
        programme,
        id=new_id.strip(),
        title=title.strip(),
        gatherings=gatherings,
        teams=teams,
        extensions=(),
        excusals=(),
        revision=0,
        created_at=None,
        updated_at=None,
    )
