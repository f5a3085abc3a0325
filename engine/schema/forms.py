"""WTForms classes built from form templates (after Indico's ``make_survey_form``).

``build_form_class(template, context)`` makes a form class whose fields are named by the
template's keys, so the HTML names are exactly DESIGN §4's: ``effektmal``, and for a table cell
``tiltak-0-delmal``. The class carries what the team pages need around WTForms itself:

* filling: ``from_answers`` (stored answers), ``from_draft`` (raw text as typed), prefill where
  the answer is empty, read-only fields always from their prefill;
* reading: ``answers()`` (typed, for a submission), ``raw_values()`` (everything typed, for a draft);
* checking: ``check_draft()`` never blocks (limits and formats become ``warnings``),
  ``check_submit()`` enforces everything, including the whole-document limits;
* ``progress()`` (required answers done of total), ``messages()`` for an error summary, and
  ``row_action()`` for adding and removing table rows without JavaScript.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import Any, ClassVar

import wtforms
from wtforms.fields import FormField

from . import validators as v
from .attach import AttachmentsMixin
from .context import FormContext
from .fields import FieldType, field_type, row_empty
from .files import as_ref
from .inputs import RowList
from .model import Field, FormTemplate
from .texts import resolve_texts

Gettext = Callable[[str], str]
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
ROW_ACTION = re.compile(r"^(add_row|remove_row):([a-z][a-z0-9_]*)(?::(\d+))?$")
FILE_ACTION = re.compile(r"^remove_file:([a-z][a-z0-9_]*)$")
ROW_LABEL = v.N_("%(label)s (row %(row)d)")


def _identity(message: str) -> str:
    return message


@dataclass(frozen=True)
class Message:
    """One error or warning for a summary: the id of the input to jump to, its label, the text."""

    anchor: str
    label: str
    text: str


@dataclass(frozen=True)
class Progress:
    """Required answers done of total, for the progress indicator."""

    done: int
    total: int

    @property
    def complete(self) -> bool:
        """True when every required answer is given."""
        return self.done >= self.total


DEFAULT_ROW_CEILING, ROW_MARGIN = 100, 20


class TableField(RowList):
    """A list of row forms whose own errors (row counts) stay apart from its cells' errors."""

    def __init__(self, *args: Any, spec: Field, ftype: FieldType, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.spec, self.ftype = spec, ftype

    def validate(self, form: Any, extra_validators: Any = ()) -> bool:
        """Every row's cells, then the table's own rules (row counts) into ``errors``."""
        cells_ok = all([entry.validate(form) for entry in self.entries])  # every row, not just up to the first bad one
        self.errors = []
        self._run_validation_chain(form, itertools.chain(self.validators, extra_validators))
        return cells_ok and not self.errors


class TemplateFormMixin(AttachmentsMixin):
    """What every form built from a template can do; mixed in before the WTForms base class."""

    template: ClassVar[FormTemplate]
    context: ClassVar[FormContext]
    _gettext: ClassVar[Gettext]

    def __init__(self, *args: Any, **kwargs: Any):
        self.warnings: dict[str, list[str]] = {}
        self.document_errors: list[str] = []
        self.document_warnings: list[str] = []
        self.prefilled: set[str] = set()
        self.refused: dict[str, str] = {}  # input id -> why the file posted there was not attached
        super().__init__(*args, **kwargs)

    def process(self, *args: Any, **kwargs: Any) -> None:
        """WTForms' processing, then read-only fields are reset to their prefill (input is ignored)."""
        super().process(*args, **kwargs)
        for spec in self.input_specs():
            if spec.readonly and spec.prefill:
                value = self.context.prefill_value(spec.prefill)
                self[spec.key].data = field_type(spec.type).to_raw(value, spec)

    # -- filling -------------------------------------------------------------------------------
    @classmethod
    def input_specs(cls) -> list[Field]:
        """Every top-level field that takes an answer (all but ``info``)."""
        return [f for f in cls.template.fields if field_type(f.type).is_input]

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any] | None = None, *, prefill: bool = True, **kwargs: Any) -> Any:
        """A form showing stored (typed) answers; prefill fills what is empty. No answers: a new form."""
        answers = answers or {}
        raw = {f.key: field_type(f.type).to_raw(answers.get(f.key), f) for f in cls.input_specs()}
        return cls._from_raw(raw, prefill, **kwargs)

    @classmethod
    def from_draft(cls, draft: Mapping[str, Any] | None, *, prefill: bool = True, **kwargs: Any) -> Any:
        """A form showing a saved draft (raw values, as ``raw_values()`` returned them)."""
        draft = draft or {}
        raw = {f.key: _coerce_raw(draft.get(f.key), f) for f in cls.input_specs()}
        return cls._from_raw(raw, prefill, **kwargs)

    @classmethod
    def _from_raw(cls, raw: dict[str, Any], prefill: bool, **kwargs: Any) -> Any:
        prefilled = set()
        for spec in cls.input_specs():
            ftype = field_type(spec.type)
            if prefill and spec.prefill and ftype.is_empty(raw[spec.key]):
                value = cls.context.prefill_value(spec.prefill)
                if value is not None:
                    raw[spec.key] = ftype.to_raw(value, spec)
                    prefilled.add(spec.key)
            if spec.type == "table" and not raw[spec.key]:
                raw[spec.key] = [{} for _ in range(spec.initial_rows)]
        form = cls(formdata=None, data=raw, **kwargs)
        form.prefilled = prefilled | {s.key for s in cls.input_specs() if s.readonly}
        return form

    # -- reading -------------------------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        """Everything as typed, JSON-able: what a draft keeps (even 'abc' in a number field)."""
        return {spec.key: self[spec.key].data for spec in self.input_specs()}

    def answers(self) -> dict[str, Any]:
        """The typed answers, JSON-able: what a submission stores. Call after ``check_submit()``.

        A value that does not convert (only possible if the form was not checked) becomes None.
        """
        out = {}
        for spec in self.input_specs():
            try:
                out[spec.key] = field_type(spec.type).to_answer(self[spec.key].data, spec, self.context)
            except ValueError:
                out[spec.key] = None
        return out

    def document_words(self) -> int:
        """Words in the whole document, as the document limit counts them."""
        return sum(field_type(s.type).words(self[s.key].data, s) for s in self.input_specs())

    def document_chars(self) -> int:
        """Characters of free text in the whole document."""
        return sum(field_type(s.type).chars(self[s.key].data, s) for s in self.input_specs())

    def field_words(self, bound: Any) -> int:
        """Words in one input, for its counter."""
        return bound.ftype.words(bound.data, bound.spec)

    def field_chars(self, bound: Any) -> int:
        """Characters in one input, for its counter."""
        return bound.ftype.chars(bound.data, bound.spec)

    # -- checking ------------------------------------------------------------------------------
    def check_submit(self) -> bool:
        """Validate as a submission: everything enforced. True if it may be submitted."""
        token = v.MODE.set(v.SUBMIT)
        try:
            ok = self.validate()
        finally:
            v.MODE.reset(token)
        self.document_errors = self._document_problems()
        self._add_refusals()
        return ok and not self.document_errors and not self.refused

    def check_draft(self) -> bool:
        """Validate as a draft: nothing blocks, every complaint becomes a warning.

        Returns False only if the form's own CSRF check failed (a FlaskForm base).
        """
        token = v.MODE.set(v.DRAFT)
        try:
            self.validate()
        finally:
            v.MODE.reset(token)
        self.warnings = {}
        for bound, _ in self._bound_fields():
            if bound.errors:
                self.warnings[bound.id] = list(bound.errors)
                bound.errors = []
        self.document_warnings = self._document_problems()
        self._add_refusals()  # a file that was not attached is an error even in a draft: it is not saved
        csrf = getattr(self, "csrf_token", None)
        return not (csrf is not None and csrf.errors)

    def _document_problems(self) -> list[str]:
        limits, gettext = self.template.limits, type(self)._gettext
        problems = []
        words = self.document_words()
        if limits.words is not None and words > limits.words:
            if limits.pages:
                problems.append(
                    gettext(v.DOCUMENT_WORDS_PAGES) % {"count": words, "max": limits.words, "pages": limits.pages}
                )
            else:
                problems.append(gettext(v.DOCUMENT_WORDS) % {"count": words, "max": limits.words})
        chars = self.document_chars()
        if limits.max_chars is not None and chars > limits.max_chars:
            problems.append(gettext(v.DOCUMENT_CHARS) % {"count": chars, "max": limits.max_chars})
        return problems

    def messages(self, warnings: bool = False) -> list[Message]:
        """Errors (or, for a draft, warnings) in document order, for a summary with links."""
        out = []
        for bound, label in self._bound_fields():
            texts = self.warnings.get(bound.id, []) if warnings else bound.errors
            if not texts:
                continue
            anchor = bound.id if bound.ftype.input_type not in ("radio", "checkbox") else f"{bound.id}-0"
            out += [Message(anchor, label(), text) for text in texts]
        return out

    def _bound_fields(self) -> Iterator[tuple[Any, Callable[[], str]]]:
        """Every bound input and table with a function giving its label (most are never asked for:
        only those with a message), tables' cells after their table."""
        gettext = type(self)._gettext
        for section, spec in self.template.walk():
            if not field_type(spec.type).is_input:
                continue
            bound = self[spec.key]
            yield bound, (lambda label=spec.label or section.title: label)
            if spec.type == "table":
                for number, entry in enumerate(bound.entries, start=1):
                    for cell in entry.form:
                        yield cell, partial(_row_label, gettext, cell.spec.label, number)

    def progress(self) -> Progress:
        """How many of the required answers are given (a table counts once, when complete)."""
        done = total = 0
        for spec in self.input_specs():
            if spec.type == "table":
                if not (spec.required or (spec.min_rows or 0) > 0):
                    continue
                total += 1
                done += self._table_complete(spec)
            elif spec.required:
                total += 1
                done += not field_type(spec.type).is_empty(self[spec.key].data)
        return Progress(done, total)

    def _table_complete(self, spec: Field) -> bool:
        rows = [row for row in self[spec.key].data if not row_empty(row)]
        needed = [c for c in spec.columns if c.required]
        if len(rows) < max(spec.min_rows or 0, 1):
            return False
        return all(not field_type(c.type).is_empty(row.get(c.key)) for row in rows for c in needed)

    # -- table rows without JavaScript --------------------------------------------------------
    def row_action(self, action: str | None, **kwargs: Any) -> Any:
        """For ``add_row:<table>`` or ``remove_row:<table>:<index>``, a new form with the row added or
        removed and everything else as typed; None for any other action.

        Adding beyond ``max_rows`` or removing below ``min_rows`` leaves the rows as they are.
        """
        removed = FILE_ACTION.match(action or "")
        if removed and removed.group(1) in {s.key for s in self.file_specs()}:
            raw = {**self.raw_values(), removed.group(1): ""}
            form = type(self)(formdata=None, data=raw, **kwargs)
            form.prefilled, form.refused = set(self.prefilled), dict(self.refused)
            form._add_refusals()
            return form
        match = ROW_ACTION.match(action or "")
        if not match:
            return None
        kind, key, index = match.group(1), match.group(2), match.group(3)
        specs = {s.key: s for s in self.input_specs() if s.type == "table"}
        if key not in specs:
            return None
        spec, raw = specs[key], self.raw_values()
        rows = raw[key]
        if kind == "add_row" and (spec.max_rows is None or len(rows) < spec.max_rows):
            rows.append({})
        elif kind == "remove_row" and index is not None and int(index) < len(rows) and len(rows) > (spec.min_rows or 0):
            rows.pop(int(index))
        form = type(self)(formdata=None, data=raw, **kwargs)
        form.prefilled, form.refused = set(self.prefilled), dict(self.refused)
        form._add_refusals()
        return form


def _row_label(gettext: Gettext, label: str, number: int) -> str:
    return gettext(ROW_LABEL) % {"label": label, "row": number}


def _coerce_raw(value: Any, spec: Field) -> Any:
    """A draft's value in the shape the field expects (drafts come from storage: be forgiving)."""
    ftype = field_type(spec.type)
    if spec.type == "file":
        return as_ref(value) or ""
    if spec.type == "table":
        rows = value if isinstance(value, list) else []
        return [{c.key: _coerce_raw(row.get(c.key), c) for c in spec.columns} for row in rows if isinstance(row, dict)]
    if ftype.input_type == "checkbox":
        return [str(x) for x in value] if isinstance(value, list) else []
    return "" if value is None or isinstance(value, (list, dict)) else str(value)


def _unbound(spec: Field, context: FormContext, gettext: Gettext, in_row: bool = False) -> Any:
    ftype = field_type(spec.type)
    if spec.type != "table":
        return ftype.wtf_field(spec, context, gettext, in_row)
    row_fields = {c.key: _unbound(c, context, gettext, in_row=True) for c in spec.columns}
    row_class = type(f"Row_{spec.key}", (wtforms.Form,), row_fields)
    # Rows over max_rows are kept (the user sees "too many rows" and removes some); only a post far
    # beyond any table a person fills in is cut, so one link cannot store tens of thousands of rows.
    ceiling = (spec.max_rows or DEFAULT_ROW_CEILING) + ROW_MARGIN
    return TableField(
        FormField(row_class),
        spec.label,
        min_entries=spec.min_rows or 0,
        max_entries=ceiling,
        spec=spec,
        ftype=ftype,
        validators=[v.RowCount(gettext, spec.min_rows or 0, spec.max_rows)],
    )


def build_form_class(
    template: FormTemplate, context: FormContext, base: type = wtforms.Form, gettext: Gettext = _identity
) -> type:
    """A form class for ``template`` in ``context``.

    ``base`` is ``flask_wtf.FlaskForm`` in the web (CSRF), ``gettext`` the interface's
    translation function (validation messages are English msgids). Texts are resolved, so
    ``cls.template`` reads as the team sees it.

    Resolving the texts and making the fields is most of the work and depends only on the template,
    the values of its placeholders and the period's months, so that part is made once and kept
    (:data:`SHARED_CLASSES`); the class returned is a subclass of it that carries ``context``.
    """
    values = tuple(sorted(context.placeholder_values().items()))
    key = (id(template), values, context.months, context.language, base, gettext)
    with _shared_lock:
        kept = SHARED_CLASSES.get(key)
        if kept is not None and kept[0] is template:  # the template is held, so its id was not reused
            SHARED_CLASSES.move_to_end(key)
    if kept is None or kept[0] is not template:
        kept = (template, _shared_class(template, context, base, gettext))
        with _shared_lock:
            SHARED_CLASSES[key] = kept
            while len(SHARED_CLASSES) > SHARED_LIMIT:
                SHARED_CLASSES.popitem(last=False)
    shared = kept[1]
    return type(shared.__name__, (shared,), {"context": context})


SHARED_LIMIT = 512  # templates × placeholder values × periods a process keeps (every team's open forms)
SHARED_CLASSES: OrderedDict[tuple, tuple[FormTemplate, type]] = OrderedDict()
_shared_lock = threading.Lock()


def _shared_class(template: FormTemplate, context: FormContext, base: type, gettext: Gettext) -> type:
    # The fields see only the months (all a validator asks of the context), never a team's answers.
    resolved, months = resolve_texts(template, context), FormContext(months=context.months)
    attrs: dict[str, Any] = {"template": resolved, "context": months, "_gettext": staticmethod(gettext)}
    for spec in resolved.fields:
        if field_type(spec.type).is_input:
            attrs[spec.key] = _unbound(spec, months, gettext)
    return type(f"{template.id.title().replace('-', '')}Form", (TemplateFormMixin, base), attrs)


@cache
def reserved_keys() -> frozenset[str]:
    """Keys a field may not have: they would shadow the form's own attributes or hooks."""
    names = {n for cls in (wtforms.Form, TemplateFormMixin) for n in dir(cls)}
    # Attributes set per class or per instance, which dir() of the classes does not list.
    names |= {
        "template",
        "context",
        "meta",
        "form_errors",
        "warnings",
        "document_errors",
        "document_warnings",
        "prefilled",
        "refused",
    }
    # Flask-WTF's additions and our submit button's name.
    names |= {"csrf_token", "hidden_tag", "is_submitted", "validate_on_submit", "recaptcha", "action"}
    # WTForms calls a method named validate_<key> as an inline validator of field <key>.
    names |= {n.removeprefix("validate_") for n in names if n.startswith("validate_")}
    return frozenset(n for n in names if KEY.match(n))
