"""``flask export deliveries PROGRAMME_ID``: the delivery record for spreadsheets and other programs."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .. import clock
from ..exports.deliveries import export_deliveries
from ..store import get_store
from .common import fail, is_terminal, run_or_fail, write_output

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
