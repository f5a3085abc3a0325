"""A programme's event log: newest first, filtered by kind, team, assignment and dates, in pages.

Filters are a GET form, so a filtered view is a link the leader can keep. Actors are shown by
name where the programme or the accounts know them (a member, a leader), and the scheduler and
the system by those words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...cycle.timerules import day_end, day_start
from ...programmes import Run
from ...store import admins as admin_repo
from ...store import events as event_repo
from ...store import followups as note_repo
from ...store import get_store
from ...store import messages as message_repo
from ...store.records import split_assignment
from .blueprint import bp, run_or_404
from .common import FOLLOWUP_WORDS, occurrence_label, parse_day
from .words import dropped_reason, mail_kind_word

PAGE_SIZE = 50
KINDS = {
    "invited": _l("Invited"),
    "reminded": _l("Reminded"),
    "opened": _l("Opened"),
    "draft_saved": _l("Draft saved"),
    "submitted": _l("Submitted"),
    "extended": _l("Extension granted"),
    "extension_removed": _l("Extension removed"),
    "excused": _l("Excused"),
    "excusal_removed": _l("Excusal removed"),
    "withdrawn": _l("Team withdrew"),
    "reinstated": _l("Team reinstated"),
    "mail_sent": _l("E-mail sent"),
    "mail_failed": _l("E-mail failed"),
    "programme_saved": _l("Programme saved"),
    "cycle_adjusted": _l("Cycle adjusted"),
    "programme_copied": _l("Programme copied from another"),
    "link_revoked": _l("Links revoked"),
    "feedback_given": _l("Feedback given"),
    "request_cancelled": _l("Request for a new version withdrawn"),
    "message_written": _l("Message to teams"),
    "followup_noted": _l("Follow-up noted"),
    "followup_changed": _l("Follow-up note corrected"),
    "followup_removed": _l("Follow-up note removed"),
    "reference_set": _l("Reference groups changed"),
    "presenter_marked": _l("Marked as worth sharing"),
    "presenter_unmarked": _l("No longer marked as worth sharing"),
    "presenter_confirmed": _l("Chosen to present"),
    "presenter_unconfirmed": _l("No longer chosen to present"),
    "calendar_created": _l("Calendar address made"),
    "calendar_revoked": _l("Calendar address stopped"),
    "mail_discarded": _l("E-mail not sent"),
    "programme_closed": _l("Programme closed"),
    "programme_reopened": _l("Programme reopened"),
    "people_erased": _l("People erased from the programme"),
    "programme_purged": _l("All participants erased"),
}


@dataclass(frozen=True)
class Filters:
    """What the leader asked to see; ``errors`` names inputs that could not be read."""

    kind: str = ""
    team: str = ""
    assignment: str = ""  # deliverable/occurrence
    since: str = ""
    until: str = ""
    page: int = 1
    errors: tuple[tuple[str, str], ...] = ()

    def query(self, **changes: Any) -> str:
        """The query string of these filters with ``changes`` (for the page links)."""
        values = {
            "kind": self.kind,
            "team": self.team,
            "assignment": self.assignment,
            "since": self.since,
            "until": self.until,
            "page": self.page,
            **changes,
        }
        return urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})


def read_filters() -> Filters:
    """The filters from the query string; unreadable dates are reported, not guessed."""
    args = request.args
    errors = []
    for name in ("since", "until"):
        if args.get(name) and parse_day(args.get(name)) is None:
            errors.append((name, _("Write the date as dd.mm.yyyy, for example 19.04.2018.")))
    page = args.get("page", "1")
    return Filters(
        kind=args.get("kind", ""),
        team=args.get("team", ""),
        assignment=args.get("assignment", ""),
        since=args.get("since", ""),
        until=args.get("until", ""),
        page=int(page) if page.isdigit() and int(page) > 0 else 1,
        errors=tuple(errors),
    )


def select_events(run: Run, filters: Filters) -> list[dict[str, Any]]:
    """The events ``filters`` select, newest first."""
    tz = run.workflow.tz
    chosen = event_repo.list_events(get_store(), run.id, kind=filters.kind or None, team=filters.team or None)
    since = parse_day(filters.since)
    until = parse_day(filters.until)
    low = day_start(since, tz) if since else None
    high = day_end(until, tz) if until else None
    result = []
    for event in chosen:
        at = datetime.fromisoformat(event["at"])
        if (low and at < low) or (high and at > high):
            continue
        if filters.assignment and not _concerns(event.get("assignment"), filters.assignment):
            continue
        result.append(event)
    # Newest first by time; events logged in the same second stay newest-logged first.
    result.reverse()
    result.sort(key=lambda event: datetime.fromisoformat(event["at"]), reverse=True)
    return result


def _concerns(key: str | None, wanted: str) -> bool:
    try:
        _pid, _team, deliverable, occurrence = split_assignment(key or "")
    except ValueError:
        return False
    return f"{deliverable}/{occurrence}" == wanted


def actor_names(run: Run) -> dict[str, str]:
    """Names for the actors an event can have: admins by id, members by id, scheduler, system, and the
    command line (a message sent with ``flask message send``)."""
    names = {"scheduler": _("Scheduler"), "system": _("System"), "cli": _("Command line")}
    for team in run.programme.teams:
        for member in team.members:
            names.setdefault(member.id, member.name)
            names[f"{team.id}/{member.id}"] = member.name
    for admin in admin_repo.list_admins(get_store()):
        names[admin["id"]] = admin.get("name") or admin["email"]
    return names


def describe(run: Run, event: dict[str, Any], records: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """A short line about what an event recorded, where its detail has something to say; ``records``
    are the follow-up notes and messages by id (their text is kept there, not in the log)."""
    detail = event.get("detail") or {}
    kind = event["kind"]
    if kind in LOOP_KINDS:
        return describe_loop(run, event, records or {})
    if kind == "extension_removed" and detail.get("overtaken_by"):
        return _("the new deadline %(date)s is later than the extension", date=_display_day(detail["overtaken_by"]))
    if kind == "extended" and detail.get("due"):
        return _("new due date %(date)s", date=_display_day(detail["due"]))
    if kind in ("excused", "withdrawn") and detail.get("reason"):
        if detail.get("date"):
            return _("from %(date)s: %(reason)s", date=_display_day(detail["date"]), reason=detail["reason"])
        return detail["reason"]
    if kind == "submitted" and detail.get("version"):
        return _("version %(version)s", version=detail["version"])
    if kind == "programme_saved" and detail.get("revision"):
        return _("revision %(revision)s", revision=detail["revision"])
    if kind in ("mail_sent", "mail_failed") and detail.get("kind"):
        return mail_kind_word(detail["kind"]) + (f": {detail['error']}" if detail.get("error") else "")
    if kind == "mail_discarded" and detail.get("kind"):
        reason = dropped_reason(detail.get("reason"))
        return mail_kind_word(detail["kind"]) + (f": {reason}" if reason else "")
    if kind.startswith("presenter_") and detail.get("gathering"):
        number = next((n for n, g in enumerate(run.programme.gatherings, start=1) if g.id == detail["gathering"]), None)
        where = _("gathering %(number)s", number=number) if number else ""
        return f"{where}: {detail['reason']}" if where and detail.get("reason") else where
    return ""


LOOP_KINDS = frozenset(
    {"feedback_given", "request_cancelled", "message_written", "followup_noted", "followup_changed", "followup_removed"}
)
EXCERPT = 160  # characters of a note or a message shown in the log


def describe_loop(run: Run, event: dict[str, Any], records: Mapping[str, Mapping[str, Any]]) -> str:
    """The line of a learning-loop event: whose feedback, which message, which note (with its text)."""
    detail, kind = event.get("detail") or {}, event["kind"]
    if kind == "feedback_given":
        writer = run.programme.team(detail.get("from_team") or "")
        source = (
            _("from the reference group %(team)s", team=writer.name if writer else detail.get("from_team"))
            if detail.get("by") == "team"
            else _("from the project leader")
        )
        line = _("%(source)s, on version %(version)s", source=source, version=detail.get("version"))
        return line + (" · " + _("asks for a new version") if detail.get("requests_version") else "")
    if kind == "message_written":
        message = records.get(detail.get("message", ""))
        teams = len(detail.get("teams") or [])
        subject = message["subject"] if message else ""
        return _("“%(subject)s” to %(count)s teams", subject=subject, count=teams) if subject else ""
    if kind.startswith("followup_"):
        note = records.get(detail.get("note", ""))
        what = str(FOLLOWUP_WORDS.get(detail.get("kind", ""), detail.get("kind", "")))
        line = _("%(what)s on %(date)s", what=what, date=_display_day(detail.get("date", "")))
        if note is not None and kind != "followup_removed":
            text = " ".join(note["text"].split())
            line += ": " + (text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…")
        return line
    return ""


def loop_records(run: Run) -> dict[str, Mapping[str, Any]]:
    """The programme's follow-up notes and messages by id (what their events point to)."""
    store = get_store()
    notes = {note["id"]: note for note in note_repo.list_notes(store, run.id)}
    return notes | {message["id"]: message for message in message_repo.list_team_messages(store, run.id)}


def _display_day(text: str) -> str:
    day = parse_day(text)
    return day.strftime("%d.%m.%Y") if day else text


@bp.get("/p/<pid>/events")
def events(pid: str):
    """The event log page."""
    run = run_or_404(pid)
    filters = read_filters()
    selected = select_events(run, filters)
    pages = max(1, -(-len(selected) // PAGE_SIZE))
    page = min(filters.page, pages)
    shown = selected[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    slots = sorted(
        {(a.deliverable, a.occurrence) for a in run.assignments if a.team is not None},
        key=lambda s: ([d.key for d in run.workflow.deliverables].index(s[0]), s[1]),
    )
    assignments = [(f"{d}/{o}", occurrence_label(run, d, o)) for d, o in slots]
    team_names = {t.id: t.name for t in run.programme.teams}
    records = loop_records(run)
    labels = {}
    for event in shown:
        key = event.get("assignment")
        if key and key not in labels:
            try:
                _p, _t, deliverable, occurrence = split_assignment(key)
                labels[key] = occurrence_label(run, deliverable, occurrence)
            except ValueError:
                labels[key] = key
    return render_template(
        "admin/events.html",
        run=run,
        events=shown,
        filters=filters,
        page=page,
        pages=pages,
        total=len(selected),
        kinds=KINDS,
        assignments=assignments,
        team_names=team_names,
        actors=actor_names(run),
        labels=labels,
        describe=lambda e: describe(run, e, records),
        tz=run.workflow.tz,
        parse_iso=datetime.fromisoformat,
    )
