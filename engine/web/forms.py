"""The base of every form the web layer builds: what WTForms may read from a post.

Flask-WTF hands a form ``request.form`` merged with ``request.files``, or a JSON body turned into a
MultiDict, and WTForms trusts the names it finds there. Three kinds of post broke pages with a 500
(issue #12): a text field sent as a file (a ``FileStorage`` where a string was expected), a table
row named with a digit Python cannot ``int()`` (``tiltak-²-delmal``: ``'²'.isdigit()`` is true),
and a JSON body that is not an object of strings. :class:`Form` reads a post as a browser sends
it instead:

- only names in ASCII (every field's name is; ``²``, ``①`` and ``٣`` never name an input);
- only text values, and files only where the form has a file input (a WTForms ``FileField``, or a
  template form's attachment, which says ``takes_files``);
- a JSON body is no form at all (nothing here takes JSON): the form is processed as empty.

Every form of the app derives from :class:`Form` (the template forms, the leader's forms, the
log-in), so a page added later is protected by deriving from it too.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage, ImmutableMultiDict
from wtforms.fields import FileField


class Form(FlaskForm):
    """Flask-WTF's form, reading only what a browser can post (see the module docstring)."""

    class Meta:
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """The post as WTForms should see it: ASCII names, text values, files only for file inputs."""
            # Flask-WTF's "read the request" default is a sentinel without ``getlist``; passed data has one.
            from_request = formdata is not None and not hasattr(formdata, "getlist")
            if from_request and has_request_context() and request.is_json:
                return None  # nothing here takes JSON; Flask-WTF would make a MultiDict of any body
            data = super().wrap_formdata(form, formdata)  # type: ignore[misc]  # FlaskForm.Meta, by the MRO
            if data is None:
                return None
            kinds = {field.name: _kinds(field) for field in form._fields.values()}
            return ImmutableMultiDict(
                [
                    (name, value)
                    for name, value in data.items(multi=True)
                    if isinstance(name, str) and name.isascii() and isinstance(value, kinds.get(name, str))
                ]
            )


def _kinds(field: Any) -> type | tuple[type, ...]:
    """What a browser posts under the field's name: a file for a file input; a file and text for an
    attachment of a template form (``takes_files``: the file chosen and the token of the one kept);
    text for everything else."""
    if isinstance(field, FileField):
        return FileStorage
    return (FileStorage, str) if getattr(field, "takes_files", False) else str
