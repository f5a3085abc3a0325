"""Teams: the list, a new team, and one team's page — its name, members, withdrawal, extensions
and excusals, its reference groups, and its part in the learning loop (feedback, messages, the
follow-up log). Members are edited in ``members``, extensions and excusals in ``exceptions``,
follow-up notes in ``followups``.

Every change is saved over the revision the page was made from; a leader whose page is out of
date is told that someone else saved meanwhile, and sees what they typed again.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...cycle import Team
from ...cycle.timerules import local_day
from ...programmes import Run
from ...programmes.edits import (
    Event,
    exception_refusal,
    reinstate,
    with_new_team,
    with_reference_for,
    with_team_name,
    withdraw,
)
from ...store import get_store
from ...teamwork.loopview import team_loop
from ..team.kit import new_nonce
from .blueprint import bp, run_or_404
from .common import (
    FOLLOWUP_WORDS,
    assignment_label,
    attempt_save,
    now,
    occurrence_label,
    parse_day,
    posted_revision,
)
from .forms import ExcusalForm, ExtensionForm, FollowupForm, ReferenceForm, TeamForm, WithdrawForm, options
from .problems import Problem, attach, explain, split, summary, under


@bp.get("/p/<pid>/teams")
def teams(pid: str):
    """Every team with its members and whether it is still in the programme."""
    run = run_or_404(pid)
    form = TeamForm(formdata=None, data={})
    return render_template("admin/teams.html", run=run, form=form, problems=[], stale=False)


@bp.post("/p/<pid>/teams/new")
def new_team(pid: str):
    """Add a team by name; its members are added on its page."""
    run = run_or_404(pid)
    form = TeamForm()
    if form.validate():
        changed, team_id = with_new_team(run.programme, form.name.data, now().astimezone(run.workflow.tz).date())
        result = attempt_save(changed, posted_revision())
        if result.ok:
            flash(_("The team %(name)s was added. Add its members below.", name=form.name.data.strip()), "success")
            return redirect(url_for("admin.team", pid=pid, team=team_id))
        index = len(changed.teams) - 1
        general = attach(form, result.problems, under(f"teams[{index}].", {"name": "name"}))
        return render_template(
            "admin/teams.html", run=run, form=form, problems=summary(form, general), stale=result.stale
        ), 409 if result.stale else 422
    return render_template("admin/teams.html", run=run, form=form, problems=summary(form), stale=False), 422


# The team page holds several forms; prefixes keep their inputs' names and ids apart.
PREFIXES = {
    "name": "team",
    "withdraw": "withdraw",
    "extension": "extension",
    "excusal": "excusal",
    "followup": "followup",
    "reference": "reference",
}
FORMS = {
    "name": TeamForm,
    "withdraw": WithdrawForm,
    "extension": ExtensionForm,
    "excusal": ExcusalForm,
    "followup": FollowupForm,
    "reference": ReferenceForm,
}


def team_or_404(run: Run, team_id: str) -> Team:
    """The team ``team_id`` of ``run``, or a 404 page."""
    team = run.programme.team(team_id)
    if team is None:
        abort(404)
    return team


def team_index(run: Run, team_id: str) -> int:
    """The team's position in the programme (problems name teams by it)."""
    return next(i for i, t in enumerate(run.programme.teams) if t.id == team_id)


def assignment_choices(run: Run, team: Team, kind: str | None = None) -> list[tuple[str, str]]:
    """The team's assignments for a select: ``deliverable/occurrence`` and a label with the due date —
    all of them, or (``kind`` "extension" or "excusal") those that can still take one now."""
    tz, moment = run.workflow.tz, now()
    return [
        (
            f"{a.deliverable}/{a.occurrence}",
            _(
                "%(what)s (due %(date)s)",
                what=occurrence_label(run, a.deliverable, a.occurrence),
                date=a.effective_due_at.astimezone(tz).strftime("%d.%m.%Y"),
            ),
        )
        for a in run.team_assignments(team.id)
        if kind is None or exception_refusal(run, a, kind, moment) is None
    ]


def render_team(
    run: Run, team: Team, *, status: int = 200, stale: bool = False, general: list[Problem] = (), **forms: Any
):
    """The team page, with any of its forms (``name``, ``withdraw``, ``extension``, ``excusal``)
    replaced by one the leader just posted, errors and all."""
    moment = now()
    defaults = {
        "name": TeamForm(formdata=None, data={"name": team.name}, prefix=PREFIXES["name"]),
        "withdraw": WithdrawForm(formdata=None, prefix=PREFIXES["withdraw"]),
        "extension": ExtensionForm(formdata=None, prefix=PREFIXES["extension"]),
        "excusal": ExcusalForm(formdata=None, prefix=PREFIXES["excusal"]),
        "followup": FollowupForm(
            formdata=None, data={"date": local_day(moment, run.workflow.tz).isoformat()}, prefix=PREFIXES["followup"]
        ),
        "reference": ReferenceForm(
            formdata=None, data={"reference_for": list(team.reference_for)}, prefix=PREFIXES["reference"]
        ),
    }
    defaults.update(forms)
    for kind in ("extension", "excusal"):  # only what the team still owes (a posted form's too)
        defaults[kind].assignment.choices = options(assignment_choices(run, team, kind))
    problems = list(general)
    for posted in forms.values():
        problems = summary(posted, problems)
    statuses = run.statuses(moment)
    assignments = [(a, statuses[a.key]) for a in run.team_assignments(team.id)]
    return render_template(
        "admin/team.html",
        run=run,
        team=team,
        forms=defaults,
        problems=problems,
        stale=stale,
        assignments=assignments,
        now=moment,
        label=lambda a: assignment_label(run, a),
        occurrence=lambda d, o: occurrence_label(run, d, o),
        extensions=[e for e in run.programme.extensions if e.team == team.id],
        excusals=[e for e in run.programme.excusals if e.team == team.id],
        teamloop=team_loop(get_store(), run, team, moment),
        nonce=new_nonce(),
        kinds=FOLLOWUP_WORDS,
    ), status


@bp.get("/p/<pid>/teams/<team>")
def team(pid: str, team: str):
    """One team: members, assignments with their status, withdrawal, extensions and excusals."""
    run = run_or_404(pid)
    return render_team(run, team_or_404(run, team))


def posted_team_form(pid: str, team_id: str, form_name: str) -> tuple[Run, Team, Any]:
    """For a view that takes one of the team page's forms: the programme, the team (or a 404 page)
    and the form ``form_name`` as posted, its assignments to choose from filled in; not yet validated."""
    run = run_or_404(pid)
    team = team_or_404(run, team_id)
    form = FORMS[form_name](prefix=PREFIXES[form_name])
    if "assignment" in form:
        form.assignment.choices = options(assignment_choices(run, team))
    return run, team, form


def save_team_change(
    run: Run,
    team: Team,
    changed: Any,
    form_name: str,
    form: Any,
    field_for: Any,
    message: str,
    events: list[Event] = (),
):
    """Save a change made with one of the team page's forms; on failure the page again, with the form."""
    result = attempt_save(changed, posted_revision(), events)
    if result.ok:
        flash(message, "success")
        return redirect(url_for("admin.team", pid=run.id, team=team.id))
    general = attach(form, result.problems, field_for) if not result.stale else []
    return render_team(
        run, team, status=409 if result.stale else 422, stale=result.stale, general=general, **{form_name: form}
    )


@bp.post("/p/<pid>/teams/<team>/name")
def rename_team(pid: str, team: str):
    """Rename a team (its id, used in links and keys, stays)."""
    run, current, form = posted_team_form(pid, team, "name")
    if not form.validate():
        return render_team(run, current, status=422, name=form)
    return save_team_change(
        run,
        current,
        with_team_name(run.programme, team, form.name.data),
        "name",
        form,
        under(f"teams[{team_index(run, team)}].", {"name": "name"}, PREFIXES["name"]),
        _("The team was renamed."),
    )


@bp.post("/p/<pid>/teams/<team>/withdraw")
def withdraw_team(pid: str, team: str):
    """Record that a team withdrew, from a date and for a reason."""
    run, current, form = posted_team_form(pid, team, "withdraw")
    if not form.validate():
        return render_team(run, current, status=422, withdraw=form)
    day, reason = parse_day(form.date.data), form.reason.data.strip()
    event = Event("withdrawn", team, detail={"date": day.isoformat(), "reason": reason})
    field_for = under(
        f"teams[{team_index(run, team)}].withdrawn.", {"date": "date", "reason": "reason"}, PREFIXES["withdraw"]
    )
    return save_team_change(
        run,
        current,
        withdraw(run.programme, team, day, reason),
        "withdraw",
        form,
        field_for,
        _("%(team)s is marked as withdrawn.", team=current.name),
        [event],
    )


@bp.post("/p/<pid>/teams/<team>/reference")
def set_reference_for(pid: str, team: str):
    """Set the teams this team is reference group for (the ticked ones; none ticked: none)."""
    run, current, form = posted_team_form(pid, team, "reference")
    chosen = [ref for ref in form.reference_for.data or [] if ref != team]
    return save_team_change(
        run,
        current,
        with_reference_for(run.programme, team, chosen),
        "reference",
        form,
        under(f"teams[{team_index(run, team)}].", {"reference_for": "reference_for"}, PREFIXES["reference"]),
        _("%(team)s's reference groups are saved.", team=current.name),
        [Event("reference_set", team, detail={"reference_for": chosen})],
    )


@bp.post("/p/<pid>/teams/<team>/reinstate")
def reinstate_team(pid: str, team: str):
    """Undo a team's withdrawal."""
    run = run_or_404(pid)
    current = team_or_404(run, team)
    if current.withdrawn is None:
        return redirect(url_for("admin.team", pid=pid, team=team))
    result = attempt_save(reinstate(run.programme, team), posted_revision(), [Event("reinstated", team)])
    if result.ok:
        flash(_("%(team)s is back in the programme.", team=current.name), "success")
        return redirect(url_for("admin.team", pid=pid, team=team))
    general = [Problem(None, "", explain(split(line)[1])) for line in result.problems]
    return render_team(run, current, status=409 if result.stale else 422, stale=result.stale, general=general)
