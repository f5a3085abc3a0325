"""``flask programme load PATH``, ``list``, ``close ID``, ``reopen ID`` and ``purge ID``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .. import clock, privacy
from ..programmes import Catalog, ProgrammeInvalid, ProgrammeNotFound, get_catalog, import_programme_file, load_run
from ..reports.summary import summarise
from ..schema.source import SourceError
from ..store import NotFound, ProgrammeClosed, Store, get_store
from ..store import programmes as programme_repo
from .common import fail

programme_group = AppGroup("programme", help="Programmes: load one from a file, list them, close and purge them.")


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
    except ProgrammeClosed as exc:
        fail(f"{exc} Nothing was loaded.")
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


@programme_group.command("close")
@click.argument("programme_id")
def programme_close_command(programme_id: str) -> None:
    """Close a programme: read-only, no mail, no links; its people are purged after RETENTION_DAYS."""
    app = current_app._get_current_object()
    try:
        doc, discarded = privacy.close(get_store(), programme_id, "system", clock.now())
    except NotFound:
        fail(f"there is no programme '{programme_id}' (see `flask programme list`)")
    except ProgrammeClosed as exc:
        fail(str(exc))
    due = privacy.purge_due_at(app, doc)
    click.echo(
        f"{programme_id}: closed on {doc['closed_at']}"
        + (f"; {discarded} waiting message(s) will not be sent" if discarded else "")
        + (f"; its people will be purged from {due.isoformat()}." if due else ".")
    )


@programme_group.command("reopen")
@click.argument("programme_id")
def programme_reopen_command(programme_id: str) -> None:
    """Open a closed programme again (not once it has been purged)."""
    try:
        privacy.reopen(get_store(), programme_id, "system", clock.now())
    except NotFound:
        fail(f"there is no programme '{programme_id}' (see `flask programme list`)")
    except ProgrammeClosed as exc:
        fail(f"{exc} It cannot be opened again.")
    click.echo(f"{programme_id}: open again.")


@programme_group.command("purge")
@click.argument("programme_id")
def programme_purge_command(programme_id: str) -> None:
    """Erase a closed programme's people now, without waiting for the retention period."""
    app = current_app._get_current_object()
    try:
        done = privacy.purge(app, get_store(), programme_id, "system", clock.now())
    except NotFound:
        fail(f"there is no programme '{programme_id}' (see `flask programme list`)")
    except privacy.NotClosed:
        fail(f"the programme '{programme_id}' is open; close it first (`flask programme close {programme_id}`)")
    if done.already:
        click.echo(f"{programme_id}: purged already; nothing to do.")
        return
    changed = sum(done.records.values())
    click.echo(
        f"{programme_id}: purged — {done.people} member(s) erased, {changed} record(s) changed, "
        f"{done.mailbox} message(s) removed from the local mailbox. The submitted documents and the "
        "delivery record are kept."
    )
