"""The demo's deliveries: who delivered what, when — on time, late, not at all, or early.

The outcomes are written down per team, as a story the matrix should tell: Eidsberg always on
time and early with the open Statusrapport, Moss late with its Hovedplan and two Fremdriftsplaner
missing, Marker correcting a Statusrapport in a second version, the three teams that withdrew
delivering until they left. An assignment not named is delivered on time. Everything goes
through the store's real ``submit`` with answers typed into the template (see ``answers``), and
the template versions used are snapshotted as a real submission does. Sarpsborg has begun the open
Statusrapport (a draft), and the leader has read what came in before it opened — so the leader's
front page shows each kind of thing that needs attention.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..cycle import Assignment, programme_span
from ..cycle.timerules import day_start, local_day
from ..programmes import Catalog, Run
from ..reports.final_tables import FINAL_FORM
from ..schema import FormContext
from ..schema import Gathering as FormGathering
from ..store import Store
from ..store import deliveries as delivery_repo
from ..store import drafts as draft_repo
from ..store import readings as reading_repo
from ..store.templates import snapshot_template
from .answers import Writer, typed_answers, typed_draft
from .final_reports import final_overrides


@dataclass(frozen=True)
class Outcome:
    """What became of one assignment: ``on_time`` (``days`` before the due day), ``late`` (``days``
    after it), ``missing``, or ``early`` (``days`` after it opened, for one still open);
    ``member`` picks who submitted (0: the first member); ``versions`` > 1 adds corrections."""

    kind: str = "on_time"
    days: int = 2
    member: int = 0
    versions: int = 1


STORY: dict[str, dict[tuple[str, int], Outcome]] = {
    "eidsberg": {("statusrapport", 4): Outcome("early", 5)},
    "marker": {
        ("fremdriftsplan", 2): Outcome("late", 3, member=1),
        ("statusrapport", 3): Outcome("on_time", 4, versions=2),
    },
    "fredrikstad": {
        ("hovedplan", 1): Outcome("on_time", 1, member=3),
        ("fremdriftsplan", 3): Outcome("late", 6),
        ("statusrapport", 4): Outcome("early", 9, member=1),
    },
    "hvaler": {("fremdriftsplan", 2): Outcome("late", 9)},
    "moss": {
        ("hovedplan", 1): Outcome("late", 4, member=2),
        ("fremdriftsplan", 2): Outcome("missing"),
        ("fremdriftsplan", 3): Outcome("missing"),
    },
    "valer": {("fremdriftsplan", 1): Outcome("late", 2), ("fremdriftsplan", 2): Outcome("missing")},
    "halden": {("statusrapport", 3): Outcome("late", 5, member=1), ("fremdriftsplan", 3): Outcome("missing")},
    "sarpsborg": {("fremdriftsplan", 3): Outcome("late", 1, member=1)},
}


def seed_deliveries(store: Store, catalog: Catalog, run: Run, now: datetime) -> int:
    """Submit the story's deliveries of ``run`` up to ``now``; returns how many versions were stored."""
    stored = 0
    for index, team in enumerate(run.programme.teams):
        members = [m for m in team.members if m.active]
        if not members:
            continue
        writer = Writer(team.id, team.name, tuple(m.name for m in members), index)
        latest: dict[str, dict[str, Any]] = {}  # the team's latest answers per form, for coherent text
        for a in sorted(run.team_assignments(team.id), key=lambda a: a.effective_due_at):
            outcome = STORY.get(team.id, {}).get((a.deliverable, a.occurrence), Outcome())
            moments = _moments(run, a, outcome, index, now)
            if not moments:
                continue
            member = members[outcome.member % len(members)]
            template = catalog.forms[a.form]
            snapshot_template(store, run.id, template.id, template.version, template.to_dict())
            for version, moment in enumerate(moments, start=1):
                carried = _carried(a, latest, version)
                if a.form == FINAL_FORM:  # the teams that finished wrote what Tabell 1 and 2 show
                    carried.update(final_overrides(team.id))
                answers = typed_answers(template, _context(run, a, latest), writer, a.occurrence, carried)
                delivery_repo.submit(
                    store,
                    run.id,
                    team.id,
                    a.key,
                    answers,
                    {"form": template.id, "form_version": template.version, "opens_at": a.opens_at},
                    member.id,
                    member.name,
                    secrets.token_hex(8),
                    a.effective_due_at,
                    moment,
                )
                stored += 1
            latest[a.form] = answers
    return stored


# A team at work on the open Statusrapport: a draft begun, not yet submitted (the leader's front page
# lists it as "started, not submitted").
DRAFT = ("sarpsborg", "statusrapport", 4, 4)  # team, deliverable, occurrence, questions answered


def seed_draft(store: Store, catalog: Catalog, run: Run, now: datetime) -> bool:
    """Save the story's draft, typed by the team's leader the day before; whether there was one to save."""
    team_id, deliverable, occurrence, questions = DRAFT
    team, a = run.programme.team(team_id), run.find(team_id, deliverable, occurrence)
    if team is None or a is None or not team.active_members or run.first(a.key) or not a.opens_at < now:
        return False
    member = team.active_members[0]
    index = [t.id for t in run.programme.teams].index(team_id)
    writer = Writer(team.id, team.name, tuple(m.name for m in team.active_members), index)
    values = typed_draft(catalog.forms[a.form], _context(run, a, {}), writer, occurrence, questions)
    draft_repo.save_draft(
        store, run.id, team.id, a.key, values, member.id, member.name, 0, None, now - timedelta(days=1)
    )
    return True


def seed_readings(store: Store, run: Run, admin: str, now: datetime) -> int:
    """Mark as read by ``admin`` what was delivered before the latest document opened (the leader
    has kept up until then); how many documents."""
    cutoff = max((a.opens_at for a in run.assignments if a.team and a.opens_at <= now), default=now)
    entries = [
        (v["assignment"], int(v["version"]), v["id"])
        for a in run.assignments
        for v in run.versions(a.key)
        if datetime.fromisoformat(v["submitted_at"]) < cutoff
    ]
    return reading_repo.mark_read(store, run.id, admin, entries, now)


def _moments(run: Run, a: Assignment, outcome: Outcome, team_index: int, now: datetime) -> list[datetime]:
    """When each version was submitted; empty if the team did not deliver by ``now``."""
    tz = run.workflow.tz
    team = run.programme.team(a.team or "")
    if outcome.kind == "missing" or team is None:
        return []
    due_day = local_day(a.effective_due_at, tz)
    if team.withdrawn and team.withdrawn.date <= due_day:
        return []  # gone before it was due
    minutes = timedelta(hours=10 + team_index % 5, minutes=7 * team_index % 60)
    if outcome.kind == "early":
        first = day_start(local_day(a.opens_at, tz) + timedelta(days=outcome.days), tz) + minutes
        if first > now > a.opens_at + minutes:  # the demo's today came sooner: still early, just sooner
            first = max(a.opens_at + minutes, now - timedelta(hours=1))
    elif outcome.kind == "late":
        first = day_start(due_day + timedelta(days=outcome.days), tz) + minutes
    else:
        first = max(day_start(due_day - timedelta(days=outcome.days), tz) + minutes, a.opens_at + minutes)
    moments = [first + timedelta(days=n, hours=n) for n in range(outcome.versions)]
    if first > now or (outcome.kind != "late" and first > a.effective_due_at):
        return []
    return [m for m in moments if m <= now]


def _context(run: Run, a: Assignment, latest: dict[str, dict[str, Any]]) -> FormContext:
    """The form context a team sees for ``a`` (programme, team, due date, period, gathering)."""
    programme = run.programme
    start, end = programme_span(programme, run.workflow)
    gathering = programme.gathering(a.gathering)
    return FormContext(
        programme_title=programme.title,
        recipient=programme.recipient,
        team_name=programme.team(a.team or "").name,
        due_at=a.effective_due_at,
        period_start=a.period.start,
        period_end=a.period.end,
        programme_start=start,
        programme_end=end,
        gathering=FormGathering(a.gathering, gathering.date, gathering.place, gathering.theme),
        answers=latest,
        previous=latest.get(a.form),
    )


def _carried(a: Assignment, latest: dict[str, dict[str, Any]], version: int) -> dict[str, Any]:
    """Answers a team carries over: the Hovedplan's goal, the Fremdriftsplan's period goal; a later
    version adds a sentence, as corrections do."""
    carried: dict[str, Any] = {}
    goal = latest.get("hovedplan", {}).get("effektmal")
    if goal and a.form != "hovedplan":
        carried["effektmal"] = goal
    period_goal = latest.get("fremdriftsplan", {}).get("resultatmal")
    if period_goal and a.form == "statusrapport":
        carried["resultatmal"] = period_goal
    if version > 1:
        carried["referansegruppa"] = (
            "Rettet etter innspill fra prosjektleder: vi har også hatt et møte med referansegruppen i nabokommunen."
        )
    return carried
