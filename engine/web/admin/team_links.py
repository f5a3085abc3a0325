"""The members' personal links from the leader's side: who holds links, send a new one, revoke.

Sending queues a ``link`` mail (``engine.mail.receipts.queue_link``); the sender mints the
token when the message goes out, so nothing here creates a token. Revoking makes every link of
that member stop working at once (the team page then says how to get a new one). Both are
POSTs with CSRF and a nonce (a double click queues one message); observers cannot use them.
"""

from __future__ import annotations

from collections import defaultdict

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import clock
from ...mail.receipts import queue_link
from ...store import get_store
from ...store import tokens as token_repo
from ..team.kit import new_nonce, posted_nonce
from .blueprint import bp, run_or_404


@bp.get("/p/<pid>/links")
def links(pid: str):
    """Every team's members with how many active links they hold and when the last was made."""
    run = run_or_404(pid)
    active: dict[tuple[str, str], list[str]] = defaultdict(list)
    for token in token_repo.list_tokens(get_store(), pid):
        if token.get("revoked_at") is None:
            active[(token["team"], token["member"])].append(token["created_at"])
    return render_template("admin/team_links.html", run=run, pid=pid, active=active, nonce=new_nonce())


def _member_or_404(pid: str, team_id: str, member_id: str):
    run = run_or_404(pid)
    team = run.programme.team(team_id)
    member = team.member(member_id) if team else None
    if member is None:
        abort(404)
    return run, team, member


@bp.post("/p/<pid>/links/<team>/<member>/send")
def send_link(pid: str, team: str, member: str):
    """Queue the ``link`` mail with a fresh personal link for one member."""
    run, team_obj, member_obj = _member_or_404(pid, team, member)
    if not member_obj.active:
        flash(_("%(name)s is not an active member, so no link was sent.", name=member_obj.name), "error")
        return redirect(url_for(".links", pid=pid))
    nonce = posted_nonce() or new_nonce()
    queue_link(get_store(), run, team_obj.id, member_obj.id, nonce, clock.now())
    flash(_("A new link to %(name)s is queued; it goes out with the next mail pass.", name=member_obj.name), "success")
    return redirect(url_for(".links", pid=pid))


@bp.post("/p/<pid>/links/<team>/<member>/revoke")
def revoke_links(pid: str, team: str, member: str):
    """Make every link of one member stop working."""
    team_obj, member_obj = _member_or_404(pid, team, member)[1:]
    count = token_repo.revoke_tokens(get_store(), pid, team_obj.id, member_obj.id, now=clock.now(), actor=g.admin["id"])
    flash(_("%(count)s link(s) of %(name)s no longer work.", count=count, name=member_obj.name), "success")
    return redirect(url_for(".links", pid=pid))
