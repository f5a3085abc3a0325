"""The WTForms fields behind every template input: they keep the text exactly as typed.

``data`` is the raw string (or, for a group of tick boxes, the list of values sent), never a
converted value, so a form shown again after an error or from a draft loses nothing; converting
is the field type's job (``engine.schema.fields``). Only strings are read from a post: whatever
else a post can carry (an uploaded file where text was expected) counts as not sent, and
:class:`RowList` reads only row numbers written in ASCII digits.
"""

from __future__ import annotations

from typing import Any, Protocol

from wtforms import Field as WTField
from wtforms.fields import FieldList
from wtforms.widgets import TextArea, TextInput

from .files import as_ref, parse_token
from .model import Field


class FieldKind(Protocol):
    """What pages and validators ask of an input's field type (``engine.schema.fields.FieldType``,
    which creates the inputs, so this module cannot import it)."""

    input_type: str

    def is_empty(self, value: Any) -> bool:
        """Whether ``value`` counts as not answered."""
        ...


class RawField(WTField):
    """An input whose data is the text as typed (line breaks normalised to LF)."""

    widget = TextInput()

    def __init__(self, *args: Any, spec: Field, ftype: FieldKind, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.spec, self.ftype = spec, ftype

    def process_data(self, value: Any) -> None:
        """A stored raw value (or None) as text."""
        self.data = "" if value is None else str(value)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """The posted text, line breaks normalised; an absent input (or a file) keeps the value it had."""
        texts = [value for value in valuelist if isinstance(value, str)]
        if texts:
            self.data = texts[0].replace("\r\n", "\n").replace("\r", "\n")

    def _value(self) -> str:
        return self.data or ""


class RawTextAreaField(RawField):
    """The same, shown as a text area."""

    widget = TextArea()


class RawListField(RawField):
    """A group of tick boxes sharing one name; data is the list of values sent."""

    def process_data(self, value: Any) -> None:
        """A stored list of values; anything else becomes a list of one value or none."""
        if value in (None, ""):
            self.data = []
        else:
            self.data = [str(x) for x in value] if isinstance(value, (list, tuple)) else [str(value)]

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Every text value posted under the name (none ticked: an empty list)."""
        self.data = [value for value in valuelist if isinstance(value, str)]


class RowList(FieldList):
    """WTForms' FieldList, reading only rows numbered in ASCII digits.

    FieldList takes every name ``<table>-<n>-…`` whose ``n`` passes ``str.isdigit()`` and then calls
    ``int(n)``, which fails for digits such as ``²`` that ``isdigit`` accepts: one such name in a
    post was a 500. A row number here is what a page writes: 0-9, at most nine of them.
    """

    def _extract_indices(self, prefix: str, formdata: Any) -> Any:
        offset = len(prefix) + 1
        for name in formdata:
            if name.startswith(prefix):
                number = name[offset:].split(self._field_separator, 1)[0]
                if number.isascii() and number.isdigit() and len(number) <= 9:
                    yield int(number)


def is_upload(value: Any) -> bool:
    """Whether a posted value is a file someone chose (Werkzeug's ``FileStorage`` with a name),
    told apart by what it can do, so this layer needs no web framework."""
    return not isinstance(value, str) and bool(getattr(value, "filename", None)) and hasattr(value, "read")


class RawFileField(RawField):
    """An attachment: ``data`` is the reference of the file attached so far (a dict, see
    ``engine.schema.files``) or ``""``; a file chosen in this post waits in ``upload`` until the
    form's ``attach_files`` checks it.

    The page posts two things under the field's name: the file input (empty unless a file was
    chosen) and a hidden token of the attachment it showed, so a post that changes something
    else keeps the attachment. A token is only a claim: ``attach_files`` checks it against what
    was stored before it counts.
    """

    upload: Any = None
    takes_files = True  # the web's Form lets files through under this name (engine.web.forms)

    def process_data(self, value: Any) -> None:
        """A stored reference (anything else: no attachment)."""
        self.data = as_ref(value) or ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """The chosen file (if any) into ``upload``; the token the page carried into ``data``."""
        self.upload = next((value for value in valuelist if is_upload(value)), None)
        tokens = [value for value in valuelist if isinstance(value, str) and value]
        self.data = (parse_token(tokens[-1]) if tokens else None) or ""
