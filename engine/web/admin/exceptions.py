"""Per-team exceptions to the plan: extensions (a later due date) and excusals (an assignment waived).

Both are logged with the leader as actor — ``extended`` and ``excused`` when granted,
``extension_removed`` and ``excusal_removed`` when taken back — and both change what the
scheduler sends: an extension starts a fresh set of reminders for the new date, an excusal stops them.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from ...cycle import assignment_key
from ...programmes.edits import EditError, Event, excuse, extend, without_excusal, without_extension
from .blueprint import bp, run_or_404
from .common import attempt_save, occurrence_label, parse_day, posted_revision
from .forms import ExcusalForm, ExtensionForm, options
from .problems import under
from .teams import PREFIXES, assignment_choices, render_team, save_team_change, team_or_404


def _chosen(value: str | None) -> tuple[str, int] | None:
    deliverable, _sep, occurrence = (value or "").partition("/")
    return (deliverable, int(occurrence)) if deliverable and occurrence.isdigit() else None


@bp.post("/p/<pid>/teams/<team>/extensions")
def extend_assignment(pid: str, team: str):
    """Give the team a later due date for one assignment (replacing an earlier extension)."""
    run = run_or_404(pid)
    current = team_or_404(run, team)
    form = ExtensionForm(prefix=PREFIXES["extension"])
    form.assignment.choices = options(assignment_choices(run, current))
    chosen = _chosen(form.assignment.data)
    if not form.validate() or chosen is None:
        return render_team(run, current, status=422, extension=form)
    deliverable, occurrence = chosen
    due = parse_day(form.due.data)
    changed = extend(run.programme, team, deliverable, occurrence, due)
    index = len(changed.extensions) - 1
    event = Event("extended", team, assignment_key(pid, team, deliverable, occurrence),
                  {"deliverable": deliverable, "occurrence": occurrence, "due": due.isoformat()})
    what = occurrence_label(run, deliverable, occurrence)
    return save_team_change(run, current, changed, "extension", form,
                            under(f"extensions[{index}].", {"due": "due", "occurrence": "assignment",
                                                             "deliverable": "assignment"}, PREFIXES["extension"]),
                            _("%(team)s now has until %(date)s for %(what)s.", team=current.name,
                              date=due.strftime("%d.%m.%Y"), what=what), [event])


@bp.post("/p/<pid>/teams/<team>/excusals")
def excuse_assignment(pid: str, team: str):
    """Waive one of the team's assignments, with the reason."""
    run = run_or_404(pid)
    current = team_or_404(run, team)
    form = ExcusalForm(prefix=PREFIXES["excusal"])
    form.assignment.choices = options(assignment_choices(run, current))
    chosen = _chosen(form.assignment.data)
    if not form.validate() or chosen is None:
        return render_team(run, current, status=422, excusal=form)
    deliverable, occurrence = chosen
    reason = form.reason.data.strip()
    changed = excuse(run.programme, team, deliverable, occurrence, reason)
    index = len(changed.excusals) - 1
    event = Event("excused", team, assignment_key(pid, team, deliverable, occurrence),
                  {"deliverable": deliverable, "occurrence": occurrence, "reason": reason})
    return save_team_change(run, current, changed, "excusal", form,
                            under(f"excusals[{index}].", {"reason": "reason", "occurrence": "assignment",
                                                           "deliverable": "assignment"}, PREFIXES["excusal"]),
                            _("%(team)s is excused from %(what)s.", team=current.name,
                              what=occurrence_label(run, deliverable, occurrence)), [event])


@bp.post("/p/<pid>/teams/<team>/extensions/<deliverable>/<int:occurrence>/remove")
def remove_extension(pid: str, team: str, deliverable: str, occurrence: int):
    """Take an extension back: the planned due date applies again."""
    return _remove(pid, team, deliverable, occurrence, without_extension, "extension_removed",
                   _("The extension was removed."))


@bp.post("/p/<pid>/teams/<team>/excusals/<deliverable>/<int:occurrence>/remove")
def remove_excusal(pid: str, team: str, deliverable: str, occurrence: int):
    """Take an excusal back: the team owes the assignment again."""
    return _remove(pid, team, deliverable, occurrence, without_excusal, "excusal_removed",
                   _("The excusal was removed."))


def _remove(pid: str, team: str, deliverable: str, occurrence: int, change, kind: str, message: str):
    run = run_or_404(pid)
    current = team_or_404(run, team)
    try:
        changed = change(run.programme, team, deliverable, occurrence)
    except EditError:
        return redirect(url_for("admin.team", pid=pid, team=team))
    event = Event(kind, team, assignment_key(pid, team, deliverable, occurrence),
                  {"deliverable": deliverable, "occurrence": occurrence})
    result = attempt_save(changed, posted_revision(), [event])
    if result.ok:
        flash(message, "success")
    elif result.stale:
        flash(_("Someone else saved this programme meanwhile. Nothing was changed; check the team and try again."),
              "error")
    else:
        flash(_("The change could not be saved."), "error")
    return redirect(url_for("admin.team", pid=pid, team=current.id))
