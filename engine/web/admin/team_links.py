"""The members' personal links from the leader's side: who holds which links, send a new one, end them.

Every link that still works is listed with when it was sent, with which mail and until when it
works (``engine.access.team.working_links``). Sending queues a ``link`` mail
(``engine.mail.receipts.queue_link``); the sender mints the token when the message goes out, so
nothing here creates a token. The leader can end one link (say, the one in a forwarded e-mail)
or every link of a member at once (the team page then says how to get a new one). All are POSTs
with CSRF (sending with a nonce too: a double click queues one message); observers cannot use them.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...access.team import working_links
from ...mail.receipts import queue_link
from ...store import get_store
from ...store import tokens as token_repo
from ..team.kit import new_nonce, posted_nonce
from .blueprint import bp, run_or_404
from .common import occurrence_label

SENT_WITH = {
    "invitation": _l("Invitation"),
    "reminder": _l("Reminder"),
    "overdue": _l("Overdue notice"),
    "receipt": _l("Receipt"),
    "link": _l("New link"),
    "message": _l("Message"),
}


@bp.get("/p/<pid>/links")
def links(pid: str):
    """Every team's members with the links that still work: sent when, with what, working until when."""
    run = run_or_404(pid)
    config = current_app.config
    working = working_links(
        get_store(), run, clock.now(), int(config["LINK_GRACE_DAYS"]), int(config["LINK_SUPERSEDED_DAYS"])
    )
    return render_template(
        "admin/team_links.html", run=run, pid=pid, working=working, sent_with=sent_with, nonce=new_nonce()
    )


def sent_with(run, record: dict) -> str:
    """What carried a link, as the leader reads it: 'Invitation: Hovedplan', or 'Printed by a command'."""
    parts = []
    for item in record.get("sent_with") or ():
        word = str(SENT_WITH.get(item.get("kind"), item.get("kind") or ""))
        assignment = run.assignment(item["assignment"]) if item.get("assignment") else None
        parts.append(
            f"{word}: {occurrence_label(run, assignment.deliverable, assignment.occurrence)}" if assignment else word
        )
    return "; ".join(dict.fromkeys(parts)) or _("Made by a command or before links were described")


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


@bp.post("/p/<pid>/links/<team>/<member>/<token_id>/end")
def end_link(pid: str, team: str, member: str, token_id: str):
    """End one of a member's links; the others keep working."""
    team_obj, member_obj = _member_or_404(pid, team, member)[1:]
    store = get_store()
    owned = any(
        t["id"] == token_id and t["member"] == member_obj.id and t.get("revoked_at") is None
        for t in token_repo.list_tokens(store, pid, team_obj.id)
    )
    if not owned or token_repo.revoke_token(store, pid, token_id, now=clock.now(), actor=g.admin["id"]) is None:
        abort(404)
    flash(_("That link of %(name)s no longer works; their other links still do.", name=member_obj.name), "success")
    return redirect(url_for(".links", pid=pid))


@bp.post("/p/<pid>/links/<team>/<member>/revoke")
def revoke_links(pid: str, team: str, member: str):
    """Make every link of one member stop working."""
    team_obj, member_obj = _member_or_404(pid, team, member)[1:]
    count = token_repo.revoke_tokens(get_store(), pid, team_obj.id, member_obj.id, now=clock.now(), actor=g.admin["id"])
    flash(_("%(count)s link(s) of %(name)s no longer work.", count=count, name=member_obj.name), "success")
    return redirect(url_for(".links", pid=pid))
