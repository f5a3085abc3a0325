"""A team's members: add, edit, deactivate and remove.

A member who is deactivated or removed no longer gets mail, and their personal links stop
working at once (revoked; the leader can send a new link if they come back). Deliveries they
made keep their name.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...cycle import Member, Team
from ...programmes import Run
from ...programmes.edits import with_member, without_member
from ...store import get_store
from ...store import tokens as token_repo
from .blueprint import bp, run_or_404
from .common import actor, attempt_save, leader_only, now, posted_revision
from .forms import MemberForm
from .problems import Problem, attach, explain, split, summary, under
from .teams import team_index, team_or_404

FIELDS = {"name": "name", "email": "email", "role": "role"}


def _member_or_404(team: Team, member_id: str) -> Member:
    member = team.member(member_id)
    if member is None:
        abort(404)
    return member


def _render(
    run: Run,
    team: Team,
    form: MemberForm,
    member: Member | None,
    general: list[Problem] = (),
    stale: bool = False,
    status: int = 200,
):
    return render_template(
        "admin/member_form.html",
        run=run,
        team=team,
        form=form,
        member=member,
        problems=summary(form, list(general)),
        stale=stale,
    ), status


@bp.route("/p/<pid>/teams/<team>/members/new", methods=["GET", "POST"])
def new_member(pid: str, team: str):
    """Add a member to a team."""
    leader_only()
    run = run_or_404(pid)
    current = team_or_404(run, team)
    if request.method == "GET":
        return _render(run, current, MemberForm(formdata=None, data={"active": "yes"}), None)
    return _save(run, current, None)


@bp.route("/p/<pid>/teams/<team>/members/<member>", methods=["GET", "POST"])
def member(pid: str, team: str, member: str):
    """Edit a member: name, e-mail address, role, and whether they get links and reminders."""
    leader_only()
    run = run_or_404(pid)
    current = team_or_404(run, team)
    found = _member_or_404(current, member)
    if request.method == "GET":
        form = MemberForm(
            formdata=None,
            data={
                "name": found.name,
                "email": found.email,
                "role": found.role or "",
                "active": "yes" if found.active else "no",
            },
        )
        return _render(run, current, form, found)
    return _save(run, current, found)


def _save(run: Run, team: Team, found: Member | None):
    form = MemberForm()
    edited = Member(
        id=found.id if found else "",
        name=form.name.data or "",
        email=form.email.data or "",
        role=form.role.data or None,
        active=form.active.data != "no",
    )
    changed, member_id = with_member(run.programme, team.id, edited)
    result = attempt_save(changed, posted_revision())
    if result.ok:
        moved = found is not None and found.email.strip().casefold() != edited.email.strip().casefold()
        if not edited.active or moved:
            # a deactivated member's links stop working; so do links sent to an address that was wrong
            _revoke(run, team.id, member_id)
        flash(_("%(name)s was saved.", name=edited.name.strip()), "success")
        return redirect(url_for("admin.team", pid=run.id, team=team.id))
    index = next(i for i, m in enumerate(changed.team(team.id).members) if m.id == member_id)
    general = attach(form, result.problems, under(f"teams[{team_index(run, team.id)}].members[{index}].", FIELDS))
    return _render(run, team, form, found, general, result.stale, 409 if result.stale else 422)


def _revoke(run: Run, team: str, member: str) -> None:
    token_repo.revoke_tokens(get_store(), run.id, team, member, now=now(), actor=actor())


@bp.post("/p/<pid>/teams/<team>/members/<member>/active")
def set_member_active(pid: str, team: str, member: str):
    """Deactivate a member (``active=no``: no more mail, links revoked) or activate them again."""
    run = run_or_404(pid)
    current = team_or_404(run, team)
    found = _member_or_404(current, member)
    active = request.form.get("active") == "yes"
    changed, _id = with_member(run.programme, team, Member(found.id, found.name, found.email, found.role, active))
    return _finish(
        run,
        current,
        changed,
        member,
        revoke=not active,
        message=_("%(name)s gets links and reminders again.", name=found.name)
        if active
        else _("%(name)s is deactivated: no more mail, and their links no longer work.", name=found.name),
    )


@bp.post("/p/<pid>/teams/<team>/members/<member>/remove")
def remove_member(pid: str, team: str, member: str):
    """Remove a member from the team (their deliveries keep their name)."""
    run = run_or_404(pid)
    current = team_or_404(run, team)
    found = _member_or_404(current, member)
    return _finish(
        run,
        current,
        without_member(run.programme, team, member),
        member,
        revoke=True,
        message=_("%(name)s was removed from the team.", name=found.name),
    )


def _finish(run: Run, team: Team, changed, member: str, revoke: bool, message: str):
    result = attempt_save(changed, posted_revision())
    if result.ok:
        if revoke:
            _revoke(run, team.id, member)
        flash(message, "success")
    elif result.stale:
        flash(
            _("Someone else saved this programme meanwhile. Nothing was changed; check the team and try again."),
            "error",
        )
    else:
        flash(" ".join(explain(split(line)[1]) for line in result.problems), "error")
    return redirect(url_for("admin.team", pid=run.id, team=team.id))
