"""Closing a programme and opening it again, and what a closed programme's pages say and refuse.

A closed programme is read-only (``engine.privacy.lifecycle``): every change posted to one of its
pages is refused here, in one place, before any view runs — except reopening it and copying it
for the next round. Every page of a
closed programme says since when it is closed and when its people's names and addresses will be
erased (or were).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import privacy
from ...programmes import Run
from ...store import NotFound, ProgrammeClosed, get_store
from ...store.records import parse_iso
from ..auth import READ_METHODS
from .blueprint import bp, run_or_404
from .common import actor, leader_only, now

# Reopening, and copying it for the next round (that makes a new programme and changes nothing here).
ALLOWED_WHEN_CLOSED = frozenset({"admin.reopen_programme", "admin.copy_programme"})


@bp.before_request
def _refuse_changes_to_a_closed_programme():
    if request.method in READ_METHODS or request.endpoint in ALLOWED_WHEN_CLOSED:
        return None
    pid = (request.view_args or {}).get("pid")
    if pid is None:
        return None
    run = run_or_404(pid)
    if not run.closed:
        return None
    message = _("This programme is closed, so nothing in it can be changed. Open it again under Settings first.")
    if run.purged:
        message = _("This programme is closed and its people have been erased; nothing in it can be changed.")
    return render_template("error.html", code=409, message=message), 409


@bp.app_template_global("lifecycle")
def lifecycle(run: Run) -> dict[str, Any] | None:
    """Jinja: when a closed programme was closed, and when its people are (or were) erased; None if open."""
    document = run.document
    if not document.get("closed_at"):
        return None
    due = privacy.purge_due_at(current_app, dict(document))
    purged = document.get("purged_at")
    return {
        "closed_at": parse_iso(document["closed_at"]),
        "purge_at": due,
        "purged_at": parse_iso(purged) if purged else None,
        "retention_days": int(current_app.config["RETENTION_DAYS"]),
    }


@bp.route("/p/<pid>/close", methods=["GET", "POST"])
def close_programme(pid: str):
    """Ask, then close the programme: read-only, no mail, no links; purged after the retention period."""
    leader_only()
    run = run_or_404(pid)
    if run.closed:
        return redirect(url_for("admin.settings", pid=pid))
    if request.method == "GET":
        return render_template(
            "admin/close.html",
            run=run,
            purge_at=_purge_date_if_closed(now()),
            lifecycle_days=int(current_app.config["RETENTION_DAYS"]),
        )
    try:
        discarded = privacy.close(get_store(), pid, actor(), now())[1]
    except NotFound:
        return redirect(url_for("admin.programmes"))
    message = _("The programme is closed.")
    if discarded:
        message += " " + _("%(count)d message(s) that were waiting were not sent.", count=discarded)
    flash(message, "success")
    return redirect(url_for("admin.programme", pid=pid))


@bp.post("/p/<pid>/reopen")
def reopen_programme(pid: str):
    """Open a closed programme again (until it is purged)."""
    leader_only()
    run_or_404(pid)
    try:
        privacy.reopen(get_store(), pid, actor(), now())
    except ProgrammeClosed:
        flash(_("The programme's people have been erased; it cannot be opened again."), "error")
    else:
        flash(_("The programme is open again. Mail and links work as before."), "success")
    return redirect(url_for("admin.settings", pid=pid))


def _purge_date_if_closed(moment: datetime) -> datetime:
    return moment + privacy.retention(current_app)
