"""The demo's presenters: teams the leader chose to share their work at a gathering, from the seed.

The seed report names two municipalities that presented their own work: Eidsberg its trainee
programme for nurses, and Fredrikstad its full-time culture ("Heltidskultur (Fredrikstad
kommune)", gathering 4). Here the leader marked their Statusrapports and chose them: Eidsberg at
gathering 3, Fredrikstad at gathering 4 — where a gathering is still ahead, as a candidate only,
so the leader has a choice to make.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..cycle.timerules import local_day
from ..programmes import Run
from ..store import Store
from ..store import presenters as presenter_repo

CHOSEN = (
    ("eidsberg", "statusrapport", 3, "Erfaringer med traineeprogram for nyutdannede sykepleiere."),
    ("fredrikstad", "statusrapport", 4, "Heltidskultur: hvordan kommunen har fått flere hele stillinger."),
)


def seed_presenters(store: Store, run: Run, actor: str, now: datetime) -> int:
    """Mark (and, for gatherings already held, confirm) the seed's presenters; how many marks."""
    marked = 0
    today = local_day(now, run.workflow.tz)
    for team, deliverable, occurrence, reason in CHOSEN:
        assignment = run.find(team, deliverable, occurrence)
        latest = run.latest(assignment.key) if assignment else None
        if assignment is None or latest is None:
            continue
        gathering = run.programme.gathering(occurrence)
        moment = min(datetime.fromisoformat(latest["submitted_at"]) + timedelta(days=2), now)
        presenter_repo.mark(store, run.id, gathering.id, team, assignment.key, latest["id"], reason, actor, moment)
        if gathering.date < today:
            presenter_repo.set_confirmed(store, run.id, gathering.id, team, True, actor, moment)
        marked += 1
    return marked
