"""``flask programme load PATH`` and ``flask programme list``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from .. import clock
from ..programmes import Catalog, ProgrammeInvalid, ProgrammeNotFound, get_catalog, import_programme_file, load_run
from ..reports.summary import summarise
from ..schema.source import SourceError
from ..store import Store, get_store
from ..store import programmes as programme_repo
from .common import fail

programme_group = AppGroup("programme", help="Programmes: load one from a file, list them.")


@programme_group.command("load")
@click.argument("path", type=click.Path(path_type=Path))
def programme_load_command(path: Path) -> None:
    """Create or update a programme from a YAML file (idempotent by its id)."""
    try:
        run, changed = import_programme_file(get_store(), get_catalog(), path, "system", clock.now())
    except SourceError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(exc.problems)} problem(s) in {path}; nothing was loaded.")
    if not changed:
        click.echo(f"{run.id}: unchanged (revision {run.revision}).")
    elif run.revision == 1:
        click.echo(
            f"{run.id}: created (revision 1): {len(run.programme.gatherings)} gathering(s), "
            f"{len(run.programme.teams)} team(s)."
        )
    else:
        click.echo(f"{run.id}: updated (revision {run.revision}).")


@programme_group.command("list")
def programme_list_command() -> None:
    """One line per programme: id, title, workflow, teams and the next deadline (tab-separated)."""
    lines = programme_lines(get_store(), get_catalog(), clock.now())
    for line in lines:
        click.echo(line)
    if not lines:
        click.echo("No programmes yet.", err=True)


def programme_lines(store: Store, catalog: Catalog, now: datetime) -> list[str]:
    """``flask programme list``: per programme, tab-separated, its id, title, workflow, number of
    teams and next deadline (ISO 8601 instant and what is due), or why it cannot be shown."""
    lines = []
    for listed in programme_repo.list_programmes(store):
        try:
            run = load_run(store, catalog, listed["id"])
        except (ProgrammeNotFound, ProgrammeInvalid) as exc:
            lines.append(
                f"{listed['id']}\t{listed.get('title', '')}\t{listed.get('workflow', '')}\tcannot be shown: {exc}"
            )
            continue
        summary = summarise(run, now)
        nxt = summary.next_due
        deadline = (
            f"next deadline {nxt.effective_due_at.isoformat()} {nxt.deliverable} {nxt.occurrence}"
            if nxt
            else "no deadline ahead"
        )
        lines.append(f"{run.id}\t{run.programme.title}\t{run.workflow.id}\t{summary.teams} teams\t{deadline}")
    return lines
