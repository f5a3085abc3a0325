"""The learning loop of a programme as plain records: follow-up notes and feedback, per team.

For reports and exports (the programme report draws on it): :func:`loop_records` returns one
JSON-able dict per note and per feedback, with the names looked up now (records store ids only),
grouped by the team they concern. Keys (HACKING.md "The learning loop as plain records"):

- ``type``: ``followup`` (the leader's note about a contact) or ``feedback`` (on a document);
- ``team``: the id of the team it concerns (the team noted, the team whose document it is);
- ``date``: the day it concerns (the contact's day; the day feedback was written), ISO;
- ``at``: when it was written, ISO 8601 with offset;
- ``kind``: ``meeting`` ``call`` ``visit`` ``email`` ``other`` (notes), ``comment`` or ``request``
  (feedback; ``request`` asks for a new version);
- ``author``: the writer's name (empty if no longer known); ``author_role``: ``leader`` or ``team``;
- ``from_team``: the id of the reference group that wrote it (feedback by a team; else None);
- ``assignment``, ``deliverable``, ``occurrence``, ``version``: the document (feedback; else None);
- ``text``: what was written;
- ``visibility``: ``leader`` (leaders and observers only: every note) or ``team`` (also the team
  concerned and, for a reference group's feedback, the team that wrote it);
- ``request_open``: for a request, whether it is still open at ``now`` (else None).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..programmes import Run
from ..reports.feedback import is_open_request
from ..store import Store
from ..store import feedback as feedback_repo
from ..store import followups as note_repo
from ..store.records import split_assignment
from .feedback import author_names

Record = dict[str, Any]


def loop_records(store: Store, run: Run, now: datetime) -> dict[str, list[Record]]:
    """Team id → its notes and feedback as plain records, by day then as written (every team has a key)."""
    names = author_names(store, run)
    grouped: dict[str, list[Record]] = {team.id: [] for team in run.programme.teams}
    for note in note_repo.list_notes(store, run.id):
        grouped.setdefault(note["team"], []).append(_note(note, names))
    for record in feedback_repo.list_feedback(store, run.id):
        grouped.setdefault(record["team"], []).append(_feedback(run, record, names, now))
    for records in grouped.values():
        records.sort(key=lambda r: r["date"])  # stable: within a day, notes first, each as written
    return grouped


def _note(note: Record, names: dict[str, str]) -> Record:
    return {
        "type": "followup",
        "team": note["team"],
        "date": note["date"],
        "at": note["created_at"],
        "kind": note["kind"],
        "author": names.get(note["author"], ""),
        "author_role": "leader",
        "from_team": None,
        "assignment": None,
        "deliverable": None,
        "occurrence": None,
        "version": None,
        "text": note["text"],
        "visibility": "leader",
        "request_open": None,
    }


def _feedback(run: Run, record: Record, names: dict[str, str], now: datetime) -> Record:
    _pid, _team, deliverable, occurrence = split_assignment(record["assignment"])
    by_team = record["by"] == "team"
    key = f"{record['from_team']}/{record['author']}" if by_team else record["author"]
    request = bool(record.get("requests_version"))
    return {
        "type": "feedback",
        "team": record["team"],
        "date": datetime.fromisoformat(record["created_at"]).astimezone(run.workflow.tz).date().isoformat(),
        "at": record["created_at"],
        "kind": "request" if request else "comment",
        "author": names.get(key, ""),
        "author_role": "team" if by_team else "leader",
        "from_team": record.get("from_team"),
        "assignment": record["assignment"],
        "deliverable": deliverable,
        "occurrence": occurrence,
        "version": record["version"],
        "text": record["text"],
        "visibility": "team",
        "request_open": is_open_request(run, record, now) if request else None,
    }
