"""What reaches a team from the others: feedback on its documents, open requests, the leader's messages,
and its part as reference group.

One value for the team's page (:func:`team_inbox`), read-only. A team sees the feedback on its
own documents — from the project leader and from its reference groups, with who wrote it — the
messages sent to it, and the documents of the teams it is reference group for; never feedback
between other teams (``engine.reports.feedback.visible_to_team``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..access.team import TeamAccess
from ..cycle import Team
from ..programmes import Run
from ..store import Store
from ..store import feedback as feedback_repo
from .feedback import FeedbackItem, feedback_items
from .messages import team_messages
from .partners import Partner, partners


@dataclass(frozen=True)
class Inbox:
    """The feedback, requests, messages and reference-group work of one team."""

    feedback: tuple[FeedbackItem, ...] = ()  # on the team's documents, newest first
    requests: Mapping[str, FeedbackItem] = field(default_factory=dict)  # assignment key → open request
    messages: tuple[dict[str, Any], ...] = ()  # newest first
    partners: tuple[Partner, ...] = ()
    reference_groups: tuple[Team, ...] = ()  # the teams that are reference group for this one

    def on(self, assignment_key: str, version: int | None = None) -> list[FeedbackItem]:
        """Feedback on one assignment (or one version of it), oldest first."""
        return [
            item
            for item in reversed(self.feedback)
            if item.record["assignment"] == assignment_key and (version is None or item.record["version"] == version)
        ]


def team_inbox(store: Store, access: TeamAccess, now: datetime) -> Inbox:
    """The :class:`Inbox` of ``access``'s team at ``now``."""
    run, team = access.run, access.team
    records = feedback_repo.list_feedback(store, run.id, team=team.id)
    items = feedback_items(store, run, records, now)
    return Inbox(
        feedback=tuple(reversed(items)),
        requests={item.record["assignment"]: item for item in items if item.open_request},
        messages=tuple(team_messages(store, run, team.id)),
        partners=partners(store, access, now),
        reference_groups=run.programme.reference_groups(team.id),
    )


def document_feedback(store: Store, run: Run, assignment_key: str, now: datetime) -> list[FeedbackItem]:
    """Every feedback on one of a team's documents (all versions), oldest first — what the team, the
    leader and observers see beside it."""
    records = feedback_repo.list_feedback(store, run.id, assignment=assignment_key)
    return feedback_items(store, run, records, now)
