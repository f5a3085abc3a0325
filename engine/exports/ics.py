"""A team's calendar and a programme's (iCalendar, RFC 5545): the gatherings and the deadlines.

Gatherings are timed events in the workflow's time zone (``TZID=Europe/Oslo`` with the zone's
``VTIMEZONE``, so a 09:00 start stays 09:00 on both sides of a daylight-saving change);
deadlines are all-day events on the due day (an extension's day if one was granted). UIDs are
derived from the programme, gathering and assignment ids and ``SEQUENCE`` from the programme's
revision, so importing the file again — or a calendar program fetching a subscription again
(``engine.access.calendars``) — updates the events instead of duplicating them: a moved gathering
or an extension moves the event itself. ``REFRESH-INTERVAL`` and ``X-PUBLISHED-TTL`` ask
subscribers to fetch again every six hours. Nothing personal is in it: no member names, no link
(a calendar is synced to places a link must not go). Every text goes through :func:`_text`
(RFC 5545 TEXT: no control characters; one-line values on one line), so a title stored with a
line break or a control character still makes a valid file.

The programme's calendar (for the leader and the steering group) has every gathering and one
deadline per document and occurrence as the plan gives it to every team (UID with ``-`` for the
team), plus the leader's own deadlines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from ..cycle import Assignment, Gathering, Status, plan_assignments
from ..cycle.timerules import at_clock, local_day, parse_clock
from ..programmes import Run
from ..schema.cleantext import cell_text

if TYPE_CHECKING:  # icalendar is imported where a calendar is made: most processes never make one
    from icalendar import Calendar, Event, vText

SKIPPED = (Status.WITHDRAWN, Status.EXCUSED)
REFRESH_HOURS = 6


def team_calendar(
    run: Run,
    team_id: str,
    now: datetime,
    deadline_title: Callable[[Assignment], str],
    gathering_title: Callable[[int, Gathering], str],
) -> bytes:
    """The iCalendar file of team ``team_id``: every gathering, and every deadline the team still has
    or met (withdrawn and excused ones are left out). Titles come from the callers (translated)."""

    team = run.programme.team(team_id)
    calendar = _calendar(run, f"{run.programme.title} – {team.name if team else team_id}", "Team calendar")
    stamp = now.astimezone(UTC)
    for number, gathering in enumerate(run.programme.gatherings, start=1):
        calendar.add_component(_gathering_event(run, number, gathering, gathering_title(number, gathering), stamp))
    statuses = run.statuses(now)
    for assignment in run.team_assignments(team_id):
        if statuses[assignment.key] not in SKIPPED:
            calendar.add_component(_deadline_event(run, assignment, deadline_title(assignment), stamp))
    return _finish(run, calendar)


def programme_calendar(
    run: Run,
    now: datetime,
    deadline_title: Callable[[Assignment], str],
    gathering_title: Callable[[int, Gathering], str],
) -> bytes:
    """The programme's calendar: every gathering, each team document's planned deadline once (as
    the plan gives it to every team), and the leader's own deadlines."""
    calendar = _calendar(run, run.programme.title, "Programme calendar")
    stamp = now.astimezone(UTC)
    for number, gathering in enumerate(run.programme.gatherings, start=1):
        calendar.add_component(_gathering_event(run, number, gathering, gathering_title(number, gathering), stamp))
    seen: set[tuple[str, int]] = set()
    for assignment in plan_assignments(run.programme, run.workflow):
        if assignment.by == "participant" or (assignment.deliverable, assignment.occurrence) in seen:
            continue
        seen.add((assignment.deliverable, assignment.occurrence))
        if assignment.team is not None:  # the plan's date for every team, under a key of no team
            assignment = replace(assignment, key=f"{run.id}/-/{assignment.deliverable}/{assignment.occurrence}")
        else:
            assignment = run.assignment(assignment.key) or assignment
        calendar.add_component(_deadline_event(run, assignment, deadline_title(assignment), stamp))
    return _finish(run, calendar)


def _calendar(run: Run, name: str, kind: str) -> Calendar:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//Verksted//{kind}//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _text(name))
    calendar.add("x-wr-timezone", run.workflow.timezone)
    calendar.add("refresh-interval", timedelta(hours=REFRESH_HOURS), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", f"PT{REFRESH_HOURS}H")
    return calendar


def _finish(run: Run, calendar: Calendar) -> bytes:
    # The zone's rules for the programme's years only (the default, 1970–2038, is 8 kB of RDATEs).
    first, last = run.span
    calendar.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1))
    return calendar.to_ical()


def _gathering_event(run: Run, number: int, gathering: Gathering, title: str, stamp: datetime) -> Event:
    from icalendar import Event

    tz = run.workflow.tz
    event = Event()
    event.add("uid", f"{run.id}.{gathering.id}.gathering@verksted")
    event.add("dtstamp", stamp)
    event.add("sequence", run.revision)
    event.add("summary", _text(title))
    event.add("dtstart", at_clock(gathering.date, gathering.start_time, tz))
    if gathering.end:
        event.add("dtend", at_clock(gathering.date, parse_clock(gathering.end), tz))
    if gathering.place:
        event.add("location", _text(gathering.place))
    description = "\n\n".join(part for part in (gathering.host, gathering.agenda.strip()) if part)
    if description:
        event.add("description", _text(description, single_line=False))
    return event


def _deadline_event(run: Run, assignment: Assignment, title: str, stamp: datetime) -> Event:
    day = local_day(assignment.effective_due_at, run.workflow.tz)
    from icalendar import Event

    event = Event()
    event.add("uid", f"{assignment.key.replace('/', '.')}.due@verksted")
    event.add("dtstamp", stamp)
    event.add("sequence", run.revision)
    event.add("summary", _text(title))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def _text(value: str, single_line: bool = True) -> vText:
    """A TEXT value: cleaned, line breaks as LF (escaped by ``vText``), one-line values on one line.

    ``x-wr-calname`` is not a property icalendar knows, so without ``vText`` it would be written
    as it is — and a line break in it would end the line (and the file's validity) there.
    """
    from icalendar import vText

    return vText(cell_text(value, single_line=single_line).replace("\r\n", "\n").replace("\r", "\n"))
