"""The programme report as a Word file the leader edits further (python-docx).

The same content as the report page (``engine.reports.programme_report``), laid out as the seed
report is: headings for the gatherings, the teams, the deliveries, the participants' evaluation
(a chart per scale question, drawn by ``chart``, with its numbers in a table under it, the free
text as quotations), *Tabell 1* and *Tabell 2* with the teams' bullet points as Word bullets, the
leader's own reports and the follow-up notes. Real Word styles (Title, Heading 1–3, List Bullet,
Quote, Table Grid), so the leader can restyle the whole document at once.

Texts are translated in the current language (the programme's, from the CLI).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Pt
from docx.table import _Cell
from flask_babel import gettext as _
from flask_babel import ngettext

from ..i18n import current_language, fmt_mean
from ..reports.bullets import Bullet
from ..reports.final_tables import CompiledTable
from ..reports.programme_report import ProgrammeReport
from ..timefmt import fmt_date, fmt_datetime
from .chart import trend_png
from .docx import clean_xml as _x
from .words import occasion, occasion_name, status_word

COUNT_STATES = ("submitted_on_time", "submitted_late", "overdue", "excused", "withdrawn", "open")


def report_docx(report: ProgrammeReport) -> bytes:
    """The ``.docx`` bytes of ``report``."""
    word = Document()
    programme = report.run.programme
    word.core_properties.title = _x(programme.title)
    word.styles["Normal"].font.size = Pt(11)
    word.add_heading(_x(programme.title), level=0)
    word.add_paragraph(_("Programme report"), style="Subtitle")
    _facts(word, report)
    _gatherings(word, report)
    _teams(word, report)
    _deliveries(word, report)
    _evaluation(word, report)
    _results(word, report)
    _leader(word, report)
    _followups(word, report)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _orientation(word: WordDocument, landscape: bool) -> None:
    """Start a new section, landscape (for the wide tables) or portrait again."""
    section = word.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if landscape != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _widths(table, widths: Sequence[float]) -> None:
    """Column widths in cm (Word reads them per cell)."""
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def _table(word: WordDocument, headings: Sequence[str], rows: Sequence[Sequence[str]], size: float | None = None):
    table = word.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(_x(heading)).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=False):
            cell.text = _x(value)
    if size:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
    return table


def _facts(word: WordDocument, report: ProgrammeReport) -> None:
    programme = report.run.programme
    period = f"{fmt_date(report.start)}–{fmt_date(report.end)}"
    if not report.finished:
        period += f" ({_('still running')})"
    verb = _("finished") if report.finished else _("still taking part")
    teams = _(
        "%(total)s started, %(left)s withdrew, %(staying)s %(verb)s",
        total=len(report.teams),
        left=len(report.withdrawn),
        staying=len(report.staying),
        verb=verb,
    )
    rows = [
        (_("Period"), period),
        (_("Project leader"), programme.leader.name),
        (_("Reports go to"), programme.recipient),
        (_("Gatherings"), str(len(report.gatherings))),
        (_("Teams"), teams),
        (_("Made"), fmt_datetime(report.now, current_language())),
    ]
    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(_x(label)).bold = True
        cells[1].text = _x(value)


def _gatherings(word: WordDocument, report: ProgrammeReport) -> None:
    word.add_heading(_("Gatherings"), level=1)
    rows = []
    for line in report.gatherings:
        presenters = "\n".join(f"{p.team} ({p.reason})" if p.reason else p.team for p in line.presenters)
        g = line.gathering
        rows.append((str(line.number), fmt_date(g.date), g.place, g.host, g.theme, presenters))
    _table(word, (_("No."), _("Date"), _("Place"), _("Host"), _("Theme"), _("Teams presenting")), rows)


def _teams(word: WordDocument, report: ProgrammeReport) -> None:
    word.add_heading(_("The teams"), level=1)
    rows = []
    for line in report.teams:
        joined = _("the start (%(date)s)", date=fmt_date(line.joined)) if line.from_start else fmt_date(line.joined)
        withdrawn = line.team.withdrawn
        if not line.active and withdrawn:
            state, reason = _("Withdrew %(date)s", date=fmt_date(withdrawn.date)), withdrawn.reason
        else:
            state, reason = (_("Finished") if report.finished else _("Taking part")), ""
        rows.append((line.team.name, joined, state, reason))
    _table(word, (_("Team"), _("Took part from"), _("Status"), _("Reason for withdrawing")), rows)


def _count_heading(state: str) -> str:
    return {
        "open": _("Not due yet"),
        "withdrawn": _("Not owed after withdrawing"),
        "overdue": _("Missing"),
    }.get(state) or status_word(state)


def _deliveries(word: WordDocument, report: ProgrammeReport) -> None:
    word.add_heading(_("Deliveries"), level=1)
    word.add_paragraph(
        _("What the teams delivered of the documents due by %(date)s, per team.", date=fmt_date(report.now))
    )
    record = report.record
    rows = [
        (
            line.team.name,
            str(line.on_time),
            str(line.late),
            str(line.missing),
            str(line.excused),
            str(line.withdrawn),
            str(line.pending),
        )
        for line in record.teams
    ]
    _table(word, (_("Team"), *(_count_heading(s) for s in COUNT_STATES)), rows)
    _orientation(word, landscape=True)
    word.add_heading(_("Every document, team by team"), level=2)
    tz = report.run.workflow.tz
    matrix = []
    for index, column in enumerate(record.columns):
        name = occasion_name(report.run, column.deliverable, column.occurrence)
        cells = [status_word(line.cells[index]) if line.cells[index] else "–" for line in record.teams]
        matrix.append((name, fmt_date(column.due_at, tz), *cells))
    table = _table(word, (_("Document"), _("Deadline"), *(line.team.name for line in record.teams)), matrix, size=8)
    teams = max(len(record.teams), 1)
    _widths(table, [4.5, 2.2, *([18.0 / teams] * teams)])
    _orientation(word, landscape=False)


def _evaluation(word: WordDocument, report: ProgrammeReport) -> None:
    word.add_heading(_("The participants' evaluation"), level=1)
    if not report.evaluations:
        word.add_paragraph(_("No gathering has been evaluated yet."))
    else:
        word.add_paragraph(
            _(
                "Each gathering was evaluated anonymously by the participants. The charts show how the mean score "
                "of each question moved from gathering to gathering."
            )
        )
    lang = current_language()
    for trend in report.trends:
        word.add_heading(_x(trend.label), level=2)
        picture = trend_png(trend, lambda v: fmt_mean(v, lang), lambda n: _("G%(number)s", number=n))
        word.add_picture(io.BytesIO(picture), width=Cm(15))
        rows = [(str(p.number), fmt_mean(p.mean, lang), str(p.answered)) for p in trend.points]
        _table(word, (_("Gathering"), _("Mean"), _("Answered")), rows)
    for line in report.evaluations:
        title = _("Gathering %(number)s", number=line.number)
        word.add_heading(_x(f"{title}: {line.gathering.theme}" if line.gathering.theme else title), level=2)
        summary = line.summary
        means = "; ".join(f"{s.label} {fmt_mean(s.average, lang)}" for s in summary.scales)
        responses = ngettext("%(num)s response", "%(num)s responses", summary.responses)
        word.add_paragraph(_x(f"{responses}. {means}"))
        for text in summary.texts:
            if not text.answers:
                continue
            word.add_heading(_x(text.label), level=3)
            for answer in text.answers:
                word.add_paragraph(_x(answer), style="Quote")
    if report.finals.quotes:
        word.add_heading(_("In the teams' own words"), level=2)
        for team, quote in report.finals.quotes:
            word.add_paragraph(_x(quote), style="Quote")
            word.add_paragraph(_x(f"({team})"))


def _bullets(cell: _Cell, items: Sequence[Bullet], styles: tuple) -> None:
    """The points into ``cell``; ``styles`` are the two list styles, looked up once (by name, python-docx
    searches every style each time: most of the file's cost)."""
    paragraph = cell.paragraphs[0]
    first = True
    top, sub_style = styles
    for item in items:
        for text, style in [(item.text, top), *((sub.text, sub_style) for sub in item.items)]:
            target = paragraph if first else cell.add_paragraph()
            target.text = _x(text)
            target.style = style
            first = False


def _compiled(word: WordDocument, caption: str, table: CompiledTable) -> None:
    word.add_paragraph(caption, style="Caption")
    columns = max(len(table.headings), 1)
    styles = (word.styles["List Bullet"], word.styles["List Bullet 2"])
    grid = word.add_table(rows=1, cols=columns + 1)
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, (_("Municipality"), *table.headings), strict=True):
        cell.paragraphs[0].add_run(_x(heading)).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        cells[0].paragraphs[0].add_run(_x(row.team)).bold = True
        for cell, items in zip(cells[1:], row.cells, strict=False):
            _bullets(cell, items, styles)
    _widths(grid, [3.0, *([22.0 / columns] * columns)])


def _results(word: WordDocument, report: ProgrammeReport) -> None:
    _orientation(word, landscape=True)  # Tabell 1 and 2: wide cells of bullet points
    word.add_heading(_("Results"), level=1)
    tz = report.run.workflow.tz
    if report.missing_finals:
        text = _(
            "%(title)s still missing from: %(teams)s.", title=report.final_title, teams=", ".join(report.missing_finals)
        )
        if report.final_due:
            text += " " + _("Due %(date)s.", date=fmt_date(report.final_due, tz))
        word.add_paragraph(_x(text))
    results, further = report.finals.results, report.finals.further
    if results and results.rows:
        _compiled(word, _("Table 1: Actions and results"), results)
    else:
        word.add_paragraph(
            _(
                "No team has delivered its %(title)s yet, so Table 1 and Table 2 are still empty.",
                title=report.final_title,
            )
        )
    if further and further.rows:
        _compiled(word, _("Table 2: Continuation and implementation"), further)
    _orientation(word, landscape=False)


def _leader(word: WordDocument, report: ProgrammeReport) -> None:
    if not report.leader_documents:
        return
    word.add_heading(_("The project leader's reports"), level=1)
    tz = report.run.workflow.tz
    for doc in report.leader_documents:
        when = (
            _("submitted %(date)s", date=fmt_date(_instant(doc.latest["submitted_at"]), tz))
            if doc.latest
            else _("deadline %(date)s", date=fmt_date(doc.assignment.effective_due_at, tz))
        )
        text = f"{occasion(report.run, doc.assignment)}: {status_word(doc.status)} – {when}"
        word.add_paragraph(_x(text), style="List Bullet")


def _instant(value: str) -> datetime:

    return datetime.fromisoformat(value)


def _followups(word: WordDocument, report: ProgrammeReport) -> None:
    if not report.followups:
        return
    word.add_heading(_("Follow-up of the teams"), level=1)
    _table(word, (_("Team"), _("Follow-up notes")), [(team, str(count)) for team, count in report.followups])
