"""``flask demo setup``: the example programme on a fresh instance (what ``make run`` does first)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .. import clock
from ..programmes import get_catalog
from ..store import get_store

demo_group = AppGroup("demo", help="The example programme for a first look (used by `make run`).")


@demo_group.command("setup")
def demo_setup_command() -> None:
    """Load the example programme on a fresh instance and print the log-in and a team link."""
    app = current_app
    from ..demo import setup_demo  # imported when used: the demo is not what most commands need

    result = setup_demo(
        get_store(),
        get_catalog(),
        Path(app.instance_path),
        app.config["BASE_URL"],
        Path(app.config["EXAMPLE_PROGRAMME"]),
        clock.now(),
    )
    if result.created:
        click.echo(
            f"Loaded the example programme '{result.title}' ({result.programme}), moved {result.shifted_days} "
            f"days so that today falls between gathering 3 and gathering 4, with {result.deliveries} "
            "delivered versions."
        )
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
    if result.finished_programme:
        click.echo(
            f"The example is also loaded finished, at its real dates: '{result.finished_title}' "
            f"({result.finished_programme}), with the teams' final reports — see its programme report."
        )
