"""What the feedback records mean for a programme at ``now``: open requests, counts, who sees what.

Pure: it takes the :class:`~engine.cycle.Run` and the stored feedback records (plain dicts,
``engine.store.feedback``) and never changes either.

- A **request for a new version** is the leader's feedback with ``requests_version`` on the
  latest version of an assignment. It stays open until the team submits a later version (the
  request is then met), the leader cancels it, or nobody can act on it any more (the team
  withdrew, the leader excused the assignment). It is a mark beside the delivery status and
  never changes it: on time stays on time.
- **Visibility**: the team a document belongs to, the leader and observers see every feedback on
  it; a reference group sees the feedback it wrote itself, and nothing between other teams.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ..cycle import Run, Status, team_is_active

FeedbackRecord = Mapping[str, Any]


def is_open_request(run: Run, record: FeedbackRecord, now: datetime) -> bool:
    """Whether ``record`` asks for a new version that the team still owes at ``now``."""
    if not record.get("requests_version") or record.get("cancelled_at"):
        return False
    latest = run.latest(record["assignment"])
    if latest is None or latest["version"] != record["version"]:
        return False  # a later version came in: the request is met
    assignment = run.assignment(record["assignment"])
    team = run.programme.team(record["team"])
    if assignment is None or team is None or not team_is_active(team, now, run.workflow.tz):
        return False
    return run.status(assignment.key, now) != Status.EXCUSED


def open_requests(run: Run, records: Iterable[FeedbackRecord], now: datetime) -> dict[str, FeedbackRecord]:
    """Assignment key → the leader's open request for a new version of it (the latest one if several)."""
    found: dict[str, FeedbackRecord] = {}
    for record in records:
        if is_open_request(run, record, now):
            found[record["assignment"]] = record
    return found


def answered_requests(run: Run, records: Iterable[FeedbackRecord]) -> dict[str, FeedbackRecord]:
    """Assignment key → the leader's request for a new version that the team has answered with a later
    version, where the leader has written no feedback on a version since: the leader's turn."""
    latest_request: dict[str, FeedbackRecord] = {}
    leader_since: dict[str, int] = {}
    for record in records:
        if record.get("by") == "team":
            continue
        key = record["assignment"]
        leader_since[key] = max(leader_since.get(key, 0), int(record["version"]))
        if record.get("requests_version") and not record.get("cancelled_at"):
            latest_request[key] = record
    found = {}
    for key, record in latest_request.items():
        latest = run.latest(key)
        if latest is not None and latest["version"] > record["version"] >= leader_since[key]:
            found[key] = record
    return found


def reference_counts(records: Iterable[FeedbackRecord]) -> Counter[str]:
    """Assignment key → how many feedbacks reference groups wrote on it (the matrix shows the count)."""
    return Counter(record["assignment"] for record in records if record.get("by") == "team")


def visible_to_team(records: Iterable[FeedbackRecord], team_id: str) -> list[FeedbackRecord]:
    """The feedback a team's link may show: on the team's own documents, and what the team wrote."""
    return [r for r in records if r["team"] == team_id or r.get("from_team") == team_id]


def by_version(records: Iterable[FeedbackRecord]) -> dict[tuple[str, int], list[FeedbackRecord]]:
    """(assignment key, version) → its feedback, oldest first (for version histories)."""
    grouped: dict[tuple[str, int], list[FeedbackRecord]] = {}
    for record in records:
        grouped.setdefault((record["assignment"], record["version"]), []).append(record)
    return grouped
