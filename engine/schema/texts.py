"""A template's texts with their placeholders filled in for one context.

The web renders from a *resolved* template — a copy in which every intro, heading, label and
help bullet reads as the team will see it ("Resultatmål for september 2018 – februar 2019").
"""

from __future__ import annotations

import re
from dataclasses import replace

from .context import FormContext
from .model import Field, FormTemplate, HelpItem, Section
from .placeholders import format_text

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def resolve_texts(template: FormTemplate, context: FormContext) -> FormTemplate:
    """``template`` in ``context.language`` (where its texts are written per language) with every
    placeholder replaced by its value from ``context``."""
    template = template.in_language(context.language)
    values = context.placeholder_values()

    def fmt(text: str) -> str:
        return format_text(text, values) if text else text

    def items(bullets: tuple[HelpItem, ...]) -> tuple[HelpItem, ...]:
        return tuple(HelpItem(fmt(b.text), items(b.items)) for b in bullets)

    def field(f: Field) -> Field:
        return replace(
            f,
            label=fmt(f.label),
            help=fmt(f.help),
            help_items=items(f.help_items),
            text=fmt(f.text),
            min_label=fmt(f.min_label),
            max_label=fmt(f.max_label),
            columns=tuple(field(c) for c in f.columns),
        )

    def section(s: Section) -> Section:
        return replace(
            s,
            title=fmt(s.title),
            help=fmt(s.help),
            help_items=items(s.help_items),
            fields=tuple(field(f) for f in s.fields),
        )

    return replace(
        template,
        subtitle=fmt(template.subtitle),
        intro=fmt(template.intro),
        outro=fmt(template.outro),
        sections=tuple(section(s) for s in template.sections),
    )


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, single line breaks joined by a space (as in Markdown)."""
    parts = _BLANK_LINE.split(text.strip().replace("\r\n", "\n")) if text and text.strip() else []
    return [" ".join(line.strip() for line in part.splitlines() if line.strip()) for part in parts]
