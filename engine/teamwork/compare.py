"""What a team-mate's saved draft says differently from what is on someone's screen.

When a save conflicts (a team-mate saved since the page was loaded), the page keeps the
person's own text in the form and shows, beside it, the team-mate's value of every question
where the two differ — as text, so it can be read and copied. Values are compared as typed
(raw), empty table rows ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..schema import Field, FormContext, FormTemplate
from ..schema.fields import field_type, row_empty


@dataclass(frozen=True)
class Difference:
    """One question whose saved value differs: where its input is, its label, the other text."""

    key: str
    anchor: str
    label: str
    theirs: str


def differences(
    template: FormTemplate,
    context: FormContext,
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    gettext: Callable[[str], str],
) -> list[Difference]:
    """Every input of ``template`` where ``theirs`` (raw values) differs from ``mine``, in document order."""
    found = []
    for section, spec in template.walk():
        ftype = field_type(spec.type)
        if not ftype.is_input or spec.readonly:
            continue
        a, b = _comparable(spec, mine.get(spec.key)), _comparable(spec, theirs.get(spec.key))
        if a != b:
            anchor = f"{spec.key}-0" if ftype.input_type in ("radio", "checkbox") else spec.key
            found.append(
                Difference(
                    spec.key,
                    anchor,
                    spec.label or section.title,
                    raw_text(spec, theirs.get(spec.key), context, gettext),
                )
            )
    return found


def _comparable(spec: Field, raw: Any) -> Any:
    if spec.type == "table":
        rows = [row for row in raw or () if isinstance(row, Mapping) and not row_empty(dict(row))]
        return [{c.key: _comparable(c, row.get(c.key)) for c in spec.columns} for row in rows]
    if isinstance(raw, list):
        return sorted(str(x) for x in raw)
    return "" if raw is None else str(raw).replace("\r\n", "\n").strip()


def raw_text(spec: Field, raw: Any, context: FormContext, gettext: Callable[[str], str]) -> str:
    """A raw value as a person reads it: option labels for choices, months by name, a table as
    one line per row; text that does not convert (a half-typed date) is shown as typed."""
    if spec.type == "table":
        lines = []
        for row in raw or ():
            if not isinstance(row, Mapping) or row_empty(dict(row)):
                continue
            cells = [(c.label, raw_text(c, row.get(c.key), context, gettext)) for c in spec.columns]
            lines.append("; ".join(f"{label}: {text}" for label, text in cells if text))
        return "\n".join(lines)
    ftype = field_type(spec.type)
    try:
        return ftype.display(ftype.to_answer(raw, spec, context), spec, context, gettext)
    except (TypeError, ValueError, AttributeError):
        return ", ".join(map(str, raw)) if isinstance(raw, list) else ("" if raw is None else str(raw))
