"""Text at the web's two doors: what a form post brings in, and what a page writes out.

**In.** :class:`Request` is the app's request class: the moment a request's form is parsed, every
value (and name) loses the characters nobody types (``engine.schema.cleantext``: NUL, the other
control characters but tab and line breaks, surrogates, noncharacters), and line breaks become LF
(browsers send CRLF). Every reader — WTForms,
the views that read ``request.form`` directly, the error page that gives typed text back — sees
the cleaned form, so no such character is ever stored from a post, on any page, including pages
added later.

**Out.** :func:`finalize` is Jinja's ``finalize``: every ``{{ … }}`` of every template passes
through it, so a value stored before the door existed (or written by another program) cannot put
a NUL into a page either.
"""

from __future__ import annotations

from typing import Any

from flask import Request as FlaskRequest
from markupsafe import Markup
from werkzeug.datastructures import ImmutableMultiDict

from ..schema.cleantext import clean_input, clean_text, is_clean


class Request(FlaskRequest):
    """Flask's request with a cleaned form (see the module docstring)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None:
            self.__dict__["form"] = clean_form(form)


def clean_form(form: Any) -> Any:
    """``form`` (a MultiDict) with every name and value cleaned; the same object when nothing changes.

    A multipart part without a name comes with None for it: such a part is dropped (no input has it).
    """
    pairs = list(form.items(multi=True))
    if all(_clean_pair(name, value) for name, value in pairs):
        return form
    return ImmutableMultiDict(
        [
            (clean_text(name), clean_input(value))
            for name, value in pairs
            if isinstance(name, str) and isinstance(value, str)
        ]
    )


def _clean_pair(name: object, value: object) -> bool:
    return isinstance(name, str) and isinstance(value, str) and is_clean(name) and is_clean(value) and "\r" not in value


def finalize(value: Any) -> Any:
    """Jinja's ``finalize``: strings (markup too) without the characters a page cannot show."""
    if isinstance(value, str) and not is_clean(value):
        cleaned = clean_text(value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value
