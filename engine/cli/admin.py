"""``flask admin create EMAIL``: accounts of project leaders and observers."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from .. import clock
from ..access.accounts import ROLES, AccountError, create_account
from ..store import get_store
from .common import fail

admin_group = AppGroup("admin", help="Accounts of project leaders and observers.")


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
