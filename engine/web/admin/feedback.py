"""The leader's feedback on a submitted version: a comment, or a request for a new version.

The form is on the submission page (``submissions``); its POST comes here. Feedback is stored
with its time and author, shown beside the document and in the version history, and mailed to
every active member of the team (``engine.teamwork.feedback``). A request for a new version is a
mark beside the delivery status until the team submits the next version, or until the leader
withdraws it here. Observers read feedback and cannot write it (the blueprint's guard refuses
their POSTs).
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...store import get_store
from ...teamwork import feedback as loop
from ..team.kit import posted_int, posted_nonce
from .blueprint import bp, run_or_404
from .common import actor, now
from .forms import FeedbackForm
from .submissions import render_submission

REFUSALS = {
    loop.EMPTY: _l("Write the feedback."),
    loop.TOO_LONG: _l("The feedback is too long: keep it under %(max)s characters.", max=f"{loop.MAX_CHARS:,}"),
    loop.NOT_LATEST: _l("A new version can only be asked for on the latest version."),
    loop.CANNOT_RESUBMIT: _l(
        "The team cannot submit a new version now (the form is closed, excused or the team has withdrawn). "
        "Send the feedback as a comment instead."
    ),
    loop.NOT_SUBMITTED: _l("That version does not exist."),
}


@bp.post("/p/<pid>/submissions/<team>/<deliverable>/<int:occurrence>/feedback")
def give_feedback(pid: str, team: str, deliverable: str, occurrence: int):
    """Store the leader's feedback on the posted ``version`` and mail it to the team."""
    run = run_or_404(pid)
    assignment = run.find(team, deliverable, occurrence)
    version = posted_int("version")
    record = next((v for v in run.versions(assignment.key) if v["version"] == version), None) if assignment else None
    if assignment is None or record is None:
        abort(404)
    form = FeedbackForm()
    if not form.validate():
        return render_submission(run, assignment, record, form, 422)
    try:
        _stored, created = loop.give_leader_feedback(
            get_store(),
            run,
            assignment,
            record["version"],
            form.text.data,
            form.kind.data == "request",
            g.admin,
            posted_nonce(),
            now(),
        )
    except loop.FeedbackRefused as exc:
        form.text.errors = [*form.text.errors, str(REFUSALS[exc.reason])]  # shown beside the text, which stays
        return render_submission(run, assignment, record, form, 422)
    if created:
        flash(_("The feedback is saved. The team gets it by e-mail and sees it on its page."), "success")
    return redirect(_back(pid, team, deliverable, occurrence, record["version"]), code=303)


@bp.post("/p/<pid>/submissions/<team>/<deliverable>/<int:occurrence>/feedback/<feedback_id>/cancel")
def cancel_request(pid: str, team: str, deliverable: str, occurrence: int, feedback_id: str):
    """Withdraw a request for a new version (the feedback itself stays, marked as withdrawn)."""
    run = run_or_404(pid)
    assignment = run.find(team, deliverable, occurrence)
    if assignment is None:
        abort(404)
    if loop.cancel_request(get_store(), run, assignment, feedback_id, actor(), now()) is None:
        abort(404)
    flash(_("The request for a new version is withdrawn."), "success")
    return redirect(_back(pid, team, deliverable, occurrence, request.form.get("version")), code=303)


def _back(pid: str, team: str, deliverable: str, occurrence: int, version: object) -> str:
    args = {"version": version} if str(version or "").isdigit() else {}
    target = url_for("admin.submission", pid=pid, team=team, deliverable=deliverable, occurrence=occurrence, **args)
    return target + "#feedback"
