"""What every page with a template form shares: the web form class, POST handling, Jinja helpers.

The preview uses it today; the team pages use the same so a form behaves the same everywhere:
the CSRF check is done here (not by the global CSRFProtect, which would answer 400 and lose the
text) so an expired token re-renders the page with everything typed; ``action=add_row:…`` and
``remove_row:…`` re-render with a row more or less; ``save`` checks as a draft and ``submit`` as
a submission (DESIGN §4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import Flask, g, request
from flask_babel import gettext
from flask_wtf import FlaskForm
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from ..schema import FormContext, FormTemplate, build_form_class, files, paragraphs
from ..schema.attach import Keep, Known

EXPIRED, ROW, DRAFT, SUBMITTED, INVALID = "expired", "row", "draft", "submitted", "invalid"


def web_form_class(template: FormTemplate, context: FormContext) -> type:
    """The form class for pages: Flask-WTF (CSRF) and the interface language for messages."""
    return build_form_class(template, context, base=FlaskForm, gettext=gettext)


@dataclass
class PostResult:
    """The form to render again and what happened: ``expired`` (security token too old, nothing
    done), ``row`` (a table row added or removed), ``draft`` (checked as a draft: only warnings),
    ``submitted`` (valid as a submission) or ``invalid`` (not valid as a submission)."""

    form: Any
    outcome: str


def handle_post(form_class: type, files: tuple[Keep, Known] | None = None) -> PostResult:
    """Process the current request's POST of a template form; nothing is stored here but the
    files the form takes, through ``files`` (``(keep, known)``, see ``attach_files``; None: the
    preview, which keeps nothing and trusts the attachment a page carried)."""
    form = form_class()
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        form.drop_uploads()  # nothing from a post that failed its security check is kept
        return PostResult(form, EXPIRED)
    keep, known = files if files is not None else (None, None)
    form.attach_files(keep, known)
    action = request.form.get("action", "save")
    moved = form.row_action(action)
    if moved is not None:
        return PostResult(moved, ROW)
    if action == "submit":
        return PostResult(form, SUBMITTED if form.check_submit() else INVALID)
    form.check_draft()
    return PostResult(form, DRAFT)


# What a post may carry besides its files: the text of the longest form, many times over.
TEXT_ALLOWANCE = 2 * 1024 * 1024


def allow_uploads(form_class: type) -> None:
    """Let this request carry the files its form takes: the form's file limits plus the text
    (``MAX_CONTENT_LENGTH`` stays the limit of every other post). Call before reading the form."""
    if form_class.has_files():
        request.max_content_length = form_class.upload_limit() + TEXT_ALLOWANCE


def attachment_url(ref: Any) -> str | None:
    """Where the page being rendered offers an attachment for download (None: nowhere, e.g. the
    preview). The view sets ``g.attachment_url`` for the reader it serves."""
    build = g.get("attachment_url")
    return build(ref) if build is not None and ref else None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def html_type(bound: Any) -> str:
    """The ``type`` of a one-line input. A date the browser's date input could not show (typed as
    '20.9.2018' without JavaScript, say) gets a plain text input, so no character is hidden."""
    kind, raw = bound.ftype.input_type, bound.data or ""
    if kind == "date":
        return "date" if not raw or _ISO_DATE.match(raw) else "text"
    if kind == "datetime-local":
        return "datetime-local" if not raw or _ISO_DATETIME.match(raw) else "text"
    return "email" if kind == "email" else "text"


def choices(form: Any, bound: Any) -> list[tuple[str, str]]:
    """(value, label) of each radio button or tick box of a grouped input."""
    spec = bound.spec
    if spec.type in ("choice", "multichoice"):
        return [(o.value, o.label) for o in spec.options]
    if spec.type == "yesno":
        return [("yes", gettext("Yes")), ("no", gettext("No"))]
    if spec.type == "scale":
        ends = {spec.scale_range[0]: spec.min_label, spec.scale_range[-1]: spec.max_label}
        return [(str(n), f"{n} – {ends[n]}" if ends.get(n) else str(n)) for n in spec.scale_range]
    return form.context.month_choices()


def chosen(bound: Any) -> list[str]:
    """The values currently chosen in a grouped input."""
    return list(bound.data) if isinstance(bound.data, list) else [bound.data] if bound.data else []


def compact(attrs: dict[str, Any]) -> dict[str, Any]:
    """``attrs`` without the None values (WTForms would render them as the word 'None')."""
    return {k: v for k, v in attrs.items() if v is not None}


def describedby(*ids: str | None) -> str:
    """The value of ``aria-describedby`` for the ids that exist (None and '' are skipped)."""
    return " ".join(i for i in ids if i)


def install(app: Flask) -> None:
    """Jinja helpers the form macros (``templates/forms/``) use; safe to call more than once."""
    app.jinja_env.filters.setdefault("paragraphs", paragraphs)
    app.jinja_env.filters.setdefault("compact", compact)
    app.jinja_env.globals.setdefault("describedby", describedby)
    app.jinja_env.globals.setdefault("html_type", html_type)
    app.jinja_env.globals.setdefault("field_choices", choices)
    app.jinja_env.globals.setdefault("field_chosen", chosen)
    app.jinja_env.globals.setdefault("attachment_url", attachment_url)
    app.jinja_env.globals.setdefault("file_kinds", lambda spec: files.kinds_text(spec.accepted, gettext))
    app.jinja_env.globals.setdefault("file_size", files.human_size)
    app.jinja_env.globals.setdefault("file_kind_size", files.kind_and_size)
    app.jinja_env.globals.setdefault("file_token", files.ref_token)
    app.jinja_env.globals.setdefault("file_accept", lambda spec: files.accept_attribute(spec.accepted))
