"""Submitted answers as a read-only document: for receipts, the leader's view and printing.

:func:`document_view` turns a template, its answers and a context into plain display strings,
so the Jinja macro (``forms/_readonly.html``) only lays them out and an old submission can be
shown with the template snapshot it was filled in with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .context import FormContext
from .fields import field_type
from .files import as_ref
from .model import Field, FormTemplate
from .texts import paragraphs, resolve_texts

Gettext = Callable[[str], str]


def _identity(message: str) -> str:
    return message


@dataclass(frozen=True)
class AnswerView:
    """One question and its answer as text; a table has column labels and rows of cell texts."""

    key: str
    type: str
    label: str
    text: str = ""
    paragraphs: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    file: Mapping[str, Any] | None = None  # an attachment's reference (engine.schema.files), for a link

    @property
    def empty(self) -> bool:
        """True if the question was not answered."""
        return not (self.text or self.rows or self.paragraphs)


@dataclass(frozen=True)
class SectionView:
    """A section's title and its answers."""

    title: str
    items: tuple[AnswerView, ...]


@dataclass(frozen=True)
class DocumentView:
    """A whole document, ready to print: texts resolved, answers formatted."""

    id: str
    version: int
    title: str
    subtitle: str
    intro: tuple[str, ...]
    sections: tuple[SectionView, ...]
    outro: tuple[str, ...]


def document_view(
    template: FormTemplate, answers: Mapping[str, Any], context: FormContext, gettext: Gettext = _identity
) -> DocumentView:
    """The read-only document for ``answers`` (typed, as stored) of ``template`` in ``context``."""
    resolved = resolve_texts(template, context)
    sections = []
    for section in resolved.sections:
        items = []
        for spec in section.fields:
            # The single unlabelled field of a section is asked by the section's title.
            items.append(_answer_view(spec, answers.get(spec.key), context, gettext))
        sections.append(SectionView(section.title, tuple(items)))
    return DocumentView(
        resolved.id,
        resolved.version,
        resolved.title,
        resolved.subtitle,
        tuple(paragraphs(resolved.intro)),
        tuple(sections),
        tuple(paragraphs(resolved.outro)),
    )


def _answer_view(spec: Field, answer: Any, context: FormContext, gettext: Gettext) -> AnswerView:
    if spec.type == "info":
        return AnswerView(spec.key, spec.type, spec.label, paragraphs=tuple(paragraphs(spec.text)))
    if spec.type == "table":
        rows = tuple(
            tuple(_safe_display(c, row.get(c.key), context, gettext) for c in spec.columns)
            for row in (answer if isinstance(answer, list) else [])
            if isinstance(row, Mapping)
        )
        return AnswerView(spec.key, spec.type, spec.label, columns=tuple(c.label for c in spec.columns), rows=rows)
    if spec.type == "file":
        ref = as_ref(answer)
        return AnswerView(spec.key, spec.type, spec.label, text=_safe_display(spec, answer, context, gettext), file=ref)
    return AnswerView(spec.key, spec.type, spec.label, text=_safe_display(spec, answer, context, gettext))


def _safe_display(spec: Field, answer: Any, context: FormContext, gettext: Gettext) -> str:
    # A stored answer is shown even if it no longer fits its type (a hand-edited record, say).
    try:
        return field_type(spec.type).display(answer, spec, context, gettext)
    except (TypeError, ValueError, AttributeError):
        return "" if answer is None else str(answer)
