"""One team's part in the learning loop as the leader's team page shows it.

The follow-up notes (newest day first), the feedback on the team's documents and the feedback it
wrote as reference group, the open requests for a new version, the messages it received, and
its reference-group relations both ways. Read-only; for leaders and observers (the notes are
theirs alone).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cycle import Team
from ..programmes import Run
from ..store import Store
from ..store import feedback as feedback_repo
from .feedback import FeedbackItem, feedback_items
from .followup import team_notes
from .messages import team_messages


@dataclass(frozen=True)
class TeamLoop:
    """What the leader's page of one team shows of the learning loop."""

    notes: tuple[Mapping[str, Any], ...]
    received: tuple[FeedbackItem, ...]  # on the team's documents, newest first
    written: tuple[FeedbackItem, ...]  # by the team as reference group, newest first
    messages: tuple[Mapping[str, Any], ...]  # newest first
    partners: tuple[Team, ...]  # the teams it is reference group for
    reference_groups: tuple[Team, ...]  # the teams that are reference group for it

    @property
    def requests(self) -> dict[str, FeedbackItem]:
        """Assignment key → the open request for a new version of it."""
        return {item.record["assignment"]: item for item in self.received if item.open_request}


def team_loop(store: Store, run: Run, team: Team, now: datetime) -> TeamLoop:
    """The :class:`TeamLoop` of ``team`` at ``now``."""
    received = feedback_repo.list_feedback(store, run.id, team=team.id)
    written = feedback_repo.list_feedback(store, run.id, from_team=team.id)
    return TeamLoop(
        notes=tuple(team_notes(store, run, team.id)),
        received=tuple(reversed(feedback_items(store, run, received, now))),
        written=tuple(reversed(feedback_items(store, run, written, now))),
        messages=tuple(team_messages(store, run, team.id)),
        partners=run.programme.partners(team.id),
        reference_groups=run.programme.reference_groups(team.id),
    )
