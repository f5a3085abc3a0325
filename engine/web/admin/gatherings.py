"""The gatherings of a programme: list, add, edit, remove — with a preview of what moves.

Deadlines hang on gatherings, so moving a gathering moves the unsubmitted assignments with it
(submitted ones keep the dates they were judged against). Before such a change is saved the
leader sees what it does — "3 deadlines move; 2 submitted assignments keep their dates" — and
confirms. A change that would put submitted work under another gathering (adding or removing a
gathering before it renumbers the ones after) is refused: the delivery would no longer match
what the team was asked for.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...access.calendars import subscription_urls
from ...cycle import Gathering, PlanError, Programme, programme_problems
from ...programmes import Run
from ...programmes.edits import (
    Overtaken,
    PlanChanges,
    overtaken_events,
    plan_changes,
    with_gathering,
    without_gathering,
    without_overtaken_extensions,
)
from ...store import calendars as feed_repo
from ...store import get_store
from ...timefmt import fmt_date
from ..auth import is_leader
from .blueprint import bp, run_or_404
from .common import (
    assignment_label,
    attempt_save,
    day_off_of,
    day_off_text,
    leader_only,
    now,
    parse_day,
    posted_revision,
)
from .forms import GatheringForm, options
from .problems import Problem, attach, located, summary

OTHER = ""  # the host select's value for "a host that is not a team"


@bp.get("/p/<pid>/gatherings")
def gatherings(pid: str):
    """Every gathering in date order, with its time, place, host and theme; "Remove" only where the
    workflow and the teams' submitted work allow it, and why not elsewhere; the calendars."""
    run = run_or_404(pid)
    refusals = {g.id: removal_refusal(run, g.id) for g in run.programme.gatherings} if is_leader() else {}
    reasons = list(dict.fromkeys(reason for reason in refusals.values() if reason))
    return render_template(
        "admin/gatherings.html", run=run, refusals=refusals, reasons=reasons, calendars=calendar_overview(run)
    )


def calendar_overview(run: Run) -> dict[str, Any]:
    """The programme's subscription addresses (or None) and the teams that have one."""
    config, store = current_app.config, get_store()
    feeds = {feed["team"] for feed in feed_repo.list_feeds(store, run.id) if feed["scope"] == "team"}
    return {
        "programme": subscription_urls(store, config["BASE_URL"], config["SECRET_KEY"], run.id, "programme"),
        "teams": [team for team in run.programme.teams if team.id in feeds],
    }


def removal_refusal(run: Run, gid: str) -> str | None:
    """Why the gathering ``gid`` cannot be removed (one sentence), or None if it can."""
    changed, _overtaken = without_overtaken_extensions(without_gathering(run.programme, gid), run.workflow)
    problems, _changes = _check(run, changed)
    return located(run, problems[0]).message if problems else None


def _form_for(run: Run, gathering: Gathering | None) -> GatheringForm:
    data: dict[str, Any] = {}
    if gathering is not None:
        host_team = run.programme.host_team(gathering)
        data.update(
            date=gathering.date.isoformat(),
            start=gathering.start,
            end=gathering.end or "",
            place=gathering.place,
            theme=gathering.theme,
            agenda=gathering.agenda,
            host=host_team.name if host_team else OTHER,
            host_other="" if host_team else gathering.host,
        )
    form = GatheringForm(formdata=None, data=data)
    _host_choices(form, run)
    return form


def _host_choices(form: GatheringForm, run: Run) -> None:
    form.host.choices = options(
        [(t.name, t.name) for t in run.programme.teams] + [(OTHER, _("Another host (write below)"))]
    )


def _find(run: Run, gid: str) -> Gathering:
    found = next((g for g in run.programme.gatherings if g.id == gid), None)
    if found is None:
        abort(404)
    return found


@bp.route("/p/<pid>/gatherings/new", methods=["GET", "POST"])
def new_gathering(pid: str):
    """Add a gathering (it takes its place in date order)."""
    leader_only()
    run = run_or_404(pid)
    if request.method == "GET":
        return _render_form(run, _form_for(run, None), None)
    return _post_gathering(run, None)


@bp.route("/p/<pid>/gatherings/<gid>", methods=["GET", "POST"])
def gathering(pid: str, gid: str):
    """Edit one gathering: date, times, place, host, theme and agenda."""
    leader_only()
    run = run_or_404(pid)
    current = _find(run, gid)
    if request.method == "GET":
        return _render_form(run, _form_for(run, current), current)
    return _post_gathering(run, current)


def _render_form(
    run: Run,
    form: GatheringForm,
    current: Gathering | None,
    general: list[Problem] = (),
    stale: bool = False,
    status: int = 200,
):
    return render_template(
        "admin/gathering_form.html",
        run=run,
        form=form,
        current=current,
        problems=summary(form, list(general)),
        stale=stale,
    ), status


def _post_gathering(run: Run, current: Gathering | None):
    form = GatheringForm()
    _host_choices(form, run)
    if not form.validate() or request.form.get("action") == "back":
        return _render_form(run, form, current, status=422 if form.errors else 200)
    host = (form.host.data or "") if form.host.data != OTHER else (form.host_other.data or "").strip()
    text = {name: (form[name].data or "").strip() for name in ("start", "end", "place", "theme", "agenda")}
    gathering = Gathering(
        id=current.id if current else "",
        date=parse_day(form.date.data),
        start=text["start"],
        end=text["end"] or None,
        place=text["place"],
        host=host,
        theme=text["theme"],
        agenda=text["agenda"],
    )
    changed, overtaken = without_overtaken_extensions(with_gathering(run.programme, gathering), run.workflow)
    known = {g.id for g in run.programme.gatherings}
    number = next(n for n, g in enumerate(changed.gatherings) if (g.id == current.id if current else g.id not in known))
    problems, changes = _check(run, changed)
    if problems is not None:
        mapped = attach(form, problems, lambda path: _field_for(path, number, form), run)
        return _render_form(run, form, current, mapped, status=422)
    if (changes.anything or overtaken) and request.form.get("confirm") != "yes":
        return _confirm(run, form, current, changes, overtaken)
    return _save(run, changed, form, current, overtaken)


def _confirm(
    run: Run,
    form: GatheringForm | None,
    current: Gathering | None,
    changes: PlanChanges,
    overtaken: tuple[Overtaken, ...],
    refused: list[str] = (),
):
    """The page that says what a change does (or why it cannot be made) before it is saved."""
    return render_template(
        "admin/gathering_confirm.html",
        run=run,
        form=form,
        current=current,
        changes=changes,
        overtaken=overtaken,
        removing=form is None,
        refused=list(refused),
        label=lambda a: assignment_label(run, a),
    )


def _check(run: Run, changed: Programme) -> tuple[list[str] | None, PlanChanges]:
    """The programme's problems (None if it is valid) and what the change does to the plan."""
    problems = programme_problems(changed, run.installed_workflow)
    if problems:
        return problems, PlanChanges()
    try:
        changes = plan_changes(run, changed, now())
    except PlanError as exc:
        return [f"gatherings: {exc}"], PlanChanges()
    if changes.regrouped:
        return [
            ": "
            + _(
                "Teams have submitted work that belongs to gathering %(numbers)s; adding or removing a "
                "gathering before it would move that work to another gathering, so the change is not made.",
                numbers=", ".join(sorted({str(a.gathering) for a in changes.regrouped})),
            )
        ], changes
    return None, changes


def _field_for(path: str, number: int, form: GatheringForm) -> tuple[str, str] | None:
    prefix = f"gatherings[{number}]."
    if not path.startswith(prefix):
        return None
    name = path[len(prefix) :]
    if name == "host":
        return ("host_other" if form.host.data == OTHER else "host"), ""
    return (name, "") if name in ("date", "start", "end", "place", "theme", "agenda") else None


def _save(
    run: Run, changed: Programme, form: GatheringForm, current: Gathering | None, overtaken: tuple[Overtaken, ...]
):
    result = attempt_save(changed, posted_revision(), overtaken_events(run.id, overtaken))
    if result.ok:
        flash(_("The gathering was saved.") if current else _("The gathering was added."), "success")
        saved = next(g for g in changed.gatherings if g.date == parse_day(form.date.data))
        off = day_off_of(saved.date)
        if off is not None:  # a warning, not a refusal: the leader may have good reasons
            flash(_("Note: %(date)s is %(why)s.", date=fmt_date(saved.date), why=day_off_text(off)), "warning")
        return redirect(url_for("admin.gatherings", pid=run.id))
    general = [located(run, line) for line in result.problems]
    return _render_form(run, form, current, general, stale=result.stale, status=409 if result.stale else 422)


@bp.post("/p/<pid>/gatherings/<gid>/remove")
def remove_gathering(pid: str, gid: str):
    """Remove a gathering: first a confirmation with what it does, then (``confirm=yes``) the removal."""
    run = run_or_404(pid)
    current = _find(run, gid)
    changed, overtaken = without_overtaken_extensions(without_gathering(run.programme, gid), run.workflow)
    problems, changes = _check(run, changed)
    if problems is not None or request.form.get("confirm") != "yes":
        refused = [located(run, line).message for line in problems or []]
        return _confirm(run, None, current, changes, overtaken, refused)
    result = attempt_save(changed, posted_revision(), overtaken_events(run.id, overtaken))
    if not result.ok:
        flash(
            _("Someone else saved this programme meanwhile; look at it again before removing the gathering.")
            if result.stale
            else _("The gathering could not be removed."),
            "error",
        )
        return redirect(url_for("admin.gatherings", pid=pid))
    flash(_("The gathering was removed."), "success")
    return redirect(url_for("admin.gatherings", pid=pid))
