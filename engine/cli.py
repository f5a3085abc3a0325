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
programme_group = AppGroup("programme", help="Programmes: load one from a file, list them.")
export_group = AppGroup("export", help="Exports for spreadsheets and other programs.")
demo_group = AppGroup("demo", help="The example programme for a first look (used by `make run`).")


def init_app(app: Flask) -> None:
    """Register every command on the app's CLI group."""
    app.cli.add_command(check_command)
    app.cli.add_command(serve_command)
    from .scheduler import tick_command

    app.cli.add_command(tick_command)
    app.cli.add_command(admin_group)
    app.cli.add_command(programme_group)
    app.cli.add_command(export_group)
    app.cli.add_command(demo_group)

    from .links_cli import links_command

    app.cli.add_command(links_command)


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


@programme_group.command("load")
@click.argument("path", type=click.Path(path_type=Path))
def programme_load_command(path: Path) -> None:
    """Create or update a programme from a YAML file (idempotent by its id)."""
    from .programmes import import_programme_file
    from .yamlsource import SourceError

    try:
        run, changed = import_programme_file(get_store(), get_catalog(), path, "system", clock.now())
    except SourceError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(exc.problems)} problem(s) in {path}; nothing was loaded.")
    if not changed:
        click.echo(f"{run.id}: unchanged (revision {run.revision}).")
    elif run.revision == 1:
        click.echo(f"{run.id}: created (revision 1): {len(run.programme.gatherings)} gathering(s), "
                   f"{len(run.programme.teams)} team(s).")
    else:
        click.echo(f"{run.id}: updated (revision {run.revision}).")


@programme_group.command("list")
def programme_list_command() -> None:
    """One line per programme: id, title, workflow, teams and the next deadline (tab-separated)."""
    from .overview import programme_lines

    lines = programme_lines(get_store(), get_catalog(), clock.now())
    for line in lines:
        click.echo(line)
    if not lines:
        click.echo("No programmes yet.", err=True)


@export_group.command("deliveries")
@click.argument("programme_id")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def export_deliveries_command(programme_id: str, fmt: str, output: Path | None) -> None:
    """Every team assignment with its dates, status, reminders and who delivered it.

    XLSX is binary: it goes to --output, or to standard output only when that is not a terminal.
    """
    from .exports.deliveries import export_deliveries
    from .programmes import ProgrammeInvalid, ProgrammeNotFound, load_run
    from .store import InvalidId

    stdout = sys.stdout.buffer
    if fmt == "xlsx" and output is None and is_terminal(stdout):
        fail("XLSX is a binary file: give --output FILE, or redirect standard output to a file.")
    try:
        run = load_run(get_store(), get_catalog(), programme_id)
    except (ProgrammeNotFound, InvalidId):
        fail(f"there is no programme '{programme_id}' (see `flask --app engine programme list`).")
    except ProgrammeInvalid as exc:
        fail(f"the programme '{programme_id}' cannot be used: {exc}")
    body = export_deliveries(get_store(), run, fmt, clock.now())
    if output is None:
        stdout.write(body)
        stdout.flush()
        return
    try:
        output.write_bytes(body)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}.")


def is_terminal(stream) -> bool:
    """Whether ``stream`` is a terminal (binary output would garble it)."""
    return stream.isatty()


@demo_group.command("setup")
def demo_setup_command() -> None:
    """Load the example programme on a fresh instance and print the log-in and a team link."""
    from .demo import setup_demo

    app = current_app
    result = setup_demo(get_store(), get_catalog(), Path(app.instance_path), app.config["BASE_URL"],
                        Path(app.config["EXAMPLE_PROGRAMME"]), clock.now())
    if result.created:
        click.echo(f"Loaded the example programme '{result.title}' ({result.programme}), moved {result.shifted_days} "
                   f"days so that today falls between gathering 3 and gathering 4, with {result.deliveries} "
                   "delivered versions.")
    else:
        click.echo("This instance already has programmes; nothing was changed.")
    click.echo(f"Project leader's log-in: {result.login_url}")
    if result.password:
        click.echo(f"  e-mail:   {result.email}")
        click.echo(f"  password: {result.password}   (kept in {Path(app.instance_path) / 'demo-credentials.txt'})")
    else:
        click.echo("  (no demo account here: create one with `flask --app engine admin create EMAIL`)")
    if result.team_link:
        click.echo(f"Team link for {result.member_name} ({result.team_name}): {result.team_link}")
