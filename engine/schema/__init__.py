"""The form-template language: model, loader, rules, word counting, field types, WTForms builder.

Pure: no Flask, no clock, no I/O beyond reading template files. The web builds a
:class:`FormContext` from the store and calls :func:`build_form_class`; the catalogue calls
:func:`load_templates` at start-up and ``flask check`` calls :func:`load_template` per file.
"""

from __future__ import annotations

from .context import FormContext, Gathering, month_value, months_between
from .display import DocumentView, document_view
from .forms import Message, Progress, build_form_class, reserved_keys
from .loader import load_template, load_templates, template_schema
from .model import Field, FormTemplate, HelpItem, Limits, Option, Prefill, Section
from .texts import paragraphs, resolve_texts
from .words import count_chars, count_words

__all__ = [
    "DocumentView",
    "Field",
    "FormContext",
    "FormTemplate",
    "Gathering",
    "HelpItem",
    "Limits",
    "Message",
    "Option",
    "Prefill",
    "Progress",
    "Section",
    "build_form_class",
    "count_chars",
    "count_words",
    "document_view",
    "load_template",
    "load_templates",
    "month_value",
    "months_between",
    "paragraphs",
    "reserved_keys",
    "resolve_texts",
    "template_schema",
]
