"""The ``flask --app engine …`` commands. Each is a thin wrapper over a plain function.

Errors a user can make (a bad file, an unknown programme) end as one line on stderr and exit 1,
never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import clock
from .accounts import ROLES, AccountError, create_account
from .catalog import check_paths, get_catalog
from .store import get_store

admin_group = AppGroup("admin", help="Accounts of project leaders and observers.")


def init_app(app: Flask) -> None:
    """Register every command on the app's CLI group."""
    app.cli.add_command(check_command)
    app.cli.add_command(serve_command)
    from .scheduler import tick_command

    app.cli.add_command(tick_command)
    app.cli.add_command(admin_group)


def fail(message: str) -> None:
    """End a command with one clear line on stderr and exit status 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@with_appcontext
def check_command(files: tuple[Path, ...]) -> None:
    """Validate form templates, workflows and programme files (all shipped ones if none named)."""
    catalog = get_catalog()
    if files:
        problems = check_paths(list(files), catalog)
        checked = f"{len(files)} file(s)"
    else:
        problems = catalog.problems
        checked = f"{len(catalog.forms)} form template(s) and {len(catalog.workflows)} workflow(s)"
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {checked}.", err=True)
        sys.exit(1)
    click.echo(f"OK: {checked} valid.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=16, show_default=True, type=int)
@with_appcontext
def serve_command(host: str, port: int, threads: int) -> None:
    """Run the production server (waitress) with the scheduler, unless VERKSTED_SCHEDULER=off."""
    import waitress

    app = current_app._get_current_object()
    catalog = get_catalog()
    if catalog.problems:
        for problem in catalog.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(catalog.problems)} problem(s) in the form templates or workflows; not starting.")
    runner = None
    scheduler_state = "off"
    if app.config["SCHEDULER"]:
        from .scheduler import start_scheduler

        runner = start_scheduler(app, stop_on_sigterm=True)
        scheduler_state = runner.describe() if runner else "run by another process on this instance; web only"
    click.echo(f"Verksted on http://{host}:{port}/ (scheduler: {scheduler_state})")
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="Verksted")
    finally:
        if runner:
            runner.shutdown()


@admin_group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="leader", show_default=True)
@click.option("--name", help="The person's name, shown in the event log.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def admin_create_command(email: str, role: str, name: str | None, password_stdin: bool) -> None:
    """Create an admin account (leader: changes things; observer: reads only)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        create_account(get_store(), email, password, role, clock.now(), name=name)
    except AccountError as exc:
        fail(str(exc))
    click.echo(f"Created {role} account {email.strip().lower()}.")
