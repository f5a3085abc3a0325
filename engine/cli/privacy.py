"""``flask privacy export EMAIL`` and ``flask privacy forget EMAIL``: one person's data (GDPR art. 15 and 17)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .. import clock, privacy
from ..store import get_store
from .common import fail

privacy_group = AppGroup("privacy", help="One person's data: export it, or forget them.")


@privacy_group.command("export")
@click.argument("email")
@click.option("--output", type=click.Path(path_type=Path), help="Write the JSON here instead of standard output.")
def privacy_export_command(email: str, output: Path | None) -> None:
    """Everything stored about the person with this e-mail address, as JSON."""
    app = current_app._get_current_object()
    try:
        document = privacy.export(app, get_store(), email, clock.now())
    except ValueError as exc:
        fail(str(exc))
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        output.chmod(0o600)
    found = len(document["programmes"]) + len(document["leader_of"]) + bool(document["admin_account"])
    if not found and not document["local_mailbox"]:
        click.echo(f"Nothing is stored about {email}.", err=True)


@privacy_group.command("forget")
@click.argument("email")
def privacy_forget_command(email: str) -> None:
    """Erase the person with this e-mail address from every programme: name and address replaced by
    their team's name, links ended, their deliveries attributed to the team."""
    app = current_app._get_current_object()
    try:
        done = privacy.forget(app, get_store(), email, "system", clock.now())
    except ValueError as exc:
        fail(str(exc))
    if done.programmes:
        click.echo(
            f"Forgot {email} in {len(done.programmes)} programme(s) ({', '.join(done.programmes)}): "
            f"{done.records} record(s) changed, {done.mailbox} message(s) removed from the local mailbox."
        )
    else:
        click.echo(f"{email} is not a member of any programme's team.")
    for folder in done.deleted_folders:
        click.echo(f"Removed the deleted programme kept in {folder}: it held the address.")
    for pid in done.leader_of:
        click.echo(f"Not changed: {email} is the leader of {pid}; give the programme another leader first.")
    if done.admin_account:
        click.echo(f"Not changed: {email} has an admin account (a project leader or an observer).")
