"""Feedback on submitted documents: the project leader's, and each team's as reference group.

The leader writes feedback on any submitted version, as a comment or as a request for a new
version (only of the latest version, and only while the team can still submit one). A team
writes feedback on the latest submitted version of the documents of the teams it is reference
group for (``Team.reference_for``), while both teams are in the programme. Every feedback is kept
(``engine.store.feedback``) and mailed to every active member of the team whose document it is
(``engine.mail.teammail``); what it means at a moment — open requests, who sees what — is
derived in ``engine.reports.feedback``.

Names are looked up when shown (:func:`author_names`): the records hold ids only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..access.team import TeamAccess
from ..cycle import Assignment, Team, team_is_active
from ..mail.teammail import queue_feedback
from ..programmes import Run
from ..reports.feedback import is_open_request
from ..store import Store
from ..store import admins as admin_repo
from ..store import feedback as feedback_repo
from .refused import Refused
from .work import blocked_reason
from .written import written

MAX_CHARS = 10_000  # about four pages: feedback, not a document of its own

# Why feedback is refused (FeedbackRefused.reason); the pages say it in words.
EMPTY, TOO_LONG, NOT_LATEST, CANNOT_RESUBMIT, NOT_SUBMITTED, NOT_PARTNER, INACTIVE = (
    "empty",
    "too_long",
    "not_latest",
    "cannot_resubmit",
    "not_submitted",
    "not_partner",
    "inactive",
)


class FeedbackRefused(Refused):
    """Feedback that cannot be stored as asked; ``reason`` is one of the constants above."""


@dataclass(frozen=True)
class FeedbackItem:
    """One feedback as a page shows it: the record, who wrote it, and whether its request is open."""

    record: Mapping[str, Any]
    author: str  # a person's name, or "" where none is known any more
    from_team: Team | None  # the reference group that wrote it; None: the project leader
    open_request: bool = False

    @property
    def by_leader(self) -> bool:
        """Whether the project leader wrote it."""
        return self.record["by"] == "leader"


def check_text(text: str) -> str:
    """The feedback text as stored (:func:`~engine.teamwork.written.written`); raises :class:`FeedbackRefused`."""
    text = written(text)
    if not text:
        raise FeedbackRefused(EMPTY)
    if len(text) > MAX_CHARS:
        raise FeedbackRefused(TOO_LONG)
    return text


def give_leader_feedback(
    store: Store,
    run: Run,
    assignment: Assignment,
    version: int,
    text: str,
    requests_version: bool,
    admin: Mapping[str, Any],
    nonce: str | None,
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """The leader's feedback on ``version`` of ``assignment``, stored and mailed to the team.

    Returns the record and whether it is new (a replayed nonce stores and mails nothing).
    """
    text = check_text(text)
    record = _version(run, assignment, version)
    if requests_version:
        latest = run.latest(assignment.key)
        if latest is None or latest["version"] != version:
            raise FeedbackRefused(NOT_LATEST)
        if blocked_reason(run, assignment, run.status(assignment.key, now), now) is not None:
            raise FeedbackRefused(CANNOT_RESUBMIT)
    fields = {
        "assignment": assignment.key,
        "delivery": record["id"],
        "version": version,
        "by": "leader",
        "author": admin["id"],
        "text": text,
        "requests_version": requests_version,
    }
    stored, created = feedback_repo.add_feedback(store, run.id, fields, nonce, now)
    if created:
        queue_feedback(store, run, stored, leader_name(run, admin), now)
    return stored, created


def give_reference_feedback(
    store: Store, access: TeamAccess, assignment: Assignment, version: int, text: str, nonce: str | None, now: datetime
) -> tuple[dict[str, Any], bool]:
    """Feedback from ``access``'s team, as reference group, on ``version`` of a partner's document."""
    run, writer = access.run, access.team
    partner = run.programme.team(assignment.team or "")
    if partner is None or partner.id not in writer.reference_for:
        raise FeedbackRefused(NOT_PARTNER)
    if not (team_is_active(writer, now, run.workflow.tz) and team_is_active(partner, now, run.workflow.tz)):
        raise FeedbackRefused(INACTIVE)
    text = check_text(text)
    record = _version(run, assignment, version)
    fields = {
        "assignment": assignment.key,
        "delivery": record["id"],
        "version": version,
        "by": "team",
        "author": access.member.id,
        "from_team": writer.id,
        "text": text,
    }
    stored, created = feedback_repo.add_feedback(store, run.id, fields, nonce, now)
    if created:
        queue_feedback(store, run, stored, access.member.name, now)
    return stored, created


def cancel_request(
    store: Store, run: Run, assignment: Assignment, feedback_id: str, actor: str, now: datetime
) -> dict[str, Any] | None:
    """The leader withdraws a request for a new version of ``assignment``; None if it has no such request."""
    if not any(r["id"] == feedback_id for r in feedback_repo.list_feedback(store, run.id, assignment=assignment.key)):
        return None
    return feedback_repo.cancel_request(store, run.id, feedback_id, actor, now)


def feedback_items(
    store: Store, run: Run, records: list[Mapping[str, Any]], now: datetime, names: Mapping[str, str] | None = None
) -> list[FeedbackItem]:
    """``records`` as pages show them, with names looked up (``names``: :func:`author_names`, if the
    caller has them already) and open requests marked."""
    names = author_names(store, run) if names is None else names
    items = []
    for record in records:
        writer = run.programme.team(record["from_team"]) if record.get("from_team") else None
        key = f"{record['from_team']}/{record['author']}" if record.get("from_team") else record["author"]
        items.append(FeedbackItem(record, names.get(key, ""), writer, is_open_request(run, record, now)))
    return items


def author_names(store: Store, run: Run) -> dict[str, str]:
    """Names of whoever can write feedback: admins by id (``leader_name``), members as ``team/member``."""
    names = {admin["id"]: leader_name(run, admin) for admin in admin_repo.list_admins(store)}
    for team in run.programme.teams:
        for member in team.members:
            names[f"{team.id}/{member.id}"] = member.name
    return names


def leader_name(run: Run, admin: Mapping[str, Any]) -> str:
    """How the teams know the admin who wrote: the account's name, else the programme's leader if it
    is their address, else the address."""
    if admin.get("name"):
        return str(admin["name"])
    if str(admin.get("email", "")).casefold() == run.programme.leader.email.casefold():
        return run.programme.leader.name
    return str(admin.get("email", ""))


def _version(run: Run, assignment: Assignment, version: int) -> dict[str, Any]:
    record = next((v for v in run.versions(assignment.key) if v["version"] == version), None)
    if record is None:
        raise FeedbackRefused(NOT_SUBMITTED)
    return record
