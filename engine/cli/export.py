"""``flask export deliveries PROGRAMME_ID``: the delivery record for spreadsheets and other programs."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .. import clock
from ..exports.deliveries import export_deliveries
from ..exports.programme_file import programme_yaml
from ..programmes import ProgrammeInvalid, ProgrammeNotFound, Run, get_catalog, load_run
from ..store import InvalidId, get_store
from .common import fail, is_terminal


def run_or_fail(programme_id: str) -> Run:
    """The programme's run, or one line on stderr and a non-zero exit."""
    try:
        return load_run(get_store(), get_catalog(), programme_id)
    except (ProgrammeNotFound, InvalidId):
        fail(f"there is no programme '{programme_id}' (see `flask --app engine programme list`).")
    except ProgrammeInvalid as exc:
        fail(f"the programme '{programme_id}' cannot be used: {exc}")


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
    body = export_deliveries(get_store(), run, fmt, clock.now())
    if output is None:
        stdout.write(body)
        stdout.flush()
        return
    try:
        output.write_bytes(body)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}.")


@export_group.command("programme")
@click.argument("programme_id")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output."
)
def export_programme_command(programme_id: str, output: Path | None) -> None:
    """The programme as a programme file, cycle adjustments included (what `programme load` reads)."""
    run = run_or_fail(programme_id)
    text = programme_yaml(run.programme)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}.")
