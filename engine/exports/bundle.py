"""A deliverable's bundle: every team's document of one occurrence as one Word file.

For the steering group: "every Statusrapport before gathering 4" in one file. A cover page says
who delivered and when, who was late, who did not deliver, who was excused and who had withdrawn,
and lists the files the documents carry (by name, kind and size; the files are not in it);
then each delivered document as the team wrote it — its title, when and by whom it was submitted,
its sections as headings, every question with the team's answer, a table answer (the
Fremdriftsplan's rows) as a Word table, dates the Norwegian way — each from a new page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..cycle import Run, Status
from ..i18n import current_language
from ..programmes.collect import TeamDocument
from ..schema.files import describe
from ..store.records import parse_iso
from ..timefmt import fmt_date, fmt_datetime
from .docx import add_sections
from .docx import clean_xml as _x
from .words import occasion, status_word

GROUPS = (
    (Status.SUBMITTED_ON_TIME, _l("Delivered on time")),
    (Status.SUBMITTED_LATE, _l("Delivered late")),
    (Status.OVERDUE, _l("Not delivered")),
    (Status.OPEN, _l("Not due yet")),
    (Status.NOT_OPEN, _l("Not due yet")),
    (Status.EXCUSED, _l("Excused")),
    (Status.WITHDRAWN, _l("Had withdrawn")),
)


def bundle_docx(run: Run, documents: Sequence[TeamDocument], now: datetime) -> bytes:
    """The ``.docx`` bytes of the bundle of ``documents`` (one occurrence, every team)."""
    from docx import Document  # imported when a bundle is made: most processes never make one
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    word = Document()
    word.styles["Normal"].font.size = Pt(11)
    tz = run.workflow.tz
    first = documents[0].assignment
    title = _("%(what)s – every team", what=occasion(run, first))
    word.core_properties.title = _x(title)
    word.add_heading(_x(title), level=0)
    word.add_paragraph(_x(run.programme.title), style="Subtitle")
    lang = current_language()
    word.add_paragraph(
        _x(
            _(
                "Deadline %(date)s. Compiled %(when)s.",
                date=fmt_date(first.due_at, tz),
                when=fmt_datetime(now, lang, tz),
            )
        )
    )
    _cover_table(word, documents, tz, lang)
    _groups(word, documents)
    _attachments(word, documents)
    for document in documents:
        if document.document is None or document.record is None:
            continue
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        word.add_heading(_x(document.team.name), level=1)
        record = document.record
        submitted = fmt_datetime(parse_iso(record["submitted_at"]), lang, tz)
        facts = _(
            "%(title)s, submitted %(when)s by %(name)s (version %(version)s).",
            title=document.document.title,
            when=submitted,
            name=record.get("submitted_by_name") or "",
            version=record["version"],
        )
        word.add_paragraph(_x(facts))
        if document.document.subtitle:
            word.add_paragraph(_x(document.document.subtitle), style="Subtitle")
        add_sections(word, document.document, _("Not answered"), level=2)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _cover_table(word, documents: Sequence[TeamDocument], tz, lang: str) -> None:
    table = word.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, (_("Team"), _("Status"), _("Delivered"), _("By")), strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for document in documents:
        record = document.record or {}
        when = fmt_datetime(parse_iso(record["submitted_at"]), lang, tz) if record else ""
        status = status_word(document.status)
        if document.status == Status.WITHDRAWN and document.team.withdrawn:
            status = _("Withdrew %(date)s", date=fmt_date(document.team.withdrawn.date))
        cells = table.add_row().cells
        for cell, value in zip(
            cells, (document.team.name, status, when, record.get("submitted_by_name") or ""), strict=True
        ):
            cell.text = _x(value)


def _attachments(word, documents: Sequence[TeamDocument]) -> None:
    """The files the documents carry, as a list by team: the files themselves are not in the bundle
    (the leader downloads each from the team's submission page)."""
    listed = [
        (document.team.name, item)
        for document in documents
        if document.document is not None and document.record is not None
        for section in document.document.sections
        for item in section.items
        if item.file
    ]
    if not listed:
        return
    word.add_heading(_x(_("Attachments")), level=1)
    word.add_paragraph(_x(_("The files are not part of this document; each is on the team's submission page.")))
    for team, item in listed:
        paragraph = word.add_paragraph(style="List Bullet")
        paragraph.add_run(_x(f"{team}: ")).bold = True
        paragraph.add_run(_x(f"{describe(item.file)} – {item.label}"))


def _groups(word, documents: Sequence[TeamDocument]) -> None:
    seen: dict[str, list[str]] = {}
    for status, label in GROUPS:
        names = [d.team.name for d in documents if d.status == status]
        if names:
            seen.setdefault(str(label), []).extend(names)
    for label, names in seen.items():
        paragraph = word.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_x(", ".join(names)))
