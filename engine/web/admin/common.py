"""What the leader's editing pages share: who acts, saving with the edited revision, labels.

Every change goes through :func:`attempt_save`, which turns the two ways a save can fail into
values a view can render: the programme's problems (shown next to the fields) and a stale
revision (someone else saved meanwhile: the page shows what the leader typed, and says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from flask import abort, g, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from ... import clock
from ...cycle import Assignment, Programme, calendar
from ...cycle.calendar import DayOff
from ...cycle.programme_rules import FIRST_YEAR, LAST_YEAR
from ...exports.words import deliverable_title, occasion_name, status_word
from ...i18n import current_language
from ...programmes import ProgrammeInvalid, Run, get_catalog
from ...programmes.edits import Event, save_edit
from ...schema.fields import parse_date
from ...store import InvalidId, ProgrammeClosed, StaleRevision, get_store
from ...timefmt import fmt_date, fmt_datetime
from ..auth import is_leader
from .blueprint import bp

# The kinds of contact a follow-up note records (engine.teamwork.followup.KINDS), in words.
FOLLOWUP_WORDS = {
    "meeting": _l("Meeting"),
    "call": _l("Phone call"),
    "visit": _l("Visit"),
    "email": _l("E-mail"),
    "other": _l("Other contact"),
}


bp.add_app_template_global(status_word, "status_word")  # Jinja: the CSS class status--<state> adds the symbol


@dataclass
class SaveResult:
    """What became of a save: the new ``run``, or its ``problems``, or ``stale`` (someone saved first)."""

    run: Run | None = None
    problems: list[str] = field(default_factory=list)
    stale: bool = False

    @property
    def ok(self) -> bool:
        """Whether the programme was saved."""
        return self.run is not None


def actor() -> str:
    """The logged-in admin's id: the actor of every change made on these pages."""
    return g.admin["id"]


def now() -> datetime:
    """The current instant (the test's clock in tests)."""
    return clock.now()


def leader_only() -> None:
    """Observers may read every page but not the pages that are only forms (403)."""
    if not is_leader():
        abort(403)


def posted_revision() -> int | None:
    """The programme revision the form was made from (``revision`` hidden field), if any."""
    value = request.form.get("revision", "")
    return int(value) if value.isdigit() else None


def attempt_save(programme: Programme, expected_revision: int | None, events: Iterable[Event] = ()) -> SaveResult:
    """Save ``programme`` as the logged-in admin over ``expected_revision`` and log ``events``."""
    try:
        run = save_edit(get_store(), get_catalog(), programme, actor(), now(), expected_revision, events)
    except ProgrammeInvalid as exc:
        return SaveResult(problems=exc.problems)
    except StaleRevision:
        return SaveResult(stale=True)
    except InvalidId as exc:  # an id the store cannot use as a file name (the rules should catch it first)
        return SaveResult(problems=[f"id: {exc}"])
    except ProgrammeClosed:  # closed between the page's guard and the save
        abort(409)
    return SaveResult(run=run)


def parse_day(text: str | None) -> date | None:
    """A date typed as 2019-06-01 (date inputs) or 01.06.2019 (people), in the years a programme can
    have (``engine.cycle`` FIRST_YEAR–LAST_YEAR); None otherwise."""
    try:
        day = parse_date(text or "")
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


occurrence_label = occasion_name  # 'Statusrapport before gathering 4', 'Hovedplan' (engine.exports.words)
bp.add_app_template_global(occurrence_label, "occurrence_label")
bp.add_app_template_global(deliverable_title, "deliverable_title")  # 'Framdriftsplan' on a page in Nynorsk


def assignment_label(run: Run, assignment: Assignment) -> str:
    """:func:`occurrence_label` of ``assignment``."""
    return occurrence_label(run, assignment.deliverable, assignment.occurrence)


@bp.app_template_global("day_off")
def day_off_of(day: date) -> DayOff | None:
    """Jinja: the public holiday, weekend day or eve ``day`` is (named in the page's language), or None."""
    return calendar.day_off(day, current_language())


@bp.app_template_global("deadline_warnings")
def deadline_warnings_of(run: Run) -> list[calendar.DeadlineWarning]:
    """Jinja: the programme's deadlines that fall on a weekend, a public holiday or an eve."""
    return calendar.deadline_warnings(run.assignments, run.workflow.tz, current_language())


@bp.app_template_global("day_off_text")
def day_off_text(off: DayOff) -> str:
    """'Saturday' / 'Andre pinsedag (public holiday)' — why a day is not an ordinary working day."""
    if off.kind == calendar.WEEKEND:
        return _("a Saturday") if off.day.weekday() == 5 else _("a Sunday")
    if off.kind == calendar.HOLIDAY:
        return _("%(name)s, a public holiday", name=off.name)
    return _("%(name)s, when most people are off", name=off.name)


@bp.app_template_filter("date_in")
def date_in(moment: datetime | None, tz: tzinfo) -> str:
    """Jinja: ``moment`` as 01.06.2019 in the programme's zone ``tz`` ('' for None)."""
    return fmt_date(moment, tz) if moment else ""


@bp.app_template_filter("datetime_in")
def datetime_in(moment: datetime | None, tz: tzinfo) -> str:
    """Jinja: ``moment`` as 01.06.2019 kl. 14.05 in the programme's zone ``tz`` ('' for None)."""
    return fmt_datetime(moment, current_language(), tz) if moment else ""


def submission_url(pid: str, team: str, deliverable: str, occurrence: int) -> str:
    """The page of a team's submission (``admin.submission``, built by the team pages).

    Until that view is registered, the same path is built by hand, so links never break.
    """
    try:
        return url_for("admin.submission", pid=pid, team=team, deliverable=deliverable, occurrence=occurrence)
    except BuildError:
        return f"{request.script_root}/admin/p/{pid}/submissions/{team}/{deliverable}/{occurrence}"
