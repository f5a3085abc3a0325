"""The registry of field types: for each ``type:`` of the template language, what it is in a form.

Modelled on Indico's survey fields: each type knows its WTForms field and validators, how its
answer is stored (JSON-able), how the raw text a person typed converts to that answer and back,
how it counts words, when it counts as answered, and how it reads in a receipt.

Every input keeps the *raw* text as typed (``field.data`` is a string, or a list of strings for
tick boxes), so a form re-rendered after an error or from a draft shows exactly what was typed —
even "abc" in a number field. Conversion to the typed answer happens on submission.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar

from ..timefmt import OSLO, fmt_datetime, fmt_month
from . import validators as v
from .context import FormContext
from .files import as_ref, describe
from .inputs import RawField, RawFileField, RawListField, RawTextAreaField
from .model import Field
from .words import count_chars, count_words, normalise

Gettext = Callable[[str], str]


class FieldType:
    """How one type of question behaves. Subclasses override what differs."""

    name: ClassVar[str]
    field_class: ClassVar[type[RawField]] = RawField
    input_type: ClassVar[str] = "text"  # how the page writes it (engine.web.formhtml)
    counts_words: ClassVar[bool] = False
    is_input: ClassVar[bool] = True
    parse_message: ClassVar[str | None] = None

    def is_empty(self, raw: Any) -> bool:
        """True if nothing was given."""
        return raw_is_empty(raw)

    def to_answer(self, raw: Any, spec: Field, context: FormContext) -> Any:
        """The stored answer for valid raw input (raises ``ValueError`` if it is not valid)."""
        return normalise(raw or "")

    def to_raw(self, answer: Any, spec: Field) -> Any:
        """The raw input that shows a stored answer again."""
        return "" if answer is None else str(answer)

    def display(self, answer: Any, spec: Field, context: FormContext, gettext: Gettext) -> str:
        """The answer as read in a receipt or by the project leader."""
        return "" if answer in (None, "") else str(answer)

    def words(self, raw: Any, spec: Field) -> int:
        """Words this answer adds to the document (only free text counts)."""
        return count_words(raw) if self.counts_words and isinstance(raw, str) else 0

    def chars(self, raw: Any, spec: Field) -> int:
        """Characters this answer adds to the document (only free text counts)."""
        return count_chars(raw) if self.counts_words and isinstance(raw, str) else 0

    def validators(self, spec: Field, context: FormContext, gettext: Gettext, in_row: bool) -> list:
        """The WTForms validators of a field of this type."""
        chain: list = [v.Required(gettext, self.is_empty, spec.required, in_row)]
        if self.parse_message:
            chain.append(v.Parses(gettext, lambda raw: self.to_answer(raw, spec, context), self.parse_message))
        return chain

    def wtf_field(self, spec: Field, context: FormContext, gettext: Gettext, in_row: bool = False) -> Any:
        """The unbound WTForms field for ``spec``."""
        return self.field_class(
            spec.label, validators=self.validators(spec, context, gettext, in_row), spec=spec, ftype=self
        )


def raw_is_empty(raw: Any) -> bool:
    """True for a raw value with nothing in it: None, blank text, no ticks."""
    if isinstance(raw, list):
        return not raw
    return raw is None or normalise(str(raw)) == ""


REGISTRY: dict[str, FieldType] = {}


def register(cls: type[FieldType]) -> type[FieldType]:
    """Class decorator: make ``cls`` the implementation of its ``name``."""
    REGISTRY[cls.name] = cls()
    return cls


def field_type(name: str) -> FieldType:
    """The implementation of a type name (the loader guarantees it exists)."""
    return REGISTRY[name]


@register
class TextType(FieldType):
    """One line of text; counts towards the document's words."""

    name = "text"
    counts_words = True
    one_line = True

    def validators(self, spec, context, gettext, in_row):
        chain = super().validators(spec, context, gettext, in_row)
        if self.one_line:
            chain.append(v.OneLine(gettext))
        if spec.max_words:
            chain.append(v.WordLimit(gettext, spec.max_words))
        if spec.max_chars:
            chain.append(v.CharLimit(gettext, spec.max_chars))
        return chain


@register
class TextareaType(TextType):
    """Several lines of text."""

    name = "textarea"
    field_class = RawTextAreaField
    input_type = "textarea"
    one_line = False


@register
class EmailType(FieldType):
    """An e-mail address, stored normalised (the domain in lower case)."""

    name = "email"
    input_type = "email"
    parse_message = v.NOT_EMAIL

    def to_answer(self, raw, spec, context):
        text = normalise(raw or "")
        if not text:
            return ""
        import email_validator  # imported here: its tables take 70 ms, and few templates ask for an e-mail

        try:
            return email_validator.validate_email(text, check_deliverability=False).normalized
        except email_validator.EmailNotValidError:
            raise ValueError(text) from None


_INTEGER = re.compile(r"^[+\-−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+$|^[+\-−]?\d+$")


@register
class IntegerType(FieldType):
    """A whole number, typed as people write it ("1 200", "−5"); within ``min``/``max``."""

    name = "integer"
    input_type = "number"
    parse_message = v.NOT_INTEGER

    def to_answer(self, raw, spec, context):
        text = normalise(raw or "")
        if not text:
            return None
        if not _INTEGER.match(text):
            raise ValueError(text)
        return int(re.sub(r"[ \u00a0\u202f]", "", text).replace("−", "-"))

    def validators(self, spec, context, gettext, in_row):
        def convert(raw):
            return self.to_answer(raw, spec, context)

        return [*super().validators(spec, context, gettext, in_row), v.Between(gettext, spec.min, spec.max, convert)]


_DATE_NO = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME_NO = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})$")


def parse_date(text: str) -> date:
    """'2018-09-20' (what date inputs send) or '20.09.2018' / '20.9.2018' (what people type)."""
    text = normalise(text)
    match = _DATE_NO.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return date.fromisoformat(text)
    raise ValueError(text)


@register
class DateType(FieldType):
    """A date, stored as ISO 8601 (2018-09-20), shown as 20.09.2018."""

    name = "date"
    input_type = "date"
    parse_message = v.NOT_DATE

    def to_answer(self, raw, spec, context):
        return parse_date(raw).isoformat() if not self.is_empty(raw) else None

    def display(self, answer, spec, context, gettext):
        return date.fromisoformat(answer).strftime("%d.%m.%Y") if answer else ""


@register
class DateTimeType(FieldType):
    """A local date and time (Europe/Oslo), stored as ISO 8601 with its offset."""

    name = "datetime"
    input_type = "datetime-local"
    parse_message = v.NOT_DATETIME

    def to_answer(self, raw, spec, context):
        if self.is_empty(raw):
            return None
        text = normalise(raw)
        if "T" in text:
            day_text, _, time_text = text.partition("T")
        else:
            day_text, _, time_text = text.partition(" ")
        when = _TIME_NO.match(time_text.strip())
        if not when:
            raise ValueError(text)
        hour, minute = int(when.group(1)), int(when.group(2))
        return (
            datetime.combine(parse_date(day_text), datetime.min.time())
            .replace(hour=hour, minute=minute, tzinfo=OSLO)
            .isoformat()
        )

    def to_raw(self, answer, spec):
        if not answer:
            return ""
        return datetime.fromisoformat(answer).astimezone(OSLO).strftime("%Y-%m-%dT%H:%M")

    def display(self, answer, spec, context, gettext):
        return fmt_datetime(datetime.fromisoformat(answer), "nb") if answer else ""


@register
class ChoiceType(FieldType):
    """One of ``options`` (radio buttons); stores the option's value."""

    name = "choice"
    input_type = "radio"

    def to_answer(self, raw, spec, context):
        return raw or None

    def display(self, answer, spec, context, gettext):
        return next((o.label for o in spec.options if o.value == answer), answer or "")

    def validators(self, spec, context, gettext, in_row):
        return [*super().validators(spec, context, gettext, in_row), v.OneOf(gettext, [o.value for o in spec.options])]


@register
class MultichoiceType(FieldType):
    """Any of ``options`` (tick boxes); stores the values in the options' order."""

    name = "multichoice"
    field_class = RawListField
    input_type = "checkbox"

    def to_answer(self, raw, spec, context):
        chosen = set(raw or ())
        return [o.value for o in spec.options if o.value in chosen]

    def to_raw(self, answer, spec):
        return list(answer or [])

    def display(self, answer, spec, context, gettext):
        labels = {o.value: o.label for o in spec.options}
        return ", ".join(labels.get(a, a) for a in answer or ())

    def validators(self, spec, context, gettext, in_row):
        return [*super().validators(spec, context, gettext, in_row), v.OneOf(gettext, [o.value for o in spec.options])]


YES, NO = "yes", "no"


@register
class YesNoType(FieldType):
    """Yes or no (two radio buttons); stores true or false."""

    name = "yesno"
    input_type = "radio"

    def to_answer(self, raw, spec, context):
        return {YES: True, NO: False}.get(raw)

    def to_raw(self, answer, spec):
        return {True: YES, False: NO}.get(answer, "")

    def display(self, answer, spec, context, gettext):
        return {True: gettext("Yes"), False: gettext("No")}.get(answer, "")

    def validators(self, spec, context, gettext, in_row):
        return [*super().validators(spec, context, gettext, in_row), v.OneOf(gettext, [YES, NO])]


@register
class ScaleType(FieldType):
    """A number on a scale (1-5 unless ``min``/``max``), as radio buttons with end labels."""

    name = "scale"
    input_type = "radio"

    def to_answer(self, raw, spec, context):
        return int(raw) if raw not in (None, "") else None

    def display(self, answer, spec, context, gettext):
        if answer is None:
            return ""
        return gettext("%(value)s of %(max)s") % {"value": answer, "max": spec.scale_range[-1]}

    def validators(self, spec, context, gettext, in_row):
        allowed = [str(n) for n in spec.scale_range]
        return [*super().validators(spec, context, gettext, in_row), v.OneOf(gettext, allowed)]


@register
class PeriodMonthsType(FieldType):
    """One tick box per month of the current period; stored as ['2018-09', '2018-10']."""

    name = "period_months"
    field_class = RawListField
    input_type = "checkbox"

    def to_answer(self, raw, spec, context):
        chosen = set(raw or ())
        known = [value for value, _ in context.month_choices()]
        return [m for m in known if m in chosen] + sorted(chosen - set(known))

    def to_raw(self, answer, spec):
        return list(answer or [])

    def display(self, answer, spec, context, gettext):
        return ", ".join(fmt_month(int(m[:4]), int(m[5:7]), "nb") for m in answer or ())

    def validators(self, spec, context, gettext, in_row):
        allowed = [value for value, _ in context.month_choices()]
        return [*super().validators(spec, context, gettext, in_row), v.OneOf(gettext, allowed, v.NOT_MONTH)]


@register
class InfoType(FieldType):
    """Static text between the questions: no input, no answer."""

    name = "info"
    is_input = False
    input_type = "none"


@register
class FileType(FieldType):
    """An attachment; raw value and answer are the file's reference (``engine.schema.files``).

    The bytes are not part of the answer: the store keeps them by their hash, and a submitted
    version carries the reference. Whether a posted file may be attached (kind by content, size)
    is decided when the form reads the post (``forms.TemplateFormMixin.attach_files``).
    """

    name = "file"
    field_class = RawFileField
    input_type = "file"

    def is_empty(self, raw):
        return as_ref(raw) is None

    def to_answer(self, raw, spec, context):
        return as_ref(raw)

    def to_raw(self, answer, spec):
        return as_ref(answer) or ""

    def display(self, answer, spec, context, gettext):
        ref = as_ref(answer)
        return describe(ref) if ref else ""


@register
class TableType(FieldType):
    """Repeating rows of ``columns``; raw and stored values are lists of {column key: value}.

    Rows with nothing filled in are not part of the answer. The WTForms field is built by
    ``forms`` (it needs a row form class).
    """

    name = "table"
    input_type = "table"

    def is_empty(self, raw):
        return all(row_empty(row) for row in raw or ())

    def to_answer(self, raw, spec, context):
        rows = [row for row in raw or () if not row_empty(row)]
        return [{c.key: field_type(c.type).to_answer(row.get(c.key), c, context) for c in spec.columns} for row in rows]

    def to_raw(self, answer, spec):
        rows = answer if isinstance(answer, list) else []
        return [
            {c.key: field_type(c.type).to_raw(row.get(c.key), c) for c in spec.columns}
            for row in rows
            if isinstance(row, dict)
        ]

    def words(self, raw, spec):
        return sum(field_type(c.type).words(row.get(c.key), c) for row in raw or () for c in spec.columns)

    def chars(self, raw, spec):
        return sum(field_type(c.type).chars(row.get(c.key), c) for row in raw or () for c in spec.columns)


def row_empty(row: Any) -> bool:
    """True if a raw table row (a mapping of column key to raw value) has nothing filled in."""
    return not isinstance(row, dict) or all(raw_is_empty(value) for value in row.values())
