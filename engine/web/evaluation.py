"""The anonymous evaluation of a gathering: ``/p/<programme>/evaluering/<n>/<signature>``.

One link (or QR code) for everyone at gathering ``n``, signed with the app's secret
(``engine.access.links.valid_evaluation_signature``), so nothing about it is stored — and a short
address for people who type it from a poster (``/e/<code>``, redirected here). The form is open
from the gathering's day for the evaluation deliverable's window (``Run.participant_assignments``);
before and after, a polite page says so. No account, no cookie beyond the CSRF check's, no
name, no event in the log: a response is stored with the day it came and a per-render nonce
that recognises a double post (``engine.store.evaluations.add_evaluation``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import clock, teamwork
from ..access.links import evaluation_path, find_evaluation_code, valid_evaluation_signature
from ..access.team import find_run
from ..cycle import Assignment
from ..i18n import current_language
from ..programmes import Run, get_catalog
from ..store import evaluations as evaluation_repo
from ..store import get_store
from ..store import programmes as programme_repo
from . import formkit
from .security import csrf
from .team import kit as teamkit

bp = Blueprint("evaluation", __name__, url_prefix="/p/<pid>/evaluering/<int:number>/<sig>")
csrf.exempt(bp)  # formkit.handle_post checks the token itself, so an expired one keeps the answers
short = Blueprint("evaluation_short", __name__)  # /e/<code>: the address a poster asks people to type


teamkit.link_pages(bp)


@bp.url_value_preprocessor
def _pull(endpoint: str | None, values: dict[str, Any] | None) -> None:
    values = values if values is not None else {}
    g.pid, g.number, g.sig = values.pop("pid", ""), values.pop("number", 0), values.pop("sig", "")


@bp.url_defaults
def _add(endpoint: str, values: dict[str, Any]) -> None:
    if "sig" in g and current_app.url_map.is_endpoint_expecting(endpoint, "sig"):
        values.setdefault("pid", g.pid)
        values.setdefault("number", g.number)
        values.setdefault("sig", g.sig)


@bp.before_request
def _check_link():
    run = None
    if valid_evaluation_signature(current_app.config["SECRET_KEY"], g.pid, g.number, g.sig):
        run = find_run(get_store(), get_catalog(), g.pid)
    assignment = evaluation_assignment(run, g.number) if run is not None else None
    if assignment is None:
        abort(teamkit.failed_lookup())
    g.run, g.assignment = run, assignment
    g.programme_language = run.programme.language
    return None


def evaluation_assignment(run: Run, number: int) -> Assignment | None:
    """The participants' assignment that hangs on gathering ``number``, if the workflow has one."""
    return next((a for a in run.participant_assignments() if a.occurrence == number), None)


def window_state(assignment: Assignment, now: datetime) -> str:
    """``not_open``, ``open`` or ``closed``: the form takes answers from its opening to its due
    instant (or to its closing day, if the workflow sets one)."""
    if now < assignment.opens_at:
        return "not_open"
    return "open" if now <= (assignment.closes_at or assignment.effective_due_at) else "closed"


@bp.route("", methods=["GET", "POST"])
def form():
    """The evaluation form; a valid POST stores one anonymous response and thanks the participant."""
    run, assignment = g.run, g.assignment
    store, now = get_store(), clock.now()
    state = "ended" if run.closed else window_state(assignment, now)
    gathering = run.programme.gathering(g.number)
    if state != "open":
        return render_template(
            "evaluation/closed.html", run=run, assignment=assignment, gathering=gathering, number=g.number, state=state
        ), 200 if state == "not_open" else 410
    template = get_catalog().forms.get(assignment.form)
    if template is None:
        abort(404)
    # The questions speak the page's language: the programme's, unless the participant chose another.
    context = replace(teamwork.form_context(store, run, assignment), language=current_language())
    form_class = formkit.web_form_class(template, context)
    outcome, status = None, 200
    if request.method == "POST":
        result = formkit.handle_post(form_class)
        form, outcome, status = result.form, result.outcome, result.status
        if outcome == formkit.SUBMITTED:
            evaluation_repo.add_evaluation(store, run.id, gathering.id, form.answers(), teamkit.posted_nonce(), now)
            return redirect(url_for(".thanks"), code=303)
        if outcome != formkit.EXPIRED:
            outcome = formkit.INVALID  # there are no drafts here: anything else is "not yet complete"
            form.check_submit()
    else:
        form = form_class.from_answers({})
    return render_template(
        "evaluation/form.html",
        run=run,
        assignment=assignment,
        gathering=gathering,
        number=g.number,
        form=form,
        outcome=outcome,
        nonce=teamkit.new_nonce(),
        expired_message=_(
            "The page had been open a long time, so its security check expired. "
            "Your answers are still here: press the button again."
        ),
    ), status


@short.get("/e/<code>")
def short_link(code: str):
    """The short address on the poster (``/e/<code>``) leads to the gathering's evaluation."""
    store, catalog, secret = get_store(), get_catalog(), current_app.config["SECRET_KEY"]

    def gatherings():
        for listed in programme_repo.list_programmes(store):
            run = find_run(store, catalog, listed["id"])
            if run is not None:
                yield from ((run.id, a.occurrence) for a in run.participant_assignments())

    found = find_evaluation_code(secret, gatherings(), code)
    if found is None:
        abort(teamkit.failed_lookup())
    return redirect(evaluation_path(secret, *found))


@bp.get("/takk")
def thanks():
    """The thank-you page (also reached by a replayed post)."""
    return render_template(
        "evaluation/thanks.html", run=g.run, number=g.number, gathering=g.run.programme.gathering(g.number)
    )
