"""Mail to every active member of a team: feedback on its documents and the leader's messages.

Like receipts, these are only queued here (nothing is sent inside a request): the workflow's
``feedback`` and ``message`` texts are rendered (``engine.cycle.render_mail``, sandboxed) once per
member, with :data:`~engine.access.links.LINK_MARKER` where the member's personal link goes;
the scheduler's sender mints the link when it sends (``link_for``), so a raw token never rests
on disk. Each message has a deterministic idempotency key, so queueing twice queues once:

- ``feedback:<feedback id>:<member>`` (kind ``feedback``, with ``X-Verksted-Assignment``);
- ``message:<message id>:<team>:<member>`` (kind ``message``).

At send time (``relevance``) a message to a member who was deactivated meanwhile, or whose team
withdrew, is dropped; an address corrected meanwhile is used.

- ``queue_feedback(store, run, feedback, author_name, now) -> int`` (messages queued)
- ``queue_message(store, run, message, now) -> int``
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..access.links import LINK_MARKER
from ..cycle import Member, Team, feedback_context, message_context, render_mail, team_is_active
from ..programmes import Run
from ..store import Store
from ..store.outbox import enqueue_many
from .receipts import member_message


def queue_feedback(store: Store, run: Run, feedback: Mapping[str, Any], author_name: str, now: datetime) -> int:
    """Queue ``feedback`` (a stored record) to every active member of the team whose document it is."""
    team = run.programme.team(feedback["team"])
    assignment = run.assignment(feedback["assignment"])
    if team is None or assignment is None:
        return 0
    version = next((v for v in run.versions(assignment.key) if v["version"] == feedback["version"]), None)
    writer = run.programme.team(feedback["from_team"]) if feedback.get("from_team") else None
    values = {
        "text": feedback["text"],
        "version": feedback["version"],
        "submitted_at": datetime.fromisoformat(version["submitted_at"]) if version else None,
        "requests_version": feedback.get("requests_version"),
        "from_team": writer.name if writer else feedback.get("from_team"),
        "author": author_name,
    }

    def render(member: Member) -> tuple[str, str]:
        context = feedback_context(run.programme, run.workflow, assignment, values, member.id, LINK_MARKER)
        return render_mail(run.workflow, "feedback", context, run.programme.language)

    return _enqueue(store, run, team, now, Mail("feedback", f"feedback:{feedback['id']}", render, assignment.key))


def queue_message(store: Store, run: Run, message: Mapping[str, Any], now: datetime) -> int:
    """Queue the leader's ``message`` (a stored record) to every active member of each of its teams
    that is still in the programme."""
    queued = 0
    for team in (run.programme.team(team_id) for team_id in message["teams"]):
        if team is None:
            continue

        def render(member: Member, team: Team = team) -> tuple[str, str]:
            context = message_context(
                run.programme, run.workflow, team.id, member.id, message["subject"], message["text"], LINK_MARKER
            )
            return render_mail(run.workflow, "message", context, run.programme.language)

        queued += _enqueue(store, run, team, now, Mail("message", f"message:{message['id']}:{team.id}", render))
    return queued


@dataclass(frozen=True)
class Mail:
    """One message to a team: its kind, the key every member's copy starts with, how a member's copy
    is rendered (subject, text), and the assignment it concerns, if any."""

    kind: str
    key: str
    render: Callable[[Member], tuple[str, str]]
    assignment: str | None = None


def recipients(run: Run, team: Team, now: datetime) -> tuple[Member, ...]:
    """Who team mail goes to at ``now``: the active members of a team still in the programme."""
    return team.active_members if team_is_active(team, now, run.workflow.tz) else ()


def _enqueue(store: Store, run: Run, team: Team, now: datetime, mail: Mail) -> int:
    """Queue ``mail`` to each recipient of ``team``; how many messages are new."""
    records = []
    for member in recipients(run, team, now):
        subject, text = mail.render(member)
        message = member_message(run, f"{mail.key}:{member.id}", mail.kind, team.id, member, subject, text)
        records.append({**message, "assignment": mail.assignment})
    results = enqueue_many(store, run.id, records, now) if records else []
    return sum(1 for _, created in results if created)
