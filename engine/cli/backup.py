"""``flask backup PATH [--mailbox]`` and ``flask restore PATH [--force]``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import clock
from ..store import get_store
from ..store.backup import BackupError, backup_name, create_backup
from ..store.restore import restore_backup
from .common import fail, is_terminal


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--mailbox", is_flag=True, help="Include the local mailbox (left out by default).")
@with_appcontext
def backup_command(path: Path, mailbox: bool) -> None:
    """Write one consistent archive of the instance (data, secret key, configuration) to PATH.

    Safe while `flask serve` runs: saves are held back only while the files that changed during the
    backup are linked again (about a second for a national-size installation), then go on.
    PATH may be a folder (the archive is named by the time) or `-` for standard output.
    """
    app = current_app._get_current_object()
    instance = Path(app.instance_path).absolute()
    now = clock.now()
    if str(path) == "-":
        if is_terminal(sys.stdout):
            fail("the archive is binary: redirect standard output to a file, or name one")
        target = sys.stdout.buffer
    else:
        path = path.absolute()
        target = path / backup_name(now) if path.is_dir() else path
        if target.is_relative_to(instance):
            fail(f"keep backups outside the instance folder {instance} (every backup would hold the earlier ones)")
    try:
        made = create_backup(get_store(), instance, target, now, mailbox=mailbox)
    except (BackupError, OSError) as exc:
        fail(f"no backup was written: {exc}")
    where = "standard output" if str(path) == "-" else str(target)
    click.echo(
        f"Backup written to {where}: {len(made.files)} file(s), {made.size / 2**20:.1f} MiB of data "
        f"(saves waited {made.gate_seconds * 1000:.0f} ms, {made.seconds:.1f} s in all).",
        err=str(path) == "-",
    )


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace what the instance folder holds now.")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Bring a backup back into the (empty) instance folder, after checking every file's checksum.

    Stop `flask serve` first. With --force, whatever the instance folder holds is replaced.
    """
    instance = Path(current_app.instance_path)
    try:
        manifest = restore_backup(path, instance, force=force)
    except (BackupError, OSError) as exc:
        fail(f"nothing was restored: {exc}")
    click.echo(
        f"Restored {len(manifest['files'])} file(s) into {instance} from the backup of {manifest['created_at']} "
        f"(Verksted {manifest.get('verksted')}, data format {manifest.get('store_format')}). "
        "Start Verksted to use it; an older data format is brought up to date on start."
    )
