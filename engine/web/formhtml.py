"""The editable HTML of a template form, written in Python because it is the hot path of every save.

A Fremdriftsplan of twenty rows is some eighty inputs and a hundred and twenty month boxes; as
Jinja macros (one call per input, helper macros inside each, WTForms widgets for every input)
rendering it was most of what a save cost. Here each piece is one function that appends strings,
translations are looked up once per page, and what the page says is exactly what the macros said:
``tests/web/test_pages_unchanged.py`` compares the pages byte for byte with copies the macros
rendered, so the whitespace below is deliberate.

What the markup promises (and the tests check): every input has a ``<label for>``; groups (choices,
scales, months, table rows) are fieldsets with a legend; help, counters, errors and warnings are
linked with ``aria-describedby``; "required" is written, not only coloured. Nothing needs
JavaScript: table rows are added and removed with submit buttons (``action=add_row:<table>``,
``remove_row:<table>:<index>``); ``verksted.js`` only enhances. No inline script or style.

Templates call the Jinja globals :func:`install` registers: ``form_body(form, submit_label)``,
``form_sections(form)``, ``error_summary(form)``, ``warning_summary(form)``, ``form_progress(form)``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, get_template_attribute
from flask_babel import get_translations
from markupsafe import Markup, escape

from ..schema import paragraphs
from . import formkit
from .formkit import choices, chosen, describedby, html_type

GROUPED = ("radio", "checkbox")
ROW_LABELS = '\n          data-row-label="{}" data-remove-label="{}"\n          data-added="{}" data-removed="{}"'


class _Page:
    """One rendering: the form and the interface language's translations, looked up once."""

    def __init__(self, form: Any):
        self.form = form
        self.warnings: dict[str, list[str]] = form.warnings
        self._translate = get_translations().ugettext

    def _(self, message: str, **values: Any) -> str:
        """A translated message as Jinja's ``_()`` gives it: the translation trusted, the values escaped.

        A plain ``str`` (of markup), so that joining it to other strings never escapes it again."""
        text = self._translate(message)
        return str(Markup(text) % values) if values else text

    # -- the pieces every input shares ------------------------------------------------------
    def help_block(self, obj: Any, help_id: str | None) -> str:
        if obj.help_items:
            return f'<div class="help" id="{help_id}">{bullets(obj.help_items)}</div>'
        if obj.help:
            return f'<div class="help" id="{help_id}">{_paragraphs(obj.help)}</div>'
        return ""

    def required_mark(self, spec: Any) -> str:
        return self.required_span() if spec.required else ""

    def required_span(self) -> str:
        required = self._("required")
        return f' <span class="required-mark">({required})</span>'

    def messages(self, bound: Any) -> str:
        out = ""
        if bound.errors:
            label = self._("Error:")
            out += f'\n<div class="field-error" id="{bound.id}-error">'
            out += "".join(f'<p><span class="visually-hidden">{label} </span>{escape(e)}</p>' for e in bound.errors)
            out += "</div>"
        warnings = self.warnings.get(bound.id)
        if warnings:
            label = self._("Warning:")
            out += f'\n<div class="field-warning" id="{bound.id}-warning">'
            out += "".join(f'<p><span class="visually-hidden">{label} </span>{escape(w)}</p>' for w in warnings)
            out += "</div>"
        return out

    def note(self, bound: Any, spec: Any, in_row: bool) -> str:
        if in_row:
            return ""
        if spec.readonly:
            text = self._("Filled in automatically.")
            return f'<p class="field-note" id="{bound.id}-note">{text}</p>'
        if spec.key in self.form.prefilled:
            if spec.prefill is not None and spec.prefill.source == "facts":
                text = self._("Filled in from what Verksted knows of the period; correct it if needed.")
            else:
                text = self._("Suggested from an earlier answer; you can change it.")
            return f'<p class="field-note" id="{bound.id}-note">{text}</p>'
        return ""

    def counter(self, bound: Any, spec: Any) -> str:
        if spec.max_words:
            unit, limit = "words", spec.max_words
            template = self._("%(count)s of at most %(max)s words", count="%(count)s", max="%(max)s")
            text = self._("%(count)s of at most %(max)s words", count=self.form.field_words(bound), max=limit)
        elif spec.max_chars:
            unit, limit = "chars", spec.max_chars
            template = self._("%(count)s of at most %(max)s characters", count="%(count)s", max="%(max)s")
            text = self._("%(count)s of at most %(max)s characters", count=self.form.field_chars(bound), max=limit)
        else:
            return ""
        return (
            f'\n<p class="counter" id="{bound.id}-counter" aria-live="polite" data-unit="{unit}" data-max="{limit}"\n'
            f'   data-template="{template}">{text}</p>'
        )

    def described(self, bound: Any, spec: Any, help_id: str | None, in_row: bool) -> Markup:
        noted = not in_row and (spec.readonly or spec.key in self.form.prefilled)
        return escape(
            describedby(
                help_id,
                f"{bound.id}-note" if noted else None,
                f"{bound.id}-counter" if (spec.max_words or spec.max_chars) else None,
                f"{bound.id}-error" if bound.errors else None,
                f"{bound.id}-warning" if self.warnings.get(bound.id) else None,
            )
        )

    # -- inputs ------------------------------------------------------------------------------
    def text_input(self, bound: Any, spec: Any, label: str, label_hidden: bool = False, in_row: bool = False) -> str:
        """One-line inputs and text areas; ``label_hidden``: the section title already asks the question."""
        help_id = f"{bound.id}-help" if (spec.help or spec.help_items) else None
        invalid = bool(bound.errors)
        warned = " field--warning" if self.warnings.get(bound.id) else ""
        out = f'\n<div class="field{" field--error" if invalid else ""}{warned}" id="field-{bound.id}"'
        out += " data-required-field>" if spec.required and not in_row else ">"
        out += f'\n  <label for="{bound.id}"' + (' class="visually-hidden">' if label_hidden else ">")
        out += f"{escape(label)}{self.required_mark(spec)}</label>"
        if label_hidden and spec.required:
            required = self._("Required")
            out += f'<p class="required-note">{required}</p>'
        out += f"\n  {self.help_block(spec, help_id)}\n  {self.note(bound, spec, in_row)}\n  {self.messages(bound)}\n  "
        # Attributes in the order WTForms' widgets wrote them (sorted by name). No aria-required on
        # date inputs: they have no role that takes it (the label says "required").
        described = self.described(bound, spec, help_id, in_row)
        attrs = [
            ("aria-describedby", described or None),
            ("aria-invalid", "true" if invalid else None),
            ("aria-required", "true" if spec.required and spec.type not in ("date", "datetime") else None),
        ]
        counted = f"{bound.id}-counter" if (spec.max_words or spec.max_chars) else None
        if spec.type == "textarea":
            rows = (spec.max_words // 12 + 3) if spec.max_words and spec.max_words < 120 else 8
            attrs += [("data-counter", counted), ("data-words", ""), ("id", bound.id), ("name", bound.name)]
            attrs += [("readonly", spec.readonly or None), ("rows", rows)]
            out += f"<textarea {_attributes(attrs)}>\r\n{escape(bound.data or '')}</textarea>"
        else:
            short = "input--short" if spec.type in ("integer", "date", "datetime") else None
            attrs += [("class", short), ("data-counter", counted)]
            attrs += [("data-words", "" if spec.type in ("text", "textarea") else None), ("id", bound.id)]
            attrs += [("inputmode", "numeric" if spec.type == "integer" else None), ("name", bound.name)]
            attrs += [("readonly", spec.readonly or None), ("type", html_type(bound)), ("value", bound.data or "")]
            out += f"<input {_attributes(attrs)}>"
        return out + f"\n  {self.counter(bound, spec)}\n</div>"

    def choice_group(self, bound: Any, spec: Any, label: str, in_row: bool = False) -> str:
        """Radio buttons and tick boxes: choice, multichoice, yesno, scale, period_months."""
        help_id = f"{bound.id}-help" if (spec.help or spec.help_items) else None
        options = choices(self.form, bound)
        selected = chosen(bound)
        kind = "checkbox" if spec.type in ("multichoice", "period_months") else "radio"
        out = '\n<fieldset class="field choices-field' + (" field--error" if bound.errors else "")
        out += f'" id="field-{bound.id}"'
        described = self.described(bound, spec, help_id, in_row)
        if described:
            out += f' aria-describedby="{described}"'
        out += " data-required-field>" if spec.required and not in_row else ">"
        out += f"\n  <legend>{escape(label)}{self.required_mark(spec)}</legend>"
        out += f"\n  {self.help_block(spec, help_id)}\n  {self.note(bound, spec, in_row)}\n  {self.messages(bound)}"
        if not options:
            text = self._("The months of the period appear here when the form is opened for a period.")
            return out + f'\n  <p class="field-note">{text}</p>\n</fieldset>'
        out += f'\n  <ul class="choices choices--{spec.type}">'
        ident, name = bound.id, escape(bound.name)
        disabled = " disabled" if spec.readonly else ""
        for index, (value, text) in enumerate(options):
            checked = " checked" if value in selected else ""
            out += (
                f'\n    <li><input type="{kind}" id="{ident}-{index}" name="{name}" value="{escape(value)}"'
                f'{checked}{disabled}>\n        <label for="{ident}-{index}">{escape(text)}</label></li>'
            )
        return out + "\n  </ul>\n</fieldset>"

    def file_input(self, bound: Any, spec: Any, label: str) -> str:
        """An attachment: its markup lives in one small template, ``forms/_file.html``."""
        help_html = Markup(self.help_block(spec, f"{bound.id}-help"))
        return str(get_template_attribute("forms/_file.html", "field")(self.form, bound, spec, label, help_html))

    def cell(self, bound: Any, spec: Any) -> str:
        if bound.ftype.input_type in GROUPED:
            return self.choice_group(bound, spec, spec.label, in_row=True)
        return self.text_input(bound, spec, spec.label, in_row=True)

    def table(self, section: Any, spec: Any) -> str:
        """Repeating rows of cells, with buttons that add and remove rows without JavaScript."""
        bound = self.form[spec.key]
        help_id = f"{bound.id}-help" if (spec.help or spec.help_items) else None
        entries = bound.entries
        min_rows = spec.min_rows or 0
        required = spec.required or min_rows > 0
        out = '\n<fieldset class="field table-field' + (" field--error" if bound.errors else "")
        out += f'" id="{bound.id}"\n          data-table="{spec.key}" data-min-rows="{min_rows}"'
        out += f' data-max-rows="{spec.max_rows or ""}"'
        labels = (
            self._("Row %(n)s", n="%(n)s"),
            self._("Remove row %(n)s", n="%(n)s"),
            self._("Row %(n)s added.", n="%(n)s"),
            self._("Row %(n)s removed.", n="%(n)s"),
        )
        out += ROW_LABELS.format(*labels)
        warned = self.warnings.get(bound.id)
        described = describedby(
            help_id, f"{bound.id}-error" if bound.errors else None, f"{bound.id}-warning" if warned else None
        )
        if described:
            out += f' aria-describedby="{escape(described)}"'
        if required:
            out += f' data-required-table="{max(min_rows, 1)}"'
        title = escape(spec.label or section.title)
        mark = self.required_span() if required else ""
        out += f">\n  <legend>{title}{mark}</legend>\n  {self.help_block(spec, help_id)}"
        if spec.key in self.form.prefilled:
            note = self._("Rows suggested from an earlier answer; you can change them.")
            out += f'<p class="field-note">{note}</p>'
        if spec.min_rows or spec.max_rows:
            out += f'\n  <p class="field-note">{self.row_limits(spec)}</p>'
        out += f'\n  {self.messages(bound)}\n  <ol class="table-rows">'
        for index, entry in enumerate(entries):
            out += self.table_row(spec, bound, entry, index, len(entries) <= min_rows)
        out += '\n  </ol>\n  <p class="visually-hidden" role="status" data-table-status></p>'
        out += f'\n  <button type="submit" name="action" value="add_row:{spec.key}" class="secondary add-row"'
        out += f' formaction="#{bound.id}"'
        out += " hidden>" if spec.max_rows and len(entries) >= spec.max_rows else ">"
        return out + self._("Add a row") + "</button>\n</fieldset>"

    def row_limits(self, spec: Any) -> str:
        if spec.min_rows and spec.max_rows:
            return self._("Fill in at least %(min)s and at most %(max)s rows.", min=spec.min_rows, max=spec.max_rows)
        if spec.min_rows:
            return self._("Fill in at least %(min)s rows.", min=spec.min_rows)
        return self._("At most %(max)s rows.", max=spec.max_rows)

    def table_row(self, spec: Any, bound: Any, entry: Any, index: int, last_rows: bool) -> str:
        number = index + 1
        out = '\n    <li class="table-row">\n      <fieldset class="row">'
        legend = self._("Row %(n)s", n=number)
        out += f'\n        <legend>{legend}</legend>\n        <div class="row-cells">'
        for col in spec.columns:
            required = " data-required-cell" if col.required else ""
            cell = self.cell(entry.form[col.key], col)
            out += f'\n          <div class="cell cell--{col.type}"{required}>{cell}</div>'
        out += "\n        </div>"
        out += f'\n        <button type="submit" name="action" value="remove_row:{spec.key}:{index}"'
        out += ' class="button--small secondary remove-row"'
        out += f'\n                formaction="#{bound.id}"' + (" hidden>" if last_rows else ">")
        return out + self._("Remove row %(n)s", n=number) + "</button>\n      </fieldset>\n    </li>"

    def field(self, section: Any, spec: Any) -> str:
        """Any field of a section, by type."""
        if spec.type == "info":
            title = f'<p class="info-title">{escape(spec.label)}</p>' if spec.label else ""
            text = _paragraphs(spec.text)
            return f'<div class="field info-field" id="field-{spec.key}">{title}{text}\n</div>'
        if spec.type == "table":
            return self.table(section, spec)
        bound = self.form[spec.key]
        if spec.type == "file":
            return self.file_input(bound, spec, spec.label or section.title)
        if bound.ftype.input_type in GROUPED:
            return self.choice_group(bound, spec, spec.label or section.title)
        return self.text_input(bound, spec, spec.label or section.title, label_hidden=not spec.label)

    # -- the whole form ----------------------------------------------------------------------
    def sections(self) -> str:
        out = ""
        for number, section in enumerate(self.form.template.sections, start=1):
            out += '\n<section class="form-section"'
            if section.title:
                out += f' aria-labelledby="section-{number}"><h2 id="section-{number}">{escape(section.title)}</h2>'
            else:
                out += ">"
            out += f"\n  {self.help_block(section, f'section-{number}-help')}"
            out += "".join(f"\n  {self.field(section, spec)}" for spec in section.fields)
            out += "\n</section>"
        return out

    def summary(self, warnings: bool) -> str:
        found = self.form.messages(warnings=warnings)
        problems = self.form.document_warnings if warnings else self.form.document_errors
        if not (found or problems):
            return ""
        if warnings:
            out = '\n<div class="notice notice--warning" role="status" id="warning-summary">'
            out += "\n  <h2>" + self._("Saved as a draft, but check these before you submit") + "</h2>"
        else:
            out = '\n<div class="error-summary" role="alert" tabindex="-1" id="error-summary"'
            out += ' aria-labelledby="error-summary-title">'
            out += '\n  <h2 id="error-summary-title">' + self._("The form cannot be submitted yet") + "</h2>"
        out += "\n  <ul>" + "".join(f'<li><a href="#document-counter">{escape(p)}</a></li>' for p in problems)
        out += "".join(f'<li><a href="#{escape(m.anchor)}">{escape(m.label)}: {escape(m.text)}</a></li>' for m in found)
        return out + "\n  </ul>\n</div>"

    def progress(self) -> str:
        progress = self.form.progress()
        done, total = progress.done, progress.total
        if not total:
            return ""
        template = self._("%(done)s of %(total)s required answers filled in", done="%(done)s", total="%(total)s")
        text = self._("%(done)s of %(total)s required answers filled in", done=done, total=total)
        return (
            f'\n<div class="progress" data-progress>\n  <progress max="{total}" value="{done}"'
            f' aria-labelledby="progress-text"></progress>\n'
            f'  <span id="progress-text" data-template="{template}">{text}</span>\n</div>'
        )

    def document_counter(self) -> str:
        limit = self.form.template.limits.words
        if not limit:
            return ""
        words = self.form.document_words()
        template = self._("The whole document: %(count)s of at most %(max)s words", count="%(count)s", max="%(max)s")
        text = self._("The whole document: %(count)s of at most %(max)s words", count=words, max=limit)
        over = " counter--over" if words > limit else ""
        return (
            f'\n<p class="counter counter--document{over}" id="document-counter" aria-live="polite"\n'
            f'   data-unit="document" data-max="{limit}" data-template="{template}">{text}</p>'
        )

    def body(self, submit_label: str | None) -> str:
        """The whole form: a hidden default button first, so Enter in a field saves instead of pressing
        the first "remove row" button; then every section and the two actions of DESIGN §4."""
        form = self.form
        save = self._("Save draft")
        out = str(form.csrf_token()) if hasattr(form, "csrf_token") else ""
        out += '\n<button type="submit" name="action" value="save" class="visually-hidden" tabindex="-1"'
        out += f' aria-hidden="true">{save}</button>\n{self.sections()}'
        if form.template.outro:
            out += f'\n<div class="form-outro">{_paragraphs(form.template.outro)}</div>'
        out += f'\n{self.document_counter()}\n<div class="actions">'
        out += f'\n  <button type="submit" name="action" value="save" class="secondary">{save}</button>'
        label = escape(submit_label) if submit_label else self._("Submit")
        return out + f'\n  <button type="submit" name="action" value="submit">{label}</button>\n</div>'


def bullets(items: Any) -> str:
    """Help given as bullets (with sub-bullets)."""
    lines = "".join(f"\n  <li>{escape(item.text)}{bullets(item.items) if item.items else ''}</li>" for item in items)
    return f"<ul>{lines}\n</ul>"


def _paragraphs(text: str) -> str:
    """``<p>`` for each paragraph of a template text (blank lines separate them)."""
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs(text))


def _attributes(pairs: list[tuple[str, Any]]) -> str:
    """``name="value"`` for each pair whose value is not None (True: the bare name), escaped."""
    return " ".join(
        name if value is True else f'{name}="{escape(value)}"' for name, value in pairs if value is not None
    )


def form_body(form: Any, submit_label: str | None = None) -> Markup:
    """The whole editable form (put it inside ``<form class="template-form" novalidate>``)."""
    return Markup(_Page(form).body(submit_label))


def form_sections(form: Any) -> Markup:
    """Only the sections (the evaluation has actions of its own)."""
    return Markup(_Page(form).sections())


def error_summary(form: Any) -> Markup:
    """What stops a submission, with links to the inputs ('' when nothing does)."""
    return Markup(_Page(form).summary(warnings=False))


def warning_summary(form: Any) -> Markup:
    """What a saved draft should fix before it is submitted ('' when nothing)."""
    return Markup(_Page(form).summary(warnings=True))


def form_progress(form: Any) -> Markup:
    """Required answers filled in, of all ('' for a form with none required)."""
    return Markup(_Page(form).progress())


def install(app: Flask) -> None:
    """Make the renderer's functions (and formkit's helpers) Jinja globals; safe to call more than once."""
    formkit.install(app)
    for function in (form_body, form_sections, error_summary, warning_summary, form_progress):
        app.jinja_env.globals.setdefault(function.__name__, function)
