"""A submitted document as a Word file (python-docx): title, facts, every question with its answer.

Built from the same ``DocumentView`` the read-only pages show, so the file reads like the page:
the document's title and subtitle, a small table of facts (team, submitted at and by, version,
deadline), then each section as a heading and each question as a sub-heading with the answer;
a table answer is a real Word table with a header row. Texts the caller gives are already
translated; the answers are the team's own words, untouched.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..schema.cleantext import clean_text
from ..schema.display import AnswerView, DocumentView

if TYPE_CHECKING:
    from docx.document import Document

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def clean_xml(text: str) -> str:
    """``text`` without the characters XML 1.0 (and so a Word file) cannot hold: answers stored
    before they were kept out at the door may still have them (``schema.cleantext``)."""
    return clean_text(text or "")


_x = clean_xml


def submission_docx(document: DocumentView, facts: Sequence[tuple[str, str]], empty_text: str) -> bytes:
    """The ``.docx`` bytes of ``document``; ``facts`` are (label, value) pairs shown under the title,
    ``empty_text`` stands where a question was not answered."""
    # Imported here: python-docx and lxml take a tenth of a second to import, and only this
    # download needs them (not `flask tick`, not a server's start).
    from docx import Document
    from docx.shared import Pt

    word = Document()
    word.core_properties.title = _x(document.title)
    word.styles["Normal"].font.size = Pt(11)
    word.add_heading(_x(document.title), level=0)
    if document.subtitle:
        word.add_paragraph(_x(document.subtitle), style="Subtitle")
    if facts:
        table = word.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in facts:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(_x(label)).bold = True
            cells[1].text = _x(value)
    add_sections(word, document, empty_text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def add_sections(word: Document, document: DocumentView, empty_text: str, level: int = 1) -> None:
    """The document's sections (headings at ``level``) and answers (one level below) into ``word``."""
    for section in document.sections:
        if section.title:
            word.add_heading(_x(section.title), level=level)
        for item in section.items:
            _add_answer(word, item, empty_text, level=level + 1 if section.title else level)


def _add_answer(word: Document, item: AnswerView, empty_text: str, level: int) -> None:
    if item.type == "info":
        for paragraph in item.paragraphs:
            word.add_paragraph().add_run(_x(paragraph)).italic = True
        return
    if item.label:
        word.add_heading(_x(item.label), level=level)
    if item.type == "table" and item.rows:
        table = word.add_table(rows=1, cols=len(item.columns))
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, item.columns, strict=True):
            cell.paragraphs[0].add_run(_x(label)).bold = True
        for row in item.rows:
            for cell, value in zip(table.add_row().cells, row, strict=False):
                cell.text = _x(value)
        return
    text = _x(item.text)
    if not text:
        word.add_paragraph().add_run(empty_text).italic = True
        return
    for paragraph in _BLANK_LINE.split(text):
        word.add_paragraph(paragraph.strip("\n"))
