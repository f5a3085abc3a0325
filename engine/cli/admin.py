"""``flask admin create|password|remove EMAIL``: accounts of project leaders and observers.

Changing a password or removing an account ends every session the account has, on the server:
a browser still logged in (or a copy of its cookie) is sent to the log-in page at its next request.
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from .. import clock
from ..access.accounts import ROLES, AccountError, change_password, create_account, remove_account
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
    password = _read_password(password_stdin)
    try:
        create_account(get_store(), email, password, role, clock.now(), name=name)
    except AccountError as exc:
        fail(str(exc))
    click.echo(f"Created {role} account {email.strip().lower()}.")


@admin_group.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
def admin_password_command(email: str, password_stdin: bool) -> None:
    """Give an account a new password; every session it has ends."""
    password = _read_password(password_stdin)
    try:
        change_password(get_store(), email, password, clock.now())
    except AccountError as exc:
        fail(str(exc))
    click.echo(f"Changed the password of {email.strip().lower()}; its sessions are ended.")


@admin_group.command("remove")
@click.argument("email")
def admin_remove_command(email: str) -> None:
    """Remove an account; every session it has ends."""
    try:
        remove_account(get_store(), email)
    except AccountError as exc:
        fail(str(exc))
    click.echo(f"Removed the account {email.strip().lower()}; its sessions are ended.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)
