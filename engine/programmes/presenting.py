"""Who presents at a gathering: the leader marks submitted documents worth sharing, then chooses.

The seed report: the Statusrapports "ble brukt som grunnlag for å vurdere hvem som burde holde
innlegg om sitt arbeid på samlingene". So on a team's submitted document the leader marks "worth
sharing at the next gathering" with a one-line reason (:func:`mark_worth_sharing`); the next
gathering is the first one on or after the document's due day (a Statusrapport due two weeks
before gathering 4 is shared at gathering 4). The gathering's page lists the marked teams as
candidates (:func:`candidates`); the leader confirms the ones who present (``engine.mail.presenters``
also tells the team by mail); the team page (:func:`team_presenting`) and the programme report say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cycle import Assignment, Gathering, Run, Team
from ..cycle.timerules import local_day
from ..schema.cleantext import LINE_BREAK, clean_input
from ..store import Store
from ..store import presenters as presenter_repo
from .report import gathering_number, next_gathering

MAX_REASON = 200


class PresenterError(ValueError):
    """A mark that cannot be made: ``reason`` is ``empty``, ``lines`` (a line break in the one-line
    reason), ``too_long``, ``not_submitted`` or ``no_gathering`` (the pages say each in a sentence
    of their language)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Candidate:
    """A team marked worth sharing at a gathering."""

    team: Team
    assignment: Assignment | None
    reason: str
    confirmed: bool
    record: dict[str, Any]


def sharing_gathering(run: Run, assignment: Assignment) -> tuple[int, Gathering] | None:
    """The gathering a team's document is shared at: the first on or after its due day."""
    return next_gathering(run, local_day(assignment.due_at, run.workflow.tz))


def clean_reason(text: str | None) -> str:
    """The reason on one line, or :class:`PresenterError` if it is empty or too long."""
    cleaned = clean_input(text or "").strip()
    if LINE_BREAK.search(cleaned):
        raise PresenterError("lines")  # a one-line field: a line break is refused, not joined silently
    reason = " ".join(cleaned.split())
    if not reason:
        raise PresenterError("empty")
    if len(reason) > MAX_REASON:
        raise PresenterError("too_long")
    return reason


def mark_worth_sharing(
    store: Store, run: Run, assignment: Assignment, reason: str, actor: str, now: datetime
) -> tuple[int, dict[str, Any]]:
    """Mark the team of ``assignment`` worth sharing at the next gathering; (its number, the record)."""
    latest = run.latest(assignment.key)
    if assignment.team is None or latest is None:
        raise PresenterError("not_submitted")
    found = sharing_gathering(run, assignment)
    if found is None or found[1].date < local_day(now, run.workflow.tz):
        raise PresenterError("no_gathering")
    number, gathering = found
    record = presenter_repo.mark(
        store, run.id, gathering.id, assignment.team, assignment.key, latest["id"], clean_reason(reason), actor, now
    )
    return number, record


def unmark(store: Store, run: Run, assignment: Assignment, actor: str, now: datetime) -> bool:
    """Take the team of ``assignment`` off the candidates of its next gathering."""
    found = sharing_gathering(run, assignment)
    if found is None or assignment.team is None:
        return False
    return presenter_repo.unmark(store, run.id, found[1].id, assignment.team, actor, now)


def mark_of(store: Store, run: Run, assignment: Assignment) -> tuple[int, dict[str, Any]] | None:
    """The mark the team of ``assignment`` has for its next gathering (its number and record), if any."""
    found = sharing_gathering(run, assignment)
    if found is None or assignment.team is None:
        return None
    records = presenter_repo.list_presenters(store, run.id, found[1].id, assignment.team)
    return (found[0], records[0]) if records else None


def candidates(store: Store, run: Run, number: int) -> list[Candidate]:
    """The teams marked for gathering ``number``, in the programme's team order."""
    gathering = run.programme.gathering(number)
    records = {r["team"]: r for r in presenter_repo.list_presenters(store, run.id, gathering.id)}
    return [
        Candidate(
            team,
            run.assignment(records[team.id]["assignment"]),
            records[team.id].get("reason") or "",
            bool(records[team.id].get("confirmed_at")),
            records[team.id],
        )
        for team in run.programme.teams
        if team.id in records
    ]


def team_presenting(store: Store, run: Run, team_id: str, now: datetime) -> list[tuple[int, Gathering, str, bool]]:
    """The team's marks for gatherings from today on: (number, gathering, reason, confirmed)."""
    today = local_day(now, run.workflow.tz)
    found = []
    for record in presenter_repo.list_presenters(store, run.id, team=team_id):
        number = gathering_number(run, record["gathering"])
        if number is None:
            continue
        gathering = run.programme.gathering(number)
        if gathering.date >= today:
            found.append((number, gathering, record.get("reason") or "", bool(record.get("confirmed_at"))))
    return sorted(found, key=lambda item: item[0])
