"""``flask export deliveries|programme|answers``: the delivery record, the programme as a programme file,
and every team's answers to one deliverable occurrence, for spreadsheets and other programs."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .. import clock
from ..exports import answers as answers_export
from ..exports.deliveries import export_deliveries
from ..exports.programme_file import programme_yaml
from ..store import get_store
from .common import documents_or_fail, fail, in_programme_language, is_terminal, run_or_fail, write_output

export_group = AppGroup("export", help="Exports for spreadsheets and other programs.")


@export_group.command("deliveries")
@click.argument("programme_id")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output."
)
def export_deliveries_command(programme_id: str, fmt: str, output: Path | None) -> None:
    """Every team assignment with its dates, status, reminders and who delivered it.

    XLSX is binary: it goes to --output, or to standard output only when that is not a terminal.
    """
    stdout = sys.stdout.buffer
    if fmt == "xlsx" and output is None and is_terminal(stdout):
        fail("XLSX is a binary file: give --output FILE, or redirect standard output to a file.")
    run = run_or_fail(programme_id)
    write_output(export_deliveries(get_store(), run, fmt, clock.now()), output)


@export_group.command("programme")
@click.argument("programme_id")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output."
)
def export_programme_command(programme_id: str, output: Path | None) -> None:
    """The programme as a programme file, cycle adjustments included (what `programme load` reads)."""
    write_output(programme_yaml(run_or_fail(programme_id).programme).encode("utf-8"), output)


@export_group.command("answers")
@click.argument("programme_id")
@click.argument("deliverable")
@click.argument("occurrence", type=int)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), default="xlsx", show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output."
)
def export_answers_command(programme_id: str, deliverable: str, occurrence: int, fmt: str, output: Path | None) -> None:
    """Every team's answers to one deliverable occurrence: a row per team, a column per question.

    XLSX has the table questions' rows on a second sheet. XLSX is binary: it goes to --output, or to
    standard output only when that is not a terminal.
    """
    if fmt == "xlsx" and output is None and is_terminal(sys.stdout.buffer):
        fail("XLSX is a binary file: give --output FILE, or redirect standard output to a file.")
    run = run_or_fail(programme_id)
    with in_programme_language(run):
        body = answers_export.render(documents_or_fail(run, deliverable, occurrence), fmt)
    write_output(body, output)
