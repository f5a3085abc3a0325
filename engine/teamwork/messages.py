"""The project leader's messages to teams: to all active teams, to chosen teams, or to one team.

A message is stored once (``engine.store.messages``: subject, text, the teams) and queued by mail
to every active member of each team, with their personal link (``engine.mail.teammail``); each
team's page lists the messages it received. Only teams still in the programme can be written to.
The admin pages and ``flask message send`` both come here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cycle import Team, team_is_active
from ..mail.teammail import queue_message, recipients
from ..programmes import Run
from ..store import Store
from ..store import messages as message_repo
from .refused import Refused
from .written import has_line_break, written

MAX_SUBJECT = 200
MAX_TEXT = 20_000

# Why a message is refused (MessageRefused.reason); ``detail`` names the team where one is at fault.
NO_SUBJECT, SUBJECT_TOO_LONG, SUBJECT_LINES, NO_TEXT, TEXT_TOO_LONG, NO_TEAMS, UNKNOWN_TEAM, WITHDRAWN_TEAM = (
    "no_subject",
    "subject_too_long",
    "subject_lines",  # a subject is one line: a line break in it is refused, not joined silently
    "no_text",
    "text_too_long",
    "no_teams",
    "unknown_team",
    "withdrawn_team",
)


class MessageRefused(Refused):
    """A message that cannot be sent as asked; ``reason`` is one of the constants above."""


@dataclass(frozen=True)
class SentMessage:
    """What sending did: the stored message, its teams, and how many e-mails were queued now."""

    record: dict[str, Any]
    teams: tuple[Team, ...]
    queued: int
    created: bool


def active_teams(run: Run, now: datetime) -> list[Team]:
    """The teams a message can go to at ``now``: those still in the programme."""
    return [team for team in run.programme.teams if team_is_active(team, now, run.workflow.tz)]


def send_message(
    store: Store,
    run: Run,
    subject: str,
    text: str,
    team_refs: Iterable[str] | None,
    author: str,
    nonce: str | None,
    now: datetime,
) -> SentMessage:
    """Store the message and queue it to the teams named (ids or names); ``None``: every active team.

    Raises :class:`MessageRefused` for the first of :func:`message_problems`. A replayed nonce
    returns the first message and queues nothing.
    """
    problems = message_problems(run, subject, text, team_refs, now)
    if problems:
        raise MessageRefused(*problems[0])
    teams = _chosen(run, team_refs, now)
    record, created = message_repo.add_message(
        store, run.id, _one_line(subject), _body(text), [team.id for team in teams], author, nonce, now
    )
    queued = queue_message(store, run, record, now) if created else 0
    return SentMessage(record, tuple(teams), queued, created)


def message_problems(
    run: Run, subject: str, text: str, team_refs: Iterable[str] | None, now: datetime
) -> list[tuple[str, str]]:
    """Everything that keeps a message from being sent, as ``(reason, detail)`` pairs (empty: none)."""
    problems: list[tuple[str, str]] = []
    lines = has_line_break(subject)
    subject, text = _one_line(subject), _body(text)
    if not subject:
        problems.append((NO_SUBJECT, ""))
    elif lines:
        problems.append((SUBJECT_LINES, ""))
    elif len(subject) > MAX_SUBJECT:
        problems.append((SUBJECT_TOO_LONG, ""))
    if not text.strip():
        problems.append((NO_TEXT, ""))
    elif len(text) > MAX_TEXT:
        problems.append((TEXT_TOO_LONG, ""))
    refs = list(dict.fromkeys(team_refs)) if team_refs is not None else None
    for ref in refs or ():
        team = run.programme.team(run.programme.team_ref(ref))
        if team is None:
            problems.append((UNKNOWN_TEAM, ref))
        elif not team_is_active(team, now, run.workflow.tz):
            problems.append((WITHDRAWN_TEAM, team.name))
    if not refs and not (refs is None and active_teams(run, now)):
        problems.append((NO_TEAMS, ""))
    return problems


def _one_line(subject: str) -> str:
    return " ".join(written(subject).split())  # one line: it becomes the mail's subject


def _body(text: str) -> str:
    return written(text)


def _chosen(run: Run, team_refs: Iterable[str] | None, now: datetime) -> list[Team]:
    """The teams a message goes to (after :func:`message_problems` found nothing wrong)."""
    if team_refs is None:
        return active_teams(run, now)
    found = (run.programme.team(run.programme.team_ref(ref)) for ref in team_refs)
    return list(dict.fromkeys(team for team in found if team is not None))


def recipient_count(run: Run, teams: Iterable[Team], now: datetime) -> int:
    """How many people a message to ``teams`` reaches at ``now`` (their active members)."""
    return sum(len(recipients(run, team, now)) for team in teams)


def team_messages(store: Store, run: Run, team_id: str) -> list[dict[str, Any]]:
    """The messages team ``team_id`` received, newest first."""
    return list(reversed(message_repo.list_team_messages(store, run.id, team_id)))


def all_messages(store: Store, run: Run) -> list[dict[str, Any]]:
    """Every message of the programme, newest first."""
    return list(reversed(message_repo.list_team_messages(store, run.id)))
