"""The programme report as one HTML file: the report page's content with its styles inside.

What ``flask report summary --format html`` writes and the report page offers for download: a
file to keep, attach or open in a browser without Verksted, so the stylesheet is copied into it.
Rendered with the app's templates (``admin/report_file.html``), in the current language.
"""

from __future__ import annotations

from flask import current_app, render_template

from ..reports.programme_report import ProgrammeReport


def report_html(report: ProgrammeReport) -> str:
    """The standalone HTML of ``report``."""
    with current_app.open_resource("web/static/verksted.css") as fh:
        css = fh.read().decode("utf-8")
    return render_template("admin/report_file.html", run=report.run, report=report, css=css)
