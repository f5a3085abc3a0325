"""The programme report: a page, a Word file the leader edits further, and the same as an HTML file.

``/admin/p/<pid>/report`` shows ``engine.programmes.report.programme_report`` — the gatherings,
the teams, the delivery record, the evaluations with their trend charts (SVG drawn here, with the
same numbers in a table beside each), Tabell 1 and 2 from the teams' final reports, the leader's
own reports and, where there are any, the follow-up notes. ``report.docx`` and ``report.html``
are the files ``flask report summary`` writes, made by the same functions.
"""

from __future__ import annotations

from flask import Response, render_template

from ...exports.report_html import report_html
from ...programmes import get_catalog
from ...programmes.report import programme_report
from ...store import get_store
from .blueprint import bp, run_or_404
from .common import now

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_filename(pid: str, fmt: str) -> str:
    """``<programme>-report.<fmt>``."""
    return f"{pid}-report.{fmt}"


@bp.get("/p/<pid>/report")
def report(pid: str):
    """The programme report as a page."""
    run = run_or_404(pid)
    data = programme_report(get_store(), get_catalog(), run, now())
    return render_template("admin/report.html", run=run, report=data)


@bp.get("/p/<pid>/report.docx")
def report_docx_file(pid: str):
    """The programme report as a Word file."""
    run = run_or_404(pid)
    from ...exports.report_docx import report_docx  # python-docx is loaded when a file is asked for

    body = report_docx(programme_report(get_store(), get_catalog(), run, now()))
    disposition = f'attachment; filename="{report_filename(pid, "docx")}"'
    return Response(body, content_type=DOCX, headers={"Content-Disposition": disposition})


@bp.get("/p/<pid>/report.html")
def report_html_file(pid: str):
    """The programme report as one HTML file (its styles inside), to keep or send on."""
    run = run_or_404(pid)
    body = report_html(programme_report(get_store(), get_catalog(), run, now()))
    disposition = f'attachment; filename="{report_filename(pid, "html")}"'
    return Response(body, content_type="text/html; charset=utf-8", headers={"Content-Disposition": disposition})
