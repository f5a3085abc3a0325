"""The reference group's page: a partner team's submitted document, read-only, and feedback on it.

``/ref/<partner>/<deliverable>/<occurrence>`` shows the latest submitted version of a document of a
team this link's team is reference group for — rendered as the leader sees it — the feedback this
team wrote on it, and a form to write more. Anything else (not a partner, nothing submitted, a
draft) answers 404 exactly like a page that does not exist. The POST checks its security token
itself, so an expired token gives the text back instead of losing it; a replayed POST (same
nonce) stores the feedback once.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from ... import clock, teamwork
from ...programmes import get_catalog
from ...store import get_store
from ...teamwork import feedback as loop
from ...teamwork.partners import partner_document
from . import kit as teamkit
from .attachments import partner_links
from .link import bp

REFUSALS = {
    loop.EMPTY: _l("Write your feedback before you send it."),
    loop.TOO_LONG: _l("The feedback is too long: keep it under %(max)s characters.", max=f"{loop.MAX_CHARS:,}"),
    loop.NOT_PARTNER: _l("Your team is not reference group for this team."),
    loop.INACTIVE: _l("Feedback can no longer be given: one of the teams has withdrawn from the programme."),
    loop.NOT_SUBMITTED: _l("That version is no longer there. Read the document again and write your feedback."),
}


@bp.route("/ref/<partner>/<deliverable>/<int:occurrence>", methods=["GET", "POST"])
def partner_document_page(partner: str, deliverable: str, occurrence: int):
    """A partner's submitted document with this team's feedback on it (see the module docstring)."""
    access, now = g.access, clock.now()
    found = partner_document(get_store(), access, partner, deliverable, occurrence, now)
    if found is None:
        abort(404)
    if request.method != "POST":
        return render_partner(found)
    text = request.form.get("text", "")
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        message = _("The page had been open a long time, so nothing was sent. Your text is still here: send it again.")
        return render_partner(found, text=text, error=message, status=400)
    version = teamkit.posted_int("version") or 0
    try:
        loop.give_reference_feedback(
            get_store(), access, found[1].assignment, version, text, teamkit.posted_nonce(), now
        )
    except loop.FeedbackRefused as exc:
        return render_partner(found, text=text, error=str(REFUSALS[exc.reason]), status=422)
    flash(_("Thank you! Your feedback is sent to %(team)s.", team=found[0].team.name), "success")
    return redirect(
        url_for(".partner_document_page", partner=partner, deliverable=deliverable, occurrence=occurrence)
        + "#our-feedback",
        code=303,
    )


def render_partner(found, *, text: str = "", error: str | None = None, status: int = 200):
    """The page, with what was typed and what went wrong, if anything."""
    partner, document = found
    run = g.access.run
    partner_links(partner.team.id, document.assignment.deliverable, document.assignment.occurrence)
    view = teamwork.delivered_document(get_store(), run, dict(document.latest), get_catalog().forms, _)
    page = render_template(
        "team/partner.html",
        access=g.access,
        run=run,
        partner=partner,
        item=document,
        document=view,
        text=text,
        error=error,
        nonce=teamkit.new_nonce(),
    )
    return page, status
