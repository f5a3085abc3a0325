"""``flask serve``: the production server (gunicorn, one worker process per core) with the scheduler."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..access.accounts import dummy_hash
from ..mail.scheduler import scheduler_elsewhere
from ..programmes import get_catalog
from .common import fail


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Server processes, each using a core (default: the number of cores).",
)
@click.option("--threads", default=16, show_default=True, type=click.IntRange(min=1), help="Threads per process.")
@with_appcontext
def serve_command(host: str, port: int, workers: int | None, threads: int) -> None:
    """Run the production server with the scheduler (in one of its processes), unless VERKSTED_SCHEDULER=off."""
    from .server import default_workers, serve  # gunicorn: imported by this command only

    app = current_app._get_current_object()
    catalog = get_catalog()
    if catalog.problems:
        for problem in catalog.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(catalog.problems)} problem(s) in the form templates or workflows; not starting.")
    workers = workers or default_workers()
    dummy_hash()  # made once here, before the workers are forked (see engine.access.accounts)
    if not app.config["SCHEDULER"]:
        scheduler_state = "off"
    elif scheduler_elsewhere(app):
        scheduler_state = "run by another process on this instance; web only until it stops"
    else:
        scheduler_state = f"on, every {int(app.config['SCHEDULER_INTERVAL'])} s, in one of the workers"
    processes = "1 worker" if workers == 1 else f"{workers} workers"
    click.echo(f"Verksted on http://{host}:{port}/ with {processes} × {threads} threads (scheduler: {scheduler_state})")
    serve(app, host, port, workers, threads)
