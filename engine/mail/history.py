"""What the leader's mail pages show: the outbox, and which mail went out when for each assignment.

Built from the outbox (``store.outbox.list_messages``: waiting messages, sent and discarded ones as
metadata) and the programme's plan. Pure apart from reading the store in :func:`programme_mail`;
the views only render what these functions return.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cycle import Assignment, Status, still_expected, team_is_active
from ..programmes import Run
from ..store import Store
from ..store import outbox as outbox_repo
from ..store.records import parse_iso
from .reminders import why_not_remind

RECENT = 50  # sent messages the outbox page lists


@dataclass(frozen=True)
class MessageRow:
    """One message as a table row."""

    id: str
    key: str
    kind: str
    rule: str | None
    assignment: str | None
    team: str | None
    member: str | None
    recipients: str
    subject: str
    state: str  # pending | failed | sent | discarded
    attempts: int
    last_error: str | None
    reason: str | None  # why it was discarded
    next_attempt_at: datetime | None
    created_at: datetime | None
    sent_at: datetime | None
    discarded_at: datetime | None

    @property
    def at(self) -> datetime | None:
        """When it went out, was dropped, or was queued."""
        return self.sent_at or self.discarded_at or self.created_at


@dataclass(frozen=True)
class Outbox:
    """A programme's mail: waiting, failed (with the error and the next attempt), recent, everything."""

    pending: list[MessageRow]
    failed: list[MessageRow]
    recent: list[MessageRow]  # sent, newest first
    rows: list[MessageRow]  # every message, oldest first


@dataclass(frozen=True)
class Occasion:
    """One deliverable occurrence (Statusrapport before gathering 4) across the teams."""

    deliverable: str
    occurrence: int
    title: str
    per_gathering: bool
    opens_at: datetime
    due_at: datetime  # the planned due instant (extensions differ per team)
    teams: int  # the teams it is still expected from (delivered, or owed by a team still in)
    submitted: int
    remindable: int
    sent: int  # messages sent about it


@dataclass(frozen=True)
class TeamMail:
    """One team's assignment of an occasion: its status and every message about it."""

    assignment: Assignment
    team_name: str
    status: Status
    not_remindable: str | None  # why "send reminder now" is not offered
    messages: list[MessageRow]


def message_row(record: Mapping[str, Any]) -> MessageRow:
    """A stored message (waiting record or sent metadata) as a row."""
    return MessageRow(
        id=record["id"],
        key=record["key"],
        kind=record.get("kind") or "",
        rule=record.get("rule"),
        assignment=record.get("assignment"),
        team=record.get("team"),
        member=record.get("member"),
        recipients=recipients(record.get("to") or []),
        subject=record.get("subject") or "",
        state=record.get("state") or "pending",
        attempts=int(record.get("attempts") or 0),
        last_error=record.get("last_error"),
        reason=record.get("reason"),
        next_attempt_at=_instant(record.get("next_attempt_at")),
        created_at=_instant(record.get("created_at")),
        sent_at=_instant(record.get("sent_at")),
        discarded_at=_instant(record.get("discarded_at")),
    )


def recipients(entries: Iterable[Mapping[str, Any] | str]) -> str:
    """``Kari Holm <kari@example.org>, …`` from a record's ``to`` list."""
    shown = []
    for entry in entries:
        if isinstance(entry, str):
            shown.append(entry)
        else:
            name, email = entry.get("name") or "", entry.get("email") or ""
            shown.append(f"{name} <{email}>" if name else email)
    return ", ".join(shown)


def mail_counts(store: Store, pid: str) -> Counter[str]:
    """Messages of ``pid`` per state, without copying a record (the overview lists every programme)."""
    counts: Counter[str] = Counter(record.get("state") or "sent" for record in store.sent_log(pid).read())
    recorded = {record["id"] for record in store.sent_log(pid).read()}
    counts.update(
        m["state"] for m in store.peek(store.outbox_file(pid)).get("messages", {}).values() if m["id"] not in recorded
    )
    return counts


def programme_mail(store: Store, pid: str) -> Outbox:
    """Programme ``pid``'s outbox for the mail page."""
    rows = [message_row(record) for record in outbox_repo.list_messages(store, pid)]
    pending = sorted((r for r in rows if r.state == "pending"), key=lambda r: (r.next_attempt_at or r.at, r.key))
    failed = [r for r in rows if r.state == "failed"]
    recent = [r for r in reversed(rows) if r.state == "sent"][:RECENT]
    return Outbox(pending, failed, recent, rows)


def occasions(run: Run, rows: Iterable[MessageRow], now: datetime) -> list[Occasion]:
    """Every deliverable occurrence that has opened by ``now``, latest due first."""
    sent = Counter(row.assignment for row in rows if row.state == "sent" and row.assignment)
    states = run.statuses(now)
    active = {t.id for t in run.programme.teams if team_is_active(t, now, run.workflow.tz)}
    groups: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
    for assignment in run.assignments:
        if assignment.opens_at <= now:
            groups[(assignment.deliverable, assignment.occurrence)].append(assignment)
    result = []
    for (deliverable, occurrence), members in groups.items():
        first = members[0]
        spec = run.workflow.deliverable(deliverable)
        # Teams that withdrew (or were excused) are not counted: "submitted 2 / 5", not "2 / 8".
        team_owned = [a for a in members if a.team is not None and still_expected(states[a.key], a.team in active)]
        result.append(
            Occasion(
                deliverable=deliverable,
                occurrence=occurrence,
                title=first.title,
                per_gathering=bool(spec and spec.per_gathering),
                opens_at=first.opens_at,
                due_at=first.due_at,
                teams=len(team_owned),
                submitted=sum(
                    1 for a in team_owned if states[a.key] in (Status.SUBMITTED_ON_TIME, Status.SUBMITTED_LATE)
                ),
                remindable=sum(1 for a in team_owned if why_not_remind(run, a, now) is None),
                sent=sum(sent[a.key] for a in members),
            )
        )
    result.sort(key=lambda o: (o.due_at, o.deliverable, o.occurrence), reverse=True)
    return result


def occasion_mail(
    run: Run, rows: Iterable[MessageRow], deliverable: str, occurrence: int, now: datetime, team: str | None = None
) -> list[TeamMail]:
    """Per team (or only ``team``): the assignment of this occasion, its status, its mail oldest first."""
    by_assignment: dict[str, list[MessageRow]] = defaultdict(list)
    for row in rows:
        if row.assignment:
            by_assignment[row.assignment].append(row)
    states = run.statuses(now)
    result = []
    for assignment in run.assignments:
        if assignment.deliverable != deliverable or assignment.occurrence != occurrence:
            continue
        if team is not None and assignment.team != team:
            continue
        owner = run.programme.team(assignment.team) if assignment.team else None
        result.append(
            TeamMail(
                assignment=assignment,
                team_name=owner.name if owner else "",
                status=states[assignment.key],
                not_remindable=why_not_remind(run, assignment, now) if assignment.team else "participants",
                messages=sorted(by_assignment.get(assignment.key, []), key=lambda r: (r.at, r.key)),
            )
        )
    return result


def _instant(value: str | None) -> datetime | None:
    return parse_iso(value) if value else None
