"""WTForms validators for template fields, in two modes: *draft* and *submit*.

A draft never blocks: a team may save half-typed text at any time, so in draft mode nothing is
required and the form moves every other complaint into warnings (see ``forms``). Submitting
enforces everything. The mode is a context variable so that validators deep inside a table's
rows see it without every row form knowing its parent.

Messages are English msgids marked with ``N_`` (extracted by ``make translations``) and
translated at validation time by the ``gettext`` the form was built with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from wtforms.validators import StopValidation, ValidationError

from .cleantext import LINE_BREAK
from .words import count_chars, count_words, normalise

DRAFT, SUBMIT = "draft", "submit"
MODE: ContextVar[str] = ContextVar("verksted_validation_mode", default=SUBMIT)
Gettext = Callable[[str], str]


def N_(message: str) -> str:
    """Mark ``message`` for translation; it is translated later, when the form validates."""
    return message


REQUIRED = N_("This field is required.")
TOO_MANY_WORDS = N_("Too many words: %(count)d, the limit is %(max)d.")
TOO_MANY_CHARS = N_("Too many characters: %(count)d, the limit is %(max)d.")
ONE_LINE = N_("Write this on one line.")
NOT_INTEGER = N_("Enter a whole number, for example 12.")
TOO_SMALL = N_("Enter a number of at least %(min)d.")
TOO_LARGE = N_("Enter a number of at most %(max)d.")
NOT_DATE = N_("Enter a date as dd.mm.yyyy, for example 19.04.2018.")
NOT_DATETIME = N_("Enter a date and time, for example 19.04.2018 09.00.")
NOT_EMAIL = N_("Enter an e-mail address such as name@example.org.")
NOT_OPTION = N_("Choose one of the options shown.")
NOT_MONTH = N_("Tick only months of this period.")
TOO_FEW_ROWS = N_("Filled-in rows: %(count)d; at least %(min)d are needed.")
TOO_MANY_ROWS = N_("Rows: %(count)d; at most %(max)d are allowed.")
DOCUMENT_WORDS = N_("The document has %(count)d words; the limit is %(max)d.")
DOCUMENT_WORDS_PAGES = N_("The document has %(count)d words; the limit is %(max)d (about %(pages)d pages).")
DOCUMENT_CHARS = N_("The document has %(count)d characters; the limit is %(max)d.")


class Rule:
    """A validator that translates its message with the form's ``gettext``."""

    def __init__(self, gettext: Gettext):
        self.gettext = gettext

    def fail(self, message: str, **params: Any) -> ValidationError:
        """The error for ``message`` (a msgid), translated and filled with ``params``."""
        text = self.gettext(message)
        return ValidationError(text % params if params else text)


class Required(Rule):
    """An answer is needed to submit; in a draft, emptiness is fine and ends the checks quietly.

    ``is_empty`` says what empty means for the field's type. In a table row (``in_row``) a cell is
    only required once something else in its row is filled in: blank rows are simply left out.
    """

    def __init__(self, gettext: Gettext, is_empty: Callable[[Any], bool], required: bool, in_row: bool = False):
        super().__init__(gettext)
        self.is_empty, self.required, self.in_row = is_empty, required, in_row

    def __call__(self, form: Any, field: Any) -> None:
        if not self.is_empty(field.data):
            return
        if self.required and MODE.get() == SUBMIT and not (self.in_row and row_is_empty(form)):
            raise StopValidation(self.gettext(REQUIRED))
        raise StopValidation()  # nothing to check in an empty answer


def row_is_empty(row_form: Any) -> bool:
    """True if nothing is filled in anywhere in a table row."""
    return all(f.ftype.is_empty(f.data) for f in row_form)


class WordLimit(Rule):
    """At most ``maximum`` words, counted as ``words.count_words`` (and the live counter) count."""

    def __init__(self, gettext: Gettext, maximum: int):
        super().__init__(gettext)
        self.maximum = maximum

    def __call__(self, form: Any, field: Any) -> None:
        count = count_words(field.data)
        if count > self.maximum:
            raise self.fail(TOO_MANY_WORDS, count=count, max=self.maximum)


class OneLine(Rule):
    """A one-line answer holds no line break. Browsers strip them from a one-line input, so only a
    post made some other way can bring one; the text stays as it came until it is put right."""

    def __call__(self, form: Any, field: Any) -> None:
        if isinstance(field.data, str) and LINE_BREAK.search(normalise(field.data)):
            raise self.fail(ONE_LINE)


class CharLimit(Rule):
    """At most ``maximum`` characters."""

    def __init__(self, gettext: Gettext, maximum: int):
        super().__init__(gettext)
        self.maximum = maximum

    def __call__(self, form: Any, field: Any) -> None:
        count = count_chars(field.data)
        if count > self.maximum:
            raise self.fail(TOO_MANY_CHARS, count=count, max=self.maximum)


class Parses(Rule):
    """The raw text must convert to the type's value (a number, a date …)."""

    def __init__(self, gettext: Gettext, convert: Callable[[Any], Any], message: str):
        super().__init__(gettext)
        self.convert, self.message = convert, message

    def __call__(self, form: Any, field: Any) -> None:
        try:
            self.convert(field.data)
        except ValueError:
            raise self.fail(self.message) from None


class Between(Rule):
    """A whole number within ``minimum``..``maximum`` (either may be None)."""

    def __init__(self, gettext: Gettext, minimum: int | None, maximum: int | None, convert: Callable[[Any], int]):
        super().__init__(gettext)
        self.minimum, self.maximum, self.convert = minimum, maximum, convert

    def __call__(self, form: Any, field: Any) -> None:
        try:
            value = self.convert(field.data)
        except ValueError:
            return  # Parses reports it
        if self.minimum is not None and value < self.minimum:
            raise self.fail(TOO_SMALL, min=self.minimum)
        if self.maximum is not None and value > self.maximum:
            raise self.fail(TOO_LARGE, max=self.maximum)


class OneOf(Rule):
    """Every chosen value must be one of ``allowed`` (a tampered or stale form can send others)."""

    def __init__(self, gettext: Gettext, allowed: Iterable[str], message: str = NOT_OPTION):
        super().__init__(gettext)
        self.allowed, self.message = set(allowed), message

    def __call__(self, form: Any, field: Any) -> None:
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(v not in self.allowed for v in values):
            raise self.fail(self.message)


class RowCount(Rule):
    """A table needs ``minimum`` filled-in rows to submit and may never have more than ``maximum``."""

    def __init__(self, gettext: Gettext, minimum: int, maximum: int | None):
        super().__init__(gettext)
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form: Any, field: Any) -> None:
        if self.maximum is not None and len(field.entries) > self.maximum:
            raise self.fail(TOO_MANY_ROWS, count=len(field.entries), max=self.maximum)
        filled = sum(1 for entry in field.entries if not row_is_empty(entry.form))
        if filled < self.minimum and MODE.get() == SUBMIT:
            raise self.fail(TOO_FEW_ROWS, count=filled, min=self.minimum)
