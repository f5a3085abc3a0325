"""What the read-only JSON API hands out: programmes, gatherings, teams, assignments, submissions, evaluations.

Each function takes a :class:`~engine.cycle.Run` (and the store where answers are read) and returns
plain JSON — the shapes ``engine.web.api.openapi`` documents, so other programs can rely on them.
E-mail addresses appear only where ``addresses`` is true (the token's scope); evaluations only in
aggregate: counts and averages, never a participant's words. Submissions are the teams' (the
leader's own documents are not listed); nothing of the learning loop is handed out — feedback and
messages are for the teams concerned, follow-up notes for the leader and observers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..cycle import Status
from ..programmes import Catalog, Run, answers_of
from ..reports.evaluations import summarise
from ..store import LEADER_OWNER, Store
from ..store import evaluations as evaluation_repo


def programme(run: Run, addresses: bool) -> dict[str, Any]:
    """One programme: its settings, lifecycle and size."""
    document, p = run.document, run.programme
    return {
        "id": p.id,
        "title": p.title,
        "workflow": p.workflow,
        "language": p.language,
        "recipient": p.recipient,
        "leader": {"name": p.leader.name, **({"email": p.leader.email} if addresses else {})},
        "gatherings": len(p.gatherings),
        "teams": len(p.teams),
        "revision": run.revision,
        "updated_at": document.get("updated_at"),
        "closed_at": document.get("closed_at"),
        "purged_at": document.get("purged_at"),
    }


def gatherings(run: Run) -> list[dict[str, Any]]:
    """The gatherings, numbered 1… in date order (as the programme document keeps them)."""
    return [{"number": n, **g} for n, g in enumerate(run.programme.to_document()["gatherings"], start=1)]


def teams(run: Run, addresses: bool) -> list[dict[str, Any]]:
    """The teams with their members (addresses only with ``addresses``)."""
    found = run.programme.to_document()["teams"]
    if not addresses:
        for team in found:
            for member in team["members"]:
                del member["email"]
    return found


def assignments(run: Run, now: datetime, filters: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The team assignments with their status at ``now``, filtered by ``team``, ``deliverable``, ``status``."""
    statuses = run.statuses(now)
    found = []
    for assignment in run.assignments:
        if assignment.team is None or not _matches(assignment.team, assignment.deliverable, None, filters):
            continue
        status = statuses[assignment.key]
        if filters.get("status") and status.value != filters["status"]:
            continue
        first = run.first(assignment.key)
        found.append(
            {
                "key": assignment.key,
                "team": assignment.team,
                "deliverable": assignment.deliverable,
                "occurrence": assignment.occurrence,
                "title": assignment.title,
                "form": assignment.form,
                "gathering": assignment.gathering,
                "opens_at": assignment.opens_at.isoformat(),
                "due_at": assignment.effective_due_at.isoformat(),
                "extended": assignment.extended_due_at is not None,
                "status": status.value,
                "submitted_at": first["submitted_at"] if first else None,
                "versions": len(run.versions(assignment.key)),
            }
        )
    return found


def submissions(store: Store, run: Run, filters: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every version a team submitted, with its answers, filtered by ``team``, ``deliverable``,
    ``occurrence``; with ``latest`` only each assignment's newest version."""
    records = [
        r
        for r in run.deliveries
        if r["team"] != LEADER_OWNER  # the leader's own documents are theirs, like their drafts: not listed
        and _matches(r["team"], r["deliverable"], r["occurrence"], filters)
    ]
    if filters.get("latest"):
        newest: dict[str, dict[str, Any]] = {}
        for record in records:
            if record["assignment"] not in newest or record["version"] > newest[record["assignment"]]["version"]:
                newest[record["assignment"]] = record
        records = list(newest.values())
    records.sort(key=lambda r: (r["team"], r["submitted_at"], r["version"]))
    return [
        {
            "id": r["id"],
            "assignment": r["assignment"],
            "team": r["team"],
            "deliverable": r["deliverable"],
            "occurrence": r["occurrence"],
            "version": r["version"],
            "submitted_at": r["submitted_at"],
            "submitted_by": r.get("submitted_by_name") or "",
            "form": r["form"],
            "form_version": r["form_version"],
            "answers": answers_of(store, run, r),
        }
        for r in records
    ]


def evaluations(store: Store, catalog: Catalog, run: Run) -> list[dict[str, Any]]:
    """Per gathering with an evaluation: how many answered, and each scale's average and distribution;
    of a free-text question only how many answered it."""
    found = []
    for number, gathering in enumerate(run.programme.gatherings, start=1):
        assignment = next((a for a in run.participant_assignments() if a.occurrence == number), None)
        template = catalog.forms.get(assignment.form) if assignment is not None else None
        if assignment is None or template is None:
            continue
        summary = summarise(template, evaluation_repo.list_evaluations(store, run.id, gathering.id))
        found.append(
            {
                "gathering": number,
                "form": assignment.form,
                "responses": summary.responses,
                "scales": [
                    {
                        "key": s.key,
                        "label": s.label,
                        "low": s.low,
                        "high": s.high,
                        "answered": s.answered,
                        "average": s.average,
                        "counts": {str(value): count for value, count in s.counts},
                    }
                    for s in summary.scales
                ],
                "texts": [{"key": t.key, "label": t.label, "answered": len(t.answers)} for t in summary.texts],
            }
        )
    return found


STATUSES = tuple(status.value for status in Status)


def _matches(team: str | None, deliverable: str, occurrence: int | None, filters: Mapping[str, Any]) -> bool:
    return (
        (not filters.get("team") or team == filters["team"])
        and (not filters.get("deliverable") or deliverable == filters["deliverable"])
        and (occurrence is None or filters.get("occurrence") is None or occurrence == filters["occurrence"])
    )
