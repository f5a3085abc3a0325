"""The timeline page: the cycle's gatherings and deadlines drawn on the server as SVG, today marked.

The drawing is an image with a title and a description; the same facts follow below it as a
table in date order (with a row for today), which is what a screen reader reads. A phone gets a
second drawing of the seven months around today, so "today" is on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template
from flask_babel import gettext as _

from ...cycle.timerules import local_day
from ...i18n import current_language
from ...reports.timeline import around, build_timeline
from ...timefmt import fmt_date, fmt_month
from .blueprint import bp, run_or_404
from .common import now, occurrence_label

PHONE_BEFORE, PHONE_AFTER = timedelta(days=90), timedelta(days=120)


@dataclass(frozen=True)
class Entry:
    """One line of the text equivalent."""

    day: date
    kind: str  # gathering | opens | due | today
    text: str


def _month_label(year: int, month: int) -> str:
    return fmt_month(year, month, current_language()).split(" ")[0]


@bp.get("/p/<pid>/timeline")
def timeline(pid: str):
    """The programme's timeline as SVG and as a table."""
    run = run_or_404(pid)
    today = local_day(now(), run.workflow.tz)
    drawing = build_timeline(
        run.programme, run.workflow, today, month_label=_month_label, gatherings_label=_("Gatherings")
    )
    # A phone gets the months around today, drawn narrower: the whole programme would be either
    # unreadably small or cut off before today.
    around_today = build_timeline(
        run.programme,
        run.workflow,
        today,
        width=430,
        label_width=118,
        month_label=_month_label,
        gatherings_label=_("Gatherings"),
        span=around(run.programme, run.workflow, today, PHONE_BEFORE, PHONE_AFTER),
    )
    entries = [
        Entry(
            g.day,
            "gathering",
            _("Gathering %(number)d: %(theme)s (%(place)s)", number=g.number, theme=g.theme, place=g.place),
        )
        for g in drawing.gatherings
    ]
    for window in drawing.windows:
        label = occurrence_label(run, window.deliverable, window.occurrence)
        entries.append(Entry(window.opens, "opens", _("%(what)s opens", what=label)))
        entries.append(Entry(window.due, "due", _("%(what)s is due", what=label)))
    entries.append(Entry(today, "today", _("Today")))
    rank = {"gathering": 0, "opens": 1, "due": 2, "today": 3}
    entries.sort(key=lambda e: (e.day, rank[e.kind]))
    description = _(
        "%(gatherings)d gatherings from %(first)s to %(last)s and %(deadlines)d deadlines; today is %(today)s.",
        gatherings=len(drawing.gatherings),
        first=fmt_date(drawing.gatherings[0].day),
        last=fmt_date(drawing.gatherings[-1].day),
        deadlines=len(drawing.windows),
        today=fmt_date(today),
    )
    return render_template(
        "admin/timeline.html",
        run=run,
        drawing=drawing,
        around_today=around_today,
        entries=entries,
        today=today,
        description=description,
        labels={w: occurrence_label(run, w.deliverable, w.occurrence) for w in drawing.windows},
    )
