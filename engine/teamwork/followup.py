"""The project leader's follow-up log: dated notes of what happened with a team between gatherings.

The leader of the seeds met every team regularly and visited each once; a note records one such
contact — a meeting, a call, a visit, an e-mail or something else — on the day it happened, with
a short text. Notes are written by leaders and read by leaders and observers only: no team page
shows them. Each is logged in the event log (``followup_noted``, ``followup_changed``,
``followup_removed``), and the programme report draws on them (``engine.teamwork.ledger``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..cycle.programme_rules import FIRST_YEAR
from ..cycle.timerules import local_day
from ..programmes import Run
from ..store import Store
from ..store import followups as note_repo
from .refused import Refused
from .written import written

KINDS = ("meeting", "call", "visit", "email", "other")
MAX_CHARS = 5_000

# Why a note is refused (NoteRefused.reason).
NO_TEAM, BAD_KIND, NO_TEXT, TOO_LONG, BAD_DAY, FUTURE_DAY, NO_NOTE = (
    "no_team",
    "bad_kind",
    "no_text",
    "too_long",
    "bad_day",
    "future_day",
    "no_note",
)


class NoteRefused(Refused):
    """A note that cannot be stored as asked; ``reason`` is one of the constants above."""


def add_note(
    store: Store,
    run: Run,
    team_id: str,
    day: date | None,
    kind: str,
    text: str,
    author: str,
    nonce: str | None,
    now: datetime,
) -> tuple[dict[str, Any], bool]:
    """Record a contact with team ``team_id``; raises :class:`NoteRefused`. A replayed nonce stores nothing."""
    if run.programme.team(team_id) is None:
        raise NoteRefused(NO_TEAM)
    day, kind, text = _checked(run, day, kind, text, now)
    return note_repo.add_note(store, run.id, team_id, day, kind, text, author, nonce, now)


def update_note(
    store: Store, run: Run, note_id: str, day: date | None, kind: str, text: str, actor: str, now: datetime
) -> dict[str, Any]:
    """Correct a note's day, kind or text; raises :class:`NoteRefused` (``no_note`` if it is gone)."""
    day, kind, text = _checked(run, day, kind, text, now)
    note = note_repo.update_note(store, run.id, note_id, day, kind, text, actor, now)
    if note is None:
        raise NoteRefused(NO_NOTE)
    return note


def remove_note(store: Store, run: Run, note_id: str, actor: str, now: datetime) -> dict[str, Any] | None:
    """Remove a note for good; None if there was none."""
    return note_repo.remove_note(store, run.id, note_id, actor, now)


def team_notes(store: Store, run: Run, team_id: str) -> list[dict[str, Any]]:
    """The notes about one team, newest day first."""
    return list(reversed(note_repo.list_notes(store, run.id, team_id)))


def get_note(store: Store, run: Run, team_id: str, note_id: str) -> dict[str, Any] | None:
    """One note about ``team_id`` by its id, or None."""
    return next((n for n in note_repo.list_notes(store, run.id, team_id) if n["id"] == note_id), None)


def _checked(run: Run, day: date | None, kind: str, text: str, now: datetime) -> tuple[date, str, str]:
    text = written(text)
    if kind not in KINDS:
        raise NoteRefused(BAD_KIND)
    if day is None or day.year < FIRST_YEAR:
        raise NoteRefused(BAD_DAY)
    if day > local_day(now, run.workflow.tz):
        raise NoteRefused(FUTURE_DAY)
    if not text:
        raise NoteRefused(NO_TEXT)
    if len(text) > MAX_CHARS:
        raise NoteRefused(TOO_LONG)
    return day, kind, text
