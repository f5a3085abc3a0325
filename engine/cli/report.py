"""``flask report summary|bundle``: the programme report and a deliverable's bundle, as files.

The same files the leader's pages hand out, written in the programme's language (``language`` in
its file, Norwegian by default): ``summary`` the programme report as DOCX or HTML, ``bundle`` every
team's document of one deliverable occurrence as one DOCX for the steering group.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .. import clock
from ..programmes import get_catalog
from ..store import get_store
from .common import documents_or_fail, fail, in_programme_language, is_terminal, run_or_fail, write_output

report_group = AppGroup("report", help="The programme report and bundles of the teams' documents.")
OUTPUT = click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output."
)


@report_group.command("summary")
@click.argument("programme_id")
@click.option("--format", "fmt", type=click.Choice(["docx", "html"]), default="docx", show_default=True)
@OUTPUT
def summary_command(programme_id: str, fmt: str, output: Path | None) -> None:
    """The programme report: gatherings, teams, deliveries, evaluations, Tabell 1 and 2.

    DOCX is binary: it goes to --output, or to standard output only when that is not a terminal.
    """
    if fmt == "docx" and output is None and is_terminal(sys.stdout.buffer):
        fail("DOCX is a binary file: give --output FILE, or redirect standard output to a file.")
    run = run_or_fail(programme_id)
    with in_programme_language(run):
        from ..exports.report_docx import report_docx
        from ..exports.report_html import report_html
        from ..programmes.report import programme_report

        report = programme_report(get_store(), get_catalog(), run, clock.now())
        body = report_docx(report) if fmt == "docx" else report_html(report).encode("utf-8")
    write_output(body, output)


@report_group.command("bundle")
@click.argument("programme_id")
@click.argument("deliverable")
@click.argument("occurrence", type=int)
@OUTPUT
def bundle_command(programme_id: str, deliverable: str, occurrence: int, output: Path | None) -> None:
    """Every team's document of one deliverable occurrence as one DOCX, with a cover page.

    OCCURRENCE is the gathering number (statusrapport 4 is the one before gathering 4), 1 for a
    one-off. DOCX is binary: it goes to --output, or to standard output only when that is not a terminal.
    """
    if output is None and is_terminal(sys.stdout.buffer):
        fail("DOCX is a binary file: give --output FILE, or redirect standard output to a file.")
    run = run_or_fail(programme_id)
    with in_programme_language(run):
        from ..exports.bundle import bundle_docx

        body = bundle_docx(run, documents_or_fail(run, deliverable, occurrence), clock.now())
    write_output(body, output)
