"""The reference group's side: the submitted documents of the teams a team is reference group for.

A team reads, for each team it is reference group for (``Team.reference_for``), the *latest
submitted version* of each of that team's documents — never a draft, never another team's — and
writes feedback on it (``feedback.give_reference_feedback``). It sees the feedback it wrote
itself there, and nothing that other teams or the leader wrote to its partner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..access.team import TeamAccess
from ..cycle import Assignment, Team, team_is_active
from ..programmes import Run
from ..store import Store
from ..store import feedback as feedback_repo
from .feedback import FeedbackItem, author_names, feedback_items


@dataclass(frozen=True)
class PartnerDocument:
    """One submitted document of a partner: the assignment, its latest version, what we wrote on it."""

    assignment: Assignment
    latest: Mapping[str, Any]
    versions: int
    ours: tuple[FeedbackItem, ...] = ()


@dataclass(frozen=True)
class Partner:
    """A team ours is reference group for, its submitted documents, and whether we can write now."""

    team: Team
    documents: tuple[PartnerDocument, ...]
    can_write: bool


def partners(store: Store, access: TeamAccess, now: datetime) -> tuple[Partner, ...]:
    """Every team ``access``'s team is reference group for, with its submitted documents."""
    run, writer = access.run, access.team
    ours = feedback_repo.list_feedback(store, run.id, from_team=writer.id)
    names = author_names(store, run)
    found = []
    for partner in run.programme.partners(writer.id):
        documents = tuple(_document(store, run, a, ours, now, names) for a in submitted(run, partner.id))
        found.append(Partner(partner, documents, can_write(run, writer, partner, now)))
    return tuple(found)


def partner_document(
    store: Store, access: TeamAccess, partner_id: str, deliverable: str, occurrence: int, now: datetime
) -> tuple[Partner, PartnerDocument] | None:
    """One submitted document of a partner, or None where ``access`` may not see it (not a partner,
    no such assignment, nothing submitted) — the page answers 404 to all of them alike."""
    run, writer = access.run, access.team
    partner = run.programme.team(partner_id)
    if partner is None or partner.id not in writer.reference_for:
        return None
    assignment = run.find(partner.id, deliverable, occurrence)
    if assignment is None or run.latest(assignment.key) is None:
        return None
    ours = feedback_repo.list_feedback(store, run.id, assignment=assignment.key, from_team=writer.id)
    document = _document(store, run, assignment, ours, now, author_names(store, run))
    return Partner(partner, (document,), can_write(run, writer, partner, now)), document


def submitted(run: Run, team_id: str) -> list[Assignment]:
    """The team's assignments that have a submitted version, in the order they open."""
    return [a for a in run.team_assignments(team_id) if run.latest(a.key) is not None]


def can_write(run: Run, writer: Team, partner: Team, now: datetime) -> bool:
    """Whether ``writer`` may write feedback to ``partner`` at ``now``: both are still in the programme."""
    tz = run.workflow.tz
    return partner.id in writer.reference_for and team_is_active(writer, now, tz) and team_is_active(partner, now, tz)


def _document(
    store: Store,
    run: Run,
    assignment: Assignment,
    ours: list[dict[str, Any]],
    now: datetime,
    names: Mapping[str, str],
) -> PartnerDocument:
    versions = run.versions(assignment.key)
    mine = [record for record in ours if record["assignment"] == assignment.key]
    items = feedback_items(store, run, mine, now, names)
    return PartnerDocument(assignment, versions[-1], len(versions), tuple(items))
