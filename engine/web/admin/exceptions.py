"""Per-team exceptions to the plan: extensions (a later due date) and excusals (an assignment waived).

Both are logged with the leader as actor — ``extended`` and ``excused`` when granted,
``extension_removed`` and ``excusal_removed`` when taken back — and both change what the
scheduler sends: an extension starts a fresh set of reminders for the new date, an excusal stops them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...cycle import Programme, Team, assignment_key
from ...programmes import Run
from ...programmes.edits import (
    EXCUSED,
    SUBMITTED,
    WITHDRAWN,
    EditError,
    Event,
    exception_refusal,
    excuse,
    extend,
    without_excusal,
    without_extension,
)
from .blueprint import bp, run_or_404
from .common import attempt_save, now, occurrence_label, parse_day, posted_revision
from .forms import ExcusalForm, ExtensionForm
from .problems import under
from .teams import PREFIXES, posted_team_form, render_team, save_team_change, team_or_404

# What a view's ``grant`` makes of a valid form: the changed programme, the event's detail, the message.
Grant = tuple[Programme, dict[str, Any], str]
EVENT_KINDS = {"extension": "extended", "excusal": "excused"}


# What the team page says when a posted assignment cannot take the extension or excusal asked for.
REFUSALS = {
    ("extension", SUBMITTED): _l("%(what)s is submitted already, so it cannot be given more time."),
    ("extension", EXCUSED): _l("%(what)s is excused, so it cannot be given more time."),
    ("extension", WITHDRAWN): _l("The team has withdrawn, so %(what)s cannot be given more time."),
    ("excusal", SUBMITTED): _l("%(what)s is submitted already, so it cannot be excused."),
    ("excusal", EXCUSED): _l("%(what)s is excused already."),
    ("excusal", WITHDRAWN): _l("The team withdrew before %(what)s was due, so it is not owed."),
}


def _chosen(value: str | None) -> tuple[str, int] | None:
    deliverable, _sep, occurrence = (value or "").partition("/")
    return (deliverable, int(occurrence)) if deliverable and occurrence.isdigit() else None


@bp.post("/p/<pid>/teams/<team>/extensions")
def extend_assignment(pid: str, team: str):
    """Give the team a later due date for one assignment (replacing an earlier extension)."""
    return _grant(pid, team, "extension", "due", _extension)


@bp.post("/p/<pid>/teams/<team>/excusals")
def excuse_assignment(pid: str, team: str):
    """Waive one of the team's assignments, with the reason."""
    return _grant(pid, team, "excusal", "reason", _excusal)


def _extension(run: Run, team: Team, form: ExtensionForm, deliverable: str, occurrence: int) -> Grant:
    """The new due date the form gives the assignment."""
    due = parse_day(form.due.data)
    return (
        extend(run.programme, team.id, deliverable, occurrence, due),
        {"due": due.isoformat()},
        _(
            "%(team)s now has until %(date)s for %(what)s.",
            team=team.name,
            date=due.strftime("%d.%m.%Y"),
            what=occurrence_label(run, deliverable, occurrence),
        ),
    )


def _excusal(run: Run, team: Team, form: ExcusalForm, deliverable: str, occurrence: int) -> Grant:
    """The assignment waived, for the reason the form gives."""
    reason = form.reason.data.strip()
    return (
        excuse(run.programme, team.id, deliverable, occurrence, reason),
        {"reason": reason},
        _("%(team)s is excused from %(what)s.", team=team.name, what=occurrence_label(run, deliverable, occurrence)),
    )


def _grant(pid: str, team: str, kind: str, field: str, grant: Callable[..., Grant]):
    """Grant an extension or an excusal posted with the team page's form ``kind`` (``grant`` makes
    the change): the page again with the form's errors, or the change saved and logged. The new
    record is the last of its list, so the programme's problems with it show at the assignment or
    at the input ``field``."""
    run, current, form = posted_team_form(pid, team, kind)
    chosen = _chosen(form.assignment.data)
    if not form.validate() or chosen is None:
        return render_team(run, current, status=422, **{kind: form})
    deliverable, occurrence = chosen
    refusal = exception_refusal(run, run.find(team, deliverable, occurrence), kind, now())
    if refusal is not None:
        what = occurrence_label(run, deliverable, occurrence)
        form.assignment.errors = [str(REFUSALS[kind, refusal]) % {"what": what}]
        return render_team(run, current, status=422, **{kind: form})
    changed, detail, message = grant(run, current, form, deliverable, occurrence)
    index = len(getattr(changed, f"{kind}s")) - 1
    event = Event(
        EVENT_KINDS[kind],
        team,
        assignment_key(pid, team, deliverable, occurrence),
        {"deliverable": deliverable, "occurrence": occurrence, **detail},
    )
    field_for = under(
        f"{kind}s[{index}].", {field: field, "occurrence": "assignment", "deliverable": "assignment"}, PREFIXES[kind]
    )
    return save_team_change(run, current, changed, kind, form, field_for, message, [event])


@bp.post("/p/<pid>/teams/<team>/extensions/<deliverable>/<int:occurrence>/remove")
def remove_extension(pid: str, team: str, deliverable: str, occurrence: int):
    """Take an extension back: the planned due date applies again."""
    return _remove(
        pid, team, deliverable, occurrence, without_extension, "extension_removed", _("The extension was removed.")
    )


@bp.post("/p/<pid>/teams/<team>/excusals/<deliverable>/<int:occurrence>/remove")
def remove_excusal(pid: str, team: str, deliverable: str, occurrence: int):
    """Take an excusal back: the team owes the assignment again."""
    return _remove(
        pid, team, deliverable, occurrence, without_excusal, "excusal_removed", _("The excusal was removed.")
    )


def _remove(pid: str, team: str, deliverable: str, occurrence: int, change, kind: str, message: str):
    run = run_or_404(pid)
    current = team_or_404(run, team)
    try:
        changed = change(run.programme, team, deliverable, occurrence)
    except EditError:
        return redirect(url_for("admin.team", pid=pid, team=team))
    event = Event(
        kind,
        team,
        assignment_key(pid, team, deliverable, occurrence),
        {"deliverable": deliverable, "occurrence": occurrence},
    )
    result = attempt_save(changed, posted_revision(), [event])
    if result.ok:
        flash(message, "success")
    elif result.stale:
        flash(
            _("Someone else saved this programme meanwhile. Nothing was changed; check the team and try again."),
            "error",
        )
    else:
        flash(_("The change could not be saved."), "error")
    return redirect(url_for("admin.team", pid=pid, team=current.id))
