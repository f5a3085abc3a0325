"""What every page with a template form shares: the web form class, POST handling, Jinja helpers.

The preview uses it today; the team pages use the same so a form behaves the same everywhere:
the CSRF check is done here (not by the global CSRFProtect, which would answer with an error page
and lose the text) so an expired token re-renders the page with everything typed — as a 400, so
monitoring, scripts and the browser's history see that nothing was done; ``action=add_row:…`` and
``remove_row:…`` re-render with a row more or less; ``save`` checks as a draft and ``submit`` as
a submission (DESIGN §4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import support
from flask import Flask, g, request
from flask_babel import get_locale, gettext
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError
from wtforms.i18n import messages_path

from ..schema import FormContext, FormTemplate, build_form_class, files, paragraphs
from ..schema.attach import Keep, Known
from .forms import Form

EXPIRED, ROW, DRAFT, SUBMITTED, INVALID = "expired", "row", "draft", "submitted", "invalid"


class TemplateForm(Form):
    """The web's form, with WTForms' own catalogue loaded once per process and language
    (Flask-WTF reads and parses it again for every request)."""

    class Meta:
        def get_translations(self, form: Any) -> Any:
            """WTForms' messages in the interface language."""
            return _wtforms_translations(str(get_locale()))


@lru_cache(maxsize=8)
def _wtforms_translations(locale: str) -> Any:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def web_form_class(template: FormTemplate, context: FormContext) -> type:
    """The form class for pages: :class:`TemplateForm` (the web's :class:`~engine.web.forms.Form`:
    CSRF, only what a browser can post) and the interface language for messages."""
    return build_form_class(template, context, base=TemplateForm, gettext=gettext)


@dataclass
class PostResult:
    """The form to render again and what happened: ``expired`` (security token too old, nothing
    done), ``row`` (a table row added or removed), ``draft`` (checked as a draft: only warnings),
    ``submitted`` (valid as a submission) or ``invalid`` (not valid as a submission)."""

    form: Any
    outcome: str

    @property
    def status(self) -> int:
        """The HTTP status of the page shown again: 400 when the security check failed (nothing was done)."""
        return 400 if self.outcome == EXPIRED else 200


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


def describedby(*ids: str | None) -> str:
    """The value of ``aria-describedby`` for the ids that exist (None and '' are skipped)."""
    return " ".join(i for i in ids if i)


def install(app: Flask) -> None:
    """Jinja helpers the form templates use; safe to call more than once."""
    app.jinja_env.filters.setdefault("paragraphs", paragraphs)
    app.jinja_env.globals.setdefault("describedby", describedby)
    app.jinja_env.globals.setdefault("attachment_url", attachment_url)
    app.jinja_env.globals.setdefault("file_kinds", lambda spec: files.kinds_text(spec.accepted, gettext))
    app.jinja_env.globals.setdefault("file_size", files.human_size)
    app.jinja_env.globals.setdefault("file_kind_size", files.kind_and_size)
    app.jinja_env.globals.setdefault("file_token", files.ref_token)
    app.jinja_env.globals.setdefault("file_accept", lambda spec: files.accept_attribute(spec.accepted))
