"""Two versions of a submitted document side by side, with the words that changed marked.

Pure: takes two ``DocumentView``s (each rendered with the template version it was filled in
with) and pairs their answers by question key. A text answer becomes a word diff
(``difflib.SequenceMatcher`` over words and the spaces between them) that the page shows with
``<del>`` and ``<ins>`` — marked in the markup, not by colour alone. A table is compared row by
row, cell by cell, and rows added or removed are whole insertions or deletions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from ..schema.display import AnswerView, DocumentView

_TOKENS = re.compile(r"\s+|[^\s]+")

Kind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, or only in the new, or only in the old one."""

    kind: Kind
    text: str


@dataclass(frozen=True)
class CellChange:
    """One table cell (or a whole text answer) across two versions."""

    label: str
    old: str
    new: str
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        """Whether the text differs."""
        return self.old != self.new


@dataclass(frozen=True)
class FieldChange:
    """One question across two versions: its cells (one for a text answer; per row and column for
    a table)."""

    key: str
    label: str
    section: str
    type: str
    rows: tuple[tuple[CellChange, ...], ...]

    @property
    def changed(self) -> bool:
        """Whether anything in the answer differs."""
        return any(cell.changed for row in self.rows for cell in row)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """``old`` → ``new`` as segments of words (spaces kept), merged into the longest runs."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            _append(segments, "equal", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _append(segments, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _append(segments, "insert", "".join(b[j1:j2]))
    return tuple(segments)


def _append(segments: list[Segment], kind: Kind, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def compare_documents(old: DocumentView, new: DocumentView) -> list[FieldChange]:
    """Every question of either version, in the new version's order (questions only in the old one
    follow), with its changes. Static text (``info``) is left out."""
    old_items = {item.key: (section.title, item) for section in old.sections for item in section.items}
    changes, seen = [], set()
    for section in new.sections:
        for item in section.items:
            if item.type == "info":
                continue
            seen.add(item.key)
            before = old_items.get(item.key, (section.title, None))[1]
            changes.append(_field_change(section.title, before, item))
    for key, (title, item) in old_items.items():
        if key not in seen and item.type != "info":
            changes.append(_field_change(title, item, None))
    return changes


def _field_change(section: str, old: AnswerView | None, new: AnswerView | None) -> FieldChange:
    shown = new or old
    assert shown is not None
    label = shown.label or section
    if shown.type != "table":
        old_text, new_text = (old.text if old else ""), (new.text if new else "")
        cell = CellChange(label, old_text, new_text, word_diff(old_text, new_text))
        return FieldChange(shown.key, label, section, shown.type, ((cell,),))
    columns = list(dict.fromkeys([*(new.columns if new else ()), *(old.columns if old else ())]))
    old_rows = [dict(zip(old.columns, row, strict=False)) for row in old.rows] if old else []
    new_rows = [dict(zip(new.columns, row, strict=False)) for row in new.rows] if new else []
    rows = []
    for index in range(max(len(old_rows), len(new_rows))):
        before = old_rows[index] if index < len(old_rows) else {}
        after = new_rows[index] if index < len(new_rows) else {}
        rows.append(
            tuple(
                CellChange(
                    column,
                    before.get(column, ""),
                    after.get(column, ""),
                    word_diff(before.get(column, ""), after.get(column, "")),
                )
                for column in columns
            )
        )
    return FieldChange(shown.key, label, section, shown.type, tuple(rows))
