"""``flask check [FILES…]``: validate form templates, workflows and programme files."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..programmes import check_paths, get_catalog, load_catalog


@click.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@with_appcontext
def check_command(files: tuple[Path, ...]) -> None:
    """Validate form templates, workflows and programme files (all shipped ones if none named)."""
    catalog = get_catalog()
    if files:
        problems = check_paths(list(files), catalog)
        checked = f"{len(files)} file(s)"
    else:  # validated afresh, never read back from the catalogue cache: this is the explicit check
        config = current_app.config
        catalog = load_catalog(Path(config["FORMS_PATH"]), Path(config["WORKFLOWS_PATH"]))
        problems = catalog.problems
        checked = f"{len(catalog.forms)} form template(s) and {len(catalog.workflows)} workflow(s)"
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {checked}.", err=True)
        sys.exit(1)
    click.echo(f"OK: {checked} valid.")
