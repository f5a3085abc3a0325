"""The team's form: filling it in together, saving, autosaving, submitting — nothing typed is lost.

``GET`` shows the form as the team left it (the newer of the shared draft and the latest
submission). ``POST`` with ``action=save`` (or ``autosave`` from verksted.js, answered in JSON)
saves the draft; ``action=submit`` saves it too, checks everything and shows a confirmation
page with the document; the confirmation posts ``action=submit`` with ``confirm=<revision>``
and records the delivery, then redirects to the receipt.

Every way a POST can fail brings the page back with what was typed: an expired security token
or session (formkit answers ``expired``), a validation error, a conflict with a team-mate's save
(both versions shown), a form that closed meanwhile, a data folder that cannot be written (503,
"nothing was saved"; autosave answers ``{"status": "unavailable"}``). The page carries the draft revision it was
based on and a per-render nonce, so a replayed POST is stored once.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flask import abort, current_app, g, get_template_attribute, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf, validate_csrf
from markupsafe import Markup
from wtforms import ValidationError

from ... import clock, teamwork
from ...i18n import current_language
from ...programmes import get_catalog
from ...schema import document_view
from ...store import StoreUnavailable, get_store
from ...store.records import parse_iso
from ...timefmt import fmt_datetime, fmt_time, local
from .. import formkit
from ..errors import unavailable_message
from . import kit as teamkit
from .link import bp, team_assignment

BLOCKED_MESSAGES = {
    teamwork.NOT_OPEN: _l("This form is not open yet."),
    teamwork.CLOSED: _l("This form is closed; it can no longer be changed."),
    teamwork.WITHDRAWN: _l("The team has withdrawn from the programme, so this form can no longer be changed."),
    teamwork.EXCUSED: _l("The project leader has excused the team from this form."),
}


@dataclass(frozen=True)
class SheetPages:
    """Where a form's flow goes: its page, its confirmation page, where a submission lands, and
    whether the documents it looks back on are shown. The team's pages by default; the leader's own
    documents (``engine.web.admin.own``) use the same flow with pages of their own."""

    form: str = "team/form.html"
    confirm: str = "team/confirm.html"
    done: Callable[[teamwork.Sheet, dict[str, Any]], str] | None = None
    references: bool = True

    def done_url(self, sheet: teamwork.Sheet, delivery: dict[str, Any]) -> str:
        """Where the browser goes after submitting (the team's receipt by default)."""
        if self.done is not None:
            return self.done(sheet, delivery)
        a = sheet.assignment
        return url_for(
            ".receipt", deliverable=a.deliverable, occurrence=a.occurrence, delivery_id=delivery["id"], sent="1"
        )


TEAM_PAGES = SheetPages()


@bp.route("/a/<deliverable>/<int:occurrence>", methods=["GET", "POST"])
def form(deliverable: str, occurrence: int):
    """The assignment's form (see the module docstring)."""
    assignment = team_assignment(deliverable, occurrence)
    template = get_catalog().forms.get(assignment.form)
    if template is None:
        abort(404)
    now = clock.now()
    sheet = teamwork.open_sheet(get_store(), g.access, assignment, template, now)
    return sheet_flow(sheet, now, TEAM_PAGES)


def sheet_flow(sheet: teamwork.Sheet, now: datetime, pages: SheetPages):
    """GET shows the form, POST saves, checks, confirms or submits it (see the module docstring)."""
    # The form's own texts speak the page's language (the programme's unless the visitor chose another).
    sheet = replace(sheet, context=replace(sheet.context, language=current_language()))
    form_class = formkit.web_form_class(sheet.template, sheet.context)
    formkit.allow_uploads(form_class)  # before anything reads the post
    if request.method != "POST":
        return render_sheet(sheet, sheet.starting_form(form_class), sheet.revision, pages=pages)
    if request.form.get("action") == "submit" and "confirm" in request.form:
        return confirm_submission(sheet, form_class, now, pages)
    return post_form(sheet, form_class, now, pages)


def post_form(sheet: teamwork.Sheet, form_class: type, now: datetime, pages: SheetPages = TEAM_PAGES):
    """Save (and for ``action=submit``, check and confirm) what was posted."""
    action = request.form.get("action", "save")
    autosave = action == "autosave"
    revision = teamkit.posted_int("revision") or 0
    result = formkit.handle_post(form_class, attachment_hooks(sheet, form_class))
    form = result.form
    if result.outcome == formkit.EXPIRED:
        if autosave:
            return jsonify(status="expired", csrf_token=generate_csrf()), result.status
        return render_sheet(
            sheet, form, revision, notice=("error", expired_message()), status=result.status, pages=pages
        )
    if sheet.blocked:
        message = str(BLOCKED_MESSAGES[sheet.blocked])
        if autosave:
            return jsonify(status="blocked", message=message), 409
        return render_sheet(
            sheet,
            form,
            revision,
            notice=("error", message + " " + _("Your text is still below: copy what you want to keep.")),
            status=409,
            pages=pages,
        )
    if result.outcome == formkit.ROW:
        return render_sheet(sheet, form, revision, pages=pages)
    try:
        saved = teamwork.save_draft(get_store(), sheet, form.raw_values(), revision, teamkit.posted_nonce(), now)
    except StoreUnavailable as exc:
        return not_saved(sheet, form, revision, exc, autosave, pages)
    draft = saved.draft
    if saved.conflict:
        if autosave:
            return jsonify(status="conflict", message=conflict_message(draft)), 409
        return render_conflict(sheet, form_class, form, draft, pages)
    if autosave:
        return jsonify(
            status="saved", revision=draft["revision"], message=saved_message(draft), draft_state=draft_saved_by(draft)
        )
    if result.outcome == formkit.SUBMITTED:
        document = document_view(sheet.template, form.answers(), sheet.context, _)
        return render_template(
            pages.confirm,
            sheet=sheet,
            run=sheet.access.run,
            document=document,
            revision=draft["revision"],
            nonce=teamkit.new_nonce(),
        )
    if form.refused and result.outcome == formkit.DRAFT:
        message = _(
            "Your draft was saved at %(time)s, but not the file: %(reason)s",
            time=clock_text(draft["saved_at"]),
            reason=" ".join(form.refused.values()),
        )
        return render_sheet(
            sheet, form, draft["revision"], notice=("error", message), draft=draft, outcome="refused", pages=pages
        )
    notice = (
        ("success", saved_message(draft))
        if result.outcome == formkit.DRAFT
        else (
            "error",
            _(
                "Your draft was saved at %(time)s, but the form cannot be submitted yet: see below.",
                time=clock_text(draft["saved_at"]),
            ),
        )
    )
    return render_sheet(sheet, form, draft["revision"], notice=notice, draft=draft, outcome=result.outcome, pages=pages)


def attachment_hooks(sheet: teamwork.Sheet, form_class: type) -> tuple[Any, Any] | None:
    """How a post's files are kept: in the team's folder (None: the form takes no files)."""
    if not form_class.has_files():
        return None
    access = sheet.access
    return teamwork.form_hooks(get_store(), access.pid, access.team.id)


def confirm_submission(sheet: teamwork.Sheet, form_class: type, now: datetime, pages: SheetPages = TEAM_PAGES):
    """Record the delivery of the draft the confirmation page showed, if it is still the one stored."""
    revision = teamkit.posted_int("confirm")
    draft = sheet.draft
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        form = sheet.starting_form(form_class)
        return render_sheet(sheet, form, sheet.revision, notice=("error", expired_message()), status=400, pages=pages)
    if sheet.blocked:
        return render_sheet(
            sheet,
            sheet.starting_form(form_class),
            sheet.revision,
            notice=("error", str(BLOCKED_MESSAGES[sheet.blocked])),
            status=409,
            pages=pages,
        )
    if draft is None or draft["revision"] != revision:
        message = _("The form was changed after you checked it. Look it over and submit again.")
        return render_sheet(
            sheet, sheet.starting_form(form_class), sheet.revision, notice=("error", message), pages=pages
        )
    # Checked again as stored (the security token was checked above; the stored draft has none).
    form = form_class.from_draft(draft["values"], prefill=False, meta={"csrf": False})
    if not form.check_submit():
        return render_sheet(
            sheet,
            form,
            sheet.revision,
            outcome=formkit.INVALID,
            notice=("error", _("The form cannot be submitted yet: see below.")),
            pages=pages,
        )
    answers = form.answers()
    document = document_view(sheet.template, answers, sheet.context, _)
    try:
        delivery = teamwork.submit(get_store(), sheet, answers, document, teamkit.posted_nonce(), now)
    except StoreUnavailable as exc:
        return not_saved(sheet, form, sheet.revision, exc, False, pages)
    return redirect(pages.done_url(sheet, delivery), code=303)


def not_saved(
    sheet: teamwork.Sheet, form: Any, revision: int, error: StoreUnavailable, autosave: bool, pages: SheetPages
):
    """The data folder refused the write: 503, the form as typed, and a plain "nothing was saved"."""
    current_app.logger.error("a form could not be saved: %s", error)
    if autosave:
        return jsonify(status="unavailable", message=unavailable_message()), 503
    return render_sheet(sheet, form, revision, notice=("error", unavailable_message()), status=503, pages=pages)


def render_conflict(
    sheet: teamwork.Sheet, form_class: type, form: Any, theirs: dict[str, Any], pages: SheetPages = TEAM_PAGES
):
    """The person's text in the form, the team-mate's version of each question that differs beside it."""
    other = form_class.from_draft(theirs["values"], prefill=False)
    differences = teamwork.differences(form.template, sheet.context, form.raw_values(), other.raw_values(), _)
    return render_sheet(
        sheet,
        form,
        theirs["revision"],
        draft=theirs,
        differences=differences,
        notice=(
            "error",
            conflict_message(theirs)
            + " "
            + _("Your text is below; their version is shown for comparison. Save again to keep yours."),
        ),
        status=409,
        pages=pages,
    )


def render_sheet(
    sheet: teamwork.Sheet,
    form: Any,
    revision: int,
    *,
    notice: tuple[str, str] | None = None,
    draft: dict[str, Any] | None = None,
    outcome: str | None = None,
    differences: list[teamwork.Difference] | None = None,
    status: int = 200,
    pages: SheetPages = TEAM_PAGES,
):
    """The form page."""
    access = sheet.access
    references = [
        (a, record, reference_html(access.run, record))
        for a, record in (teamwork.reference_deliveries(access.run, sheet.assignment) if pages.references else [])
    ]
    feedback = teamwork.document_feedback(get_store(), access.run, sheet.assignment.key, clock.now())
    page = render_template(
        pages.form,
        requests=[item for item in feedback if item.open_request],
        sheet=sheet,
        run=access.run,
        form=form,
        revision=revision,
        nonce=teamkit.new_nonce(),
        notice=notice,
        draft=draft or sheet.draft,
        outcome=outcome,
        differences=differences or [],
        references=references,
        blocked_message=str(BLOCKED_MESSAGES[sheet.blocked]) if sheet.blocked else None,
    )
    return page, status


# Reference documents as rendered, per kept Run (dropped with it: a new submission or an edit of
# the programme makes a new Run), by delivery and language. A report shows the plan it looks back
# on with every save of the form, and rendering that document again each time cost as much as
# the form itself.
_REFERENCES: dict[int, dict[tuple[str, str], Markup | None]] = {}


def reference_html(run: Any, record: dict[str, Any]) -> Markup | None:
    """A delivered version as the read-only document shown for reference (None if it cannot be shown)."""
    kept = _REFERENCES.get(id(run))
    if kept is None:
        kept = _REFERENCES[id(run)] = {}
        weakref.finalize(run, _REFERENCES.pop, id(run), None)
    key = (record["id"], current_language())
    if key not in kept:
        document = teamwork.delivered_document(get_store(), run, record, get_catalog().forms, _)
        macro = get_template_attribute("forms/_readonly.html", "document")
        kept[key] = macro(document, level=2) if document is not None else None
    return kept[key]


def clock_text(iso_time: str) -> str:
    """'10.42' — the local time of a stored instant."""
    moment = local(parse_iso(iso_time))
    return fmt_time(moment.hour, moment.minute, current_language())


@bp.app_template_global("draft_saved_by")
def draft_saved_by(draft: dict[str, Any]) -> str:
    """'Draft last saved by Kari Holm, 21.04.2019 at 10:42.' — the line at the top of the form."""
    return _(
        "Draft last saved by %(name)s, %(time)s.",
        name=draft.get("saved_by_name") or "?",
        time=fmt_datetime(parse_iso(draft["saved_at"]), current_language()),
    )


def saved_message(draft: dict[str, Any]) -> str:
    """'Saved at 10.42'."""
    return _("Saved at %(time)s", time=clock_text(draft["saved_at"]))


def conflict_message(theirs: dict[str, Any]) -> str:
    """'Kari Holm saved this form at 10.41 while you were writing.'"""
    return _(
        "%(name)s saved this form at %(time)s while you were writing.",
        name=theirs.get("saved_by_name") or "?",
        time=clock_text(theirs["saved_at"]),
    )


def expired_message() -> str:
    """What the page says when its security token (or the session) expired."""
    return _(
        "The page had been open a long time, so its security check expired and nothing was saved. Everything "
        "you typed is still here: press the button again."
    )
